"""Shared fixtures: the real-world inputs in ../shared and small content trees."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = SHARED / "fixtures"
DEMO_NOW = "2027-03-10T12:00:00Z"


@pytest.fixture
def fixtures() -> Path:
    """../shared/fixtures, or a skip saying why it is missing."""
    if not FIXTURES.is_dir():
        pytest.skip(f"real-world fixtures not found at {FIXTURES} (../shared absent)")
    return FIXTURES


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (relative path -> text, dedented) under ``root``."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def copy_repo_content(target: Path) -> Path:
    """A copy of the example site (content, theme, config, forms) to change freely."""
    for name in ("spaces", "people", "summaries", "proposals", "docs", "theme"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / ".github", target / ".github")
    return target


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    return copy_repo_content(tmp_path / "site-src")


def mkdocs_build(root: Path, site_dir: Path, now: str | None = DEMO_NOW,
                 audience: str | None = None) -> Path:
    """Run the real `mkdocs build` through our CLI with a pinned clock."""
    from click.testing import CliRunner

    from generator.cli import main

    env = {"SPACES_NOW": now} if now else {}
    args = ["build", "--root", str(root), "--site-dir", str(site_dir)]
    if audience:
        args += ["--audience", audience]
    old = dict(os.environ)
    try:
        result = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    finally:
        os.environ.clear()
        os.environ.update(old)
    assert result.exit_code == 0, result.output
    return site_dir


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site built once with the clock at the demo instant."""
    out = tmp_path_factory.mktemp("demo-site")
    src = copy_repo_content(tmp_path_factory.mktemp("demo-src"))
    return mkdocs_build(src, out)
