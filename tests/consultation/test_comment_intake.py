"""A comment filed with the "Comment on a draft" issue form becomes a comment file."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.consultation.intake import comment_form, comment_from_issue
from generator.consultation.load import load_drafts
from generator.model.load import load_site
from generator.read.submission import Refused, write_submission
from tests.conftest import REPO, copy_repo_content

BODY = (
    "### Space\r\n\r\nguidelines-consultation\r\n\r\n"
    "### Draft\r\n\r\nbasic-services-guidelines\r\n\r\n"
    "### Version\r\n\r\n2\r\n\r\n"
    "### Paragraph\r\n\r\np-agree-with-civil-society-689486\r\n\r\n"
    "### Your name\r\n\r\nAna Lima\r\n\r\n"
    "### Organisation or affiliation\r\n\r\nCáritas Brasileira\r\n\r\n"
    "### Language of your comment\r\n\r\n_No response_\r\n\r\n"
    "### Your comment\r\n\r\nName a contact person in each service.\r\n\r\n"
    "### Code of conduct\r\n\r\n- [X] I have read and accept the code of conduct.\r\n"
)


def payload(body: str, created: str = "2027-03-09T18:00:00Z") -> dict:
    return {"action": "opened", "issue": {"number": 77, "created_at": created,
                                          "body": body, "title": "[x] comment"}}


def test_comment_issue_becomes_a_placed_comment(tmp_path: Path) -> None:
    root = copy_repo_content(tmp_path / "repo")
    site, _ = load_site(root)
    submission = comment_from_issue(payload(BODY), site, comment_form(REPO))
    path = write_submission(root, submission, site)
    assert path.relative_to(root).as_posix() == (
        "spaces/guidelines-consultation/drafts/basic-services-guidelines/comments/"
        "20270309T180000Z-ana-lima.md")
    assert path.read_text(encoding="utf-8") == (
        "---\nauthor: Ana Lima\naffiliation: Cáritas Brasileira\n"
        "posted: '2027-03-09T18:00:00Z'\nlanguage: en\nsource: 'issue #77'\n"
        "draft: basic-services-guidelines\nversion: 2\n"
        "paragraph: p-agree-with-civil-society-689486\n---\n\n"
        "Name a contact person in each service.\n")
    site, _ = load_site(root)
    assert load_drafts(site).items == []
    draft = site.space("guidelines-consultation").drafts[0]  # type: ignore[union-attr]
    ana = next(c for c in draft.comments if c.post.author == "Ana Lima")
    placed = draft.place(ana)
    assert placed.anchor == "p-agree-with-civil-society-689486"


@pytest.mark.parametrize(("old", "new", "reason"), [
    ("p-agree-with-civil-society-689486", "p-nope-000000",
     "no paragraph 'p-nope-000000' in version 2 of draft 'basic-services-guidelines'"),
    ("### Draft\r\n\r\nbasic-services-guidelines", "### Draft\r\n\r\nother",
     ("unknown draft 'other' in space 'guidelines-consultation'; its drafts: "
     "basic-services-guidelines")),
    ("### Version\r\n\r\n2", "### Version\r\n\r\n7",
     "draft 'basic-services-guidelines' has no version '7'"),
])
def test_comment_on_an_unknown_target_is_refused(old: str, new: str,
                                                 reason: str) -> None:
    site, _ = load_site(REPO)
    with pytest.raises(Refused) as refused:
        comment_from_issue(payload(BODY.replace(old, new)), site, comment_form(REPO))
    assert refused.value.reason == reason


def test_comment_after_the_close_is_refused() -> None:
    site, _ = load_site(REPO)
    with pytest.raises(Refused) as refused:
        comment_from_issue(payload(BODY, "2027-03-27T09:00:00Z"), site,
                           comment_form(REPO))
    assert refused.value.label == "closed"
