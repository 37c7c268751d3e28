"""Spaces kept between builds: reused only when nothing they were read from changed."""

from __future__ import annotations

import os
from pathlib import Path

from generator.config import Settings
from generator.model.load import load_site
from generator.model.snapshots import SpaceSnapshots


def load(root: Path, cache: Path) -> tuple[object, list[str], SpaceSnapshots]:
    snapshots = SpaceSnapshots(cache, root, Settings())
    site, problems = load_site(root, Settings(), strict=False, snapshots=snapshots)
    return site, [str(p) for p in problems.items], snapshots


def test_unchanged_spaces_are_reused_and_equal_a_fresh_load(
        example_copy: Path, tmp_path: Path) -> None:
    fresh, fresh_problems = load_site(example_copy, Settings(), strict=False)
    first, first_problems, snapshots = load(example_copy, tmp_path / "kept")
    assert (snapshots.loaded, snapshots.reused) == (6, 0)
    second, second_problems, snapshots = load(example_copy, tmp_path / "kept")
    assert (snapshots.loaded, snapshots.reused) == (0, 6)
    for kept, read in zip(second.spaces, fresh.spaces, strict=True):  # type: ignore[attr-defined]
        assert kept.source and kept.source == first.spaces[  # type: ignore[attr-defined]
            fresh.spaces.index(read)].source
        read.source = kept.source
        for kept_question, read_question in zip(kept.questions, read.questions,
                                                strict=True):
            assert kept_question.source not in ("", kept.source)
            read_question.source = kept_question.source
        assert kept == read, kept.slug
    assert second_problems == first_problems == [str(p) for p in fresh_problems.items]


def test_a_changed_post_reloads_its_space_only(example_copy: Path, tmp_path: Path) -> None:
    load(example_copy, tmp_path / "kept")
    post = next((example_copy / "spaces/climate-mobility").rglob("2027*-hemant-joshi.md"))
    text = post.read_text("utf-8")
    # Same size and a later modification time, as an editor's save leaves it.
    post.write_text(text.replace("mountains", "mountaims"), encoding="utf-8")
    os.utime(post, ns=(post.stat().st_atime_ns, post.stat().st_mtime_ns + 10**9))
    site, _, snapshots = load(example_copy, tmp_path / "kept")
    assert (snapshots.loaded, snapshots.reused) == (1, 5)
    reloaded = next(p for p in site.posts() if p.path == post)  # type: ignore[attr-defined]
    assert "A view from the mountaims." in reloaded.body


def test_a_removed_profile_reloads_every_space_and_reports_the_error(
        example_copy: Path, tmp_path: Path) -> None:
    load(example_copy, tmp_path / "kept")
    (example_copy / "people/amina-diallo.yml").unlink()
    _, problems, snapshots = load(example_copy, tmp_path / "kept")
    assert snapshots.reused == 0
    assert "spaces/climate-mobility/space.yml:" in " ".join(problems)
    assert any("'amina-diallo' has no profile people/amina-diallo.yml" in p
               for p in problems)


def test_a_kept_space_still_reports_its_problems(example_copy: Path, tmp_path: Path) -> None:
    question = example_copy / "spaces/climate-mobility/q1-planned-relocation"
    (question / "Not A Safe Name.md").write_text("---\nauthor: X\n---\nHi\n", "utf-8")
    _, first, _ = load(example_copy, tmp_path / "kept")
    _, second, snapshots = load(example_copy, tmp_path / "kept")
    assert snapshots.reused == 6
    wanted = [p for p in first if "Not A Safe Name.md" in p]
    assert len(wanted) == 1 and "is not a safe id" in wanted[0]
    assert second == first


def test_a_removed_space_folder_drops_its_kept_copy(example_copy: Path,
                                                    tmp_path: Path) -> None:
    load(example_copy, tmp_path / "kept")
    assert (tmp_path / "kept/detention-alternatives.pickle").exists()
    import shutil
    shutil.rmtree(example_copy / "spaces/detention-alternatives")
    site, _, _ = load(example_copy, tmp_path / "kept")
    assert "detention-alternatives" not in [s.slug for s in site.spaces]  # type: ignore[attr-defined]
    assert not (tmp_path / "kept/detention-alternatives.pickle").exists()


def test_an_empty_question_folder_counts_and_its_error_goes_with_it(
        example_copy: Path, tmp_path: Path) -> None:
    empty = example_copy / "spaces/regular-pathways-family/q3-empty"
    empty.mkdir()
    _, problems, _ = load(example_copy, tmp_path / "kept")
    assert any("q3-empty: question folder has no question.md" in p for p in problems)
    empty.rmdir()
    _, problems, snapshots = load(example_copy, tmp_path / "kept")
    assert not any("q3-empty" in p for p in problems)
    assert snapshots.loaded == 1


def test_a_linked_question_folder_loads(example_copy: Path, tmp_path: Path) -> None:
    question = example_copy / "spaces/regular-pathways-family/q2-documents-and-evidence"
    elsewhere = tmp_path / "elsewhere" / question.name
    elsewhere.parent.mkdir()
    question.rename(elsewhere)
    question.symlink_to(elsewhere, target_is_directory=True)
    site, _, _ = load(example_copy, tmp_path / "kept")
    space = next(s for s in site.spaces if s.slug == "regular-pathways-family")  # type: ignore[attr-defined]
    assert question.name in [q.slug for q in space.questions]
