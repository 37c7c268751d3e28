"""Stable, safe identifiers for posts, spaces and people."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from unidecode import unidecode

SAFE_ID = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$")
POST_ID = re.compile(r"^\d{8}T\d{6}Z-[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
# An email address anywhere in a text; published fields must never carry one.
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")


def slugify(text: str, limit: int = 40) -> str:
    """ASCII slug of ``text``; a name with no Latin reading gets a hash slug."""
    ascii_text = unidecode(text or "").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:limit].strip("-")
    if slug:
        return slug
    digest = hashlib.sha1((text or "").encode("utf-8")).hexdigest()[:10]
    return f"anon-{digest}"


def post_id(posted: dt.datetime, author: str) -> str:
    """``<posted as YYYYMMDDTHHMMSSZ>-<author slug>``, the post's permanent id."""
    stamp = posted.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{slugify(author)}"


def is_safe_id(text: str) -> bool:
    """True for ids made of ASCII letters, digits and inner hyphens."""
    return bool(SAFE_ID.match(text))


def split_language(stem: str) -> tuple[str, str | None]:
    """Split ``<id>.fr`` into the id and its language; plain ids have none."""
    base, dot, lang = stem.rpartition(".")
    if dot and LANGUAGE.match(lang):
        return base, lang
    return stem, None
