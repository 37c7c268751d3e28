"""Finished feeds are reused when nothing they list has changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.config import load_settings
from generator.model.load import load_site
from generator.render import feeds
from generator.render.pages import View
from tests.conftest import write_tree

NOW = dt.datetime(2027, 3, 10, 12, tzinfo=dt.timezone.utc)


def feed_build(root: Path) -> tuple[dict[str, bytes], int]:
    """The feeds of ``root`` and how many were drawn afresh by feedgen."""
    settings = load_settings(root)
    site, _ = load_site(root, settings)
    view = View(site, settings, NOW)
    cache = feeds.feed_cache(view)
    files = feeds.feed_files(view, cache=cache)
    return files, cache.made


def test_one_new_post_redraws_only_the_feeds_that_list_it(example_copy: Path) -> None:
    cold, drawn_cold = feed_build(example_copy)
    warm, drawn_warm = feed_build(example_copy)
    assert warm == cold and drawn_warm == 0 and drawn_cold == len(cold)

    write_tree(example_copy, {
        "spaces/climate-mobility/q1-planned-relocation/20270310T110000Z-new.md":
            "---\nauthor: New Voice\nposted: 2027-03-10T11:00:00Z\n---\nFresh idea.\n"})
    after, drawn_after = feed_build(example_copy)
    changed = sorted(path for path in after if after[path] != cold.get(path))
    assert changed == ["feed.xml", "spaces/climate-mobility/feed.xml",
                       "spaces/climate-mobility/q1-planned-relocation/feed.xml"]
    assert drawn_after == 3
    assert b"Fresh idea." in after["feed.xml"]
