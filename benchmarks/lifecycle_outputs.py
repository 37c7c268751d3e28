"""How long feeds, calendars and a digest take for a space with many posts.

Run on demand: `.venv/bin/python benchmarks/lifecycle_outputs.py [posts]`.
Writes a synthetic site to a temporary folder (one space, ten questions, the
posts spread over them, every fifth a reply) and times the MkDocs-independent
functions the plugin calls after the build.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from generator.config import Settings
from generator.model.load import load_site
from generator.render.digest import digest_markdown, make_digest
from generator.render.outputs import build_outputs
from generator.render.pages import View

SPACE = """title: Benchmark space
theme: Labour migration
objective: Measure.
timezone: Europe/Zurich
opens: 2027-01-04T09:00:00
closes: 2027-03-26T17:00:00
lead_moderator: lead
events:
  - {title: Webinar, kind: webinar, start: 2027-03-25T14:00:00}
"""


def write_site(root: Path, posts: int) -> None:
    (root / "people").mkdir(parents=True)
    (root / "people/lead.yml").write_text("name: Lead\n")
    space = root / "spaces/bench"
    space.mkdir(parents=True)
    (space / "space.yml").write_text(SPACE)
    start = dt.datetime(2027, 1, 5, tzinfo=dt.UTC)
    previous: dict[int, str] = {}
    for number in range(posts):
        question = number % 10
        folder = space / f"q{question}"
        if not folder.exists():
            folder.mkdir()
            (folder / "question.md").write_text(f"---\ntitle: Q{question}\n---\nQ?\n")
        posted = start + dt.timedelta(minutes=90 * number)
        post_id = f"{posted:%Y%m%dT%H%M%SZ}-author-{number}"
        reply = (f"in_reply_to: {previous[question]}\n"
                 if number % 5 == 4 and question in previous else "")
        (folder / f"{post_id}.md").write_text(
            f"---\nauthor: Author {number}\nposted: {posted.isoformat()}\n{reply}---\n"
            + f"Response {number} with **some** emphasis. " * 8 + "\n")
        previous[question] = post_id


def main(posts: int = 1000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_site(root, posts)
        site, _ = load_site(root, Settings())
        view = View(site, Settings(), dt.datetime(2027, 3, 27, tzinfo=dt.UTC))
        began = time.perf_counter()
        files = build_outputs(view)
        outputs = time.perf_counter() - began
        began = time.perf_counter()
        again = build_outputs(view)
        cached = time.perf_counter() - began
        began = time.perf_counter()
        text = digest_markdown(view, make_digest(
            view, site.spaces[0], dt.datetime(2027, 3, 1, tzinfo=dt.UTC)))
        digest = time.perf_counter() - began
        size = sum(len(content) for content in files.values())
        print(f"{posts} posts: {len(files)} feeds and calendars, "
              f"{size / 1024:.0f} KiB, "
              f"{outputs:.2f} s (again, bodies cached: {cached:.2f} s); "
              f"digest since 1 March {len(text) / 1024:.0f} KiB in {digest:.2f} s")
        assert files == again


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
