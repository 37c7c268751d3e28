"""Issue forms kept in step with the content: the space dropdown and question list.

``spaces forms`` rewrites the generated parts of the submission forms in
.github/ISSUE_TEMPLATE; the ``spaces check`` entry registered by the command
line fails while they are stale. Only public spaces are offered: an issue is
public on GitHub before any moderator reads it, so other spaces take email.

GitHub documents URL query parameters filling an issue form's *text* fields
(input, textarea); it does not document selecting a dropdown option that way.
So ``space`` is a dropdown (chosen from the content) and ``question`` stays an
input that the call-to-action link fills, with the valid questions listed in
its description; the link's ``title=[space/question]`` names both as well.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.model import Site
from generator.model.problems import Problems
from generator.model.source import normalise_text
from generator.read.issueform import IssueForm, load_form

FORMS_DIR = Path(".github/ISSUE_TEMPLATE")
SUBMISSION_FORMS = ("post.yml", "reply.yml")


def other_forms(root: Path) -> list[IssueForm]:
    """The repository's issue forms that are not post or reply forms
    (proposals, comments on drafts): issues filed with them are not ours."""
    forms = []
    for path in sorted((root / FORMS_DIR).glob("*.yml")):
        if path.name not in (*SUBMISSION_FORMS, "config.yml"):
            forms.append(load_form(path))
    return forms


def public_spaces(site: Site) -> list[str]:
    """Slugs of the spaces offered in the forms, newest opening first."""
    spaces = [s for s in site.spaces if s.visibility == "public"]
    return [s.slug for s in sorted(spaces, key=lambda s: (s.opens, s.slug),
                                   reverse=True)]


def question_list(site: Site) -> str:
    """The question field's description: every public space's question slugs."""
    lines = ["The question's short name; the link on its page fills it in.",
             "Questions by space:"]
    for slug in public_spaces(site):
        space = site.space(slug)
        assert space is not None
        names = ", ".join(f"`{q.slug}`" for q in space.questions) or "none yet"
        lines.append(f"- `{slug}`: {names}")
    return "\n".join(lines)


def regenerate(form: dict[str, Any], site: Site) -> dict[str, Any]:
    """``form`` with its space options and question list made from ``site``."""
    body = []
    for element in form.get("body") or []:
        element = dict(element)
        attributes = dict(element.get("attributes") or {})
        if element.get("id") == "space" and element.get("type") == "dropdown":
            attributes["options"] = public_spaces(site) or ["(no public space yet)"]
        elif element.get("id") == "question" and element.get("type") == "input":
            attributes["description"] = question_list(site)
        element["attributes"] = attributes
        body.append(element)
    return {**form, "body": body}


def _read(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(normalise_text(path.read_text(encoding="utf-8"))) or {}
    return data if isinstance(data, dict) else {}


class _FormDumper(yaml.SafeDumper):
    """Block scalars for multi-line text and indented lists, as people write forms."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_FormDumper.add_representer(str, _text)


def dump(form: dict[str, Any]) -> str:
    """YAML text of a form, stable from one run to the next."""
    return yaml.dump(form, Dumper=_FormDumper, sort_keys=False, allow_unicode=True,
                     width=10_000)


def stale_forms(site: Site, root: Path) -> list[Path]:
    """Submission forms whose generated parts no longer match the content."""
    stale = []
    for name in SUBMISSION_FORMS:
        path = root / FORMS_DIR / name
        if path.exists():
            form = _read(path)
            if regenerate(form, site) != form:
                stale.append(path)
    return stale


def write_forms(site: Site, root: Path) -> list[Path]:
    """Rewrite the stale forms; returns the files written."""
    written = []
    for path in stale_forms(site, root):
        path.write_text(dump(regenerate(_read(path), site)), encoding="utf-8")
        written.append(path)
    return written


def check_forms(site: Site, problems: Problems, settings: object, root: Path) -> None:
    """`spaces check` entry: an error for each stale form, naming the fix."""
    for path in stale_forms(site, root):
        problems.error(path, 0, "issue form is out of date with the spaces and "
                       "questions; run `spaces forms`")
