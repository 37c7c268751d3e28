"""Load and validate all content under a repository root, once per build."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from generator.config import Settings
from generator.model import (
    EVENT_PHASES,
    VISIBILITIES,
    Event,
    Kickoff,
    Person,
    Post,
    Question,
    Resource,
    Site,
    Space,
)
from generator.model.fields import FieldReader
from generator.model.ids import EMAIL_ADDRESS, LANGUAGE, POST_ID, is_safe_id, split_language
from generator.model.problems import ContentError, Problems
from generator.model.snapshots import SpaceSnapshots
from generator.model.source import SourceError, read_front_matter, read_yaml
from generator.model.space_translations import load_space_translations
from generator.model.timeparse import TimeError, zone

log = logging.getLogger(__name__)

LINK_SCHEMES = {"http", "https", "mailto"}

# Folders inside a space that hold something other than questions.
NON_QUESTION_DIRS = {"resources", "drafts", "assets"}
UTC = dt.timezone.utc


def load_site(root: Path, settings: Settings | None = None,
              strict: bool = True,
              snapshots: SpaceSnapshots | None = None) -> tuple[Site, Problems]:
    """Read every space, question, post and profile under ``root``.

    Returns the site and the problems found. With ``strict`` a load that found
    errors raises ContentError listing all of them at once. With ``snapshots``
    a space none of whose inputs changed since a build kept it is not read again.
    """
    settings = settings or Settings()
    problems = Problems(root)
    _check_settings(root, settings, problems)
    site = Site(root=root)
    site.people = _load_people(root / "people", problems)
    spaces_dir = root / "spaces"
    space_dirs = sorted(p for p in spaces_dir.glob("*") if p.is_dir())
    for space_dir in space_dirs:
        space = _load_or_reuse(space_dir, site, settings, problems, snapshots)
        if space is not None:
            site.spaces.append(space)
    if snapshots is not None:
        snapshots.prune({p.name for p in space_dirs})
    _check_post_ids(site, problems)
    if strict and problems.errors:
        raise ContentError(problems.errors)
    return site, problems


def _check_settings(root: Path, settings: Settings, problems: Problems) -> None:
    """The spaces plugin's options in mkdocs.yml that every page depends on."""
    try:
        settings.closing_soon_delta
    except TimeError as exc:
        config = root / "mkdocs.yml"
        line = next((number for number, text in enumerate(
            config.read_text("utf-8", errors="replace").splitlines(), 1)
            if text.strip().startswith("closing_soon:")), 0) if config.exists() else 0
        problems.error(config, line, f"plugins → spaces → closing_soon: {exc}")


def _load_or_reuse(space_dir: Path, site: Site, settings: Settings,
                   problems: Problems,
                   snapshots: SpaceSnapshots | None) -> Space | None:
    if snapshots is None:
        return _load_space(space_dir, site, settings, problems)
    key, parts = snapshots.key(space_dir)
    kept = snapshots.get(space_dir, key)
    if kept is not None:
        space, found = kept
    else:
        own = Problems(site.root)
        space = _load_space(space_dir, site, settings, own)
        found = own.items
        if space is not None:
            space.source = key
            for question in space.questions:
                question.source = parts.get(question.slug, "")
        snapshots.put(space_dir, key, space, found)
    problems.items.extend(found)
    return space


def _read(path: Path, problems: Problems, front_matter: bool) -> FieldReader | None:
    try:
        located = read_front_matter(path) if front_matter else read_yaml(path)
    except SourceError as exc:
        problems.error(path, exc.line, str(exc))
        return None
    except UnicodeDecodeError as exc:
        problems.error(path, 0, f"not UTF-8 text: {exc}")
        return None
    return FieldReader(located, path, problems)


def _load_people(folder: Path, problems: Problems) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for path in sorted(folder.glob("*.yml")):
        handle = path.stem
        if not is_safe_id(handle):
            problems.error(path, 0, f"profile file name {handle!r} is not a safe "
                           "handle (ASCII letters, digits and hyphens)")
        reader = _read(path, problems, front_matter=False)
        if reader is None:
            continue
        people[handle] = Person(
            handle=handle,
            name=reader.text("name", required=True),
            title=reader.text("title"),
            organisation=reader.text("organisation"),
            country=reader.text("country"),
            bio=reader.text("bio"),
            photo=reader.text("photo"),
            links=reader.raw("links") or [],
            path=path,
        )
    return people


