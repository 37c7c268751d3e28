"""The forge on a plain git repository: one local branch per submission.

Branches are written with git's plumbing (a private index file, ``commit-tree``,
``update-ref``), so the intake never touches the moderator's checkout. Merging
uses ``git merge`` when the published branch is checked out (the worktree stays
in step), and ``git merge-tree`` otherwise. What GitHub would keep on an issue
(comments, labels, state, the body) goes to a journal inside the git
directory, which is never committed: one small JSON file per submission and per
issue, so each step reads and writes only its own.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from generator.forge.base import (
    BRANCH_PREFIX,
    Change,
    Forge,
    ForgeError,
    UnknownChange,
    branch_for,
)
from generator.read.submission import Submission

log = logging.getLogger(__name__)

REJECTED_PREFIX = "refs/spaces/rejected/"
JOURNAL = "spaces-forge"
# The intake's own identity on commits it makes: never the contributor's address.
INTAKE_IDENTITY = {
    "GIT_AUTHOR_NAME": "Discussion Spaces intake",
    "GIT_AUTHOR_EMAIL": "intake@localhost",
    "GIT_COMMITTER_NAME": "Discussion Spaces intake",
    "GIT_COMMITTER_EMAIL": "intake@localhost",
}


class LocalForge(Forge):
    """Submissions as branches ``submission/<key>`` of the repository at ``root``."""

    name = "local"

    def __init__(self, root: Path, base: str = "main") -> None:
        self.root = Path(root)
        self.base = base
        common = self._git("rev-parse", "--git-common-dir").strip()
        self.git_dir = (self.root / common).resolve()
        self.journal = self.git_dir / JOURNAL

    # -- git -------------------------------------------------------------------

    def _git(self, *args: str, stdin: str | None = None,
             env: dict[str, str] | None = None, check: bool = True) -> str:
        result = subprocess.run(
            ["git", *args], cwd=self.root, input=stdin, text=True,
            capture_output=True, env={**os.environ, **(env or {})},
            encoding="utf-8")
        if check and result.returncode != 0:
            raise ForgeError(f"git {' '.join(args[:2])} failed in {self.root}: "
                             f"{result.stderr.strip() or result.stdout.strip()}")
        return result.stdout

    def _sha(self, ref: str) -> str | None:
        out = self._git("rev-parse", "--verify", "--quiet", ref + "^{commit}",
                        check=False).strip()
        return out or None

    def _added_paths(self, branch: str) -> tuple[str, ...]:
        base = self._git("merge-base", self.base, branch, check=False).strip()
        if not base:
            return ()
        out = self._git("diff", "--name-only", "--no-renames", base, branch)
        return tuple(line for line in out.splitlines() if line)

    # -- journal ---------------------------------------------------------------

    def _record_path(self, kind: str, name: str) -> Path:
        return self.journal / kind / f"{name}.json"

    def _load(self, path: Path) -> dict[str, Any]:
        if not path.exists():
            return {}
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data

    def _store(self, path: Path, record: dict[str, Any]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, indent=1, ensure_ascii=False,
                                   sort_keys=True), encoding="utf-8")

    def _change_path(self, branch: str) -> Path:
        return self._record_path("changes", branch.removeprefix(BRANCH_PREFIX))

    def _record(self, branch: str) -> dict[str, Any]:
        """The journal record of the submission on ``branch`` ({} if none)."""
        return self._load(self._change_path(branch))

    def issue_record(self, issue: int) -> dict[str, Any]:
        """What the journal holds for an issue: comments, labels, state, body."""
        record = self._load(self._record_path("issues", str(issue)))
        return {"comments": [], "labels": [], "state": "open", "body": None,
                **record}

    def _issue_update(self, issue: int, **changes: Any) -> None:
        record = self.issue_record(issue)
        for key, value in changes.items():
            if key == "comment":
                record["comments"].append(value)
            elif key == "labels":
                record["labels"] += [v for v in value if v not in record["labels"]]
            else:
                record[key] = value
        self._store(self._record_path("issues", str(issue)), record)

    # -- Forge -----------------------------------------------------------------

    def submit(self, submission: Submission, *, title: str, body: str,
               issue: int | None = None) -> Change:
        branch = branch_for(submission.source)
        base_sha = self._sha(self.base)
        if base_sha is None:
            raise ForgeError(f"{self.root}: branch '{self.base}' does not exist")
        tip = self._sha(f"refs/heads/{branch}")
        old_paths = self._added_paths(branch) if tip else ()
        parent = tip or base_sha

        # A private index: the moderator's own index and worktree stay untouched.
        with tempfile.TemporaryDirectory() as tmp:
            env = {"GIT_INDEX_FILE": str(Path(tmp) / "index"), **INTAKE_IDENTITY}
            self._git("read-tree", parent, env=env)
            for path in old_paths:
                if path != submission.path:
                    self._git("update-index", "--force-remove", "--", path, env=env)
            blob = self._git("hash-object", "-w", "--stdin",
                             stdin=submission.text()).strip()
            self._git("update-index", "--add", "--cacheinfo",
                      f"100644,{blob},{submission.path}", env=env)
            tree = self._git("write-tree", env=env).strip()
            unchanged = tip is not None and tree == self._git(
                "rev-parse", f"{tip}^{{tree}}").strip()
            if not unchanged:
                verb = "Update" if tip else "Add"
                message = (f"{verb} post {submission.post_id}\n\n"
                           f"Source: {submission.source}\n")
                commit = self._git("commit-tree", tree, "-p", parent,
                                   stdin=message, env=env).strip()
                self._git("update-ref", f"refs/heads/{branch}", commit, tip or "")

        record = self._record(branch)
        if "seq" not in record:
            # Submission order, for `pending`: the count of records so far.
            folder = self._change_path(branch).parent
            earlier = list(folder.glob("*.json")) if folder.is_dir() else []
            record["seq"] = len(earlier) + 1
        record.update({"key": submission.source, "branch": branch, "title": title,
                       "body": body,
                       "issue": issue, "state": "open", "reason": "",
                       "author": str(submission.front_matter.get("author", "")),
                       "labels": list(submission.labels)})
        record.setdefault("comments", [])
        self._store(self._change_path(branch), record)
        log.info("%s %s on %s", "unchanged" if unchanged else
                 ("updated" if tip else "proposed"), submission.path, branch)
        change = self._change(submission.source, record)
        return Change(**{**change.__dict__, "updated": tip is not None,
                         "unchanged": unchanged})

    def _change(self, key: str, record: dict[str, Any]) -> Change:
        branch = record["branch"]
        state = record.get("state", "open")
        paths = tuple(record.get("paths", ()))
        if state == "open" and self._sha(f"refs/heads/{branch}"):
            paths = self._added_paths(branch)
        return Change(key=key, branch=branch, title=record.get("title", key),
                      paths=paths, url=f"branch:{branch}", state=state,
                      author=record.get("author", ""), issue=record.get("issue"),
                      reason=record.get("reason", ""),
                      labels=tuple(record.get("labels", ())))

    def pending(self) -> list[Change]:
        out = self._git("for-each-ref", "--sort=creatordate", "--format=%(refname)",
                        "refs/heads/" + BRANCH_PREFIX)
        changes = []
        for ref in out.splitlines():
            branch = ref.removeprefix("refs/heads/")
            if self._is_merged(branch):
                continue
            record = self._record(branch) or {"branch": branch}
            key = record.get("key", branch)
            changes.append((record.get("seq", 10**9), self._change(key, record)))
        return [change for _, change in sorted(changes, key=lambda c: c[0])]

    def _is_merged(self, branch: str) -> bool:
        result = subprocess.run(["git", "merge-base", "--is-ancestor", branch,
                                 self.base], cwd=self.root, capture_output=True)
        return result.returncode == 0

    def find(self, ref: Change | str | int) -> Change | None:
        key = self._key(ref)
        branch = key if key.startswith(BRANCH_PREFIX) else branch_for(key)
        record = self._record(branch)
        if record:
            return self._change(record.get("key", key), record)
        if self._sha(f"refs/heads/{key}"):
            return self._change(key, {"branch": key})
        return None

    @staticmethod
    def _key(ref: Change | str | int) -> str:
        if isinstance(ref, Change):
            return ref.key
        if isinstance(ref, int):
            return f"issue #{ref}"
        return ref

    def _open(self, ref: Change | str | int) -> Change:
        change = self.find(ref)
        if change is None or change.state != "open" or not self._sha(
                f"refs/heads/{change.branch}"):
            raise UnknownChange(f"no pending submission {self._key(ref)!r}; "
                                "`spaces moderate list` shows them")
        return change

    def merge(self, ref: Change | str | int) -> Change:
        change = self._open(ref)
        paths = change.paths
        message = f"Merge {change.branch}: {change.title}"
        head = self._git("symbolic-ref", "--quiet", "HEAD", check=False).strip()
        bare = self._git("rev-parse", "--is-bare-repository").strip() == "true"
        if head == f"refs/heads/{self.base}" and not bare:
            self._git("merge", "--no-ff", "-m", message, change.branch,
                      env=_identity_fallback(self))
        else:
            # Published branch not checked out here: merge without a worktree.
            result = subprocess.run(
                ["git", "merge-tree", "--write-tree", self.base, change.branch],
                cwd=self.root, capture_output=True, text=True)
            if result.returncode != 0:
                raise ForgeError(f"{change.branch} does not merge cleanly into "
                                 f"{self.base}: {result.stdout.strip()}")
            tree = result.stdout.split("\n", 1)[0].strip()
            commit = self._git("commit-tree", tree, "-p", self.base, "-p",
                               change.branch, stdin=message + "\n",
                               env=_identity_fallback(self)).strip()
            self._git("update-ref", f"refs/heads/{self.base}", commit)
        self._git("update-ref", "-d", f"refs/heads/{change.branch}")
        self._set_state(change, "merged", paths=list(paths))
        if change.issue is not None:
            self.comment_issue(change.issue, "Published: merged into "
                               f"{self.base} ({', '.join(paths)}).")
            self.close_issue(change.issue, completed=True)
        log.info("merged %s into %s", change.branch, self.base)
        return self.find(change.key) or change

    def reject(self, ref: Change | str | int, reason: str) -> Change:
        change = self._open(ref)
        sha = self._sha(f"refs/heads/{change.branch}") or ""
        paths = self._added_paths(change.branch)
        # Keep the content reachable under a ref no branch listing shows.
        self._git("update-ref", REJECTED_PREFIX + change.branch.removeprefix(
            BRANCH_PREFIX), sha)
        self._git("update-ref", "-d", f"refs/heads/{change.branch}")
        self._set_state(change, "rejected", reason=reason, paths=list(paths))
        if change.issue is not None:
            self.comment_issue(change.issue, f"Not published: {reason}")
            self.label_issue(change.issue, ["rejected"])
            self.close_issue(change.issue, completed=False)
        log.info("rejected %s: %s", change.branch, reason)
        return self.find(change.key) or change

    def _set_state(self, change: Change, state: str, **extra: Any) -> None:
        record = self._record(change.branch) or {"key": change.key,
                                                 "branch": change.branch}
        record.update({"state": state, **extra})
        self._store(self._change_path(change.branch), record)

    def comment_change(self, ref: Change | str | int, text: str) -> None:
        change = self.find(ref)
        if change is None:
            raise UnknownChange(f"no submission {self._key(ref)!r}")
        record = self._record(change.branch) or {"key": change.key,
                                                 "branch": change.branch}
        record.setdefault("comments", []).append(text)
        self._store(self._change_path(change.branch), record)

    def change_comments(self, ref: Change | str | int) -> list[str]:
        """Comments made on a change (the moderation reports), oldest first."""
        change = self.find(ref)
        record = self._record(change.branch) if change else {}
        return list(record.get("comments", []))

    def comment_issue(self, issue: int, text: str) -> None:
        self._issue_update(issue, comment=text)

    def label_issue(self, issue: int, labels: list[str]) -> None:
        self._issue_update(issue, labels=labels)

    def close_issue(self, issue: int, *, completed: bool = True) -> None:
        self._issue_update(issue, state="closed" if completed else "not planned")

    def replace_issue_body(self, issue: int, text: str) -> None:
        self._issue_update(issue, body=text)


def _identity_fallback(forge: LocalForge) -> dict[str, str]:
    """The moderator's git identity if configured, else the intake's."""
    configured = subprocess.run(["git", "var", "GIT_COMMITTER_IDENT"],
                                cwd=forge.root, capture_output=True).returncode == 0
    return {} if configured else dict(INTAKE_IDENTITY)
