"""The moderation queue: every submission waiting on a forge, oldest first.

A submission is one post file on its own branch (the local forge) or in an open
pull request (GitHub); the forges of generator.forge list them. The queue reads
each post file (with git where the branch is at hand, else through the GitHub
API) and flags what a moderator should look at: late, first-time contributor,
spam score, code of conduct not acknowledged, or a file that cannot be read at
all. Nothing is dropped: an unreadable submission is listed with its reason.
"""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from generator.config import Settings
from generator.forge.base import Change, Forge, ForgeError, issue_number
from generator.model import Site
from generator.model.source import SourceError, parse_front_matter
from generator.model.timeparse import TimeError, to_instant
from generator.moderation.spam import SpamReport, score, space_context
from generator.moderation.stats import participant_key

# Front matter key an intake sets when the contributor ticked the code of
# conduct; issue-form submissions without it are refused before they get here.
CONDUCT_KEY = "code_of_conduct"

log = logging.getLogger(__name__)


class QueueSource(Protocol):
    """Where pending submissions come from: a name, the changes, and their files."""

    @property
    def name(self) -> str: ...

    def pending(self) -> list[Change]: ...

    def read(self, change: Change, path: str) -> str | None: ...


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                          text=True, encoding="utf-8", errors="replace")


def read_from_branch(root: Path, branch: str, path: str) -> str | None:
    """``path`` as it is on ``branch`` (or on ``origin/<branch>``, as a CI
    checkout has it), or None when neither has the file."""
    for ref in (branch, f"origin/{branch}"):
        shown = _git(root, "show", f"{ref}:{path}")
        if shown.returncode == 0:
            return shown.stdout
    return None


@dataclass
class ForgeSource:
    """Any Forge of generator.forge as a queue source.

    Post files are read with git from ``root`` (local branches, or the
    ``origin/submission/...`` refs of a CI checkout); for a GitHub pull request
    whose branch is not fetched, from the API through the forge's repository.
    """

    forge: Forge
    root: Path

    @property
    def name(self) -> str:
        return self.forge.name or type(self.forge).__name__

    def pending(self) -> list[Change]:
        try:
            return self.forge.pending()
        except ForgeError as exc:
            raise QueueError(f"{self.name} forge: {exc}") from exc

    def _github_repo(self) -> Any:
        try:
            from generator.forge.github import GitHubForge
        except ImportError:  # pragma: no cover - PyGithub is a dependency
            return None
        return self.forge.repo if isinstance(self.forge, GitHubForge) else None

    def read(self, change: Change, path: str) -> str | None:
        text = read_from_branch(self.root, change.branch, path)
        repo = self._github_repo()
        if text is None and repo is not None:
            # TODO: go through the forge's rate-limit wait once the Forge
            # interface offers reading a file; one GET per pending post for now.
            try:
                content = repo.get_contents(path, ref=change.branch)
            except Exception as exc:  # PyGithub raises per HTTP status
                log.warning("%s on %s: %s", path, change.branch, exc)
                return None
            if isinstance(content, list):
                return None
            return str(content.decoded_content.decode("utf-8"))
        return text


class QueueError(Exception):
    """A forge or repository the queue cannot read; the message says which."""


