"""The GitHub files pass zizmor, actionlint and GitHub's schemas, and keep our
security lines."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = REPO / ".github/workflows"
BIN = Path(sys.executable).parent


def _tool(name: str) -> str | None:
    local = BIN / name
    return str(local) if local.exists() else shutil.which(name)


def test_workflows_exist() -> None:
    assert sorted(p.name for p in WORKFLOWS.glob("*.yml")) == [
        "checks.yml", "intake.yml", "publish.yml"]


def test_zizmor_finds_nothing_even_pedantic() -> None:
    zizmor = _tool("zizmor")
    if zizmor is None:
        pytest.fail("zizmor is not installed: it is a test dependency "
                    "(pip install -e '.[test]')")
    result = subprocess.run([zizmor, "--offline", "--persona", "pedantic",
                             "--no-progress", str(WORKFLOWS)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_actionlint_finds_nothing() -> None:
    actionlint = _tool("actionlint")
    if actionlint is None:
        pytest.fail("actionlint is not installed: it is a test dependency "
                    "(pip install -e '.[test]')")
    result = subprocess.run([actionlint, "-no-color", *map(str, sorted(
        WORKFLOWS.glob("*.yml")))], capture_output=True, text=True, timeout=120,
        cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_expression_in_run_and_no_pull_request_target() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        # YAML 1.1 reads the key `on` as True.
        triggers = workflow.get(True) or workflow.get("on")
        assert "pull_request_target" not in triggers, path.name
        assert workflow["permissions"] == {}, path.name
        for name, job in workflow["jobs"].items():
            assert "permissions" in job, f"{path.name}: job {name}"
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), f"{path.name}: {step}"
                uses = step.get("uses", "")
                assert not uses or re.fullmatch(r"[\w./-]+@[0-9a-f]{40}", uses), uses


@pytest.mark.parametrize("schema, pattern", [
    ("vendor.github-workflows", "workflows/*.yml"),
    ("vendor.github-issue-forms", "ISSUE_TEMPLATE/[!c]*.yml"),
    ("vendor.github-issue-forms", "ISSUE_TEMPLATE/comment.yml"),
    ("vendor.github-issue-config", "ISSUE_TEMPLATE/config.yml"),
])
def test_github_files_match_githubs_schemas(schema: str, pattern: str) -> None:
    # GitHub refuses an invalid issue form silently (the form just disappears
    # from the chooser), so the schema check is the only early warning.
    checker = _tool("check-jsonschema")
    if checker is None:
        pytest.fail("check-jsonschema is not installed: it is a test dependency")
    files = sorted(str(p) for p in (REPO / ".github").glob(pattern))
    assert files, pattern
    result = subprocess.run([checker, "--builtin-schema", schema, *files],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
