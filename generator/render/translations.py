"""Posts and questions in the language of the page that shows them.

A post may have siblings in other languages (`<id>.fr.md`); the loader hangs them
on Post.translations. A page in language L shows each post in L when it can, and
otherwise the original with a note, so a reader never meets an empty thread while
the moderators are still translating. The other versions stay one click away.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.config import Settings
from generator.model import Post, Question, Site, Space
from generator.model.problems import Problems
from generator.model.source import SourceError, read_yaml
from generator.render.i18n import DEFAULT_LANGUAGE, Translator, catalogue
from generator.render.markdown import demote_headings

if TYPE_CHECKING:
    from generator.render.pages import ThreadPost, View

POLICIES = ("none", "optional", "required")
ROOT_LINK = re.compile(r'(\bhref=")/(?!/)')


@dataclass
class Version:
    """Another language version of a post, drawn under it for readers of L."""

    language: str
    label: str
    html: str
    original: bool


def default_language(settings: Settings) -> str:
    """The language of unprefixed pages: the first site language we can speak."""
    for language in settings.languages:
        if language in catalogue():
            return language
    return DEFAULT_LANGUAGE


def page_languages(space: Space, settings: Settings) -> list[str]:
    """Languages a space's pages are built in: the site's default first, then
    every language of the space that the interface text exists for."""
    first = default_language(settings)
    others = [lang for lang in space.languages if lang != first
              and lang in settings.languages and lang in catalogue()]
    return [first, *others]


def language_name(t: Translator, language: str) -> str:
    """A language's name in the reader's language: 'French', 'français'."""
    names = t.raw("language_names") or {}
    return str(names.get(language, language))


def autonym(language: str) -> str:
    """A language's name in itself, for switches: 'English', 'Français'."""
    return language_name(Translator(language), language).capitalize() \
        if language in catalogue() else language


def localise(view: View, node: ThreadPost, space: Space) -> None:
    """Fill the node's HTML, language, note and other versions for view.language."""
    post, language, t = node.post, view.language, view.t
    shown: Post = post
    if post.language != language and language in post.translations:
        shown = post.translations[language]
        node.note = t("translated_from", language=language_name(t, post.language))
    elif post.language != language and language in space.languages:
        node.note = t("not_translated", language=language_name(t, post.language))
    node.language = shown.language
    node.html = demote_headings(view.render(shown.body))

    everything = [post, *post.translations.values()]
    node.versions = [
        Version(version.language, autonym(version.language),
                demote_headings(view.render(version.body)), version is post)
        for version in everything if version is not shown
    ]


def localised_question(question: Question, language: str) -> Question:
    """The question with its title and text in ``language`` when translated."""
    translation = question.translations.get(language)
    if translation is None:
        return question
    copy = Question(**{**question.__dict__})
    copy.title, copy.body = translation.title, translation.body
    return copy


def localised_space(space: Space, language: str) -> Space:
    """The space with its title, objective, introduction, summary... in
    ``language`` where space.yml, index.<lang>.md or the summary sibling has them."""
    fields = space.translations.get(language)
    if not fields:
        return space
    return dataclasses.replace(space, **fields)  # type: ignore[arg-type]


def site_links(html: str, base: str) -> Markup:
    """Make site-root links (href="/spaces/...") relative to the page at ``base``.

    Summaries link to threads from the site root because the same text appears
    on the space page and on the knowledge-base page, at different depths, and
    the site may be served under a sub-path (GitHub Pages project sites).
    """
    return Markup(ROOT_LINK.sub(lambda m: m.group(1) + base, str(html)))


def key_line(path: Path, *key: object) -> int:
    """The line of ``key`` in a YAML file, for messages; 0 when unknown."""
    try:
        return read_yaml(path).lines.get(tuple(key), 0)
    except (OSError, SourceError, UnicodeDecodeError):
        return 0


def check_translations(site: Site, problems: Problems, settings: Settings,
                       root: Path) -> None:
    """Warn about every translation a space's policy requires and that is missing.

    Registered in `spaces check`; missing translations are warnings, not errors,
    because the original is shown with a note until the moderators catch up.
    """
    for space in site.spaces:
        space_yml = space.path / "space.yml"
        if space.translation_policy not in POLICIES:
            problems.warning(space_yml, key_line(space_yml, "translation_policy"),
                             f"translation_policy "
                             f"{space.translation_policy!r} is not one of "
                             + ", ".join(POLICIES))
        for index, language in enumerate(space.languages):
            if language not in catalogue():
                problems.warning(space_yml, key_line(space_yml, "languages", index),
                                 f"language {language!r} has no "
                                 "interface text; its pages are not built")
        if space.translation_policy != "required":
            continue
        for question in space.questions:
            have = {space.languages[0], *question.translations}
            _warn_missing(problems, question.path, space, have, "question")
            for post in question.posts:
                if post.hidden:
                    continue
                have = {post.language, *post.translations}
                _warn_missing(problems, post.path, space, have, "post")


def _warn_missing(problems: Problems, path: Path, space: Space, have: set[str],
                  kind: str) -> None:
    english = Translator("en")
    for language in space.languages:
        if language in have:
            continue
        sibling = path.with_name(f"{path.stem}.{language}.md").name
        problems.warning(path, 0, f"{kind} has no {language_name(english, language)} "
                         f"({language}) translation, which translation_policy: "
                         f"required in spaces/{space.slug}/space.yml asks for; "
                         f"add {sibling}")


@dataclass
class LanguageLink:
    """One entry of a page's language switch."""

    language: str
    label: str
    url: str
    current: bool


def language_links(view: View, space: Space, question: Question | None = None,
                   page_number: int = 1) -> list[LanguageLink]:
    """The same space or question page in each language the space is built in."""
    suffix = f"page-{page_number}/" if page_number > 1 else ""
    links = []
    for language in page_languages(space, view.settings):
        url = view.in_language(language).url(space, question) + suffix
        links.append(LanguageLink(language, autonym(language), url,
                                  language == view.language))
    return links


HTML_LANG = re.compile(r'<html lang="[^"]*"')


def set_html_lang(html: str, language: str) -> str:
    """Set the lang attribute of a finished page, which mkdocs-material takes from
    the site-wide theme.language; screen readers pick their voice from it."""
    return HTML_LANG.sub(f'<html lang="{language}"', html, count=1)
