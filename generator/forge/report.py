"""The moderation report: what a moderator should know before merging a post.

Written for every submission, whichever way it came (issue form, pull request
written by hand, mail), and posted where the moderator looks: as a comment on
the pull request and as the checks job's summary. It judges, it does not
decide: the moderator merges or rejects.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator.model.ids import EMAIL_ADDRESS
from generator.model import Site
from generator.model.problems import Problems

LINK = re.compile(r"https?://[^\s)>\]]+|\[[^\]]*\]\((?!#)[^)]+\)", re.I)
MENTION = re.compile(r"(?<![\w@`/])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\b")
# Placeholder spam signals: cheap, explainable heuristics, never a verdict.
# TODO: a trained or list-based filter; waits until real spam has been seen.
SPAM_PHRASES = ("buy now", "click here", "free money", "casino", "crypto giveaway",
                "work from home", "limited offer")
MAX_LINKS = 5
FIRST_TIMER_ASSOCIATIONS = {"FIRST_TIMER", "FIRST_TIME_CONTRIBUTOR", "NONE"}
TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class ModerationReport:
    """Facts about one post, in the order a moderator reads them."""

    path: str
    space: str
    question: str
    author: str
    space_status: str
    late: bool
    conduct_accepted: bool | None
    links: int
    mentions: list[str]
    spam_signals: list[str] = field(default_factory=list)
    first_time: bool | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def attention(self) -> bool:
        """True when something in the report asks the moderator to look twice."""
        return bool(self.problems or self.spam_signals or self.late
                    or self.conduct_accepted is False
                    or self.space_status != "open")

    def markdown(self) -> str:
        """The report as GitHub-flavoured Markdown (PR comment, job summary)."""
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                                 autoescape=False, keep_trailing_newline=True,
                                 trim_blocks=True, lstrip_blocks=True)
        return env.get_template("report.md.j2").render(report=self)


def count_links(body: str) -> int:
    """Links in a Markdown body: bare URLs and [text](target) links."""
    return len(LINK.findall(body))


def mentions(body: str) -> list[str]:
    """@handles mentioned, in order, without repeats (code spans excluded)."""
    text = re.sub(r"`[^`]*`", "", body)
    seen: list[str] = []
    for handle in MENTION.findall(text):
        if handle not in seen:
            seen.append(handle)
    return seen


def spam_signals(body: str) -> list[str]:
    """Reasons this body looks like spam; empty for an ordinary post."""
    signals = []
    links = count_links(body)
    if links > MAX_LINKS:
        signals.append(f"{links} links (more than {MAX_LINKS})")
    lowered = body.casefold()
    for phrase in SPAM_PHRASES:
        if phrase in lowered:
            signals.append(f"contains {phrase!r}")
    letters = [c for c in body if c.isalpha()]
    if len(letters) >= 40 and sum(c.isupper() for c in letters) / len(letters) > 0.6:
        signals.append("mostly capital letters")
    return signals


def space_status_at(site: Site, space_slug: str, instant: dt.datetime) -> str:
    """'open', 'not yet open', 'closed' or 'unknown space' at ``instant``."""
    space = site.space(space_slug)
    if space is None:
        return "unknown space"
    if instant < space.opens:
        return "not yet open"
    return "closed" if instant >= space.closes else "open"


def build_report(site: Site, *, path: str, space: str, question: str, author: str,
                 body: str, posted: dt.datetime, late: bool = False,
                 conduct_accepted: bool | None = None,
                 first_time: bool | None = None,
                 problems: list[str] | None = None) -> ModerationReport:
    """Judge one post; ``posted`` is when it was submitted, not when we run.

    ``first_time`` None means "ask the content": True when no other post has
    the same author name.
    """
    if first_time is None:
        first_time = not any(p.author.casefold() == author.casefold()
                             and p.path.relative_to(site.root).as_posix() != path
                             for p in site.posts())
    problems = list(problems or [])
    for address in dict.fromkeys(EMAIL_ADDRESS.findall(body)):
        # Often the sender's own, pasted into a signature; the page would show
        # it to everyone, so the moderator decides.
        problems.append(f"the text contains the email address {address}, which "
                        "would be published as written")
    return ModerationReport(
        path=path, space=space, question=question, author=author,
        space_status=space_status_at(site, space, posted), late=late,
        conduct_accepted=conduct_accepted, links=count_links(body),
        mentions=mentions(body), spam_signals=spam_signals(body),
        first_time=first_time, problems=problems)


def first_time_from_association(association: str | None) -> bool | None:
    """GitHub's author_association read as first-time-or-not (None: unknown)."""
    if not association:
        return None
    return association.upper() in FIRST_TIMER_ASSOCIATIONS


def changed_paths(root: Path, base: str) -> list[str]:
    """Files added or modified on this branch since it left ``base``."""
    import subprocess

    from generator.forge.base import ForgeError

    result = subprocess.run(
        ["git", "diff", "--name-only", "--no-renames", "--diff-filter=AM",
         f"{base}...HEAD"], cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise ForgeError(f"cannot compare with {base}: {result.stderr.strip()}")
    return [line for line in result.stdout.splitlines() if line]


def changed_post_reports(site: Site, problems: Problems, root: Path,
                         base: str) -> str:
    """One report per post file the branch adds or changes, as Markdown;
    empty when the branch changes no post."""
    posts = {p.path.relative_to(site.root).as_posix(): p for p in site.posts()}
    reports = []
    for path in changed_paths(root, base):
        if not path.startswith("spaces/") or not path.endswith(".md"):
            continue
        found = [str(p) for p in problems.items if p.path == path]
        post = posts.get(path)
        if post is None:
            if path.endswith(("/question.md", "/index.md")):
                continue
            found = found or [f"{path}: not read as a post"]
            reports.append(f"### Moderation report: `{path}`\n\n"
                           + "".join(f"- {line}\n" for line in found))
            continue
        report = build_report(
            site, path=path, space=post.space, question=post.question,
            author=post.author, body=post.body, posted=post.posted, late=post.late,
            problems=found)
        reports.append(report.markdown())
    return "\n".join(reports)