@dataclass
class PendingPost:
    """One submission waiting for a moderator, with what to look at first."""

    forge: str
    change: Change
    path: str
    space: str = ""
    question: str = ""
    post_id: str = ""
    author: str = ""
    affiliation: str = ""
    language: str = ""
    posted: dt.datetime | None = None
    age: dt.timedelta | None = None
    late: bool = False
    first_time: bool = False
    conduct: bool = False
    spam: SpamReport | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def flags(self) -> list[str]:
        """Short names of what needs attention, in a fixed order."""
        named = [("unreadable", bool(self.problems)), ("late", self.late),
                 ("first-time", self.first_time),
                 ("spam", bool(self.spam and self.spam.held)),
                 ("code-of-conduct", not self.conduct)]
        return [name for name, on in named if on]

    @property
    def reasons(self) -> list[str]:
        """One sentence for each flag, in the order of ``flags``."""
        said = list(self.problems)
        if self.late:
            said.append("submitted after the space closed; accepted as late")
        if self.first_time:
            said.append("first submission from this author: no published post yet")
        if self.spam and self.spam.held:
            said.append(f"spam score {self.spam.score:g} reaches "
                        f"{self.spam.hold_at:g}: " + "; ".join(self.spam.reasons))
        if not self.conduct:
            said.append("code of conduct not acknowledged: held until its front "
                        f"matter says {CONDUCT_KEY}: true")
        return said

    def as_json(self) -> dict[str, Any]:
        return {
            "forge": self.forge, "key": self.change.key, "branch": self.change.branch,
            "url": self.change.url, "number": self.change.number, "path": self.path,
            "space": self.space, "question": self.question, "post": self.post_id,
            "author": self.author, "affiliation": self.affiliation,
            "language": self.language,
            "posted": self.posted.isoformat() if self.posted else None,
            "age_seconds": int(self.age.total_seconds()) if self.age else None,
            "flags": self.flags,
            "reasons": self.reasons,
            "spam_score": self.spam.score if self.spam else None,
            "spam_reasons": self.spam.reasons if self.spam else [],
            "problems": self.problems,
        }


def pending_posts(site: Site, settings: Settings, now: dt.datetime,
                  sources: Iterable[QueueSource]) -> list[PendingPost]:
    """Every post file waiting on any of ``sources``, the longest waiting first;
    submissions whose time cannot be read come last, never dropped."""
    published = {participant_key(p) for p in site.posts()}
    queue: list[PendingPost] = []
    for source in sources:
        for change in source.pending():
            paths = [p for p in change.paths if p.startswith("spaces/")] or [""]
            for path in paths:
                item = PendingPost(source.name, change, path)
                _fill(item, source.read(change, path) if path else None, site,
                      settings, now, published)
                queue.append(item)
    far = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
    queue.sort(key=lambda i: (i.posted or far, i.change.key, i.path))
    return queue


def _fill(item: PendingPost, text: str | None, site: Site, settings: Settings,
          now: dt.datetime, published: set[str]) -> None:
    if text is None:
        item.problems.append("no post file found on the branch" if not item.path
                             else f"{item.path} cannot be read from the branch")
        return
    parts = item.path.split("/")
    if len(parts) >= 4:
        item.space, item.question = parts[1], parts[2]
        item.post_id = Path(parts[-1]).stem
    try:
        located = parse_front_matter(text)
        meta, body = located.data, located.body
    except SourceError as exc:
        item.problems.append(f"{item.path}:{exc.line}: {exc}")
        meta, body = {}, text
    item.author = str(meta.get("author") or "")
    item.affiliation = str(meta.get("affiliation") or "")
    item.language = str(meta.get("language") or "en")
    item.late = meta.get("late") is True
    # The issue intake refuses a form whose box is not ticked, so a post made
    # from an issue was acknowledged; other routes must say so in front matter.
    item.conduct = (meta.get(CONDUCT_KEY) is True
                    or issue_number(str(meta.get("source", ""))) is not None)
    if meta.get("posted") is None:
        item.problems.append(f"{item.path}: no 'posted' date-time")
    else:
        try:
            item.posted = to_instant(meta["posted"], dt.timezone.utc)
            item.age = now - item.posted
        except (TimeError, TypeError, ValueError) as exc:
            item.problems.append(f"{item.path}: posted: {exc}")
    key = str(meta.get("handle") or "") or " ".join(item.author.split()).casefold()
    item.first_time = bool(key) and key not in published
    space = site.space(item.space)
    if space is None:
        item.problems.append(f"{item.path}: unknown space {item.space!r}")
        return
    context = space_context(site, space, settings, language=item.language,
                            exclude=item.post_id)
    item.spam = score(body, context=context)

