"""A real IMAP server for the mail tests, started once per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.read.mail import dovecot as dovecot_server


@pytest.fixture(scope="session")
def dovecot() -> Iterator[dovecot_server.Dovecot]:
    """Dovecot on 127.0.0.1; skips only when dovecot is not installed here."""
    reason = dovecot_server.unavailable()
    if reason:
        pytest.skip(reason)
    server = dovecot_server.start()
    try:
        yield server
    finally:
        server.stop()
