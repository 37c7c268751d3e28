"""Routing, robots, dates, charsets and the quarantine, on messages built here."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import REPO
from tests.read.mail.helpers import body, intake, make_site, posts


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


def mail(tmp_path: Path, name: str, *, to: str = "hub@spaces.example.org",
         subject: str = "My answer", text: str = "We relocated three villages.",
         sender: str = "Amina Diallo <amina@ministry.example>",
         date: str = "Wed, 03 Mar 2027 10:00:00 +0000", **headers: str) -> Path:
    """Write one message as a .eml file; extra headers by keyword (X_Foo=...)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = date
    message["Message-ID"] = f"<{name}@mail.example>"
    for key, value in headers.items():
        message[key.replace("_", "-")] = value
    message.set_content(text)
    path = tmp_path / f"{name}.eml"
    path.write_bytes(bytes(message))
    return path


def test_plus_address_routes_to_space_and_question(root: Path, tmp_path: Path) -> None:
    path = mail(tmp_path, "a", to="Hub <hub+climate.q2@spaces.example.org>")
    result = intake(root, str(path))
    assert f"{path}: posted: spaces/climate/q2/20270303T100000Z-amina-diallo.md" in (
        result.output)
    text = posts(root)["spaces/climate/q2/20270303T100000Z-amina-diallo.md"]
    assert text == ("---\nauthor: Amina Diallo\naffiliation: ''\n"
                    "posted: '2027-03-03T10:00:00Z'\nlanguage: en\n"
                    "source: <a@mail.example>\n---\n\nWe relocated three villages.\n")


def test_subject_tag_routes_when_the_address_does_not(root: Path,
                                                      tmp_path: Path) -> None:
    path = mail(tmp_path, "b", subject="Re: [climate/q1] Relocation")
    intake(root, str(path))
    assert list(posts(root)) == ["spaces/climate/q1/20270303T100000Z-amina-diallo.md"]


def test_unrouted_mail_is_quarantined_and_listed(root: Path, tmp_path: Path) -> None:
    path = mail(tmp_path, "c", subject="[Fedora-packaging] hello")
    result = intake(root, str(path))
    assert (f"{path}: quarantined (unrouted): no space found: not addressed to "
            "hub+<space>.<question>@..., no [<space>/<question>] tag in the subject, "
            "and not a reply to an emailed post [quarantine/mail-") in result.output
    assert posts(root) == {}
    listed = CliRunner().invoke(main, ["quarantine", "list", "--root", str(root)])
    (line, total) = listed.output.splitlines()
    assert line.startswith("quarantine/mail-") and line.endswith(
        ".eml  [unrouted] [Fedora-packaging] hello from Amina Diallo: no space found: "
        "not addressed to hub+<space>.<question>@..., no [<space>/<question>] tag "
        "in the subject, and not a reply to an emailed post")
    assert total == "1 message(s) in quarantine"
    assert intake(root, "--list-quarantine").output == listed.output
    # The quarantine keeps the message byte for byte.
    kept = root / line.split("  ")[0]
    assert kept.read_bytes() == path.read_bytes()


def test_unknown_question_names_the_questions(root: Path, tmp_path: Path) -> None:
    path = mail(tmp_path, "d", to="hub+climate.q9@spaces.example.org")
    result = intake(root, str(path))
    assert ("quarantined (unknown-question): address +climate.q9 gives question "
            "'q9' in space 'climate'; its questions: q1, q2") in result.output


def test_reply_to_an_emailed_post_becomes_a_reply(root: Path, tmp_path: Path) -> None:
    first = mail(tmp_path, "first", to="hub+climate.q1@spaces.example.org")
    intake(root, str(first))
    reply = mail(tmp_path, "reply", subject="Re: My answer", text="Agreed.",
                 sender="=?utf-8?q?Jos=C3=A9_Mart=C3=ADnez?= <jm@un.example>",
                 date="Thu, 04 Mar 2027 09:00:00 +0100",
                 In_Reply_To="<first@mail.example>",
                 References="<other@x.example> <first@mail.example>")
    intake(root, str(reply))
    text = posts(root)["spaces/climate/q1/20270304T080000Z-jose-martinez.md"]
    assert "author: José Martínez\n" in text
    assert "in_reply_to: 20270303T100000Z-amina-diallo\n" in text


def test_closed_space_is_refused_on_the_sending_date(root: Path,
                                                     tmp_path: Path) -> None:
    late = mail(tmp_path, "late", to="hub+climate.q1@spaces.example.org",
                date="Mon, 22 Mar 2027 10:00:00 +0000")
    result = intake(root, str(late))
    assert "quarantined (closed): space 'climate' closed on 2027-03-19T17:00:00+01:00" \
        in result.output


