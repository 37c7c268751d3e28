"""Pages in each language of a space: interface text, translated posts, switches."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from tests.conftest import mkdocs_build, write_tree

Q2 = "spaces/climate-mobility/q2-mobility-as-adaptation/index.html"
YOUSSEF = "20270228T155000Z-youssef-benali"
TEVITA = "20270306T083000Z-tevita-havili"


def article(html: str, post_id: str) -> str:
    return html.split(f'id="post-{post_id}"')[1].split("</article>")[0]


def read(site: Path, path: str) -> str:
    return (site / path).read_text("utf-8")


def test_french_page_speaks_french(demo_site: Path) -> None:
    html = read(demo_site, "fr/" + Q2)
    assert html.startswith('\n<!doctype html>\n<html lang="fr"')
    assert ("<span class=\"spaces-banner__text\">Contributions bienvenues jusqu&#39;au "
            "19 mars 2027, 17:00 (Europe/Zurich, UTC+01:00) (encore 9 jours)</span>"
            ) in html
    assert ">Répondre par courriel</a>" in html
    assert re.search(r'<h2 id="responses">\d+ contributions · \d+ fils</h2>', html)


def test_translated_post_shows_its_translation_with_the_original_a_click_away(
        demo_site: Path) -> None:
    post = article(read(demo_site, "fr/" + Q2), YOUSSEF)
    assert 'lang="fr">' in post.split("\n")[0]
    assert '<p class="spaces-post__note">Traduit de : anglais</p>' in post
    body = post.split('<div class="spaces-post__body">')[1]
    assert body.startswith("<p>Le programme marocain de travail agricole saisonnier")
    assert '<span class="spaces-post__versions-label">Aussi en :</span>' in post
    assert '<summary lang="en">English (original)</summary>' in post
    assert "Morocco’s seasonal agricultural scheme with Spain" in post


def test_untranslated_post_shows_its_original_with_a_note(demo_site: Path) -> None:
    post = article(read(demo_site, "fr/" + Q2), TEVITA)
    assert 'lang="en">' in post.split("\n")[0]
    assert ('<p class="spaces-post__note">Pas encore traduit ; affiché dans la langue '
            "d&#39;origine (anglais).</p>") in post
    assert "spaces-post__versions" not in post


def test_english_page_offers_the_french_version_of_a_translated_post(
        demo_site: Path) -> None:
    html = read(demo_site, Q2)
    post = article(html, YOUSSEF)
    assert "spaces-post__note" not in post
    assert '<summary lang="fr">Français</summary>' in post
    assert '<span class="spaces-post__versions-label">Also in:</span>' in post
    assert "spaces-post__versions" not in article(html, TEVITA)


def test_french_post_without_english_version_on_the_english_page(
        demo_site: Path) -> None:
    html = read(demo_site, "spaces/climate-mobility/q1-planned-relocation/index.html")
    post = article(html, "20270226T103000Z-fatou-ndiaye")
    assert 'lang="fr">' in post.split("\n")[0]
    assert ('<p class="spaces-post__note">Not yet translated; shown in the original '
            "(French).</p>") in post


def test_language_switch_links_both_ways(demo_site: Path) -> None:
    english = read(demo_site, Q2)
    assert ('<strong lang="en" aria-current="page">English</strong> · <a href="'
            '../../../fr/spaces/climate-mobility/q2-mobility-as-adaptation/" '
            'hreflang="fr" lang="fr">Français</a>') in english
    french = read(demo_site, "fr/" + Q2)
    assert ('<span>Lire cette page en :</span>\n<a href="../../../../spaces/'
            'climate-mobility/q2-mobility-as-adaptation/" hreflang="en" lang="en">'
            'English</a> · <strong lang="fr" aria-current="page">Français</strong>'
            ) in french


def test_spanish_pages_for_a_space_in_english_and_spanish(demo_site: Path) -> None:
    html = read(demo_site, "es/spaces/regular-pathways-family/index.html")
    assert '<strong class="spaces-banner__label">Próximamente</strong>' in html
    assert '<h2 id="objective">Objetivo</h2>' in html
    # Only the languages a space lists get pages, and one language needs no switch.
    assert not (demo_site / "fr/spaces/regular-pathways-family").exists()
    assert not (demo_site / "fr/spaces/detention-alternatives").exists()
    detention = read(demo_site, "spaces/detention-alternatives/index.html")
    assert "spaces-languages" not in detention


def test_translated_question_title_and_text(example_copy: Path, tmp_path: Path) -> None:
    write_tree(example_copy, {
        "spaces/climate-mobility/q1-planned-relocation/question.fr.md":
            "---\ntitle: \"Réinstallation planifiée : qu'est-ce qui a marché ?\"\n---\n"
            "Partagez vos expériences.\n",
    })
    site = mkdocs_build(example_copy, tmp_path / "site")
    html = read(site, "fr/spaces/climate-mobility/q1-planned-relocation/index.html")
    assert "<h1>Réinstallation planifiée : qu&#39;est-ce qui a marché ?</h1>" in html
    assert "<p>Partagez vos expériences.</p>" in html
    space = read(site, "fr/spaces/climate-mobility/index.html")
    assert ">Réinstallation planifiée : qu&#39;est-ce qui a marché ?</a>" in space


def test_check_warns_about_translations_the_policy_requires(example_copy: Path) -> None:
    space_yml = example_copy / "spaces/climate-mobility/space.yml"
    text = space_yml.read_text("utf-8")
    space_yml.write_text(re.sub(r"(?m)^translation_policy: .*$",
                                "translation_policy: required", text), "utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(example_copy)])
    lines = result.output.splitlines()
    assert ("spaces/climate-mobility/q2-mobility-as-adaptation/20270306T083000Z-"
            "tevita-havili.md: warning: post has no French (fr) translation, which "
            "translation_policy: required in spaces/climate-mobility/space.yml asks "
            "for; add 20270306T083000Z-tevita-havili.fr.md") in lines
    assert ("spaces/climate-mobility/q1-planned-relocation/20270226T103000Z-"
            "fatou-ndiaye.md: warning: post has no English (en) translation, which "
            "translation_policy: required in spaces/climate-mobility/space.yml asks "
            "for; add 20270226T103000Z-fatou-ndiaye.en.md") in lines
    # Youssef's post has its French sibling; spaces without the policy are quiet.
    assert not [line for line in lines if YOUSSEF in line]
    assert not [line for line in lines if "detention-alternatives" in line]
    assert ("spaces/climate-mobility/q1-planned-relocation/question.md: warning: "
            "question has no French (fr) translation, which translation_policy: "
            "required in spaces/climate-mobility/space.yml asks for; add "
            "question.fr.md") in lines
    assert lines[-1].endswith(f"{sum('warning: ' in line for line in lines)} warnings")


def test_site_whose_first_language_is_french(example_copy: Path,
                                             tmp_path: Path) -> None:
    config = example_copy / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "      closing_soon: 3 days\n" in text
    config.write_text(text.replace("      closing_soon: 3 days\n",
                                   "      closing_soon: 3 days\n"
                                   "      languages: [fr, en, es]\n"), "utf-8")
    site = mkdocs_build(example_copy, tmp_path / "site")
    french = read(site, "spaces/climate-mobility/index.html")
    assert french.startswith('\n<!doctype html>\n<html lang="fr"')
    assert '<h2 id="objective">Objectif</h2>' in french
    english = read(site, "en/spaces/climate-mobility/index.html")
    assert english.startswith('\n<!doctype html>\n<html lang="en"')
    assert '<h2 id="objective">Objective</h2>' in english
    assert "<h1>Espaces de discussion</h1>" in read(site, "index.html")


def test_space_text_in_its_other_language(example_copy: Path, tmp_path: Path) -> None:
    space_yml = example_copy / "spaces/climate-mobility/space.yml"
    space_yml.write_text(space_yml.read_text("utf-8") + (
        "translations:\n"
        "  fr:\n"
        "    title: \"Changement climatique et mobilité humaine\"\n"
        "    objective: \"Recueillir des pratiques d'adaptation locale.\"\n"
        "    deliverables: [\"Une note de pratiques\"]\n"), "utf-8")
    site = mkdocs_build(example_copy, tmp_path / "site")
    french = read(site, "fr/spaces/climate-mobility/index.html")
    assert "<h1>Changement climatique et mobilité humaine</h1>" in french
    assert "<p>Recueillir des pratiques d&#39;adaptation locale.</p>" in french
    assert "<li>Une note de pratiques</li>" in french
    # The introduction comes from spaces/climate-mobility/index.fr.md.
    assert "<h2>Comment participer</h2>" in french
    english = read(site, "spaces/climate-mobility/index.html")
    assert "<h1>Climate change and human mobility: local adaptation that keeps " \
        "people safe</h1>" in english
    assert "Comment participer" not in english


def test_check_names_a_field_that_cannot_be_translated(example_copy: Path) -> None:
    space_yml = example_copy / "spaces/climate-mobility/space.yml"
    lines = space_yml.read_text("utf-8").splitlines()
    space_yml.write_text("\n".join([*lines, "translations:", "  fr:",
                                    "    opens: 2027-02-22"]) + "\n", "utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(example_copy)])
    assert result.exit_code == 1
    assert (f"spaces/climate-mobility/space.yml:{len(lines) + 3}: "
            "translations.fr.opens: only title, objective, audience, call_to_action, "
            "takeaways, deliverables can be translated here, as text (lists for "
            "takeaways and deliverables)") in result.output


def test_check_names_an_unknown_policy_and_a_language_without_interface_text(
        example_copy: Path) -> None:
    space_yml = example_copy / "spaces/detention-alternatives/space.yml"
    text = space_yml.read_text("utf-8")
    text = text.replace("languages: [en]\n", "languages:\n  - en\n  - sw\n")
    text = text.replace("translation_policy: none\n", "translation_policy: always\n")
    space_yml.write_text(text, "utf-8")
    lines = text.splitlines()
    result = CliRunner().invoke(main, ["check", "--root", str(example_copy)])
    where = "spaces/detention-alternatives/space.yml"
    assert (f"{where}:{lines.index('  - sw') + 1}: warning: language 'sw' has no "
            "interface text; its pages are not built") in result.output
    assert (f"{where}:{lines.index('translation_policy: always') + 1}: warning: "
            "translation_policy 'always' is not one of none, optional, required"
            ) in result.output


def test_search_index_holds_each_post_once_with_its_translations(demo_site: Path) -> None:
    # Language copies repeat their default-language page, which already shows every
    # version of each post: indexing them doubled the index every reader downloads.
    import json

    index = json.loads(read(demo_site, "search/search_index.json"))
    locations = [doc["location"] for doc in index["docs"]]
    assert [loc for loc in locations if loc.startswith(("fr/", "es/"))] == []
    page = "spaces/climate-mobility/q2-mobility-as-adaptation/"
    texts = " ".join(doc["text"] for doc in index["docs"]
                     if doc["location"].startswith(page))
    assert "projet pilote dans deux provinces" in texts
    assert "strawberry harvest" in texts


def test_each_post_is_its_own_search_result_linked_to_its_anchor(demo_site: Path) -> None:
    import json

    index = json.loads(read(demo_site, "search/search_index.json"))
    docs = {doc["location"]: doc for doc in index["docs"]}
    page = "spaces/climate-mobility/q2-mobility-as-adaptation/"
    post = docs[page + "#post-20270228T155000Z-youssef-benali"]
    assert post["title"].startswith("Youssef Benali, Ministère délégué")
    assert post["text"].startswith("<p>Morocco\u2019s seasonal agricultural scheme with Spain")
    assert "projet pilote dans deux provinces" in post["text"]
    assert docs[page]["title"] == ("How can labour migration and remittances support "
                                   "adaptation in places of origin?")
    assert docs[page]["text"].startswith("<p>")
    # No blob of every post under the page's "responses" heading any more.
    assert page + "#responses" not in docs
