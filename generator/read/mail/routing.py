"""Which space and question a message answers, and which post it replies to.

The site's mailto links write the route twice: in the address
(``hub+<space>.<question>@domain``) and as a subject tag (``[<space>/<question>]``).
A reply to an earlier emailed post carries that post's Message-ID in
In-Reply-To or References, and the post keeps it as its ``source``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message
from email.utils import getaddresses

from generator.model import Site
from generator.read.mail.decode import decode_words

ADDRESS_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc")
SUBJECT_TAG = re.compile(r"\[([a-z0-9][a-z0-9-]*)(?:/([a-z0-9][a-z0-9-]*))?\]",
                         re.IGNORECASE)


class Unrouted(Exception):
    """The message names no space and question we know; ``reason`` says what."""

    def __init__(self, reason: str, label: str = "unrouted"):
        self.reason = reason
        self.label = label
        super().__init__(reason)


@dataclass(frozen=True)
class Route:
    """Where a message goes: space, question, the post it answers, and why."""

    space: str
    question: str
    in_reply_to: str = ""
    by: str = ""


def parse_route(text: str) -> tuple[str, str]:
    """``space/question`` (or ``space.question``) as given on the command line."""
    space, sep, question = text.replace(".", "/", 1).partition("/")
    if not space.strip():
        raise ValueError(f"route {text!r} should read <space>/<question>")
    return space.strip(), question.strip()


def route_message(message: Message, site: Site, intake_address: str,
                  references: list[str], forced: str = "") -> Route:
    """The route of ``message``: forced, a reply, the address, then the subject.

    Raises Unrouted naming what was looked at when nothing matches.
    """
    parent = _replied_post(site, references)
    route: Route | None
    if forced:
        space, question = parse_route(forced)
        route = _complete(site, space, question, "--route")
    elif parent is not None:
        route = Route(parent[0], parent[1], by="In-Reply-To/References")
    else:
        route = _by_address(message, site, intake_address) or _by_subject(
            message, site)
        if route is None:
            local = intake_address.partition("@")[0]
            raise Unrouted(
                f"no space found: not addressed to {local}+<space>.<question>@..., "
                "no [<space>/<question>] tag in the subject, and not a reply to "
                "an emailed post")
    if parent is not None and (parent[0], parent[1]) == (route.space,
                                                         route.question):
        return Route(route.space, route.question, parent[2], route.by)
    return route


def _replied_post(site: Site, references: list[str]) -> tuple[str, str, str] | None:
    """The newest referenced Message-ID that is the source of one of our posts.

    Only posts in the working tree count (published, or taken in earlier in
    this run). TODO: a reply to a post still waiting on its forge branch is
    routed by address or subject instead, without in_reply_to, because
    make_submission accepts replies only to posts it can see; it waits for the
    moderation queue to say how a reply to an unmerged post should be held.
    """
    wanted = {ref.strip().lower(): order for order, ref in enumerate(references)}
    best: tuple[int, tuple[str, str, str]] | None = None
    for post in site.posts():
        order = wanted.get(post.source.strip().lower())
        if order is not None and (best is None or order > best[0]):
            best = (order, (post.space, post.question, post.id))
    return best[1] if best else None


def _by_address(message: Message, site: Site, intake_address: str) -> Route | None:
    local, _, domain = intake_address.lower().partition("@")
    values = [decode_words(str(v)) for h in ADDRESS_HEADERS
              for v in message.get_all(h) or []]
    for _, address in getaddresses(values):
        box, _, host = address.lower().partition("@")
        base, plus, tag = box.partition("+")
        if not plus or base != local or (domain and host != domain):
            continue
        space, _, question = tag.partition(".")
        return _complete(site, space, question, f"address +{tag}")
    return None


def _by_subject(message: Message, site: Site) -> Route | None:
    subject = decode_words(str(message.get("Subject") or ""))
    for match in SUBJECT_TAG.finditer(subject):
        space = match.group(1).lower()
        if site.space(space) is not None:
            return _complete(site, space, (match.group(2) or "").lower(),
                             f"subject tag {match.group(0)}")
    return None


def _complete(site: Site, space_slug: str, question_slug: str, by: str) -> Route:
    """Check the space and question exist; a space with one question needs none."""
    space = site.space(space_slug)
    if space is None:
        known = ", ".join(s.slug for s in site.spaces) or "none"
        raise Unrouted(f"{by} names unknown space {space_slug!r}; known spaces: "
                       f"{known}", "unknown-space")
    if not question_slug and len(space.questions) == 1:
        question_slug = space.questions[0].slug
    if space.question(question_slug) is None:
        known = ", ".join(q.slug for q in space.questions) or "none"
        what = f"question {question_slug!r}" if question_slug else "no question"
        raise Unrouted(f"{by} gives {what} in space '{space.slug}'; its questions: "
                       f"{known}", "unknown-question")
    return Route(space.slug, question_slug, by=by)
