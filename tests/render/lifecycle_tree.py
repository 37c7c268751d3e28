"""A small site for the lifecycle tests: a public space across a daylight-saving
change, a title that needs escaping, hidden, scheduled and members-only content."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.config import Settings
from generator.model.load import load_site
from generator.render.pages import View
from tests.conftest import write_tree

NOW = dt.datetime(2027, 3, 10, 12, tzinfo=dt.timezone.utc)

FILES = {
    "mkdocs.yml": """
        site_name: Test spaces
        docs_dir: docs
        theme:
          name: material
          custom_dir: theme
          font: false
        extra_css:
          - assets/stylesheets/lifecycle.css
        extra_javascript:
          - assets/javascripts/kickoff.js
        plugins:
          - spaces:
              repository: network/spaces
              intake_email: hub@example.org
        """,
    "docs/.keep": "",
    "people/lead.yml": "name: Lea Lead\ntitle: Lead\n",
    "people/pan.yml": "name: Pan Elist\norganisation: Union\n",
    "spaces/open/space.yml": """
        title: Open space
        theme: Labour migration
        objective: Learn what works.
        timezone: Europe/Zurich
        opens: 2027-03-01T09:00:00
        closes: 2027-04-09T17:00:00
        languages: [en, es]
        lead_moderator: lead
        call_to_action: Tell us what works.
        kickoff:
          video: https://www.youtube.com/watch?v=c7mTq2Lx9aE
          panelists: [pan, lead]
        events:
          - title: Webinar before the clocks change
            kind: webinar
            start: 2027-03-25T14:00:00
            end: 2027-03-25T15:00:00
          - title: Webinar after the clocks change
            kind: webinar
            start: 2027-04-01T14:00:00
            end: 2027-04-01T15:00:00
        """,
    "spaces/open/q1/question.md": "---\ntitle: Q&A <draft>\norder: 1\n---\nAsk.\n",
    "spaces/open/q1/20270302T100000Z-ana.md": """
        ---
        author: Ana
        affiliation: City & Co
        posted: 2027-03-02T10:00:00Z
        title: Q&A <draft>
        ---
        Hello & **bold** <script>alert(1)</script>
        """,
    "spaces/open/q1/20270303T100000Z-hid.md": """
        ---
        author: Hid
        posted: 2027-03-03T10:00:00Z
        hidden: spam
        ---
        Buy now.
        """,
    "spaces/open/q1/20270304T100000Z-bo.md": """
        ---
        author: Bo
        posted: 2027-03-04T10:00:00Z
        in_reply_to: 20270302T100000Z-ana
        ---
        I agree with Ana.
        """,
    "spaces/open/q1/20270305T100000Z-sch.md": """
        ---
        author: Sched
        posted: 2027-03-05T10:00:00Z
        publish_at: 2027-03-20T00:00:00Z
        ---
        Scheduled words.
        """,
    "spaces/open/q2/question.md": """
        ---
        title: Later question
        order: 2
        publish_at: 2027-03-20T09:00:00
        ---
        Asked later.
        """,
    "spaces/open/q3/question.md": """
        ---
        title: Members question
        order: 3
        visibility: members
        ---
        Only members.
        """,
    "spaces/closed-door/space.yml": """
        title: Members space
        theme: Labour migration
        objective: Internal.
        timezone: UTC
        opens: 2027-03-01T09:00:00
        closes: 2027-03-30T17:00:00
        visibility: members
        lead_moderator: lead
        events:
          - title: Members meeting
            kind: meeting
            start: 2027-03-15T10:00:00
        """,
    "spaces/closed-door/q1/question.md": "---\ntitle: Inside\n---\nInside?\n",
    "spaces/closed-door/q1/20270302T100000Z-mem.md": """
        ---
        author: Member
        posted: 2027-03-02T10:00:00Z
        ---
        Internal words.
        """,
}


def make_tree(root: Path) -> Path:
    """Write the site under ``root`` with the real theme folder linked in."""
    from tests.conftest import REPO

    write_tree(root, FILES)
    import shutil
    shutil.copytree(REPO / "theme", root / "theme")
    return root


def make_view(root: Path, now: dt.datetime = NOW, audience: str = "public",
              settings: Settings | None = None) -> View:
    site, _ = load_site(root, settings or Settings(repository="network/spaces"))
    return View(site, settings or Settings(repository="network/spaces"), now,
                audience=audience)
