"""Search entries made from posts: their words, their anchors, never a hidden post."""

from __future__ import annotations

import json
from pathlib import Path

from generator.render.search import plain_text
from tests.conftest import mkdocs_build


def test_plain_text_keeps_paragraphs_and_escapes_again() -> None:
    fragment = ('<p>Fees &lt;script&gt; &amp; <a href="x">visas</a></p>\n'
                "<ul>\n<li>one</li>\n<li>two<br>three</li>\n</ul>")
    assert plain_text(fragment) == ("<p>Fees &lt;script&gt; &amp; visas</p>"
                                    "<p>one</p><p>two</p><p>three</p>")


def test_a_hidden_post_is_in_no_search_entry(example_copy: Path, tmp_path: Path) -> None:
    post = next((example_copy / "spaces/climate-mobility").rglob("2027*-hemant-joshi.md"))
    post.write_text(post.read_text("utf-8").replace(
        "---\n", "---\nhidden: off topic\n", 1), encoding="utf-8")
    site = mkdocs_build(example_copy, tmp_path / "site")
    index = (site / "search/search_index.json").read_text("utf-8")
    assert "glacial lake outburst" not in index
    assert "Hemant Joshi" not in index
    docs = json.loads(index)["docs"]
    assert any(d["location"].endswith("#post-20270223T144000Z-amina-diallo") for d in docs)


def test_inline_tags_join_words_and_titles_are_escaped(example_copy: Path,
                                                       tmp_path: Path) -> None:
    assert plain_text("<p>un<em>fair</em>ness, <strong>x</strong>:</p>") == \
        "<p>unfairness, x:</p>"
    post = next((example_copy / "spaces/climate-mobility").rglob("2027*-hemant-joshi.md"))
    text = post.read_text("utf-8")
    author = next(line for line in text.splitlines() if line.startswith("author:"))
    post.write_text(text.replace(author, "author: 'Eve <img src=x onerror=alert(1)>'"),
                    encoding="utf-8")
    site = mkdocs_build(example_copy, tmp_path / "site")
    docs = json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"]
    titles = [d["title"] for d in docs if "hemant-joshi" in d["location"]]
    assert titles and titles[0].startswith("Eve &lt;img src=x onerror=alert(1)&gt;")
