"""Links that bring readers in: prefilled issue forms and mailto addresses.

GitHub fills an issue form's fields from query parameters named after the
fields' ids, and picks the form from ``template=<file>``.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from generator.config import Settings
from generator.model import Question, Space


def issue_form_url(settings: Settings, space: Space, question: Question | None = None,
                   reply_to: str = "", template: str = "post.yml",
                   **extra: str) -> str:
    """The 'new issue' address of our form, with space and question filled in."""
    if not settings.repository:
        return ""
    params = {"template": template, "space": space.slug}
    if question is not None:
        params["question"] = question.slug
        params["title"] = f"[{space.slug}/{question.slug}] "
    if reply_to:
        params["in_reply_to"] = reply_to
        params["template"] = "reply.yml"
    params.update(extra)
    base = f"{settings.github_url.rstrip('/')}/{settings.repository}/issues/new"
    return f"{base}?{urlencode(params, quote_via=quote)}"


def email_address(settings: Settings, space: Space, question: Question | None = None) -> str:
    """hub+<space>.<question>@domain, the plus-address the mail intake routes by."""
    local, _, domain = settings.intake_email.partition("@")
    tag = space.slug if question is None else f"{space.slug}.{question.slug}"
    return f"{local}+{tag}@{domain}"


def mailto_url(settings: Settings, space: Space, question: Question | None = None,
               reply_to: str = "") -> str:
    """A mailto link whose subject carries the [space/question] routing tag."""
    tag = space.slug if question is None else f"{space.slug}/{question.slug}"
    subject = f"[{tag}] " + (f"Re: {reply_to}" if reply_to else
                             (question.title if question else space.title))
    return (f"mailto:{email_address(settings, space, question)}?"
            + urlencode({"subject": subject}, quote_via=quote))
