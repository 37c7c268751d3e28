"""The forge on GitHub, through PyGithub: a branch and a pull request per submission.

The key of a submission travels in its pull request's body as a hidden marker,
so ``pending`` and ``find`` recover it from GitHub alone. Lists are read to the
last page (PyGithub follows the ``Link`` headers). A rate-limit answer (403 or
429 with ``Retry-After`` or ``X-RateLimit-Remaining: 0``) is waited out on the
injected clock and the step retried, so a busy day delays the intake instead
of crashing it. PyGithub's own retry and request spacing are switched off:
waiting is decided here, where tests can see it.
"""

from __future__ import annotations

import base64
import logging
import re
import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from github import Auth, Github, GithubException, UnknownObjectException
from github.Issue import Issue
from github.PullRequest import PullRequest
from github.Repository import Repository

from generator.forge.base import (
    BRANCH_PREFIX,
    Change,
    Forge,
    ForgeError,
    UnknownChange,
    branch_for,
    issue_number,
)
from generator.read.submission import Submission

log = logging.getLogger(__name__)

T = TypeVar("T")
KEY_MARK = re.compile(r"<!-- spaces:source (.+?) -->")
# The intake titles its pull requests "Post in <space>/<question> by <author>".
AUTHOR_IN_TITLE = re.compile(r"^Post in \S+ by (.+)$")
MAX_WAITS = 5
# Longer than this and the run gives up with a message: the intake is
# idempotent, so re-running the workflow later finishes the job.
MAX_WAIT_SECONDS = 15 * 60
SUBMISSION_LABEL = "submission"


