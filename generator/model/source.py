"""Reading YAML and front matter while keeping the line of every key.

Validation messages must name the line of the offending key, so YAML is composed
into nodes first (which carry marks) and constructed from the same nodes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from generator.model import parsecache

BOM = "\ufeff"
# libyaml's loader gives the same nodes and marks about ten times faster; loading
# 10,000 posts spent most of its time in the pure-Python scanner.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SourceError(Exception):
    """A file that is not readable YAML or front matter; carries the line."""

    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


@dataclass
class Located:
    """A mapping read from YAML with the line of each key (and nested keys).

    ``lines`` maps a key path such as ``("events", 0, "start")`` to its line;
    ``kinds`` records the YAML tag each scalar resolved to, so a title that YAML
    quietly turned into a date or null can be told from a real string.
    """

    data: dict[str, Any]
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)
    kinds: dict[tuple[Any, ...], str] = field(default_factory=dict)
    offset: int = 0
    body: str = ""
    body_line: int = 1

    def line(self, *path: Any) -> int:
        """Line of the key at ``path``, falling back to its nearest parent."""
        while path:
            if path in self.lines:
                return self.lines[path] + self.offset
            path = path[:-1]
        return 1 + self.offset if self.offset else 1


# C0 controls other than tab and newline, and DEL: pasted from terminals (ANSI
# colours) or word processors (form feeds). They are invisible on a page, and XML
# (feeds, sitemaps) cannot carry them at all.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(text: str) -> str:
    """Remove control characters that no page, feed or calendar can carry."""
    return CONTROL.sub("", text)


def normalise_text(text: str) -> str:
    """Drop a UTF-8 byte-order mark, turn CRLF or CR line ends into LF, and drop
    control characters."""
    if text.startswith(BOM):
        text = text[len(BOM) :]
    return strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))


def _walk(node: yaml.Node, path: tuple[Any, ...], located: Located) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            located.lines[path + (key,)] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.ScalarNode):
                located.kinds[path + (key,)] = value_node.tag.rsplit(":", 1)[-1]
            _walk(value_node, path + (key,), located)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            located.lines[path + (index,)] = item.start_mark.line + 1
            if isinstance(item, yaml.ScalarNode):
                located.kinds[path + (index,)] = item.tag.rsplit(":", 1)[-1]
            _walk(item, path + (index,), located)


def parse_yaml(text: str, offset: int = 0) -> Located:
    """Parse one YAML mapping, recording key lines; ``offset`` shifts them."""
    text = normalise_text(text)
    loader = SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        raise SourceError(line, f"not valid YAML: {exc.problem or exc}") from exc
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(1 + offset, "expected a mapping of fields (key: value)")
    located = Located(data=data, offset=offset)
    if node is not None:
        _walk(node, (), located)
    return located


def read_yaml(path: Path) -> Located:
    """Read a YAML file as a located mapping."""
    return _read(path, parse_yaml)


def parse_front_matter(text: str) -> Located:
    """Split Markdown with front matter; key lines count from the file's top."""
    text = normalise_text(text)
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        return Located(data={}, body=text, body_line=1)
    try:
        fm, body = handler.split(text)
    except ValueError as exc:
        raise SourceError(1, f"front matter is not closed with '---': {exc}") from exc
    # Key lines count from the file's top: add the lines before the YAML starts.
    offset = text[: text.find(fm)].count("\n") if fm else 1
    located = parse_yaml(fm, offset=offset)
    located.body = body
    located.body_line = offset + fm.count("\n") + 2
    return located


def read_front_matter(path: Path) -> Located:
    """Read a Markdown file's front matter and body."""
    return _read(path, parse_front_matter)


def _read(path: Path, parse: Callable[[str], Located]) -> Located:
    cache = parsecache.current()
    if cache is not None:
        return cache.read(path, parse)
    return parse(path.read_text(encoding="utf-8-sig"))
