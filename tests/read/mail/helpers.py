"""A small site to route mail into, and a way to run `spaces intake email` on it."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import main
from tests.conftest import write_tree

# Open long enough for every fixture (1999 to 2025) to be on time.
FORUM = """
title: Mail forum
theme: Labour migration
objective: Take in mail.
timezone: UTC
opens: 1999-01-01T00:00:00
closes: 2030-01-01T00:00:00
lead_moderator: lead
"""
CLIMATE = """
title: Climate and mobility
theme: Climate change
objective: Share practice.
timezone: Europe/Zurich
opens: 2027-02-22T09:00:00
closes: 2027-03-19T17:00:00
lead_moderator: lead
"""
QUESTION = "---\ntitle: {title}\n---\n{title}?\n"


def make_site(root: Path) -> Path:
    """Two spaces: 'forum' (one question, q1) and 'climate' (q1 and q2)."""
    write_tree(root, {
        "mkdocs.yml": "site_name: T\nplugins:\n  - spaces:\n"
                      "      intake_email: hub@spaces.example.org\n",
        "people/lead.yml": "name: Lea Lead\n",
        "spaces/forum/space.yml": FORUM,
        "spaces/forum/q1/question.md": QUESTION.format(title="Forum question"),
        "spaces/climate/space.yml": CLIMATE,
        "spaces/climate/q1/question.md": QUESTION.format(title="Relocation"),
        "spaces/climate/q2/question.md": QUESTION.format(title="Adaptation"),
    })
    return root


def intake(root: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """Run `spaces intake email --root ROOT ARGS` and return click's result."""
    result = CliRunner().invoke(main, ["intake", "email", "--root", str(root),
                                       *args], env=env, catch_exceptions=False)
    return result


def posts(root: Path) -> dict[str, str]:
    """Every post file under spaces/, path relative to root -> text."""
    found = {}
    for path in sorted((root / "spaces").rglob("*.md")):
        if path.name not in ("question.md", "index.md"):
            found[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
    return found


def body(text: str) -> str:
    """The Markdown body of a post file (after its front matter)."""
    return text.split("\n---\n", 1)[1].strip("\n")


def front(text: str) -> str:
    return text.split("\n---\n", 1)[0] + "\n---"


def clean_env() -> dict[str, str]:
    """No SPACES_IMAP_* leaking in from the developer's shell."""
    return {key: "" for key in os.environ if key.startswith("SPACES_IMAP_")}
