"""`spaces serve` on an address it cannot use says so before building anything."""

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
