"""Space and question pages in each language a space lists: /fr/spaces/...

The unprefixed pages speak the site's default language; a space whose languages
include French also gets its pages under fr/, with French interface text, the
French versions of its questions and posts, and the original (with a note) where
no translation exists yet. The pages are built by the same core builders, from a
view that speaks the other language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.model import Question, Space
from generator.render import pages
from generator.render.i18n import Translator
from generator.render.pages import TEMPLATE_GLOBALS, Page, View
from generator.render.translations import (
    language_links,
    localised_question,
    localised_space,
    page_languages,
)


class LanguageView(View):
    """A view of the same site and audience whose pages speak another language."""

    def __init__(self, base: View, language: str):  # noqa: D107 - copies base
        self.__dict__.update(base.__dict__)
        self.base = base
        self.language = language
        self.t = Translator(language)
        # Its threads speak its language: not the base view's.
        self.thread_memo = {}

    def in_language(self, language: str) -> View:
        return self.base.in_language(language)

    def spaces(self) -> list[Space]:
        # Copied afresh on each call: features may still be filling in the base
        # spaces (consultation drafts) when the first language page is built.
        return [localised_space(space, self.language) for space in self.base.spaces()
                if self.language in page_languages(space, self.settings)]

    def questions(self, space: Space) -> list[Question]:
        return [localised_question(question, self.language)
                for question in self.base.questions(space)]

    def url(self, space: Space, question: Question | None = None) -> str:
        return f"{self.language}/" + self.base.url(space, question)


def language_pages(view: View) -> Iterable[Page]:
    """Every space and question page again in each further language of its space."""
    languages = sorted({language for space in view.spaces()
                        for language in page_languages(space, view.settings)
                        if language != view.language})
    for language in languages:
        for page in pages.space_pages(view.in_language(language)):
            page.path = f"{language}/{page.path}"
            page.language = language
            page.in_nav = False
            # The default-language page already shows every version of each
            # post, so search finds them there; indexing the copies would double
            # the index every reader downloads and list each result twice.
            page.searchable = False
            yield page


def _template_functions(view: View) -> dict[str, Any]:
    """The language switch of space and question pages (_languages.html)."""
    return {"language_links": language_links}


pages.PAGE_BUILDERS.append(language_pages)
TEMPLATE_GLOBALS.append(_template_functions)
