"""Build time and peak memory against the floor and plain mkdocs-material.

    python -m benchmarks                      # N = 1,000, 10,000 and 50,000
    python -m benchmarks --sizes 1000,10000   # fewer sizes
    python -m benchmarks --profile 10000      # where a cold build and a rebuild
                                              # spend their time, at one size

Every build runs in a child process (benchmarks/child.py); its wall time is
measured here and its peak resident memory comes from os.wait4's rusage of that
one child. All builds of one size read the same generated corpus.
"""

from __future__ import annotations

import argparse
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.corpus import DEMO_NOW, Corpus, add_post, generate, material_site

SIZES = (1_000, 10_000, 50_000)
FLOOR_LIMIT = 3.0
GROWTH_LIMIT = 1.5
REBUILD_FACTOR = 10.0
REBUILD_AT = 10_000
MATERIAL_AT = 1_000


@dataclass(frozen=True)
class Measure:
    """One child build: processor seconds (user + system), wall seconds and
    peak resident memory in MiB.

    Ratios use processor time: on a machine shared with other work, wall time
    says as much about the neighbours as about the build.
    """

    seconds: float
    wall: float
    peak_mib: float


@dataclass
class Row:
    """All measures at one corpus size."""

    corpus: Corpus
    floor: Measure
    full: Measure
    rebuild: Measure
    material: Measure | None = None
    search_mib: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def posts(self) -> int:
        return self.corpus.posts


def measure(kind: str, root: Path, out: Path, profile: Path | None = None) -> Measure:
    """Run one build in a child process; its own time and peak memory."""
    env = dict(os.environ, SPACES_NOW=DEMO_NOW, PYTHONHASHSEED="0")
    args = [sys.executable, "-m", "benchmarks.child", kind, str(root), str(out)]
    if profile is not None:
        args.append(str(profile))
    started = time.perf_counter()
    child = subprocess.Popen(args, env=env, cwd=Path(__file__).resolve().parents[1],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{kind} build of {root} failed ({child.returncode}):\n"
                           + errors.decode("utf-8", "replace")[-3000:])
    # ru_maxrss is in KiB on Linux.
    return Measure(usage.ru_utime + usage.ru_stime, seconds, usage.ru_maxrss / 1024)


def run_size(posts: int, work: Path, seed: int, material: bool,
             log: Callable[[str], None] = print) -> Row:
    """Generate a corpus of ``posts`` posts and measure every build of it."""
    corpus = generate(work / f"corpus-{posts}", posts, seed)
    out = work / f"out-{posts}"
    floor = measure("floor", corpus.root, work / f"floor-{posts}")
    log(f"  {posts}: floor {floor.seconds:.1f} s ({floor.wall:.1f} s wall)")
    shutil.rmtree(corpus.root / ".cache", ignore_errors=True)
    full = measure("ours", corpus.root, out)
    log(f"  {posts}: full build {full.seconds:.1f} s ({full.wall:.1f} s wall)")
    add_post(corpus)
    rebuild = measure("ours", corpus.root, out)
    log(f"  {posts}: rebuild after one new post {rebuild.seconds:.1f} s "
        f"({rebuild.wall:.1f} s wall)")
    # Every reader's first page downloads the whole search index.
    index = out / "search" / "search_index.json"
    search_mib = index.stat().st_size / 2**20 if index.exists() else 0.0
    row = Row(corpus, floor, full, rebuild, search_mib=search_mib)
    if material:
        pages = material_site(corpus, work / f"material-{posts}")
        row.material = measure("material", pages, work / f"material-out-{posts}")
        log(f"  {posts}: mkdocs-material {row.material.seconds:.1f} s "
            f"({row.material.wall:.1f} s wall)")
    return row


