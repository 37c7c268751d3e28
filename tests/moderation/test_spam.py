"""The spam scoring function: each signal, its explanation, and the thresholds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import load_settings
from generator.model.load import load_site
from generator.moderation.spam import (
    WORD,
    SpamContext,
    SpamSettingsError,
    SpamThresholds,
    detect_language,
    score,
    space_context,
)
from tests.conftest import REPO

UTC = dt.timezone.utc


def fired(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.name for s in report.signals if s.fired]


def test_a_readme_full_of_badges_trips_link_density_only(fixtures: Path) -> None:
    readme = fixtures / "markdown/real-docs/eslint-10.16.0.README.md"
    report = score(readme.read_text(encoding="utf-8"),
                   context=SpamContext(declared_language="en"))
    assert fired(report) == ["link_density"]
    assert report.reasons == ["102 links in 2432 words: 4.19 per 100 words "
                              "(fires above 4.0 with at least 3 links)"]
    # One signal is not enough to hold a submission by default.
    assert (report.score, report.held) == (0.6, False)


def test_a_long_documentation_page_scores_nothing(fixtures: Path) -> None:
    page = (fixtures / "markdown/real-docs"
            / "github-docs.basic-writing-and-formatting-syntax.md")
    report = score(page.read_text(encoding="utf-8"),
                   context=SpamContext(declared_language="en"))
    assert (fired(report), report.score) == ([], 0.0)


def test_no_post_of_the_example_site_is_held() -> None:
    settings = load_settings(REPO)
    site, _ = load_site(REPO, settings, strict=False)
    held = []
    for space in site.spaces:
        for post in space.posts:
            context = space_context(site, space, settings, language=post.language,
                                    exclude=post.id)
            report = score(post.body, context=context)
            if report.held or report.reasons:
                held.append((post.id, report.reasons))
    assert held == []
    assert len(site.posts()) > 20


def test_spam_phrases_and_links_together_hold_it() -> None:
    report = score("BUY NOW, click  here: https://a.example https://b.example "
                   "https://c.example", context=SpamContext())
    assert fired(report) == ["link_density", "phrases"]
    assert report.reasons[1] == "known spam phrases: 'buy now', 'click here'"
    assert (report.score, report.held) == (1.2, True)


def test_repeated_text_names_the_post_it_repeats() -> None:
    original = ("Seasonal work schemes have become the quiet adaptation fund of "
                "our islands and most of the money goes into raised floors.")
    report = score("Hello. " + original, context=SpamContext(
        others={"space/q1/20270101T000000Z-someone": original, "other": "Unrelated."}))
    assert fired(report) == ["repeated_text"]
    assert report.reasons == ["94% of its five-word runs also appear in "
                              "space/q1/20270101T000000Z-someone"]


def test_brand_new_account() -> None:
    submitted = dt.datetime(2027, 3, 5, 12, tzinfo=UTC)
    young = SpamContext(account_created=submitted - dt.timedelta(days=2, hours=12),
                        submitted=submitted)
    old = SpamContext(account_created=submitted - dt.timedelta(days=400),
                      submitted=submitted)
    assert score("Hello", context=young).reasons == [
        "account 2.5 days old when it submitted (fires under 7 days)"]
    assert fired(score("Hello", context=old)) == []
    # Mail has no account: the signal is explained, not guessed.
    unknown = score("Hello").signals[3]
    assert (unknown.fired, unknown.explanation) == (
        False, "account age unknown (not a forge submission)")


FRENCH = ("Les équipages ont besoin d'un accès simple aux soins dans chaque port, "
          "et les autorités portuaires doivent publier les horaires des centres "
          "pour que les marins puissent les trouver sans aide.")


def test_mismatched_language() -> None:
    assert detect_language(WORD.findall(FRENCH)) == ("fr", 0.387)
    declared_en = score(FRENCH, context=SpamContext(declared_language="en"))
    assert declared_en.reasons == ["declared 'en' but reads as 'fr'"]
    english_only = score(FRENCH, context=SpamContext(declared_language="fr",
                                                     space_languages=("en",)))
    assert english_only.reasons == [
        "reads as 'fr', not one of the space's languages (en)"]
    assert fired(score(FRENCH, context=SpamContext(declared_language="fr"))) == []
    # Too short to judge: no verdict rather than a guess.
    assert score("Merci beaucoup", context=SpamContext(
        declared_language="en")).signals[4].explanation == (
        "language not judged (text too short or unclear)")


def test_thresholds_and_weights_come_from_settings() -> None:
    limits = SpamThresholds.from_mapping({"hold_at": 0.5, "weights": {"phrases": 2},
                                          "phrases": ["Cheap Flights"]})
    report = score("cheap flights to everywhere",
                   context=SpamContext(thresholds=limits))
    assert (report.reasons, report.score, report.held) == (
        ["known spam phrases: 'cheap flights'"], 2.0, True)
    assert limits.weights["link_density"] == 0.6


def test_wrong_thresholds_name_every_key() -> None:
    with pytest.raises(SpamSettingsError) as caught:
        SpamThresholds.from_mapping({"hold_at": "high", "link_limit": 3,
                                     "weights": {"vibes": 1}})
    assert list(caught.value.args) == [
        "spam.hold_at: expected a number, got 'high'",
        "spam.link_limit: unknown setting; known: links_per_100_words, min_links, "
        "phrases, repeated_share, new_account_days, hold_at, weights",
        "spam.weights: expected weights for link_density, phrases, repeated_text, "
        "new_account, language",
    ]


def test_spaces_spam_explains_each_signal(tmp_path: Path) -> None:
    post = tmp_path / "20270305T080000Z-x.md"
    post.write_text("Click here https://a.example https://b.example "
                    "https://c.example\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["spam", "--root", str(REPO),
                                       "climate-mobility", str(post)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{post}: score 1.2 (holds at 1): held for a moderator",
        "  x link_density: 3 links in 2 words: 150.0 per 100 words (fires above "
        "4.0 with at least 3 links)",
        "  x phrases: known spam phrases: 'click here'",
        "    repeated_text: no text in common with other posts",
        "    new_account: account age unknown (not a forge submission)",
        "    language: language not judged (text too short or unclear)",
    ]


def test_spaces_check_reports_spam_settings_and_unlinked_forms(tmp_path: Path) -> None:
    from tests.moderation.corpus import make_corpus

    root = make_corpus(tmp_path / "site")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      closing_soon: 3 days\n",
        "      closing_soon: 3 days\n      spam:\n        min_links: many\n"),
        encoding="utf-8")
    form = root / ".github/ISSUE_TEMPLATE/reply.yml"
    form.parent.mkdir(parents=True)
    form.write_text("name: Reply\nbody:\n  - type: checkboxes\n"
                    "    id: code_of_conduct\n    attributes:\n      options:\n"
                    "        - label: I accept the "
                    "code of conduct.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "mkdocs.yml: plugins.spaces.spam.min_links: expected a number, got 'many'"]
    assert result.stdout.splitlines() == [
        ".github/ISSUE_TEMPLATE/reply.yml:4: warning: the code-of-conduct checkbox "
        "does not link the code of conduct; put a Markdown link to "
        "docs/code-of-conduct.md in its label",
        "1 spaces, 10 posts: 1 error, 1 warning",
    ]


def test_the_post_form_links_the_code_of_conduct() -> None:
    result = CliRunner().invoke(main, ["check", "--root", str(REPO)])
    assert "code-of-conduct checkbox" not in result.output
    form = (REPO / ".github/ISSUE_TEMPLATE/post.yml").read_text(encoding="utf-8")
    assert ("[code of conduct](https://github.com/migration-network/"
            "discussion-spaces/blob/main/docs/code-of-conduct.md)") in form
    assert (REPO / "docs/code-of-conduct.md").is_file()
