"""The mail intake on every real message in ../shared/fixtures/emails."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.read.mail.helpers import body, front, intake, make_site, posts

EMAILS = "emails"
TALON = {
    "reply-gmail.eml": ("Lydia Orr", "2012-04-02T16:21:52Z"),
    "reply-apple_mail.eml": ("xxx", "2012-04-03T12:55:26Z"),
    "reply-android.eml": ("Andrei Lukanin", "2012-04-02T14:22:10Z"),
    "reply-hotmail.eml": ("Dmitry K", "2012-04-02T13:47:37Z"),
}
# What each fixture becomes when routed to forum/q1: a post by this author, or
# quarantine with this label. Routed explicitly: the fixtures are addressed to
# placeholder addresses.
EXPECTED = {
    "cpython-test_email/msg_01.eml": "John X. Doe",
    "cpython-test_email/msg_07.eml": "Gerry",
    "cpython-test_email/msg_10.eml": "Gerry Walden",
    "cpython-test_email/msg_15.eml": ("no-name",),
    "cpython-test_email/msg_22.eml": ("no-name",),
    "cpython-test_email/msg_38.eml": ("no-name",),
    "cpython-test_email/msg_45.eml": ("no-name",),
    "cpython-test_email/msg_46.eml": "Dr. Sender",
    "cpython-test_email/msg_47.eml": ("no-name",),
    "hyperkitty/fedora-lists-rfc2047-headers.mbox": [
        "Ján Pokorny", "Ján Pokorny", "Göran Nilsson", "Ludmila Růžičková",
        "Ivo Novák", "Göran Nilsson"],
    "hyperkitty/mailman-developers-gb2312-qp.mbox": ["Some One"],
    "hyperkitty/vcard-attachment-iso-8859-15.eml": "rex",
    "mail-parser/rfc2047-display-names-with-commas.eml": "LastßlName, FirstName",
    "ponymail/httpd-users-200606-part.mbox": [
        "JUNYI LIU", "freddy lane", "JUNYI LIU"] + ["Douglas Yates"] * 7
    + ["JUNYI LIU", "Minh Tran"],
    "ponymail/maven-dev-2017-11-thread-beam-leaving-maven.mbox": [
        "Damien Rossi-Vidal", "Torsten Kramer", "Damien Rossi-Vidal",
        "Torsten Kramer", "Oleg Kuznetsov", "Damien Rossi-Vidal", "Gunther Huber",
        ("needs-review",), "André LACOMBE", "Damien Rossi-Vidal", "Wouter Dijkman"],
    "ponymail/nexus-html-only.mbox": [("robot",)] * 3,
    "ponymail/text_enriched.mbox": ["Rahul Venkatesan"],
    "talon/reply-android.eml": "Andrei Lukanin",
    "talon/reply-apple_mail.eml": "xxx",
    "talon/reply-gmail.eml": "Lydia Orr",
    "talon/reply-hotmail.eml": "Dmitry K",
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


def _outcomes(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": posted: " in line
            or ": quarantined (" in line or ": duplicate: " in line]


def test_every_fixture_is_posted_or_quarantined_with_its_reason(
        root: Path, fixtures: Path) -> None:
    files = sorted(p for p in (fixtures / EMAILS).rglob("*") if p.is_file())
    assert {p.relative_to(fixtures / EMAILS).as_posix() for p in files} == set(
        EXPECTED), "a fixture was added or removed: update EXPECTED"
    result = intake(root, "--route", "forum/q1", *map(str, files))
    assert result.exit_code == 0, result.output

    lines = _outcomes(result.output)
    expected: list[object] = []
    for name in sorted(EXPECTED):
        want = EXPECTED[name]
        expected += want if isinstance(want, list) else [want]
    assert len(lines) == len(expected) == 49
    written = posts(root)
    for line, want in zip(lines, expected, strict=True):
        if isinstance(want, tuple):
            assert f": quarantined ({want[0]}): " in line, line
            continue
        assert ": posted: " in line, line
        text = written[line.rsplit(": ", 1)[1]]
        assert yaml.safe_load(front(text).strip("-"))["author"] == want
    assert result.output.splitlines()[-1].endswith(
        "49 message(s): 40 posted, 0 duplicate, 9 quarantined".split(": ", 1)[1])
    assert "(unreadable)" not in result.output


def test_no_post_publishes_the_senders_address(root: Path, fixtures: Path) -> None:
    files = sorted(str(p) for p in (fixtures / EMAILS).rglob("*") if p.is_file())
    intake(root, "--route", "forum/q1", *files)
    for path, text in posts(root).items():
        assert "@example.org" not in front(text), path
        assert "person83@example.org" not in text and "bob@example.com" not in text


@pytest.mark.parametrize("name", sorted(TALON))
def test_talon_replies_keep_only_the_senders_words(root: Path, fixtures: Path,
                                                   name: str) -> None:
    author, posted = TALON[name]
    intake(root, "--route", "forum/q1", str(fixtures / EMAILS / "talon" / name))
    (text,) = posts(root).values()
    assert body(text) == "Hello"
    meta = yaml.safe_load(front(text).strip("-"))
    assert (meta["author"], meta["posted"], meta["affiliation"]) == (author, posted, "")


def test_gmail_reply_file_is_exactly_this(root: Path, fixtures: Path) -> None:
    intake(root, "--route", "forum/q1",
           str(fixtures / EMAILS / "talon" / "reply-gmail.eml"))
    assert posts(root) == {"spaces/forum/q1/20120402T162152Z-lydia-orr.md": (
        "---\nauthor: Lydia Orr\naffiliation: ''\nposted: '2012-04-02T16:21:52Z'\n"
        "language: en\nsource: <CAKsfaBW4hj0Gek6TwbR3erng4P1y0CZzJ0d=pXtCNnYnbe7PLg"
        "@host5.example.invalid>\n---\n\nHello\n")}


def test_rfc2047_names_and_inline_reply_in_czech(root: Path, fixtures: Path) -> None:
    mbox = fixtures / EMAILS / "hyperkitty" / "fedora-lists-rfc2047-headers.mbox"
    intake(root, "--route", "forum/q1", str(mbox))
    written = posts(root)
    reply = written["spaces/forum/q1/20120710T121153Z-jan-pokorny.md"]
    assert body(reply) == (
        "Thank you for your clarification. Actually, it is similar for Ruby.\n"
        "Arch-independent packages do not require -devel package because of\n"
        "build, but because of macros. And I find it more reasonable then to have\n"
        "/etc/rpm/macros.ruby in my runtime system, where I have no use for this\n"
        "file.\n\nJan")
    ludmila = written["spaces/forum/q1/20120718T074137Z-ludmila-ruzickova.md"]
    assert "author: Ludmila Růžičková\n" in ludmila
    # In-Reply-To names Ján's first message, taken in earlier in the same run.
    assert "in_reply_to: 20120710T112944Z-jan-pokorny\n" in ludmila
    assert body(ludmila) == (
        "It depends what you need to do. Part of Perl macros is in a special\n"
        "package perl-srpm-macros, which is required by redhat-rpm-config. We\n"
        "should have all macros defined in perl-srpm-macros in buildroot\n"
        "everytime, which was one of our issues during annual rebuild.\n\nLudmila")


def test_comma_in_encoded_display_name(root: Path, fixtures: Path) -> None:
    intake(root, "--route", "forum/q1", str(
        fixtures / EMAILS / "mail-parser" / "rfc2047-display-names-with-commas.eml"))
    (path,) = posts(root)
    assert path == "spaces/forum/q1/20251103T172300Z-lastsslname-firstname.md"
    assert "author: LastßlName, FirstName\n" in posts(root)[path]


def test_gb2312_label_with_a_windows_quote(root: Path, fixtures: Path) -> None:
    intake(root, "--route", "forum/q1", str(
        fixtures / EMAILS / "hyperkitty" / "mailman-developers-gb2312-qp.mbox"))
    (text,) = posts(root).values()
    assert "    d. They found lots of defects that I haven’t found\n" in text
    assert "\ufffd" not in text
    # The postal address and phone number below the name are a signature.
    assert body(text).endswith("    f. Not Applicable\nAnswer:")


def test_latin1_name_and_german_attribution(root: Path, fixtures: Path) -> None:
    intake(root, "--route", "forum/q1", str(
        fixtures / EMAILS / "ponymail"
        / "maven-dev-2017-11-thread-beam-leaving-maven.mbox"))
    written = posts(root)
    andre = written["spaces/forum/q1/20171128T064607Z-andre-lacombe.md"]
    assert body(andre) == (
        "IMHO, visualizing that graph and the effective time on each build step is "
        "the\nfirst thing to do before trying to change anything\nIt's on my TODO "
        "list for a long time: having some common work on it would help")
    torsten = written["spaces/forum/q1/20171127T194709Z-torsten-kramer.md"]
    assert body(torsten) == ("Did they disable the build daemon? If not, it is not "
                             "a fair comparsion.\n\nTorsten")
    # Name and links under the text, without a "--" line, are a signature too.
    damien = written["spaces/forum/q1/20171127T192438Z-damien-rossi-vidal.md"]
    assert body(damien).endswith("dev.beam.apache.org%3E")
    wouter = written["spaces/forum/q1/20171129T201253Z-wouter-dijkman.md"]
    assert "affiliation: Apache Software Foundation\n" in wouter


def test_vcard_is_never_saved_and_gif_gets_a_generated_name(
        root: Path, fixtures: Path) -> None:
    cpython = fixtures / EMAILS / "cpython-test_email"
    intake(root, "--route", "forum/q1", str(cpython / "msg_07.eml"),
           str(fixtures / EMAILS / "hyperkitty" / "vcard-attachment-iso-8859-15.eml"))
    saved = sorted(p.relative_to(root).as_posix()
                   for p in (root / "private").rglob("*") if p.is_file())
    assert saved == ["private/mail-attachments/.gitignore",
                     "private/mail-attachments/20010420T233502Z-gerry/"
                     "20010420T233502Z-gerry-1.gif"]
    assert (root / saved[1]).read_bytes()[:6] == b"GIF87a"
    text = posts(root)["spaces/forum/q1/20010420T233502Z-gerry.md"]
    assert "attachments:\n- 20010420T233502Z-gerry-1.gif\n" in text
    rex = posts(root)["spaces/forum/q1/20120923T000213Z-rex.md"]
    assert body(rex) == "This is a test message."


def test_enriched_text_keeps_its_angle_brackets(root: Path, fixtures: Path) -> None:
    intake(root, "--route", "forum/q1",
           str(fixtures / EMAILS / "ponymail" / "text_enriched.mbox"))
    (text,) = posts(root).values()
    assert '          </Context>\n        </Host>\n' in text
    assert "<fontfamily>" not in text and "<param>" not in text


def test_second_run_makes_no_second_post(root: Path, fixtures: Path) -> None:
    mbox = str(fixtures / EMAILS / "ponymail"
               / "maven-dev-2017-11-thread-beam-leaving-maven.mbox")
    intake(root, "--route", "forum/q1", mbox)
    before = posts(root)
    again = intake(root, "--route", "forum/q1", mbox)
    assert posts(root) == before
    assert again.output.splitlines()[-1].endswith(
        "10 duplicate, 1 quarantined")


def test_forwarded_message_is_read_one_level_down(root: Path, fixtures: Path) -> None:
    intake(root, "--route", "forum/q1",
           str(fixtures / EMAILS / "cpython-test_email" / "msg_46.eml"))
    # The forwarded message's author and date (12:18:40 +0100), not the
    # forwarder's ("Sender", 12:21:16).
    assert posts(root) == {"spaces/forum/q1/20100201T111840Z-dr-sender.md": (
        "---\nauthor: Dr. Sender\naffiliation: ''\nposted: '2010-02-01T11:18:40Z'\n"
        "language: en\nsource: <4B66B890.4070408@host36.example.invalid>\n---\n\n"
        "Testing email forwarding with Groupwise 1.2.2010\n")}


def test_a_quarantined_message_taken_in_by_hand_leaves_the_quarantine(
        root: Path, fixtures: Path) -> None:
    intake(root, "--route", "forum/q1",
           str(fixtures / EMAILS / "cpython-test_email" / "msg_15.eml"))
    (kept,) = (root / "quarantine").glob("*.eml")
    result = intake(root, "--route", "forum/q1", "--author", "Outlook Tester",
                    str(kept))
    assert ": posted: spaces/forum/q1/20010430T101750Z-outlook-tester.md" in (
        result.output)
    assert sorted(p.name for p in (root / "quarantine").iterdir()) == [".gitignore"]
    (text,) = posts(root).values()
    assert body(text) == "Some removed test."
