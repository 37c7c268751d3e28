"""The moderation report's counts and signals, exactly as a moderator reads them."""

from __future__ import annotations

from generator.forge.report import count_links, mentions, spam_signals


def test_links_count_bare_and_markdown_links_not_anchors() -> None:
    body = ("See https://a.example/x, [the guide](https://b.example) and "
            "[above](#post-1); mail me at someone@example.org.")
    assert count_links(body) == 2


def test_mentions_skip_code_and_email_addresses() -> None:
    body = "Thanks @amina-diallo and @Kofi! Not `@code` nor person@example.org."
    assert mentions(body + " Again @amina-diallo.") == ["amina-diallo", "Kofi"]


def test_spam_signals_name_what_they_saw() -> None:
    assert spam_signals("Planned relocation worked in Fiji.") == []
    links = " ".join(f"https://spam{n}.example" for n in range(7))
    assert spam_signals("Click here for the free money: " + links) == [
        "7 links (more than 5)", "contains 'click here'", "contains 'free money'"]
    assert spam_signals("PLEASE READ THIS URGENT MESSAGE ABOUT YOUR VISA TODAY") == [
        "mostly capital letters"]


def test_an_email_address_in_the_text_asks_the_moderator_to_look(tmp_path) -> None:
    import datetime as dt

    from generator.forge.report import build_report
    from generator.model import Site

    report = build_report(
        Site(root=tmp_path), path="spaces/s/q/x.md", space="s", question="q",
        author="Siosaia", body="Write to siosaia@tonga-ngo.example or "
        "siosaia@tonga-ngo.example.", posted=dt.datetime(2027, 3, 5,
                                                       tzinfo=dt.timezone.utc))
    assert report.problems == [
        "the text contains the email address siosaia@tonga-ngo.example, which "
        "would be published as written"]
    assert report.attention
    assert "siosaia@tonga-ngo.example" in report.markdown()
