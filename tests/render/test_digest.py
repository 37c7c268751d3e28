"""`spaces digest`: what is new since a date, as the site shows it then."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from tests.render.lifecycle_tree import make_tree


def digest(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["digest", "--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_digest_lists_new_posts_and_replies_since_the_date(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    code, out, err = digest(root, "open", "--since", "2027-03-02T12:00:00",
                            "--now", "2027-03-10T12:00:00Z")
    assert code == 0, err
    assert out == (
        "# New in “Open space” since 2 March 2027\n"
        "\n"
        "1 new posts since 2 March 2027.\n"
        "\n"
        "## [Q&A \\<draft\\>](/spaces/open/q1/)\n"
        "\n"
        "### Bo · 4 March 2027, 11:00\n"
        "\n"
        "_in reply to Ana_\n"
        "\n"
        "I agree with Ana.\n"
        "\n"
        "[Read it on the site](/spaces/open/q1/#post-20270304T100000Z-bo)\n"
        "\n")
    assert err.splitlines() == [
        "warning: site_url is not set in mkdocs.yml; links in the digest are paths "
        "on the site",
        "1 new posts since 2027-03-02T12:00:00+01:00"]


def test_digest_html_is_a_sanitised_document_without_hidden_or_scheduled_posts(
        tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    html_file = tmp_path / "digest.html"
    code, out, err = digest(root, "open", "--since", "2027-03-01", "--now",
                            "2027-03-10T12:00:00Z", "--html", str(html_file))
    assert (code, out) == (0, "")
    html = html_file.read_text("utf-8")
    assert html.startswith("<!doctype html>\n<html lang=\"en\">")
    assert "<title>New in “Open space” since 1 March 2027</title>" in html
    assert "<p>2 new posts since 1 March 2027.</p>" in html
    assert "Ana, City &amp; Co" in html
    assert "<script" not in html
    for absent in ("Buy now", "Scheduled words", "Internal words"):
        assert absent not in html


def test_digest_with_nothing_new_says_so(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    code, out, _ = digest(root, "open", "--since", "2027-03-09", "--now",
                          "2027-03-10T12:00:00Z")
    assert (code, out) == (0, "# New in “Open space” since 9 March 2027\n\n"
                              "Nothing new since 9 March 2027.\n\n")


def test_digest_of_a_members_space_is_refused_for_the_public(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    code, _, err = digest(root, "closed-door", "--since", "2027-03-01")
    assert code == 1
    assert err == "Error: no space 'closed-door' visible to audience public\n"