class Clock(Protocol):
    """Where the forge reads the time and waits; tests pass a fake one."""

    def time(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def time(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class GitHubForge(Forge):
    """Submissions as pull requests on ``repository`` (``owner/name``)."""

    name = "github"

    def __init__(self, repository: str, *, token: str, api_url: str,
                 base: str = "main", clock: Clock | None = None,
                 per_page: int = 100) -> None:
        self.repository = repository
        self.owner = repository.split("/", 1)[0]
        self.base = base
        self.clock = clock or SystemClock()
        self.github = Github(auth=Auth.Token(token), base_url=api_url.rstrip("/"),
                             per_page=per_page, retry=None,
                             seconds_between_requests=None,
                             seconds_between_writes=None)
        self._repo: Repository | None = None
        # Objects already fetched this run: one GET per issue or pull request.
        self._issues: dict[int, Issue] = {}
        self._pulls: dict[int, PullRequest] = {}

    @property
    def repo(self) -> Repository:
        """The repository, fetched on first use (not lazy: lazy objects would
        hide a missing branch until a later call fails far from the cause)."""
        if self._repo is None:
            self._repo = self._call(lambda: self.github.get_repo(self.repository))
        return self._repo

    # -- rate limits -----------------------------------------------------------

    def _call(self, step: Callable[[], T]) -> T:
        """Run one API step, waiting out rate limits (at most MAX_WAITS times)."""
        for attempt in range(MAX_WAITS + 1):
            try:
                return step()
            except GithubException as exc:
                wait = self._rate_limit_wait(exc)
                if wait is None or attempt == MAX_WAITS:
                    raise
                if wait > MAX_WAIT_SECONDS:
                    raise ForgeError(
                        f"GitHub rate limit: the budget resets in {wait:.0f} s, "
                        "longer than this run waits; run the intake again "
                        "later (it picks up where it stopped)") from exc
                log.warning("GitHub rate limit: waiting %.0f s before retrying", wait)
                self.clock.sleep(wait)
        raise AssertionError("unreachable")

    def _rate_limit_wait(self, exc: GithubException) -> float | None:
        if exc.status not in (403, 429):
            return None
        headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
        if "retry-after" in headers:
            return max(1.0, float(headers["retry-after"]))
        spent = headers.get("x-ratelimit-remaining") == "0"
        if spent and "x-ratelimit-reset" in headers:
            return max(1.0, float(headers["x-ratelimit-reset"]) - self.clock.time())
        return None

    # -- helpers ---------------------------------------------------------------

    def _pull_for(self, branch: str, state: str = "open") -> PullRequest | None:
        pulls = self._call(lambda: list(self.repo.get_pulls(
            state=state, head=f"{self.owner}:{branch}", base=self.base)))
        return pulls[-1] if pulls else None

    def _file_sha(self, path: str, branch: str) -> tuple[str, str] | None:
        """(blob sha, text) of ``path`` on ``branch``, or None when absent."""
        try:
            content = self._call(lambda: self.repo.get_contents(path, ref=branch))
        except UnknownObjectException:
            return None
        if isinstance(content, list):
            raise ForgeError(f"{path} on {branch} is a folder, not a post file")
        text = base64.b64decode(content.content or "").decode("utf-8")
        return content.sha, text

    def _change(self, pull: PullRequest, **extra: Any) -> Change:
        # Only the intake's own branches carry a trusted key: a fork's pull
        # request could copy the marker and so close someone else's issue.
        match = KEY_MARK.search(pull.body or "") if self._ours(pull) else None
        key = match.group(1) if match else f"pull request #{pull.number}"
        state = ("merged" if pull.merged else
                 "open" if pull.state == "open" else "rejected")
        by = AUTHOR_IN_TITLE.search(pull.title or "")
        return Change(key=key, branch=pull.head.ref, title=pull.title,
                      number=pull.number, url=pull.html_url, state=state,
                      issue=issue_number(key), author=by.group(1) if by else "",
                      labels=tuple(label.name for label in pull.labels), **extra)

    def _ours(self, pull: PullRequest) -> bool:
        """True for a pull request from a branch of this repository."""
        repo = pull.head.repo
        return repo is not None and repo.full_name == self.repository

    def _issue(self, number: int) -> Issue:
        if number not in self._issues:
            self._issues[number] = self._call(lambda: self.repo.get_issue(number))
        return self._issues[number]

    def _pull(self, ref: Change | str | int) -> PullRequest | None:
        if isinstance(ref, int):
            if ref not in self._pulls:
                try:
                    self._pulls[ref] = self._call(lambda: self.repo.get_pull(ref))
                except UnknownObjectException:
                    return None
            return self._pulls[ref]
        if isinstance(ref, Change) and ref.number is not None:
            return self._pull(ref.number)
        key = ref.key if isinstance(ref, Change) else ref
        branch = key if key.startswith(BRANCH_PREFIX) else branch_for(key)
        return self._pull_for(branch, state="all")

    def _open_pull(self, ref: Change | str | int) -> PullRequest:
        pull = self._pull(ref)
        if pull is None or pull.state != "open":
            raise UnknownChange(f"no open pull request for {ref!r}")
        return pull

    # -- Forge -----------------------------------------------------------------

    def submit(self, submission: Submission, *, title: str, body: str,
               issue: int | None = None) -> Change:
        branch = branch_for(submission.source)
        body = f"{body.rstrip()}\n\n<!-- spaces:source {submission.source} -->\n"
        try:
            self._call(lambda: self.repo.get_git_ref(f"heads/{branch}"))
        except UnknownObjectException:
            base_ref = self._call(lambda: self.repo.get_git_ref(f"heads/{self.base}"))
            self._call(lambda: self.repo.create_git_ref(f"refs/heads/{branch}",
                                                        base_ref.object.sha))
        pull = self._pull_for(branch)

        # A corrected name renames the post: remove the branch's older file.
        if pull is not None:
            open_pull = pull
            files = self._call(lambda: [f.filename for f in open_pull.get_files()])
            for old in files:
                if old != submission.path:
                    self._delete(old, branch, f"Remove {old}: replaced by "
                                 f"{submission.path}")

        text = submission.text()
        current = self._file_sha(submission.path, branch)
        unchanged = current is not None and current[1] == text
        if current is None:
            self._call(lambda: self.repo.create_file(
                submission.path, f"Add post {submission.post_id}\n\nSource: "
                f"{submission.source}", text, branch=branch))
        elif not unchanged:
            self._call(lambda: self.repo.update_file(
                submission.path, f"Update post {submission.post_id}", text,
                current[0], branch=branch))

        if pull is None:
            pull = self._call(lambda: self.repo.create_pull(
                base=self.base, head=branch, title=title, body=body))
            self._pulls[pull.number] = pull
            labels = [SUBMISSION_LABEL, *submission.labels]
            self._call(lambda: pull.add_to_labels(*labels))
            log.info("opened #%s for %s", pull.number, submission.source)
            return self._change(pull, paths=(submission.path,))
        if not unchanged:
            self._call(lambda: pull.edit(title=title, body=body))
        return self._change(pull, paths=(submission.path,), updated=True,
                            unchanged=unchanged)

    def _delete(self, path: str, branch: str, message: str) -> None:
        found = self._file_sha(path, branch)
        if found is not None:
            sha = found[0]
            self._call(lambda: self.repo.delete_file(path, message, sha,
                                                     branch=branch))

    def _paths(self, pull: PullRequest) -> tuple[str, ...]:
        return self._call(lambda: tuple(f.filename for f in pull.get_files()))

    def pending(self) -> list[Change]:
        pulls = self._call(lambda: list(self.repo.get_pulls(
            state="open", base=self.base, sort="created", direction="asc")))
        changes = []
        for pull in pulls:
            if pull.head.ref.startswith(BRANCH_PREFIX) and self._ours(pull):
                self._pulls[pull.number] = pull
                changes.append(self._change(pull, paths=self._paths(pull)))
        return changes

    def find(self, ref: Change | str | int) -> Change | None:
        pull = self._pull(ref)
        return self._change(pull) if pull is not None else None

    def merge(self, ref: Change | str | int) -> Change:
        pull = self._open_pull(ref)
        status = self._call(lambda: pull.merge(
            merge_method="merge", commit_title=f"Publish {pull.title}"))
        if not status.merged:
            raise ForgeError(f"#{pull.number} was not merged: {status.message}")
        change = Change(**{**self._change(pull).__dict__, "state": "merged"})
        # The branch is in main now; a later edit of the issue must not find it.
        branch = pull.head.ref
        self._call(lambda: self.repo.get_git_ref(f"heads/{branch}").delete())
        if change.issue is not None:
            self.comment_issue(change.issue, f"Published: #{pull.number} was merged.")
            self.close_issue(change.issue, completed=True)
        return change

    def reject(self, ref: Change | str | int, reason: str) -> Change:
        pull = self._open_pull(ref)
        self._call(lambda: pull.create_issue_comment(f"Not published: {reason}"))
        self._call(lambda: pull.edit(state="closed"))
        self._call(lambda: pull.add_to_labels("rejected"))
        change = Change(**{**self._change(pull).__dict__, "state": "rejected",
                           "reason": reason})
        if change.issue is not None:
            self.comment_issue(change.issue, f"Not published: {reason}")
            self.label_issue(change.issue, ["rejected"])
            self.close_issue(change.issue, completed=False)
        return change

    def comment_change(self, ref: Change | str | int, text: str) -> None:
        pull = self._pull(ref)
        if pull is None:
            raise UnknownChange(f"no pull request for {ref!r}")
        self._call(lambda: pull.create_issue_comment(text))

    def comment_issue(self, issue: int, text: str) -> None:
        self._call(lambda: self._issue(issue).create_comment(text))

    def label_issue(self, issue: int, labels: list[str]) -> None:
        self._call(lambda: self._issue(issue).add_to_labels(*labels))

    def close_issue(self, issue: int, *, completed: bool = True) -> None:
        reason = "completed" if completed else "not_planned"
        self._call(lambda: self._issue(issue).edit(state="closed",
                                                            state_reason=reason))

    def replace_issue_body(self, issue: int, text: str) -> None:
        self._call(lambda: self._issue(issue).edit(body=text))
