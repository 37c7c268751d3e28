"""The mail intake against a real IMAP server (dovecot), over IMAPS and STARTTLS."""

from __future__ import annotations

import imaplib
import mailbox
import re
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.read.mail.sources import quote_folder
from tests.read.mail.dovecot import Dovecot
from tests.read.mail.helpers import clean_env, intake, make_site, posts

GMAIL = "talon/reply-gmail.eml"


class Mailbox:
    """The test's own IMAP session on one folder of the server."""

    def __init__(self, server: Dovecot, folder: str):
        self.folder = folder
        self.wire = quote_folder(folder)  # modified UTF-7, as IMAP wants
        context = ssl.create_default_context(cafile=str(server.cafile))
        self.client = imaplib.IMAP4_SSL("127.0.0.1", server.tls_port,
                                        ssl_context=context)
        self.client.login(server.user, server.password)
        assert self.client.create(self.wire)[0] == "OK"
        self.client.select(self.wire)

    def append(self, raw: bytes) -> None:
        status, _ = self.client.append(self.wire, None,
                                       '"03-Mar-2027 10:00:00 +0000"', raw)
        assert status == "OK"

    def flags(self) -> list[set[str]]:
        """Each message's flags, in UID order."""
        _, data = self.client.uid("FETCH", "1:*", "(FLAGS)")
        # Unsolicited updates from the intake's session may repeat a message.
        found: dict[int, set[str]] = {}
        for line in data:
            text = line.decode() if isinstance(line, bytes) else line[0].decode()
            match = re.search(r"UID (\d+) FLAGS \(([^)]*)\)", text) or re.search(
                r"FLAGS \(([^)]*)\) UID (\d+)", text)
            if match and match.group(1).isdigit():
                found[int(match.group(1))] = set(match.group(2).split())
            elif match:
                found[int(match.group(2))] = set(match.group(1).split())
        return [found[uid] - {"\\Recent"} for uid in sorted(found)]


@pytest.fixture
def box(dovecot: Dovecot, request: pytest.FixtureRequest) -> Iterator[Mailbox]:
    """A folder of its own for each test, on the session's server."""
    session = Mailbox(dovecot, "T" + re.sub(r"[^A-Za-z0-9]", "",
                                            request.node.name)[:40])
    yield session
    session.client.logout()


def routed(raw: bytes, to: str) -> bytes:
    """The message with its To header replaced by one of our addresses."""
    head, sep, rest = raw.partition(b"\n\n") if b"\r\n\r\n" not in raw else (
        raw.partition(b"\r\n\r\n"))
    head = re.sub(rb"(?mi)^To:.*(\r?\n[ \t].*)*", b"To: " + to.encode(), head)
    return head + sep + rest


def env(server: Dovecot, folder: str, security: str = "imaps") -> dict[str, str]:
    return {**clean_env(), **server.env(security), "SPACES_IMAP_FOLDER": folder}


def test_imap_intake_posts_quarantines_and_flags(
        dovecot: Dovecot, box: Mailbox, tmp_path: Path, fixtures: Path) -> None:
    root = make_site(tmp_path / "site")
    emails = fixtures / "emails"
    box.append(routed((emails / GMAIL).read_bytes(),
                      "hub+forum.q1@spaces.example.org"))
    nexus = next(iter(mailbox.mbox(emails / "ponymail" / "nexus-html-only.mbox")))
    box.append(routed(nexus.as_bytes(), "hub+forum.q1@spaces.example.org"))
    box.append((emails / "talon" / "reply-hotmail.eml").read_bytes())

    result = intake(root, "--imap", env=env(dovecot, box.folder))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    prefix = f"imap://127.0.0.1/{box.folder};UID="
    assert lines[0] == (f"{prefix}1: posted: "
                        "spaces/forum/q1/20120402T162152Z-lydia-orr.md")
    assert lines[1].startswith(f"{prefix}2: quarantined (robot): sent by an "
                               "automated system (Nexus Repository Manager)")
    assert lines[2].startswith(f"{prefix}3: quarantined (unrouted): no space found")
    assert re.fullmatch(r"3 message\(s\) in \d+\.\d\d s: 1 posted, 0 duplicate, "
                        r"2 quarantined", lines[3])
    assert posts(root)["spaces/forum/q1/20120402T162152Z-lydia-orr.md"].endswith(
        "---\n\nHello\n")

    # Handled messages carry our keyword; the moderator still sees them unread.
    assert box.flags() == [{"$SpacesProcessed"},
                           {"$SpacesProcessed", "$SpacesQuarantined"},
                           {"$SpacesProcessed", "$SpacesQuarantined"}]

    again = intake(root, "--imap", env=env(dovecot, box.folder))
    assert again.output.splitlines()[-1].startswith("0 message(s) in ")


def test_starttls_takes_in_only_new_mail(dovecot: Dovecot, box: Mailbox,
                                         tmp_path: Path, fixtures: Path) -> None:
    root = make_site(tmp_path / "site")
    talon = fixtures / "emails" / "talon"
    box.append(routed((talon / "reply-apple_mail.eml").read_bytes(),
                      "hub+forum@spaces.example.org"))
    first = intake(root, "--imap", env=env(dovecot, box.folder, "starttls"))
    assert "1 posted" in first.output.splitlines()[-1]
    box.append(routed((talon / "reply-android.eml").read_bytes(),
                      "hub+forum.q1@spaces.example.org"))
    second = intake(root, "--imap", env=env(dovecot, box.folder, "starttls"))
    assert second.output.splitlines()[-1].startswith("1 message(s) in ")
    assert sorted(posts(root)) == [
        "spaces/forum/q1/20120402T142210Z-andrei-lukanin.md",
        "spaces/forum/q1/20120403T125526Z-xxx.md"]


def test_folder_with_accents(dovecot: Dovecot, tmp_path: Path,
                             fixtures: Path) -> None:
    box = Mailbox(dovecot, "Réponses reçues")
    root = make_site(tmp_path / "site")
    box.append(routed((fixtures / "emails" / GMAIL).read_bytes(),
                      "hub+forum.q1@spaces.example.org"))
    result = intake(root, "--imap", env=env(dovecot, box.folder))
    assert result.output.splitlines()[0].startswith(
        "imap://127.0.0.1/Réponses reçues;UID=1: posted: ")
    assert box.flags() == [{"$SpacesProcessed"}]
    box.client.logout()


def test_untrusted_certificate_is_refused(dovecot: Dovecot, box: Mailbox,
                                          tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    variables = env(dovecot, box.folder)
    variables["SPACES_IMAP_CAFILE"] = ""
    result = CliRunner_invoke(root, variables)
    assert result.exit_code == 1
    assert f"Error: IMAP 127.0.0.1:{dovecot.tls_port}: [SSL: " \
           "CERTIFICATE_VERIFY_FAILED]" in result.output


def test_wrong_password_is_a_clear_error(dovecot: Dovecot, box: Mailbox,
                                         tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    variables = env(dovecot, box.folder)
    variables["SPACES_IMAP_PASSWORD"] = "wrong"
    result = CliRunner_invoke(root, variables)
    assert result.exit_code == 1
    assert f"Error: IMAP 127.0.0.1:{dovecot.tls_port}: " in result.output
    assert "AUTHENTICATIONFAILED" in result.output


def CliRunner_invoke(root: Path, variables: dict[str, str]):  # noqa: N802
    from click.testing import CliRunner

    from generator.cli import main

    return CliRunner().invoke(main, ["intake", "email", "--root", str(root),
                                     "--imap"], env=variables)
