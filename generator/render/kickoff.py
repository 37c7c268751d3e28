"""The kick-off video, embedded only when the reader asks for it.

A page must not load a video host's scripts or cookies on its own: the space
page shows a placeholder and a plain link; kickoff.js swaps in the player's
iframe after a click. Only hosts with a known embed address get a player.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def video_host(url: str) -> str:
    """The host a reader's browser would contact: 'www.youtube-nocookie.com'."""
    return urlsplit(url).hostname or ""


def embed_url(url: str) -> str:
    """The player address for ``url``, or '' when it is not a known video host.

    YouTube links become youtube-nocookie embeds; Vimeo links player.vimeo.com.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    if parts.scheme != "https":
        return ""
    video = ""
    if host in ("youtube.com", "youtube-nocookie.com"):
        if parts.path.startswith("/embed/"):
            video = parts.path.split("/")[2]
        elif parts.path == "/watch":
            video = (parse_qs(parts.query).get("v") or [""])[0]
    elif host == "youtu.be":
        video = parts.path.strip("/")
    elif host in ("vimeo.com", "player.vimeo.com"):
        number = parts.path.rstrip("/").rsplit("/", 1)[-1]
        return f"https://player.vimeo.com/video/{number}" if number.isdigit() else ""
    if _YOUTUBE_ID.match(video):
        return f"https://www.youtube-nocookie.com/embed/{video}"
    return ""