def _check_handle(reader: FieldReader, key: Any, handle: str, site: Site,
                  role: str) -> None:
    if handle and handle not in site.people:
        reader.error(key, f"{role} '{handle}' has no profile people/{handle}.yml")


def _load_space(folder: Path, site: Site, settings: Settings,
                problems: Problems) -> Space | None:
    path = folder / "space.yml"
    if not path.exists():
        problems.error(folder, 0, "space folder has no space.yml")
        return None
    if not is_safe_id(folder.name):
        problems.error(path, 0, f"space folder name {folder.name!r} is not a safe id")
    reader = _read(path, problems, front_matter=False)
    if reader is None:
        return None

    title = reader.text("title", required=True)
    theme = reader.text("theme", required=True)
    if theme and theme not in settings.themes:
        reader.error("theme", f"unknown theme {theme!r}; the themes are: "
                     + ", ".join(settings.themes))
    tz: ZoneInfo = ZoneInfo("UTC")
    tz_name = reader.text("timezone", required=True)
    if tz_name:
        try:
            tz = zone(tz_name)
        except TimeError as exc:
            reader.error("timezone", str(exc))

    opens = closes = None
    for key in ("opens", "closes"):
        if not reader.has(key):
            reader.error(key, f"missing required field '{key}'")
    if reader.has("opens"):
        opens = reader.instant("opens", reader.raw("opens"), tz)
    if reader.has("closes"):
        closes = reader.instant("closes", reader.raw("closes"), tz, end_of_day=True)
    if opens and closes and closes <= opens:
        reader.error("closes", f"closes ({closes.isoformat()}) is not after opens "
                     f"({opens.isoformat()})")
    opens = opens or dt.datetime(1970, 1, 1, tzinfo=UTC)
    closes = closes or opens

    visibility = reader.text("visibility", default="public")
    if visibility not in VISIBILITIES:
        reader.error("visibility", f"visibility must be one of {', '.join(VISIBILITIES)}")
        visibility = "private"
    languages = reader.text_list("languages") or ["en"]
    for index, lang in enumerate(languages):
        if not LANGUAGE.match(lang):
            reader.error(("languages", index), f"{lang!r} is not a language code "
                         "such as 'en' or 'fr'")

    lead = reader.text("lead_moderator", required=True)
    _check_handle(reader, "lead_moderator", lead, site, "lead moderator")
    moderators = reader.text_list("moderators")
    for index, handle in enumerate(moderators):
        _check_handle(reader, ("moderators", index), handle, site, "moderator")

    space = Space(
        slug=folder.name,
        title=title,
        theme=theme,
        objective=reader.text("objective", required=True),
        timezone=tz,
        opens=opens,
        closes=closes,
        path=folder,
        takeaways=reader.text_list("takeaways"),
        deliverables=reader.text_list("deliverables"),
        audience=reader.text("audience"),
        key_responders=reader.text_list("key_responders"),
        visibility=visibility,
        languages=languages,
        translation_policy=reader.text("translation_policy", default="none"),
        lead_moderator=lead,
        moderators=moderators,
        call_to_action=reader.text("call_to_action"),
        allow_late=reader.boolean("allow_late"),
        permalink=reader.text("permalink") or folder.name,
    )
    space.events = _load_events(reader, space)
    space.kickoff = _load_kickoff(reader, site)
    space.resources = _load_resources(reader)
    for index, handle in enumerate(space.key_responders):
        _check_handle(reader, ("key_responders", index), handle, site, "key responder")

    intro = folder / "index.md"
    if intro.exists():
        intro_reader = _read(intro, problems, front_matter=True)
        space.introduction = intro_reader.located.body if intro_reader else ""
    # By folder name, or by permalink so a renamed space keeps its summary.
    summary = site.root / "summaries" / f"{folder.name}.md"
    if not summary.exists():
        summary = site.root / "summaries" / f"{space.permalink}.md"
    if summary.exists():
        summary_reader = _read(summary, problems, front_matter=True)
        space.summary = summary_reader.located.body if summary_reader else ""

    load_space_translations(reader, space, site.root)

    for question_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        if question_dir.name in NON_QUESTION_DIRS or question_dir.name.startswith("."):
            continue
        question = _load_question(question_dir, space, site, problems)
        if question is not None:
            space.questions.append(question)
    space.questions.sort(key=lambda q: (q.order, q.slug))
    _check_replies(space, problems)
    return space


