"""Parse the Markdown body GitHub writes for an issue form, using the form itself.

GitHub renders each field as ``### <label>`` followed by the answer, writes
``_No response_`` for empty optional fields and ``- [X] label`` for ticked
boxes. Only headings that match one of the form's labels start a field, so an
answer may contain its own ``###`` lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.model.source import normalise_text

NO_RESPONSE = "_No response_"
FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*#*[ \t]*$")
CHECKBOX = re.compile(r"^\s*[-*]\s*\[( |x|X|)\]\s*(.*)$")
FENCE = re.compile(r"^(```+|~~~+)[^\n]*\n(.*?)\n?\1[ \t]*$", re.S)
# Regions bots keep up to date inside issue bodies (CPython's linked pull
# requests): `<!-- name -->` ... `<!-- /name -->`. Never part of an answer.
BOT_REGION = re.compile(
    r"^<!--[ \t]*([\w.-]+)[ \t]*-->\n.*?^<!--[ \t]*/\1[ \t]*-->[ \t]*$",
    re.S | re.M)


class FormError(Exception):
    """An issue body that cannot be read as the given form."""


@dataclass(frozen=True)
class FormField:
    """One answerable element of an issue form."""

    id: str
    label: str
    type: str
    required: bool = False
    options: tuple[str, ...] = ()
    render: str = ""
    multiple: bool = False


@dataclass
class IssueForm:
    """An issue form's fields, read from its YAML file."""

    name: str
    fields: list[FormField]
    path: Path | None = None
    #: Labels earlier versions of the form used, mapped to today's field (or to
    #: a retired field, whose text is then dropped instead of leaking into the
    #: answer above it).
    aliases: dict[str, FormField] = field(default_factory=dict)

    def by_label(self) -> dict[str, FormField]:
        return {**self.aliases, **{_key(f.label): f for f in self.fields}}

    def field(self, field_id: str) -> FormField | None:
        return next((f for f in self.fields if f.id == field_id), None)


@dataclass
class ParsedBody:
    """Answers by field id; ``missing`` lists required fields left empty."""

    values: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    unknown_text: str = ""


def _key(label: str) -> str:
    return re.sub(r"\s+", " ", label).strip().rstrip(":").strip().casefold()


def _slug_id(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.casefold()).strip("_")


def load_form(path: Path) -> IssueForm:
    """Read an issue form YAML; fields without an id get one from their label."""
    data = yaml.safe_load(normalise_text(path.read_text(encoding="utf-8"))) or {}
    return form_from_mapping(data, path)


def form_from_mapping(data: dict[str, Any], path: Path | None = None) -> IssueForm:
    fields = []
    for element in data.get("body") or []:
        kind = element.get("type")
        if kind == "markdown":
            continue
        attributes = element.get("attributes") or {}
        label = str(attributes.get("label") or "")
        options = []
        for option in attributes.get("options") or []:
            options.append(str(option.get("label") if isinstance(option, dict) else option))
        fields.append(FormField(
            id=str(element.get("id") or _slug_id(label)),
            label=label,
            type=str(kind),
            required=bool((element.get("validations") or {}).get("required")),
            options=tuple(options),
            render=str(attributes.get("render") or ""),
            multiple=bool(attributes.get("multiple")),
        ))
    return IssueForm(name=str(data.get("name") or ""), fields=fields, path=path)


def with_versions(current: IssueForm, older: list[IssueForm]) -> IssueForm:
    """``current`` that also reads bodies written with ``older`` versions of it.

    A field renamed in a later version is found under its old label when its id
    stayed the same; a field since removed is recognised and set aside.
    """
    labels = {_key(f.label) for f in current.fields}
    aliases: dict[str, FormField] = dict(current.aliases)
    for old in older:
        for old_field in old.fields:
            key = _key(old_field.label)
            if key in labels or key in aliases:
                continue
            aliases[key] = current.field(old_field.id) or FormField(
                id=f"retired:{old_field.id}", label=old_field.label,
                type=old_field.type)
    return IssueForm(current.name, current.fields, current.path, aliases)


def field_headings(body: str) -> list[str]:
    """Normalised text of every ``###`` heading line in ``body``."""
    headings = []
    for line in normalise_text(body).split("\n"):
        match = HEADING.match(line)
        if match:
            headings.append(_key(match.group(1)))
    return headings


def _field_starts(lines: list[str], form: IssueForm) -> dict[int, str]:
    """Line number -> field id, for the headings that really start a field.

    A contributor's answer may hold a line such as ``### Space`` (or one inside
    a code fence) that matches a label. GitHub writes the fields in form order,
    so each field's heading is the first one after the previous field's; a
    heading of a field already passed is part of an answer. A body edited by
    hand may have its fields moved: when reading in order finds fewer fields
    than taking each label's first heading does, the first headings win.
    """
    labels = form.by_label()
    order = {form_field.id: index for index, form_field in enumerate(form.fields)}
    candidates: list[tuple[int, str]] = []
    fence = ""
    for number, line in enumerate(lines):
        opening = FENCE_LINE.match(line)
        if opening and (not fence or opening.group(1).startswith(fence)):
            fence = "" if fence else opening.group(1)
            continue
        match = HEADING.match(line)
        if not fence and match and _key(match.group(1)) in labels:
            candidates.append((number, labels[_key(match.group(1))].id))

    in_order: dict[int, str] = {}
    last = -1
    for number, field_id in candidates:
        if field_id not in order:
            # A field an older version had and this one dropped: it has no place
            # in today's order, so its first heading is taken wherever it is.
            if field_id not in in_order.values():
                in_order[number] = field_id
        elif order[field_id] > last:
            in_order[number] = field_id
            last = order[field_id]
    first: dict[str, int] = {}
    for number, field_id in candidates:
        first.setdefault(field_id, number)
    if len(first) > len(in_order):
        return {number: field_id for field_id, number in first.items()}
    return in_order


def parse_body(body: str | None, form: IssueForm) -> ParsedBody:
    """Answers of ``body`` keyed by field id, read against ``form``."""
    text = BOT_REGION.sub("", normalise_text(body or ""))
    lines = text.split("\n")
    starts = _field_starts(lines, form)
    sections: dict[str, list[str]] = {}
    current: str | None = None
    preamble: list[str] = []
    for number, line in enumerate(lines):
        if number in starts:
            current = starts[number]
            sections[current] = []
            continue
        (sections[current] if current else preamble).append(line)

    parsed = ParsedBody(unknown_text="\n".join(preamble).strip())
    for form_field in form.fields:
        raw = "\n".join(sections.get(form_field.id, [])).strip()
        value = _value(raw, form_field)
        parsed.values[form_field.id] = value
        if form_field.required and value in ("", [], None):
            parsed.missing.append(form_field.label)
    return parsed


def _value(raw: str, form_field: FormField) -> Any:
    if raw == NO_RESPONSE:
        raw = ""
    if form_field.type == "checkboxes":
        ticked = []
        for line in raw.split("\n"):
            match = CHECKBOX.match(line)
            if match and match.group(1) in ("x", "X"):
                ticked.append(match.group(2).strip())
        return ticked
    if form_field.type == "dropdown" and form_field.multiple:
        return [part.strip() for part in raw.split(",") if part.strip()]
    if form_field.render:
        fenced = FENCE.match(raw)
        if fenced:
            raw = fenced.group(2).strip()
    return raw
