"""The intake never tells a writer that a private space or question exists."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.model import Site
from generator.model.load import load_site
from generator.read.issue import submission_from_issue
from generator.read.issueform import load_form
from generator.read.submission import Refused, make_submission
from tests.conftest import REPO
from tests.read.test_intake_issue import payload

UTC = dt.timezone.utc


def body(space: str, question: str) -> str:
    return (f"### Space\n\n{space}\n\n### Question\n\n{question}\n\n"
            "### Your name\n\nAnn Writer\n\n### Organisation or affiliation\n\n"
            "_No response_\n\n### Language of your response\n\n_No response_\n\n"
            "### Your response\n\nA response.\n\n### Code of conduct\n\n"
            "- [X] I have read and accept the code of conduct.\n")


@pytest.fixture(scope="module")
def site() -> Site:
    return load_site(REPO)[0]


def refusal(site: Site, space: str, question: str) -> str:
    forms = [load_form(REPO / ".github/ISSUE_TEMPLATE/post.yml")]
    with pytest.raises(Refused) as caught:
        submission_from_issue(payload(body(space, question)), site, forms)
    return str(caught.value)


def test_issue_to_a_private_space_is_refused_as_unknown(site: Site) -> None:
    message = refusal(site, "smuggling-private-briefing", "q1-route-changes")
    assert message.startswith("unknown space 'smuggling-private-briefing'; known "
                              "spaces: climate-mobility, ")
    assert message.count("smuggling") == 1


def test_issue_to_a_members_only_question_is_refused_without_naming_it(
        site: Site) -> None:
    message = refusal(site, "climate-mobility", "q4-members-funding")
    assert message == ("unknown question 'q4-members-funding' in space "
                       "'climate-mobility'; its questions: q1-planned-relocation, "
                       "q2-mobility-as-adaptation, q3-disaster-displacement")


def test_refusals_by_any_channel_name_public_spaces_only(site: Site) -> None:
    with pytest.raises(Refused) as caught:
        make_submission(site, space_slug="no-such-space", question_slug="q1",
                        author="Ann", affiliation="", body="Hello",
                        posted=dt.datetime(2027, 3, 5, tzinfo=UTC), source="mail")
    assert "smuggling-private-briefing" not in str(caught.value)
    assert "climate-mobility" in str(caught.value)


def test_draft_comment_issue_to_a_private_space_is_refused_as_unknown(
        site: Site) -> None:
    from generator.consultation.intake import comment_form, comment_from_issue
    from tests.consultation.test_comment_intake import BODY
    from tests.consultation.test_comment_intake import payload as comment_payload

    issue = comment_payload(BODY.replace("guidelines-consultation",
                                         "smuggling-private-briefing"))
    with pytest.raises(Refused) as caught:
        comment_from_issue(issue, site, comment_form(REPO))
    assert caught.value.reason.startswith(
        "unknown space 'smuggling-private-briefing'; known spaces: ")
    assert caught.value.reason.count("smuggling") == 1
