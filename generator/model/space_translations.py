"""A space's own text in its other languages.

space.yml may carry a `translations:` mapping, language to translated fields:

    translations:
      fr:
        title: "Changement climatique et mobilité humaine"
        objective: "..."

and the introduction and the summary have siblings: spaces/<space>/index.fr.md,
summaries/<space>.fr.md. Posts and questions have theirs already (<id>.fr.md).
"""

from __future__ import annotations

from pathlib import Path

from generator.model import Space
from generator.model.fields import FieldReader
from generator.model.ids import LANGUAGE
from generator.model.source import SourceError, read_front_matter

TEXT_FIELDS = ("title", "objective", "audience", "call_to_action")
LIST_FIELDS = ("takeaways", "deliverables")


def load_space_translations(reader: FieldReader, space: Space, root: Path) -> None:
    """Fill space.translations from space.yml, index.<lang>.md and summaries."""
    raw = reader.raw("translations") or {}
    if not isinstance(raw, dict):
        reader.error("translations", "translations should map a language such as "
                     "'fr' to translated fields (title, objective, ...)")
        raw = {}
    for language, fields in raw.items():
        key = ("translations", language)
        if not isinstance(language, str) or not LANGUAGE.match(language):
            reader.error(key, f"{language!r} is not a language code such as 'fr'")
            continue
        if language not in space.languages:
            reader.warning(key, f"translation into {language!r}, which is not in "
                           "this space's languages")
        if not isinstance(fields, dict):
            reader.error(key, f"translations.{language} should hold fields such as "
                         "title and objective")
            continue
        found: dict[str, object] = {}
        for name, value in fields.items():
            if name in TEXT_FIELDS and isinstance(value, str):
                found[name] = value
            elif name in LIST_FIELDS and isinstance(value, list):
                found[name] = [str(item) for item in value]
            else:
                reader.error(key + (name,), f"translations.{language}.{name}: only "
                             + ", ".join(TEXT_FIELDS + LIST_FIELDS)
                             + " can be translated here, as text (lists for "
                             "takeaways and deliverables)")
        space.translations[language] = found

    for path, name in [*((p, "introduction") for p in space.path.glob("index.*.md")),
                       *((p, "summary") for p in
                         (root / "summaries").glob(f"{space.slug}.*.md"))]:
        language = path.name[: -len(".md")].rpartition(".")[2]
        if not LANGUAGE.match(language):
            continue
        try:
            body = read_front_matter(path).body
        except (SourceError, UnicodeDecodeError) as exc:
            reader.problems.error(path, getattr(exc, "line", 0), str(exc))
            continue
        space.translations.setdefault(language, {})[name] = body