def _load_events(reader: FieldReader, space: Space) -> list[Event]:
    events = []
    for index, item in enumerate(reader.raw("events") or []):
        key = ("events", index)
        if not isinstance(item, dict):
            reader.error(key, "each event needs title, kind, start and end")
            continue
        title = item.get("title")
        if not isinstance(title, str) or not title.strip():
            reader.error(key + ("title",), "event title must be text; quote it")
            title = str(title or "")
        start = reader.instant(key + ("start",), item.get("start"), space.timezone)
        end = None
        if item.get("end") is not None:
            end = reader.instant(key + ("end",), item.get("end"), space.timezone)
        if start is None:
            continue
        if end and end < start:
            reader.error(key + ("end",), "event ends before it starts")
        phase = item.get("phase") or _phase(start, space)
        if phase not in EVENT_PHASES:
            reader.error(key + ("phase",), f"phase must be one of {', '.join(EVENT_PHASES)}")
            phase = _phase(start, space)
        events.append(Event(title=title, kind=str(item.get("kind") or "webinar"),
                            start=start, end=end,
                            link=_link(reader, key + ("link",), item.get("link")),
                            phase=phase, description=str(item.get("description") or "")))
    events.sort(key=lambda e: e.start)
    return events


def _phase(start: dt.datetime, space: Space) -> str:
    if start < space.opens:
        return "before"
    return "during" if start < space.closes else "after"


def _load_kickoff(reader: FieldReader, site: Site) -> Kickoff:
    raw = reader.raw("kickoff") or {}
    if not isinstance(raw, dict):
        reader.error("kickoff", "kickoff should hold video, introduction, panelists")
        return Kickoff()
    panelists = [str(p) for p in raw.get("panelists") or []]
    for index, handle in enumerate(panelists):
        _check_handle(reader, ("kickoff", "panelists", index), handle, site, "panelist")
    return Kickoff(video=_link(reader, ("kickoff", "video"), raw.get("video")),
                   introduction=str(raw.get("introduction") or ""),
                   panelists=panelists)


def _link(reader: FieldReader, key: tuple[Any, ...], value: Any) -> str:
    """A link for an href: only http(s) and mailto; anything else is reported."""
    link = str(value or "").strip()
    if link and urlsplit(link).scheme.lower() not in LINK_SCHEMES:
        reader.error(key, f"link {link!r} must start with https://, http:// or mailto:")
        return ""
    return link


def _no_address(reader: FieldReader, key: str) -> str:
    """A published text field that must not carry an email address."""
    value = reader.text(key)
    if EMAIL_ADDRESS.search(value):
        reader.error(key, f"'{key}' contains an email address; posts never publish "
                     "addresses")
    return value


def _load_resources(reader: FieldReader) -> list[Resource]:
    resources = []
    for index, item in enumerate(reader.raw("resources") or []):
        if not isinstance(item, dict) or not item.get("title"):
            reader.error(("resources", index), "each resource needs a title and link")
            continue
        link = _link(reader, ("resources", index, "link"), item.get("link"))
        resources.append(Resource(title=str(item["title"]), link=link))
    return resources


def _load_question(folder: Path, space: Space, site: Site,
                   problems: Problems) -> Question | None:
    path = folder / "question.md"
    if not path.exists():
        problems.error(folder, 0, "question folder has no question.md")
        return None
    if not is_safe_id(folder.name):
        problems.error(path, 0, f"question folder name {folder.name!r} is not a safe id")
    reader = _read(path, problems, front_matter=True)
    if reader is None:
        return None
    moderators = reader.text_list("moderators")
    for index, handle in enumerate(moderators):
        _check_handle(reader, ("moderators", index), handle, site, "question moderator")
    publish_at = None
    if reader.has("publish_at"):
        publish_at = reader.instant("publish_at", reader.raw("publish_at"), space.timezone)
    visibility = reader.text("visibility") or None
    if visibility and visibility not in VISIBILITIES:
        reader.error("visibility", f"visibility must be one of {', '.join(VISIBILITIES)}")
        visibility = "private"
    question = Question(
        slug=folder.name, space=space.slug, title=reader.text("title", required=True),
        body=reader.located.body, path=path, order=reader.integer("order"),
        moderators=moderators, publish_at=publish_at, visibility=visibility,
    )
    _load_question_translations(folder, question, problems)
    posts: dict[str, Post] = {}
    translations: list[tuple[Path, str, str]] = []
    for post_path in sorted(folder.glob("*.md")):
        if post_path.name == "question.md" or post_path.name.startswith("question."):
            continue
        base, lang = split_language(post_path.stem)
        if lang:
            translations.append((post_path, base, lang))
            continue
        post = _load_post(post_path, space, question, problems)
        if post is not None:
            posts[post.id] = post
    for post_path, base, lang in translations:
        original = posts.get(base)
        if original is None:
            problems.error(post_path, 0, f"translation of unknown post {base!r}")
            continue
        translated = _load_post(post_path, space, question, problems, translation=True)
        if translated is not None:
            translated.language = lang
            original.translations[lang] = translated
    question.posts = sorted(posts.values(), key=lambda p: (p.posted, p.id))
    return question


