"""Search entries of question pages: one per post, made from the posts themselves.

mkdocs-material's search splits a page at its headings. A question page has
none between posts, so all of a page's posts became one entry titled "100
posts · 54 threads" that a result could only link to as a whole, and every
further page repeated the question's header. Parsing that HTML in Python was
also most of a rebuild after one new post.

Question pages are therefore kept out of Material's parser (``search:
exclude`` in their front matter) and given these entries instead: the question
on its first page, then each visible post linked to its own anchor, its text
in the language the page shows it in, then its other versions. The entries go into Material's index
list, which has no interface for it; outputcache.py does the same.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from generator.moderation.hidden import anchor
from generator.render.pages import Page, ThreadPost

# Inline tags join the words around them ("un<em>fair</em>ness"); others part them.
INLINE = re.compile(r"</?(?:a|abbr|b|code|del|em|i|ins|kbd|mark|q|small|span|strong|"
                    r"sub|sup)\b[^>]*>", re.I)
TAG = re.compile(r"<[^>]*>")
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|pre|tr)>|<br\s*/?>", re.I)
SPACE = re.compile(r"\s+")


def plain_text(fragment: str) -> str:
    """The words of an HTML fragment, one paragraph per <p> and escaped again."""
    paragraphs = []
    for block in BLOCK_END.split(fragment):
        words = SPACE.sub(" ", html.unescape(TAG.sub(" ", INLINE.sub("", block)))).strip()
        if words:
            paragraphs.append(f"<p>{html.escape(words, quote=False)}</p>")
    return "".join(paragraphs)


def _nodes(nodes: Iterable[ThreadPost]) -> Iterable[ThreadPost]:
    for node in nodes:
        yield node
        yield from _nodes(node.replies)


def question_entries(page: Page, url: str) -> list[dict[str, Any]]:
    """Entries for one page of a question: the question, then its posts."""
    context = page.context
    question = context["question"]
    number = context.get("page_number", 1)
    title = question.title if number == 1 else f"{question.title} ({number})"
    # Material adds titles to the results as HTML: escape them, as the pages do.
    entries = [{"location": url, "title": html.escape(title, quote=False),
                "text": plain_text(context["question_html"]) if number == 1 else ""}]
    for thread in context["threads"]:
        for node in _nodes([thread.root]):
            post = node.post
            if post.hidden:
                continue
            who = f"{post.author}, {post.affiliation}" if post.affiliation else post.author
            # The title is what the page shows (a post's own `title` is not
            # drawn), so that a kept page's entries never outlive its HTML.
            entries.append({"location": f"{url}#{anchor(post)}",
                            "title": html.escape(who, quote=False),
                            "text": "".join(plain_text(part) for part in
                                            [node.html, *(v.html for v in node.versions)])})
    return entries


def search_entries(config: Any) -> list[dict[str, Any]] | None:
    """The list mkdocs-material's search plugin builds its index from, if any."""
    for name in ("material/search", "search"):
        if name in config.plugins:
            entries = getattr(getattr(config.plugins[name], "search_index", None),
                              "entries", None)
            return entries if isinstance(entries, list) else None
    return None