def test_date_later_than_receipt_is_bounded_by_received(root: Path,
                                                        tmp_path: Path) -> None:
    path = mail(tmp_path, "clock", to="hub+climate.q1@spaces.example.org",
                date="Fri, 05 Mar 2027 10:00:00 +0000",
                Received="from mx.example by hub.example; Wed, 03 Mar 2027 "
                         "08:30:00 +0000")
    intake(root, str(path))
    assert list(posts(root)) == ["spaces/climate/q1/20270303T083000Z-amina-diallo.md"]


@pytest.mark.parametrize("headers, label, reason", [
    ({"Auto_Submitted": "auto-replied", "subject": "Out of Office: My answer"},
     "auto-reply", "sent automatically (Auto-Submitted: auto-replied)"),
    ({"X_Autoreply": "yes"}, "auto-reply", "an automatic reply (X-Autoreply: yes)"),
    ({"subject": "Réponse automatique : My answer"}, "auto-reply",
     "an automatic reply (out of office or similar; subject "
     "'Réponse automatique : My answer')"),
    ({"sender": "Mail Delivery System <MAILER-DAEMON@mx.example>",
      "subject": "Undelivered Mail Returned to Sender"}, "bounce",
     "a delivery failure report (bounce), not a contribution"),
    ({"sender": "GitHub <noreply@github.example>"}, "robot",
     "sent by an automated system (GitHub), not a person"),
])
def test_robots_are_quarantined_with_a_log_line(
        root: Path, tmp_path: Path, headers: dict[str, str], label: str,
        reason: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    path = mail(tmp_path, "robot", to="hub+climate.q1@spaces.example.org",
                **headers)
    result = intake(root, str(path))
    assert f"quarantined ({label}): {reason} [quarantine/mail-" in result.output
    assert posts(root) == {}
    assert any(f"quarantined ({label}): {reason}" in r.getMessage()
               for r in caplog.records)


def test_spam_signals_are_recorded_on_the_post(root: Path, tmp_path: Path) -> None:
    path = mail(tmp_path, "spam", to="hub+climate.q1@spaces.example.org",
                X_Spam_Flag="YES",
                Authentication_Results="mx.example; spf=softfail smtp.mailfrom=x")
    intake(root, str(path))
    (text,) = posts(root).values()
    assert "spam_signals:\n- 'X-Spam-Flag: YES'\n- SPF failed\n" in text


def test_html_only_mail_becomes_markdown_without_its_quote(
        root: Path, tmp_path: Path) -> None:
    message = EmailMessage()
    message["From"] = "Nadia Rahman <nadia@undp.example>"
    message["To"] = "hub+climate.q2@spaces.example.org"
    message["Subject"] = "Adaptation"
    message["Date"] = "Wed, 03 Mar 2027 10:00:00 +0000"
    message["Message-ID"] = "<html@mail.example>"
    message.set_content(
        "<html><body><p>We see <b>mobility</b> as adaptation:</p><ul><li>seasonal"
        "</li><li>circular</li></ul><div class=\"gmail_quote\">On Tue, Lea wrote:"
        "<blockquote>Old text</blockquote></div><script>x()</script></body></html>",
        subtype="html")
    path = tmp_path / "html.eml"
    path.write_bytes(bytes(message))
    intake(root, str(path))
    (text,) = posts(root).values()
    assert body(text) == ("We see **mobility** as adaptation:\n\n- seasonal\n"
                          "- circular")


def test_wrong_and_unknown_charsets_do_not_crash(root: Path, tmp_path: Path) -> None:
    head = ("From: =?x-unknown?q?Ren=E9?= Dupont <r@example.fr>\r\n"
            "To: hub+climate.q1@spaces.example.org\r\nSubject: Eau\r\n"
            "Date: Wed, 03 Mar 2027 10:0{minute}:00 +0000\r\nMessage-ID: <{id}@x>\r\n"
            "Content-Type: text/plain; charset={charset}\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n")
    cases = {"klingon": ("x-klingon", "Là où l’eau monte.".encode("cp1252")),
             "ascii": ("us-ascii", "Là où l’eau monte.".encode("utf-8"))}
    for minute, (name, (charset, text)) in enumerate(cases.items()):
        raw = head.format(id=name, charset=charset, minute=minute).encode(
            "ascii") + text + b"\r\n"
        (tmp_path / f"{name}.eml").write_bytes(raw)
        intake(root, str(tmp_path / f"{name}.eml"))
    written = list(posts(root).values())
    assert len(written) == 2
    for text in written:
        assert body(text) == "Là où l’eau monte."
        assert "author: René Dupont\n" in text


def test_too_large_message_is_quarantined(root: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("generator.read.mail.intake.MAX_MESSAGE_BYTES", 200)
    path = mail(tmp_path, "big", to="hub+climate.q1@spaces.example.org",
                text="x" * 300)
    result = intake(root, str(path))
    assert "quarantined (too-large): message of" in result.output
    assert "bytes; the limit is 200" in result.output


def test_maildir_is_read(root: Path, tmp_path: Path) -> None:
    import mailbox

    box = mailbox.Maildir(tmp_path / "Maildir")
    message = mailbox.MaildirMessage(
        mail(tmp_path, "m1", to="hub+climate.q1@spaces.example.org").read_bytes())
    # Delivered (the file's time) an hour after the Date header: Date stands.
    message.set_date(dt.datetime(2027, 3, 3, 11, tzinfo=dt.timezone.utc).timestamp())
    box.add(message)
    result = intake(root, str(tmp_path / "Maildir"))
    assert result.output.splitlines()[-1].endswith("1 posted, 0 duplicate, "
                                                   "0 quarantined")
    assert list(posts(root)) == ["spaces/climate/q1/20270303T100000Z-amina-diallo.md"]


def test_maildir_delivery_time_bounds_a_future_date(root: Path,
                                                    tmp_path: Path) -> None:
    import mailbox

    box = mailbox.Maildir(tmp_path / "Maildir")
    message = mailbox.MaildirMessage(mail(
        tmp_path, "m2", to="hub+climate.q1@spaces.example.org",
        date="Tue, 09 Mar 2027 10:00:00 +0000").read_bytes())
    message.set_date(dt.datetime(2027, 3, 4, 7, tzinfo=dt.timezone.utc).timestamp())
    box.add(message)
    intake(root, str(tmp_path / "Maildir"))
    assert list(posts(root)) == ["spaces/climate/q1/20270304T070000Z-amina-diallo.md"]


def test_quarantine_folder_is_git_ignored() -> None:
    checked = subprocess.run(["git", "check-ignore", "quarantine/mail-x.eml",
                              "private/mail-attachments/x/y.gif"], cwd=REPO,
                             check=False, capture_output=True, text=True)
    assert checked.stdout.splitlines() == ["quarantine/mail-x.eml",
                                           "private/mail-attachments/x/y.gif"]


@pytest.mark.parametrize("raw, label", [
    (b"", "unrouted"),
    (b"\x00\xff\xfe garbage \x80\x81", "unrouted"),
    (
    b"From: =?utf-8?b?!!!?= <x@y>\r\nContent-Type: multipart/mixed; boundary=\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\n@@@@", "unrouted"),
    (b"From: Ana <a@b.example>\r\nDate: not a date\r\nTo: hub+climate.q1@"
    b"spaces.example.org\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: quoted-printable\r\n\r\n=E2=82=AC =ZZ =\r\n",
     "no-date"),
])
def test_broken_messages_are_quarantined_not_crashed_on(
        root: Path, tmp_path: Path, raw: bytes, label: str) -> None:
    path = tmp_path / "broken.eml"
    path.write_bytes(raw)
    result = intake(root, str(path))
    assert result.exit_code == 0
    assert result.output.splitlines()[-1].endswith("0 posted, 0 duplicate, "
                                                   "1 quarantined")
    assert f"{path}: quarantined ({label}): " in result.output


def test_plain_text_keeps_angle_brackets_and_hashes_as_text(
        root: Path, tmp_path: Path) -> None:
    path = mail(tmp_path, "plain", to="hub+climate.q1@spaces.example.org",
                text="#3 priority: quotas <10% are too low.\n\n    <code stays>\n")
    intake(root, str(path))
    (text,) = posts(root).values()
    assert body(text) == ("\\#3 priority: quotas &lt;10% are too low.\n\n"
                          "    <code stays>")
    from generator.render.markdown import MarkdownRenderer, sanitise

    assert sanitise(MarkdownRenderer()(body(text))) == (
        "<p>#3 priority: quotas &lt;10% are too low.</p>\n"
        "<pre><code>&lt;code stays&gt;\n</code></pre>")


def test_a_subject_about_absence_is_not_an_auto_reply(root: Path,
                                                      tmp_path: Path) -> None:
    path = mail(tmp_path, "absence", to="hub+climate.q1@spaces.example.org",
                subject="Absence of legal pathways in the region")
    result = intake(root, str(path))
    assert ": posted: spaces/climate/q1/" in result.output


def test_same_name_in_the_same_second_keeps_both_posts(root: Path,
                                                       tmp_path: Path) -> None:
    for name in ("first", "second"):
        intake(root, str(mail(tmp_path, name, to="hub+climate.q1@spaces.example.org",
                              text=f"The {name} answer.")))
    assert sorted(posts(root)) == [
        "spaces/climate/q1/20270303T100000Z-amina-diallo-2.md",
        "spaces/climate/q1/20270303T100000Z-amina-diallo.md"]


def test_overlong_text_is_quarantined_with_the_limit(root: Path,
                                                     tmp_path: Path) -> None:
    path = mail(tmp_path, "long", to="hub+climate.q1@spaces.example.org",
                text="word " * 5000)
    result = intake(root, str(path))
    assert ("quarantined (too-long): the response has 24,999 characters; the limit "
            "is 20,000") in result.output
