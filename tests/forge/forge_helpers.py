"""Shared by the forge tests: a real git repository of the example site, payloads."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import REPO, copy_repo_content

POST_BODY = (
    "### Space\r\n\r\nclimate-mobility\r\n\r\n"
    "### Question\r\n\r\nq1-planned-relocation\r\n\r\n"
    "### Your name\r\n\r\nJosé Martínez\r\n\r\n"
    "### Organisation or affiliation\r\n\r\nCiudad Abierta\r\n\r\n"
    "### Language of your response\r\n\r\n_No response_\r\n\r\n"
    "### Your response\r\n\r\nRelocation works when communities choose the new "
    "site themselves. See https://example.org/guide and ask @ana-lucia.\r\n\r\n"
    "### Code of conduct\r\n\r\n- [X] I have read and accept the code of conduct.\r\n"
)
IDENTITY = {"GIT_AUTHOR_NAME": "Moderator Mo", "GIT_AUTHOR_EMAIL": "mo@localhost",
            "GIT_COMMITTER_NAME": "Moderator Mo",
            "GIT_COMMITTER_EMAIL": "mo@localhost"}


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` as the test moderator; fail loudly."""
    import os

    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                            env={**os.environ, **IDENTITY})
    assert result.returncode == 0, result.stderr
    return result.stdout


def site_repo(target: Path) -> Path:
    """The example site committed on `main` of a fresh repository."""
    copy_repo_content(target)
    shutil.copy(REPO / ".gitignore", target / ".gitignore")
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "Example site")
    return target


def issue_payload(body: str | None = POST_BODY, *, number: int = 42,
                  created: str = "2027-03-05T10:00:00Z", action: str = "opened",
                  labels: tuple[str, ...] = (),
                  association: str = "FIRST_TIME_CONTRIBUTOR") -> dict[str, Any]:
    """An `issues` event shaped like GitHub's (octokit's example payload)."""
    return {
        "action": action,
        "issue": {
            "number": number, "title": "[climate-mobility/q1-planned-relocation] ",
            "state": "open", "user": {"login": "jmartinez", "type": "User"},
            "labels": [{"name": name} for name in labels],
            "created_at": created, "updated_at": created,
            "author_association": association, "body": body,
        },
        "repository": {"full_name": "migration-network/discussion-spaces"},
        "sender": {"login": "jmartinez"},
    }
