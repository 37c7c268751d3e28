"""`spaces serve` and `spaces build` refuse bad settings with a plain message."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import REPO


def test_a_busy_port_is_named_with_a_free_one_to_try() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--root", str(REPO),
                                           "--dev-addr", f"127.0.0.1:{port}"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: cannot serve on 127.0.0.1:{port}: Address already in use. Stop the "
        f"program using it, or pick another address: --dev-addr 127.0.0.1:{port + 1}\n")
    assert result.exception is not None and not isinstance(
        result.exception, OSError), "a traceback, not a message"


@pytest.mark.parametrize("value, why", [
    ("banana", "is not a duration such as '3 days' or '36 hours'"),
    ("-1 days", "is not a duration such as '3 days' or '36 hours'"),
    ("nan hours", "is not a duration such as '3 days' or '36 hours'"),
    ("1000000000 days", "is longer than any calendar can hold"),
])
def test_a_closing_soon_that_is_not_a_duration_is_named_by_check_and_build(
        example_copy, tmp_path, caplog, value, why) -> None:  # type: ignore[no-untyped-def]
    number = set_closing_soon(example_copy, value)
    message = f"mkdocs.yml:{number}: plugins → spaces → closing_soon: '{value}' {why}"
    check = CliRunner().invoke(main, ["check", "--root", str(example_copy)])
    assert check.exit_code == 1 and message in check.output
    build = CliRunner().invoke(main, ["build", "--root", str(example_copy),
                                      "--site-dir", str(tmp_path / "site")])
    # MkDocs logs the error, then stops.
    assert build.exit_code == 1 and isinstance(build.exception, SystemExit)
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        f"content has errors:\n{message}"]


def test_a_number_of_hours_is_a_closing_soon_too(example_copy, tmp_path) -> None:  # type: ignore[no-untyped-def]
    set_closing_soon(example_copy, "72")
    assert CliRunner().invoke(main, ["check", "--root", str(example_copy)]).exit_code == 0
    build = CliRunner().invoke(main, ["build", "--root", str(example_copy),
                                      "--site-dir", str(tmp_path / "site")],
                               env={"SPACES_NOW": "2027-03-10T12:00:00Z"})
    assert build.exit_code == 0, build.output
    html = (tmp_path / "site/spaces/labour-migration-skills/index.html").read_text("utf-8")
    assert 'data-soon="259200"' in html


def set_closing_soon(root, value: str) -> int:  # type: ignore[no-untyped-def]
    """Write ``value`` as closing_soon in root's mkdocs.yml; its line number."""
    config = root / "mkdocs.yml"
    lines = config.read_text("utf-8").splitlines()
    number = next(i for i, text in enumerate(lines, 1) if "closing_soon:" in text)
    lines[number - 1] = f"      closing_soon: {value}"
    config.write_text("\n".join(lines) + "\n", "utf-8")
    return number


@pytest.mark.parametrize("address", ["127.0.0.1:80999", "127.0.0.1:0", "localhost"])
def test_an_address_without_a_usable_port_is_refused(address: str) -> None:
    result = CliRunner().invoke(main, ["serve", "--root", str(REPO),
                                       "--dev-addr", address])
    assert result.exit_code == 2
    assert (f"Invalid value for --dev-addr: '{address}' is not host:port "
            "(port 1 to 65535)") in result.output
