"""An emailed answer on the example site, from the mailbox to the built page."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from tests.conftest import copy_repo_content, mkdocs_build
from tests.read.mail.helpers import intake

QUESTION = "spaces/climate-mobility/q2-mobility-as-adaptation"


def test_emailed_answer_appears_on_the_question_page(tmp_path: Path) -> None:
    root = copy_repo_content(tmp_path / "site-src")
    message = EmailMessage()
    message["From"] = "=?utf-8?q?Ng=C3=B4_Thanh_H=C3=A0?= <ha@mofa.example>"
    message["To"] = "hub+climate-mobility.q2-mobility-as-adaptation@example.org"
    message["Subject"] = "[climate-mobility/q2-mobility-as-adaptation] Our pilot"
    message["Date"] = "Mon, 08 Mar 2027 09:15:00 +0700"
    message["Message-ID"] = "<pilot-2027@mofa.example>"
    message["Organization"] = "Ministry of Foreign Affairs, Viet Nam"
    message.set_content("Seasonal work visas let families adapt without leaving"
                        " for good.\n\n-- \nNgô Thanh Hà\nha@mofa.example\n")
    path = tmp_path / "pilot.eml"
    path.write_bytes(bytes(message))

    result = intake(root, str(path))
    post = f"{QUESTION}/20270308T021500Z-ngo-thanh-ha.md"
    assert result.output.splitlines()[0] == f"{path}: posted: {post}"
    assert (root / post).read_text(encoding="utf-8") == (
        "---\nauthor: Ngô Thanh Hà\n"
        "affiliation: Ministry of Foreign Affairs, Viet Nam\n"
        "posted: '2027-03-08T02:15:00Z'\nlanguage: en\n"
        "source: <pilot-2027@mofa.example>\n---\n\n"
        "Seasonal work visas let families adapt without leaving for good.\n")

    site = mkdocs_build(root, tmp_path / "site")
    html = (site / QUESTION / "index.html").read_text(encoding="utf-8")
    assert "Seasonal work visas let families adapt without leaving for good." in html
    assert "Ngô Thanh Hà" in html
    assert "ha@mofa.example" not in html
