"""Rebuilds that reuse kept work must give exactly the site a cold build gives."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest

from generator.model.load import load_site
from generator.model.parsecache import parse_cache
from tests.conftest import mkdocs_build, write_tree

NEW_POST = {
    "spaces/climate-mobility/q1-planned-relocation/20270309T101500Z-lena-park.md": """
        ---
        author: "Lena Park"
        affiliation: "City of Suva"
        posted: 2027-03-09T10:15:00Z
        in_reply_to: 20270222T091200Z-salote-vunivalu
        ---
        We kept the **old market** open for a year after the move.
        """,
}


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def reuse_counts(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if "finished pages:" in r.getMessage()]


def test_warm_rebuild_after_a_new_post_equals_a_cold_build(
        example_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    mkdocs_build(example_copy, tmp_path / "first")
    assert reuse_counts(caplog)[-1].endswith("finished pages: 0 reused, 38 drawn")

    # Unchanged content: every page is reused, and the site is the same bytes.
    mkdocs_build(example_copy, tmp_path / "again")
    assert reuse_counts(caplog)[-1].endswith("finished pages: 38 reused, 0 drawn")
    assert files_of(tmp_path / "again") == files_of(tmp_path / "first")

    # One new post: its question page, its space page (which counts posts), the
    # moderators' overview and its space's moderation page are drawn again, the
    # first two in French too (the space's other language); the others are
    # reused (the home and outreach pages' fragments are drawn again, as they
    # show the space, but give the same HTML)...
    write_tree(example_copy, NEW_POST)
    mkdocs_build(example_copy, tmp_path / "warm")
    assert reuse_counts(caplog)[-1].endswith("finished pages: 32 reused, 6 drawn")
    thread = tmp_path / "warm/spaces/climate-mobility/q1-planned-relocation/index.html"
    assert 'id="post-20270309T101500Z-lena-park"' in thread.read_text("utf-8")

    # ...and the result is exactly what a build without any kept work gives.
    shutil.rmtree(example_copy / ".cache")
    mkdocs_build(example_copy, tmp_path / "cold")
    assert files_of(tmp_path / "warm") == files_of(tmp_path / "cold")


def test_a_later_clock_redraws_the_banners(example_copy: Path, tmp_path: Path,
                                           caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    mkdocs_build(example_copy, tmp_path / "before")
    mkdocs_build(example_copy, tmp_path / "after", now="2027-03-13T12:00:00Z")
    # The code of conduct and the closed space's knowledge-base page have no
    # banner; labour-migration-skills closes meanwhile and enters the base.
    assert reuse_counts(caplog)[-1].endswith("finished pages: 2 reused, 37 drawn")
    html = (tmp_path / "after/spaces/labour-migration-skills/index.html").read_text()
    assert 'data-state="closed"' in html


def test_parse_cache_returns_what_parsing_returns(example_copy: Path,
                                                  tmp_path: Path) -> None:
    folder = tmp_path / "kept"
    with parse_cache(folder) as cold:
        first, _ = load_site(example_copy)
    assert (cold.hits, cold.misses > 30) == (0, True)
    with parse_cache(folder) as warm:
        second, _ = load_site(example_copy)
    assert (warm.hits, warm.misses) == (cold.misses, 0)
    assert [p.id for p in second.posts()] == [p.id for p in first.posts()]
    assert [(p.author, p.posted, p.body) for p in second.posts()] == [
        (p.author, p.posted, p.body) for p in first.posts()]

    # A changed file is parsed again; its line numbers are its own.
    post = next(iter(sorted((example_copy / "spaces").rglob("2027*.md"))))
    post.write_text(post.read_text("utf-8").replace("---\n", "---\n\n", 1), "utf-8")
    with parse_cache(folder) as changed:
        load_site(example_copy)
    assert (changed.hits, changed.misses) == (warm.hits - 1, 1)


def test_a_changed_profile_reaches_the_pages_that_show_it(
        example_copy: Path, tmp_path: Path) -> None:
    mkdocs_build(example_copy, tmp_path / "first")
    profile = example_copy / "people" / "amina-diallo.yml"
    profile.write_text(profile.read_text("utf-8").replace(
        "Senior Policy Officer", "Chief Policy Officer"), "utf-8")
    mkdocs_build(example_copy, tmp_path / "warm")
    space = (tmp_path / "warm/spaces/climate-mobility/index.html").read_text("utf-8")
    assert "Chief Policy Officer, Migration, Environment and Climate Change" in space
    assert "Senior Policy Officer" not in space


def drawn_fragments(caplog: pytest.LogCaptureFixture) -> set[str]:
    return {r.getMessage().removeprefix("fragment drawn: ") for r in caplog.records
            if r.getMessage().startswith("fragment drawn: ")}


def test_a_new_post_redraws_its_own_question_not_the_others(
        example_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    mkdocs_build(example_copy, tmp_path / "first")
    write_tree(example_copy, NEW_POST)
    caplog.clear()
    caplog.set_level(logging.DEBUG, logger="generator.render.fragmentcache")
    mkdocs_build(example_copy, tmp_path / "warm")
    drawn = drawn_fragments(caplog)
    assert "spaces/climate-mobility/q1-planned-relocation/index.md" in drawn
    assert "fr/spaces/climate-mobility/q1-planned-relocation/index.md" in drawn
    assert [p for p in drawn if "q2-" in p or "q3-" in p] == []


def test_another_questions_moderator_reaches_every_question_page(
        example_copy: Path, tmp_path: Path) -> None:
    # The team includes each question's moderators, and a team member's post
    # is marked as a moderator's reply on every question page of the space.
    mkdocs_build(example_copy, tmp_path / "first")
    question = example_copy / "spaces/climate-mobility/q3-disaster-displacement/question.md"
    question.write_text(question.read_text("utf-8").replace(
        "moderators: [amina-diallo, ingrid-halvorsen]",
        "moderators: [amina-diallo, ingrid-halvorsen, youssef-benali]"), "utf-8")
    mkdocs_build(example_copy, tmp_path / "warm")
    page = "spaces/climate-mobility/q2-mobility-as-adaptation/index.html"
    html = (tmp_path / "warm" / page).read_text("utf-8")
    article = html.split('id="post-20270228T155000Z-youssef-benali"')[0].rsplit("<article", 1)[1]
    assert "spaces-post--moderator" in article
    shutil.rmtree(example_copy / ".cache")
    mkdocs_build(example_copy, tmp_path / "cold")
    assert files_of(tmp_path / "warm") == files_of(tmp_path / "cold")


def site_files(folder: Path) -> dict[str, bytes]:
    """The site as a reader gets it: hidden top-level entries left out."""
    return {name: data for name, data in files_of(folder).items()
            if not name.startswith(".")}


def messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records]


def test_a_kept_site_folder_ends_as_a_clean_build_would(
        example_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    site = tmp_path / "site"
    mkdocs_build(example_copy, site)
    untouched = site / "spaces/climate-mobility/q2-mobility-as-adaptation/index.html"
    edited = site / "spaces/detention-alternatives/index.html"
    before = untouched.stat().st_mtime_ns

    # A new post; a page edited by hand in the site folder; a stray file, which
    # a clean build removes; a hidden one, which MkDocs' cleaning spares.
    write_tree(example_copy, NEW_POST)
    edited.write_text(edited.read_text("utf-8") + "<!-- by hand -->", "utf-8")
    (site / "stray.txt").write_text("left from elsewhere", "utf-8")
    (site / ".keep").write_text("hidden", "utf-8")
    caplog.clear()
    mkdocs_build(example_copy, site)
    # 32 pages are reused (see above); the one edited by hand is written again.
    assert "spaces-cache: site folder: 31 pages left as they were, " \
           "1 stale files removed" in messages(caplog)
    assert untouched.stat().st_mtime_ns == before
    assert not [m for m in messages(caplog) if "dirty" in m or "Page skipped" in m]
    assert (site / ".keep").exists()

    shutil.rmtree(example_copy / ".cache")
    mkdocs_build(example_copy, tmp_path / "cold")
    assert site_files(site) == site_files(tmp_path / "cold")

    # A file where the build needs a folder, and a folder where it needs a file.
    shutil.rmtree(site / "spaces/detention-alternatives")
    (site / "spaces/detention-alternatives").write_text("in the way", "utf-8")
    (site / "feed.xml").unlink()
    (site / "feed.xml").mkdir()
    (site / "feed.xml/inside.txt").write_text("in the way", "utf-8")
    mkdocs_build(example_copy, site)
    assert site_files(site) == site_files(tmp_path / "cold")

    # Hidden top-level folders are spared with what they hold (a deployment's
    # .git); a link to an empty folder and a stray file dated in the future go;
    # copied assets edited by hand, or whose source is put back older, are
    # copied again.
    hidden = site / ".git" / "HEAD"
    hidden.parent.mkdir()
    hidden.write_text("ref: refs/heads/gh-pages\n", "utf-8")
    (site / ".git/refs/tags").mkdir(parents=True)
    (tmp_path / "empty").mkdir()
    (site / "linked").symlink_to(tmp_path / "empty")
    future = site / "future.txt"
    future.write_text("from elsewhere", "utf-8")
    os.utime(future, (2_000_000_000, 2_000_000_000))
    css = "assets/stylesheets/spaces.css"
    (site / css).write_text("/* by hand */", "utf-8")
    source = example_copy / "theme" / css
    original = source.read_bytes()
    stat = source.stat()
    source.write_bytes(original + b"\n/* edited */\n")
    mkdocs_build(example_copy, site)
    assert (site / css).read_bytes().endswith(b"/* edited */\n")
    source.write_bytes(original)
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    mkdocs_build(example_copy, site)
    assert site_files(site) == site_files(tmp_path / "cold")
    assert hidden.read_text("utf-8") == "ref: refs/heads/gh-pages\n"
    assert (site / ".git/refs/tags").is_dir()
    assert not (site / "linked").is_symlink() and not future.exists()

    # Links where the build writes files or folders: it must write inside the
    # site folder, never where they point.
    victim = tmp_path / "victim.txt"
    victim.write_text("not the site's", "utf-8")
    victims = tmp_path / "victims"
    victims.mkdir()
    outreach = site / "spaces/climate-mobility/outreach/index.html"
    for link, target in ((site / "feed.xml", victim), (outreach, victim),
                         (site / "kb", victims)):
        if link.is_dir():
            shutil.rmtree(link)
        else:
            link.unlink()
        link.symlink_to(target)
    mkdocs_build(example_copy, site)
    assert victim.read_text("utf-8") == "not the site's"
    assert list(victims.iterdir()) == []
    assert site_files(site) == site_files(tmp_path / "cold")
    assert not any(path.is_symlink() for path in site.rglob("*"))

    # A question taken down: its pages and feed go, and every page's navigation,
    # those from docs/ (the code of conduct) included, stops listing it.
    shutil.rmtree(example_copy / "spaces/climate-mobility/q3-disaster-displacement")
    mkdocs_build(example_copy, site)
    assert not (site / "spaces/climate-mobility/q3-disaster-displacement").exists()
    conduct = (site / "code-of-conduct/index.html").read_text("utf-8")
    assert "q3-disaster-displacement" not in conduct
    shutil.rmtree(example_copy / ".cache")
    mkdocs_build(example_copy, tmp_path / "cold-again")
    assert site_files(site) == site_files(tmp_path / "cold-again")


def test_settings_from_the_environment_and_parent_files_reach_kept_pages(
        example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = example_copy / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert text.startswith("site_name: Migration Network discussion spaces\n")
    (example_copy / "base.yml").write_text("copyright: Network A\n", "utf-8")
    config.write_text("INHERIT: base.yml\nsite_name: !ENV [SPACES_TEST_NAME, Spaces]\n"
                      + text.split("\n", 1)[1], "utf-8")
    page = tmp_path / "site/code-of-conduct/index.html"
    monkeypatch.setenv("SPACES_TEST_NAME", "First name")
    mkdocs_build(example_copy, tmp_path / "site")
    assert "First name" in page.read_text("utf-8")
    monkeypatch.setenv("SPACES_TEST_NAME", "Second name")
    (example_copy / "base.yml").write_text("copyright: Network B\n", "utf-8")
    mkdocs_build(example_copy, tmp_path / "site")
    html = page.read_text("utf-8")
    assert "Second name" in html and "First name" not in html
    assert "Network B" in html and "Network A" not in html


def test_a_second_build_waits_for_the_first(example_copy: Path, tmp_path: Path) -> None:
    import fcntl
    import subprocess
    import sys
    import time

    lock_path = example_copy / ".cache/spaces/pages/build.lock"
    lock_path.parent.mkdir(parents=True)
    env = {**os.environ, "SPACES_NOW": "2027-03-10T12:00:00Z"}
    command = [str(Path(sys.executable).with_name("spaces")), "build", "--root",
               str(example_copy), "--site-dir", str(tmp_path / "site")]
    with lock_path.open("wb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        build = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
        assert build.stderr is not None
        waited = ""
        deadline = time.monotonic() + 60
        while "waiting for another build" not in waited and time.monotonic() < deadline:
            waited += build.stderr.readline()
        assert "waiting for another build" in waited
        time.sleep(0.5)
        assert build.poll() is None and not (tmp_path / "site/index.html").exists()
    rest = build.communicate(timeout=120)[1]
    assert build.returncode == 0, rest
    assert (tmp_path / "site/index.html").exists()
