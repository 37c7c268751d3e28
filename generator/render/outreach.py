"""The outreach kit of a space: a page organisers copy from to bring people in.

It carries the call to action, a text to share in each language of the space,
response-form links already set to each question, and the email address.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.model import Space
from generator.render import links
from generator.render.addresses import outreach_path
from generator.render.i18n import Translator
from generator.render.pages import Page, View


@dataclass
class ShareText:
    """The invitation in one language of the space."""

    language: str
    name: str
    text: str


def space_address(view: View, space: Space) -> str:
    """The space page's full address, or its path when site_url is not set."""
    path = view.url(space)
    base = view.settings.site_url
    return base.rstrip("/") + "/" + path if base else "/" + path


def share_texts(view: View, space: Space) -> list[ShareText]:
    """The invitation in each language of the space, dates in that language."""
    texts = []
    for language in space.languages:
        t = Translator(language)
        opens = t.date(space.opens.astimezone(space.timezone), with_time=False)
        closes = t.date(space.closes.astimezone(space.timezone), with_time=False)
        name = str(view.t.raw(f"language_{language}") or language)
        texts.append(ShareText(language, name,
                               t("share_text", title=space.title, opens=opens,
                                 closes=closes, url=space_address(view, space))))
    return texts


def outreach_pages(view: View) -> Iterable[Page]:
    """One outreach page per space this audience sees."""
    for space in view.spaces():
        questions = view.questions(space)
        form_links = []
        if space.visibility == "public":
            form_links = [(q, links.issue_form_url(view.settings, space, q))
                          for q in questions]
            form_links = [(q, url) for q, url in form_links if url]
        yield Page(outreach_path(space), view.t("outreach_title", title=space.title),
                   "outreach.html", {
                       "space": space, "questions": questions,
                       "share_texts": share_texts(view, space),
                       "form_links": form_links,
                       "mailto": links.mailto_url(view.settings, space),
                       "email": links.email_address(view.settings, space),
                   }, in_nav=False, description=space.call_to_action)
