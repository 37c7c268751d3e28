"""The forge: where submissions wait for a moderator, behind one small interface.

Every intake (issue form, email, hand-written pull request) ends the same way:
one post file on its own branch, proposed for merging into the published branch.
A *forge* is whatever keeps those branches: GitHub (branch + pull request,
:mod:`generator.forge.github`) or a plain git repository (a local branch per
submission, :mod:`generator.forge.local`). Intake and moderation code talk only
to :class:`Forge`, so they run the same on both.

Promises every implementation keeps:

- **Idempotent by key.** ``submit`` keys a submission by ``Submission.source``
  (``issue #42``, ``pull request #7``, a Message-ID). Submitting the same key
  again updates the same branch and the same pull request in place: one post,
  one proposal, however often the issue is edited or the workflow re-run. A
  submission whose text did not change makes no new commit.
- **Nothing lost.** ``reject`` keeps the branch's content reachable (GitHub:
  the closed pull request; local: a ``refs/spaces/rejected/...`` ref) and
  records the reason.
- **Issue side effects are explicit.** Commenting, labelling, closing and
  replacing the body of the *issue* a submission came from are separate calls,
  so an intake that is not from an issue (mail) simply does not make them. The
  local forge keeps issue actions in a journal inside ``.git`` (never committed).

Other features (mail intake, moderation queue) should take a ``Forge`` and use
only what is defined here; :func:`branch_for` gives the branch name for a key.
An intake that has a checked ``Submission`` calls
``generator.forge.intake.propose(submission, report, forge)`` with a report
from ``generator.forge.report.build_report``: branch, proposal and moderation
report in one step, as the issue intake does. Choose the forge with
``generator.cli.forge_options`` (``--forge local|github``) on the command line.
"""

from __future__ import annotations

import hashlib
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from unidecode import unidecode

from generator.read.submission import Submission

BRANCH_PREFIX = "submission/"


class ForgeError(Exception):
    """A forge operation that could not be done; the message says which and why."""


class UnknownChange(ForgeError):
    """No pending change (branch or pull request) has the given key or number."""


@dataclass(frozen=True)
class Change:
    """A submission waiting on the forge: its branch and, on GitHub, its PR.

    ``key`` is the submission's source; ``number`` the pull request number
    (``None`` on the local forge); ``url`` where a moderator reviews it (a PR
    address, or ``branch:<name>`` locally); ``paths`` the files it adds;
    ``state`` one of ``open``, ``merged``, ``rejected``; ``updated`` is True when
    ``submit`` changed an existing proposal rather than opening a new one, and
    ``unchanged`` when it found the same text already there.
    """

    key: str
    branch: str
    title: str
    paths: tuple[str, ...] = ()
    number: int | None = None
    url: str = ""
    state: str = "open"
    author: str = ""
    issue: int | None = None
    updated: bool = False
    unchanged: bool = False
    reason: str = ""
    labels: tuple[str, ...] = field(default_factory=tuple)


class Forge(ABC):
    """Branches and proposals for submissions, and the issues they came from.

    ``ref`` arguments accept a :class:`Change`, its key (``Submission.source``)
    or, on GitHub, a pull request number.
    """

    #: Short name used by the command line (``--forge local|github``).
    name: str = ""

    @abstractmethod
    def submit(self, submission: Submission, *, title: str, body: str,
               issue: int | None = None) -> Change:
        """Put the submission's post file on its branch and propose it.

        Creates the branch from the published branch and opens a pull request
        (GitHub) the first time; afterwards replaces the post file on that
        branch (removing a previous file of the same key whose name changed,
        e.g. after the author corrected their name) and updates the proposal's
        title and body. ``issue`` is the issue number the submission came from,
        if any, so that ``merge`` and ``reject`` can close it.
        """

    @abstractmethod
    def pending(self) -> list[Change]:
        """Every open submission, oldest first, across all pages of results."""

    @abstractmethod
    def find(self, ref: Change | str | int) -> Change | None:
        """The change (open, merged or rejected) for ``ref``, or None."""

    @abstractmethod
    def merge(self, ref: Change | str | int) -> Change:
        """Merge the change into the published branch; close its issue if any.

        Raises UnknownChange when there is no open change for ``ref``.
        """

    @abstractmethod
    def reject(self, ref: Change | str | int, reason: str) -> Change:
        """Close the change unmerged, keeping its content; tell the issue why."""

    @abstractmethod
    def comment_change(self, ref: Change | str | int, text: str) -> None:
        """Comment on the proposal itself (the moderation report goes here)."""

    @abstractmethod
    def comment_issue(self, issue: int, text: str) -> None:
        """Reply on the issue a submission came from."""

    @abstractmethod
    def label_issue(self, issue: int, labels: list[str]) -> None:
        """Add labels to the issue (existing labels stay)."""

    @abstractmethod
    def close_issue(self, issue: int, *, completed: bool = True) -> None:
        """Close the issue, as completed or as not planned."""

    @abstractmethod
    def replace_issue_body(self, issue: int, text: str) -> None:
        """Replace the issue's text, so unmoderated words stop being on show."""


def branch_for(key: str) -> str:
    """The branch name for a submission key: readable, ASCII, and unique.

    ``issue #42`` gives ``submission/issue-42``; keys that do not slug cleanly
    (Message-IDs) get a short hash so that two keys never share a branch.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", unidecode(key).casefold()).strip("-")
    if re.fullmatch(r"(issue|pull-request)-[0-9]+", slug):
        return BRANCH_PREFIX + slug
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
    return BRANCH_PREFIX + (slug[:40].strip("-") + "-" if slug else "") + digest


def issue_number(key: str) -> int | None:
    """The issue number in a key made by the issue intake (``issue #42``)."""
    match = re.fullmatch(r"issue #([0-9]+)", key.strip())
    return int(match.group(1)) if match else None
