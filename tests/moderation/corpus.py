"""A small, fully known discussion: every figure the moderation tests check is
worked out by hand from the files below (times in UTC; the space is in
Europe/Paris, UTC+01:00 in March 2027).

Team: lena-moder (lead, by handle) and Sam Quay (``moderator: true``).

q1-ports
  P1 01T10:00 Ana Costa ........ answered by P2 after 6 h
  P2 01T16:00 Lena Moder (team)  reply to P1
  P3 02T09:00 Bo Chen .......... unanswered; P4 is a reply from a participant
  P4 02T12:00 Ana Costa ........ reply to P3, unanswered itself
  P5 03T08:00 Chloe Marchetti .. hidden ("off-topic advertising")
  P6 03T10:00 Dev Patel ........ reply to the hidden P5, unanswered
q2-crews
  P7 02T23:00 Femi Ade (fr) .... 03 March in Paris; answered by P8 after 48 h
  P8 04T23:00 Sam Quay (team) .. 05 March in Paris
  P9 02T15:00 Bo Chen .......... unanswered
  P10 04T15:00 Hana Ito ........ publish_at 6 March: not published at NOW
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import REPO, write_tree

NOW = "2027-03-05T12:00:00Z"
SPACE = "harbour-talks"
HIDDEN_BODY = "Discount shipping containers at unbeatable prices"

FILES = {
    "people/lena-moder.yml": """
        name: "Lena Moder"
        organisation: "Migration Network Hub"
        country: "Norway"
        """,
    "people/omar-team.yml": """
        name: "Omar Team"
        organisation: "Migration Network Hub"
        """,
    f"spaces/{SPACE}/space.yml": """
        title: "Ports and seafarers"
        theme: Labour migration
        objective: "Share how ports treat migrant seafarers."
        timezone: Europe/Paris
        opens: 2027-03-01T09:00:00
        closes: 2027-03-05T18:00:00
        visibility: public
        languages: [en, fr]
        lead_moderator: lena-moder
        moderators: [lena-moder, omar-team]
        """,
    f"spaces/{SPACE}/q1-ports/question.md": """
        ---
        title: "What do ports do well?"
        order: 1
        ---
        Tell us.
        """,
    f"spaces/{SPACE}/q2-crews/question.md": """
        ---
        title: "What do crews need?"
        order: 2
        ---
        Tell us.
        """,
    f"spaces/{SPACE}/q1-ports/20270301T100000Z-ana-costa.md": """
        ---
        author: "Ana Costa"
        affiliation: "Port Authority of Lisbon"
        posted: 2027-03-01T10:00:00Z
        country: "Portugal"
        ---
        Our port opened a welfare centre for crews that stay ashore during repairs,
        with free internet so that seafarers can call their families every week.
        """,
    f"spaces/{SPACE}/q1-ports/20270301T160000Z-lena-moder.md": """
        ---
        author: "Lena Moder"
        affiliation: "Migration Network Hub"
        posted: 2027-03-01T16:00:00Z
        handle: lena-moder
        in_reply_to: 20270301T100000Z-ana-costa
        ---
        Thank you, Ana. Who pays for the centre?
        """,
    f"spaces/{SPACE}/q1-ports/20270302T090000Z-bo-chen.md": """
        ---
        author: "Bo Chen"
        affiliation: "Harbour Workers Union"
        posted: 2027-03-02T09:00:00Z
        country: "China"
        ---
        Shore leave is still refused to many crews in the region.
        """,
    f"spaces/{SPACE}/q1-ports/20270302T120000Z-ana-costa.md": """
        ---
        author: "Ana Costa"
        affiliation: "Port Authority of Lisbon"
        posted: 2027-03-02T12:00:00Z
        country: "Portugal"
        in_reply_to: 20270302T090000Z-bo-chen
        ---
        We saw the same until the port health office took over the decision.
        """,
    f"spaces/{SPACE}/q1-ports/20270303T080000Z-chloe-marchetti.md": f"""
        ---
        author: "Chloe Marchetti"
        affiliation: "Marchetti Containers Ltd"
        posted: 2027-03-03T08:00:00Z
        country: "Monaco"
        hidden: "off-topic advertising"
        ---
        {HIDDEN_BODY}: write to us today.
        """,
    f"spaces/{SPACE}/q1-ports/20270303T100000Z-dev-patel.md": """
        ---
        author: "Dev Patel"
        affiliation: "independent"
        posted: 2027-03-03T10:00:00Z
        country: "India"
        in_reply_to: 20270303T080000Z-chloe-marchetti
        ---
        Please keep this space free of advertising.
        """,
    f"spaces/{SPACE}/q2-crews/20270302T230000Z-femi-ade.md": """
        ---
        author: "Femi Ade"
        affiliation: "Seafarers Mission"
        posted: 2027-03-02T23:00:00Z
        country: "Nigeria"
        language: fr
        ---
        Les équipages ont besoin d'un accès simple aux soins dans chaque port.
        """,
    f"spaces/{SPACE}/q2-crews/20270304T230000Z-sam-quay.md": """
        ---
        author: "Sam Quay"
        affiliation: "Migration Network Hub"
        posted: 2027-03-04T23:00:00Z
        moderator: true
        in_reply_to: 20270302T230000Z-femi-ade
        ---
        Merci, Femi. Quels ports le font déjà ?
        """,
    f"spaces/{SPACE}/q2-crews/20270302T150000Z-bo-chen.md": """
        ---
        author: "Bo Chen"
        affiliation: "Harbour Workers Union"
        posted: 2027-03-02T15:00:00Z
        country: "China"
        ---
        Crews need contracts they can read in their own language.
        """,
    f"spaces/{SPACE}/q2-crews/20270304T150000Z-hana-ito.md": """
        ---
        author: "Hana Ito"
        affiliation: "Port of Kobe"
        posted: 2027-03-04T15:00:00Z
        publish_at: 2027-03-06T09:00:00Z
        ---
        Scheduled for later.
        """,
}


def make_corpus(root: Path) -> Path:
    """The corpus under ``root`` with the example site's theme, config and docs,
    so it can be loaded, queried and built for real."""
    write_tree(root, FILES)
    shutil.copytree(REPO / "theme", root / "theme")
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root