def table(rows: list[Row]) -> str:
    """The results as a fixed-width table, ratios against the floor."""
    head = (f"{'posts':>7} {'floor s':>8} {'ours s':>8} {'x floor':>8} "
            f"{'ms/post':>8} {'MiB':>6} {'x floor':>8} {'rebuild s':>10} "
            f"{'full/rebuild':>13} {'material s':>11} {'x floor':>8}")
    lines = [head, "-" * len(head)]
    for row in rows:
        material = (f"{row.material.seconds:>11.1f} "
                    f"{row.material.seconds / row.floor.seconds:>8.1f}"
                    if row.material else f"{'-':>11} {'-':>8}")
        lines.append(
            f"{row.posts:>7,} {row.floor.seconds:>8.1f} {row.full.seconds:>8.1f} "
            f"{row.full.seconds / row.floor.seconds:>8.2f} "
            f"{1000 * row.full.seconds / row.posts:>8.2f} {row.full.peak_mib:>6.0f} "
            f"{row.full.peak_mib / row.floor.peak_mib:>8.2f} "
            f"{row.rebuild.seconds:>10.2f} "
            f"{row.full.seconds / row.rebuild.seconds:>13.1f} "
            f"{material}")
    lines.append("")
    lines.append("search index every reader downloads on a first page: " + ", ".join(
        f"{row.posts:,} posts {row.search_mib:.1f} MiB" for row in rows))
    lines.append("seconds are processor time (user + system) of the build's own "
                 "process; wall time, for comparison:")
    for row in rows:
        material = f", material {row.material.wall:.1f} s" if row.material else ""
        lines.append(f"{row.posts:>7,}: floor {row.floor.wall:.1f} s, ours "
                     f"{row.full.wall:.1f} s, rebuild {row.rebuild.wall:.2f} s"
                     f"{material}")
    return "\n".join(lines)


def verdicts(rows: list[Row]) -> list[str]:
    """Each target, measured, with PASS or FAIL."""
    lines = []
    for row in rows:
        ratio = row.full.seconds / row.floor.seconds
        lines.append(f"{'PASS' if ratio <= FLOOR_LIMIT else 'FAIL'}: full build at "
                     f"{row.posts:,} posts is {ratio:.2f}x the floor "
                     f"(target <= {FLOOR_LIMIT:g}x)")
    if len(rows) > 1:
        small, large = rows[0], rows[-1]
        growth = ((large.full.seconds / large.posts)
                  / (small.full.seconds / small.posts))
        verdict = "PASS" if growth <= GROWTH_LIMIT else "FAIL"
        lines.append(f"{verdict}: time per post at "
                     f"{large.posts:,} is {growth:.2f}x that at {small.posts:,} "
                     f"(target <= {GROWTH_LIMIT:g}x)")
        memory = ((large.full.peak_mib / large.posts)
                  / (small.full.peak_mib / small.posts))
        lines.append(f"info: peak memory per post at {large.posts:,} is {memory:.2f}x "
                     f"that at {small.posts:,}")
    for row in rows:
        if row.posts == REBUILD_AT or len(rows) == 1:
            factor = row.full.seconds / row.rebuild.seconds
            lines.append(f"{'PASS' if factor >= REBUILD_FACTOR else 'FAIL'}: rebuild "
                         f"after one new post at {row.posts:,} posts is {factor:.1f}x "
                         f"faster than a full build (target >= {REBUILD_FACTOR:g}x)")
    return lines


def profile(posts: int, work: Path, seed: int, top: int = 25) -> str:
    """cProfile of a cold build and of a rebuild after one new post."""
    corpus = generate(work / f"corpus-{posts}", posts, seed)
    out = work / f"out-{posts}"
    report = []
    for label in ("cold build", "rebuild after one new post"):
        stats_file = work / f"{label.split()[0]}.prof"
        took = measure("ours", corpus.root, out, profile=stats_file)
        report.append(f"== {label} at {posts:,} posts: {took.seconds:.1f} s "
                      f"processor, {took.wall:.1f} s wall, under the profiler")
        stream = _StatsText()
        stats = pstats.Stats(str(stats_file), stream=stream)  # type: ignore[arg-type]
        stats.sort_stats("cumulative").print_stats(top)
        report.append(stream.text())
        add_post(corpus)
    return "\n".join(report)


class _StatsText:
    """A write-only stream pstats can print into."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def text(self) -> str:
        return "".join(self.parts)


def main(argv: list[str] | None = None) -> int:
    """Parse options, run the sizes, print the table and the verdicts."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES),
                        help="comma-separated post counts (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--material-at", type=int, default=MATERIAL_AT,
                        help="size at which plain mkdocs-material also builds "
                        "(0: never; default: %(default)s)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where corpora and outputs go (default: a temporary "
                        "folder, removed afterwards)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="profile a cold build and a rebuild at N posts instead")
    options = parser.parse_args(argv)

    work = options.workdir or Path(tempfile.mkdtemp(prefix="spaces-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if options.profile:
            print(profile(options.profile, work, options.seed))
            return 0
        sizes = [int(s) for s in options.sizes.split(",") if s.strip()]
        rows = []
        for posts in sizes:
            print(f"building {posts:,} posts ...", flush=True)
            rows.append(run_size(posts, work, options.seed,
                                 material=posts == options.material_at,
                                 log=lambda text: print(text, flush=True)))
        print()
        print(table(rows))
        print()
        print("\n".join(verdicts(rows)))
        return 0
    finally:
        if options.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
