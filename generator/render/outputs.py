"""Files a build writes besides its pages: feeds and calendars.

Each producer returns {site-relative path: bytes} from a View, without MkDocs;
the plugin writes them after MkDocs has built the pages (on_post_build), and
anything else (tests, `spaces export`) can call the same functions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.atomic import make_room
from generator.render.calendar import calendar_files
from generator.render.feeds import feed_files
from generator.render.pages import View

OutputBuilder = Callable[[View, str], dict[str, bytes]]

# Features add producers here, as page builders go to PAGE_BUILDERS.
OUTPUT_BUILDERS: list[OutputBuilder] = [feed_files, calendar_files]


def build_outputs(view: View, base_url: str = "") -> dict[str, bytes]:
    """Every extra file of this build, by site-relative path."""
    files: dict[str, bytes] = {}
    for builder in OUTPUT_BUILDERS:
        files.update(builder(view, base_url))
    return files


def write_outputs(view: View, site_dir: Path, base_url: str = "") -> list[Path]:
    """Write every extra file under ``site_dir``; returns the paths written."""
    written = []
    checked: set[str] = set()
    for rel, content in sorted(build_outputs(view, base_url).items()):
        path = site_dir / rel
        # A site folder kept from the last build may hold a folder here.
        make_room(str(path), str(site_dir), checked)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written
