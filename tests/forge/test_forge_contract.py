"""The promises of the Forge interface, checked the same way on both forges.

Other intakes (mail) and the moderation queue rely on exactly these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.config import load_settings
from generator.forge.base import Forge, UnknownChange, branch_for
from generator.forge.github import GitHubForge
from generator.forge.local import LocalForge
from generator.model.load import load_site
from generator.read.submission import Submission, make_submission
from tests.forge.forge_helpers import site_repo
from tests.forge.github_standin import GitHubStandIn

MESSAGE_ID = "<CAF=x7q@mail.example.org>"


@pytest.fixture(params=["local", "github"])
def forge(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Forge]:
    if request.param == "local":
        yield LocalForge(site_repo(tmp_path / "site"))
    else:
        with GitHubStandIn() as standin:
            yield GitHubForge(standin.repository, token="t", api_url=standin.url)


def submission(tmp_path: Path, body: str, author: str = "Wen Li") -> Submission:
    root = tmp_path / "content"
    if not root.exists():
        site_repo(root)
    site, _ = load_site(root, load_settings(root), strict=False)
    return make_submission(
        site, space_slug="climate-mobility", question_slug="q2-mobility-as-adaptation",
        author=author, affiliation="", body=body,
        posted=dt.datetime(2027, 3, 6, 9, 30, tzinfo=dt.timezone.utc),
        source=MESSAGE_ID)


def test_submit_is_idempotent_by_source(forge: Forge, tmp_path: Path) -> None:
    first = forge.submit(submission(tmp_path, "By mail."), title="t", body="b")
    assert (first.key, first.branch, first.updated) == (
        MESSAGE_ID, branch_for(MESSAGE_ID), False)
    again = forge.submit(submission(tmp_path, "By mail."), title="t", body="b")
    assert (again.updated, again.unchanged) == (True, True)
    edited = forge.submit(submission(tmp_path, "By mail, edited."), title="t",
                          body="b")
    assert (edited.updated, edited.unchanged) == (True, False)
    pending = forge.pending()
    assert [c.key for c in pending] == [MESSAGE_ID]
    assert pending[0].paths == ("spaces/climate-mobility/q2-mobility-as-adaptation/"
                                "20270306T093000Z-wen-li.md",)
    assert pending[0].issue is None


def test_merge_then_nothing_pending_and_merge_again_refused(forge: Forge,
                                                            tmp_path: Path) -> None:
    change = forge.submit(submission(tmp_path, "By mail."), title="t", body="b")
    assert forge.merge(change).state == "merged"
    assert forge.pending() == []
    with pytest.raises(UnknownChange):
        forge.merge(change.key)


def test_reject_records_the_reason(forge: Forge, tmp_path: Path) -> None:
    change = forge.submit(submission(tmp_path, "By mail."), title="t", body="b")
    rejected = forge.reject(change.key, "not about this question")
    assert (rejected.state, rejected.reason) == ("rejected", "not about this question")
    found = forge.find(change.key)
    assert found is not None and found.state == "rejected"
    assert forge.pending() == []
