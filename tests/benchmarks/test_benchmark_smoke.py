"""The benchmark code works: a tiny corpus, every build measured once.

The speed targets themselves are checked by `python -m benchmarks`, never here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.__main__ import main, run_size, table, verdicts
from benchmarks.corpus import generate


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_corpus_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    one = generate(tmp_path / "one", 120, seed=3)
    two = generate(tmp_path / "two", 120, seed=3)
    other = generate(tmp_path / "other", 120, seed=4)
    assert files_of(one.root) == files_of(two.root)
    assert files_of(one.root) != files_of(other.root)
    assert (one.spaces, one.questions, one.posts) == (1, 2, 120)
    posts = [p for p in (one.root / "spaces").rglob("2027*.md")]
    translations = [p for p in posts if p.name.endswith(".fr.md")]
    replies = [p for p in posts if "in_reply_to:" in p.read_text("utf-8")]
    assert (len(posts) - len(translations), len(translations), len(replies)) == (
        120, one.translations, one.replies)
    assert one.replies > 20 and one.translations > 0


def test_fifty_posts_measured_against_both_references(tmp_path: Path) -> None:
    row = run_size(50, tmp_path, seed=8, material=True, log=lambda text: None)
    assert row.posts == 50
    for measure in (row.floor, row.full, row.rebuild, row.material):
        assert measure is not None
        assert measure.seconds > 0 and measure.wall > 0 and measure.peak_mib > 10
    # The real site came out, with the post added before the rebuild on it.
    thread = tmp_path / "out-50/spaces/space-0001/q1-practice/index.html"
    assert 'id="post-20270310T115900Z-new-contributor"' in thread.read_text("utf-8")
    floor_pages = list((tmp_path / "floor-50").rglob("*.html"))
    assert len(floor_pages) == 50 + row.corpus.translations
    assert (tmp_path / "material-out-50/index.html").exists()

    lines = table([row]).splitlines()
    assert lines[0].split()[:3] == ["posts", "floor", "s"]
    assert lines[2].split()[0] == "50"
    ratio = row.full.seconds / row.floor.seconds
    factor = row.full.seconds / row.rebuild.seconds
    assert [line.split(": ", 1)[1] for line in verdicts([row])] == [
        f"full build at 50 posts is {ratio:.2f}x the floor (target <= 3x)",
        f"rebuild after one new post at 50 posts is {factor:.1f}x faster than a "
        "full build (target >= 10x)",
    ]


def test_command_line_prints_the_table(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--sizes", "50", "--material-at", "0", "--workdir",
                 str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "building 50 posts ..." in printed
    assert "full build at 50 posts is" in printed
    assert "rebuild after one new post at 50 posts" in printed