def _load_question_translations(folder: Path, question: Question,
                                problems: Problems) -> None:
    for path in sorted(folder.glob("question.*.md")):
        _, lang = split_language(path.stem)
        reader = _read(path, problems, front_matter=True)
        if lang and reader is not None:
            question.translations[lang] = Question(
                slug=question.slug, space=question.space,
                title=reader.text("title") or question.title,
                body=reader.located.body, path=path)


def _load_post(path: Path, space: Space, question: Question, problems: Problems,
               translation: bool = False) -> Post | None:
    stem = split_language(path.stem)[0]
    if not is_safe_id(stem):
        problems.error(path, 0, f"post file name {path.name!r} is not a safe id: use "
                       "ASCII letters, digits and hyphens, as in "
                       "20270301T090000Z-amina-diallo.md")
        return None
    reader = _read(path, problems, front_matter=True)
    if reader is None:
        return None
    if not translation and not POST_ID.match(stem):
        reader.warning("posted", f"post id {stem!r} does not follow "
                       "<YYYYMMDDTHHMMSSZ>-<author>; it still works")
    author = reader.text("author", required=not translation)
    if EMAIL_ADDRESS.search(author):
        reader.error("author", "author must be a display name, never an email address")
    posted = None
    if reader.has("posted"):
        posted = reader.instant("posted", reader.raw("posted"), space.timezone)
    elif not translation:
        reader.error("posted", "missing required field 'posted'")
    publish_at = None
    if reader.has("publish_at"):
        publish_at = reader.instant("publish_at", reader.raw("publish_at"), space.timezone)
    in_reply_to = reader.text("in_reply_to") or None
    language = reader.text("language", default="en")
    post = Post(
        id=stem, space=space.slug, question=question.slug, author=author,
        affiliation=_no_address(reader, "affiliation"),
        posted=posted or dt.datetime(1970, 1, 1, tzinfo=UTC),
        body=reader.located.body, path=path, in_reply_to=in_reply_to,
        source=str(reader.raw("source") or ""), language=language,
        moderator=reader.boolean("moderator"), handle=reader.text("handle"),
        country=reader.text("country"), title=reader.text("title"),
        hidden=_hidden(reader), publish_at=publish_at,
        late=reader.boolean("late"),
    )
    post.extra = {"reader": reader}
    return post


def _hidden(reader: FieldReader) -> str:
    """`hidden: reason` hides a post; `hidden: true` too, with a general reason.

    Moderators write `true`/`false` as often as a reason, and a quoted "false"
    must not hide a post, so yes/no values are read for what they mean.
    """
    value = reader.raw("hidden")
    if value is None or value is False:
        return ""
    if value is True:
        return "removed by the moderators"
    text = str(value).strip()
    return "" if text.lower() in ("false", "no", "") else text


def _check_replies(space: Space, problems: Problems) -> None:
    """in_reply_to must name a post of the same question."""
    for question in space.questions:
        ids = {post.id for post in question.posts}
        for post in question.posts:
            for translation in post.translations.values():
                translation.extra.pop("reader", None)
            reader = post.extra.pop("reader", None)
            if post.in_reply_to and post.in_reply_to not in ids:
                line = reader.line("in_reply_to") if reader else 0
                problems.error(post.path, line, f"in_reply_to {post.in_reply_to!r} "
                               f"is not a post of question '{question.slug}'")


def _check_post_ids(site: Site, problems: Problems) -> None:
    seen: dict[str, Path] = {}
    for post in site.posts():
        if post.id in seen:
            other = problems.rel(seen[post.id])
            problems.error(post.path, 0, f"duplicate post id {post.id!r}, also {other}")
        else:
            seen[post.id] = post.path
