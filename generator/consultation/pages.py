"""Draft pages: each paragraph with its comment count, a link to comment, and the
comments under it. The builder is appended to the core's PAGE_BUILDERS.

The current version is ``spaces/<space>/drafts/<draft>/``; each earlier version
is ``.../drafts/<draft>/v<N>/`` and shows the comments made on it.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from urllib.parse import quote, urlencode

from generator.config import Settings
from generator.consultation.load import load_drafts
from generator.consultation.model import Comment, Draft, Version
from generator.consultation.review import Review, removed_paragraphs, review, visible
from generator.model import Space
from generator.model.problems import Problems
from generator.render import links
from generator.render.markdown import demote_headings
from generator.render.pages import PAGE_BUILDERS, Page, View

# Under MkDocs' logger so that `mkdocs build --strict` counts these warnings.
log = logging.getLogger("mkdocs.plugins.spaces.consultation")

COMMENT_FORM = "comment.yml"


def draft_url(space: Space, draft: Draft, version: Version | None = None) -> str:
    """Site-relative URL of a draft's page, or of one earlier version's page."""
    url = f"spaces/{space.slug}/drafts/{draft.slug}/"
    if version is not None and version is not draft.latest:
        url += f"v{version.number}/"
    return url


def routing_tag(space: Space, draft: Draft, anchor: str) -> str:
    """``space/draft/paragraph``: what the intake reads from a mail's subject."""
    return f"{space.slug}/{draft.slug}/{anchor}"


def comment_form_url(settings: Settings, space: Space, draft: Draft,
                     anchor: str) -> str:
    """The comment issue form with space, draft, version and paragraph filled in."""
    return links.issue_form_url(
        settings, space, None, template=COMMENT_FORM, draft=draft.slug,
        version=str(draft.latest.number), paragraph=anchor,
        title=f"[{routing_tag(space, draft, anchor)}] ")


def comment_mailto_url(settings: Settings, space: Space, draft: Draft,
                       anchor: str) -> str:
    """A mailto link whose subject carries the [space/draft/paragraph] tag."""
    subject = (f"[{routing_tag(space, draft, anchor)}] Comment on version "
               f"{draft.latest.number} of {draft.title}")
    return (f"mailto:{links.email_address(settings, space)}?"
            + urlencode({"subject": subject}, quote_via=quote))


def _report(problems: Problems) -> None:
    # The build survives a misfiled comment (it is listed apart on the page);
    # `spaces check` fails on it. Repeats collapse to one line with a count.
    counts = Counter(p.message for p in problems.items)
    for message, count in counts.items():
        first = next(p for p in problems.items if p.message == message)
        more = f" (and {count - 1} more like it)" if count > 1 else ""
        log.warning("%s%s", first, more)


def _context(view: View, space: Space, placed: Review) -> dict[str, object]:
    draft = placed.draft
    comments: list[Comment] = [c for p in placed.paragraphs for c in
                               (item.comment for item in p.comments)]
    comments += [item.comment for item in placed.removed + placed.unplaced]
    open_now = placed.is_latest and view.status(space) in ("open", "closing-soon")
    return {
        "space": space, "draft": draft, "version": placed.version, "review": placed,
        "removed": removed_paragraphs(placed),
        "block_html": {p.block.anchor: view.render(p.block.text)
                       for p in placed.paragraphs if p.block.kind != "heading"},
        "comment_html": {c.post.id: demote_headings(view.render(c.post.body))
                         for c in comments},
        "draft_url": draft_url(space, draft),
        "version_url": lambda number: draft_url(space, draft, draft.version(number)),
        "form_url": (lambda anchor: comment_form_url(view.settings, space, draft,
                                                     anchor)
                     if space.visibility == "public" else ""),
        "mail_url": lambda anchor: comment_mailto_url(view.settings, space, draft,
                                                      anchor),
        "can_comment": open_now,
    }


def draft_pages(view: View) -> Iterable[Page]:
    """The page of each draft's current version and of each earlier version."""
    _report(load_drafts(view.site))
    for space in view.spaces():
        for draft in space.drafts:

            def shown(comment: Comment) -> bool:
                return visible(comment) and view.published(comment.post.publish_at)

            for version in draft.versions:
                placed = review(draft, version.number, include=shown)
                path = draft_url(space, draft, version) + "index.md"
                title = draft.title
                if version is not draft.latest:
                    title += " " + view.t("draft_version_suffix", number=version.number)
                yield Page(path, title, "draft.html", _context(view, space, placed),
                           in_nav=False, description=space.objective)


PAGE_BUILDERS.append(draft_pages)
