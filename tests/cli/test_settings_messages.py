"""`spaces serve` and `spaces build` refuse bad settings with a plain message."""

from __future__ import annotations

import socket

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


def test_an_address_without_a_port_is_refused() -> None:
    result = CliRunner().invoke(main, ["serve", "--root", str(REPO),
                                       "--dev-addr", "localhost"])
    assert result.exit_code == 2
    assert "Invalid value for --dev-addr: 'localhost' is not host:port" in result.output


def test_a_closing_soon_that_is_not_a_duration_is_named_by_check_and_build(
        example_copy, tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    config = example_copy / "mkdocs.yml"
    lines = config.read_text("utf-8").splitlines()
    number = next(i for i, text in enumerate(lines, 1) if "closing_soon:" in text)
    lines[number - 1] = "      closing_soon: banana"
    config.write_text("\n".join(lines) + "\n", "utf-8")
    message = (f"mkdocs.yml:{number}: plugins → spaces → closing_soon: 'banana' is "
               "not a duration such as '3 days' or '36 hours'")
    check = CliRunner().invoke(main, ["check", "--root", str(example_copy)])
    assert check.exit_code == 1 and message in check.output
    build = CliRunner().invoke(main, ["build", "--root", str(example_copy),
                                      "--site-dir", str(tmp_path / "site")])
    # MkDocs logs the error, then stops.
    assert build.exit_code == 1 and isinstance(build.exception, SystemExit)
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        f"content has errors:\n{message}"]
