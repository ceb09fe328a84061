"""Read YAML safely, keeping where every value came from.

Why not ``yaml.safe_load``:

* YAML 1.1 turns an unquoted ``No`` into ``False`` and ``12:30`` into 750.
  Here every plain scalar stays text (the resolver has no implicit types);
  the model converts text to numbers or booleans only where it expects them,
  so an author's words never change meaning silently.
* Errors must point at a line and column, so the node tree (which carries
  marks) is kept beside the plain data, and positions are looked up lazily
  only when something is reported.
* Hostile input must be refused quickly: a size cap, strict UTF-8, and a
  cheap pre-scan that bounds nesting depth *before* libyaml runs, because the
  C composer recurses without limit (a few hundred thousand ``[`` crash the
  process) and libyaml is quadratic in flow depth. Anchors, aliases and tags
  are refused, which also rules out expansion bombs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
import yaml.cyaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from trainer.errors import ContentError, FileAccessError, Location, display_path

MAX_BYTES = 1_048_576
MAX_DEPTH = 40
# Bounds for the pre-scan. They are far above any real scenario and far below
# what makes libyaml slow or the C composer crash (~100k levels).
_MAX_FLOW_OPENERS = 5_000
_MAX_BLOCK_PREFIX = 400

_STR = BaseResolver.DEFAULT_SCALAR_TAG
_SEQ = BaseResolver.DEFAULT_SEQUENCE_TAG
_MAP = BaseResolver.DEFAULT_MAPPING_TAG
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BLOCK_PREFIX = re.compile(r"^[ ?-]*", re.MULTILINE)
# Every code point libyaml refuses (C0 and C1 controls, surrogates, U+FFFE/F), so
# the refusal carries a line and column and a lone surrogate cannot crash the parser.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

PathKey = str | int


class _Composer(yaml.cyaml.CParser, BaseResolver):  # type: ignore[misc,name-defined]
    """libyaml's C parser with a resolver that knows no implicit types."""

    def __init__(self, text: str) -> None:
        yaml.cyaml.CParser.__init__(self, text)  # type: ignore[attr-defined]
        BaseResolver.__init__(self)


@dataclass(slots=True)
class SourceDoc:
    """A parsed YAML file: plain data plus the node tree for positions."""

    path: str
    data: Any
    root: Node | None

    def location(self, loc: Sequence[PathKey] = (), *, key: bool = False) -> Location:
        """Where the value at ``loc`` starts (or its key, with ``key=True``)."""
        node, key_node = self._find(loc)
        target = key_node if (key and key_node is not None) else node
        if target is None:
            return Location(self.path, 1, 1)
        mark = target.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def _find(self, loc: Sequence[PathKey]) -> tuple[Node | None, Node | None]:
        node = self.root
        key_node: Node | None = None
        for part in loc:
            if isinstance(node, MappingNode):
                found = _lookup(node, str(part))
                if found is None:
                    return node, key_node
                key_node, node = found
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return node, key_node
                key_node, node = None, node.value[part]
            else:
                return node, key_node
        return node, key_node


def _lookup(node: MappingNode, key: str) -> tuple[Node, Node] | None:
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def read_text(path: Path) -> str:
    """Read a content file as UTF-8 text, refusing what is too big or not text."""
    shown = display_path(path)
    if path.exists() and not path.is_file() and not path.is_dir():
        # Opening a named pipe blocks until something writes to it: refuse, don't hang.
        raise FileAccessError("is not a regular file (a pipe or a device?)", Location(shown))
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise FileAccessError("file not found", Location(shown)) from None
    except IsADirectoryError:
        raise FileAccessError("is a folder, not a file", Location(shown)) from None
    except OSError as exc:
        raise FileAccessError(f"cannot be read: {exc.strerror}", Location(shown)) from None
    if len(raw) > MAX_BYTES:
        raise ContentError(
            f"file is larger than {MAX_BYTES // 1024} KiB; split it into smaller files",
            Location(shown),
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError(
            "this is not UTF-8 text; save the file as UTF-8",
            Location(shown, line, column),
        ) from None


def parse(text: str, path: str) -> SourceDoc:
    """Parse one YAML document into plain data (dicts, lists, text, None)."""
    _prescan(text, path)
    try:
        root = _Composer(text).get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, path, text) from None
    except yaml.YAMLError as exc:
        raise ContentError(f"not valid YAML: {exc}", Location(path)) from None
    if root is None:
        raise ContentError("the file is empty", Location(path, 1, 1))
    return SourceDoc(path, _Walker(path).value(root, 0), root)


def read(path: Path) -> SourceDoc:
    """Read and parse a YAML content file."""
    return parse(read_text(path), display_path(path))


def _prescan(text: str, path: str) -> None:
    """Refuse input whose nesting could hang or crash libyaml, before it runs."""
    bad = _CONTROL.search(text)
    if bad:
        raise _at(text, bad.start(), path, "contains a control character; is this a text file?")
    openers = text.count("[") + text.count("{")
    if openers > _MAX_FLOW_OPENERS:
        raise _at(
            text,
            _nth_opener(text, _MAX_FLOW_OPENERS + 1),
            path,
            f"more than {_MAX_FLOW_OPENERS} '[' and '{{' in one file ({openers}); "
            "split the file, or write mappings as indented blocks",
        )
    widest = max((m.end() - m.start() for m in _BLOCK_PREFIX.finditer(text)), default=0)
    if widest > _MAX_BLOCK_PREFIX:
        for m in _BLOCK_PREFIX.finditer(text):
            if m.end() - m.start() == widest:
                raise _at(text, m.start(), path, "indented or nested far too deeply")


def _nth_opener(text: str, n: int) -> int:
    """Offset of the ``n``-th '[' or '{' (1-based), where the limit was passed."""
    for seen, m in enumerate(re.finditer(r"[\[{]", text), start=1):
        if seen == n:
            return m.start()
    return 0


def _at(text: str, offset: int, path: str, message: str) -> ContentError:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return ContentError(message, Location(path, line, column))


_HINTS = (
    ("found character '\\t'", "indent with spaces, not tabs"),
    ("found undefined alias", "text that starts with '*' must be in quotes"),
    ("while scanning an alias", "text that starts with '*' must be in quotes"),
    ("while scanning an anchor", "text that starts with '&' must be in quotes"),
    ("found undefined tag handle", "text that starts with '!' must be in quotes"),
    (
        "mapping values are not allowed",
        "text containing ': ' must be in quotes; if it is not text, check this line's "
        "indentation against the lines above",
    ),
    (
        "did not find expected key",
        "check this line's indentation: the keys of one block line up, and an item of a list "
        "starts with '- '",
    ),
    (
        "expected <block end>",
        "check this line's indentation: the keys of one block line up, and an item of a list "
        "starts with '- '",
    ),
    (
        "could not find expected ':'",
        "a key needs ':' after it; a line that carries on the text above needs the text "
        "quoted or written after '>-'",
    ),
    ("expected a single document", "a file holds one document; remove the extra '---'"),
    ("found character '@'", "text that starts with '@' or '`' must be in quotes"),
    ("found character '`'", "text that starts with '@' or '`' must be in quotes"),
    # libyaml 6.0.4 and later stop deep flow nesting themselves, before our walker.
    ("exceeded maximum nesting depth", f"nested too deeply; keep within {MAX_DEPTH} levels"),
)


_TAB_INDENT = "YAML syntax: a tab in the indentation; indent with spaces (YAML does not allow tabs)"


def _tab_indent(text: str, mark: yaml.Mark | None, detail: str) -> tuple[int, int] | None:
    """Where a tab in a line's indentation caused the error: (line, column), 1-based.

    libyaml words it three ways, and may report it a line or more later, so
    the error's own line is looked at first, then (when libyaml says it met
    a tab) the lines above it.
    """
    if mark is None or not text:
        return None
    lines = text.split("\n")
    here = min(mark.line, len(lines) - 1)

    def tab_at(number: int) -> tuple[int, int] | None:
        line = lines[number]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        return (number + 1, indent.index("\t") + 1) if "\t" in indent else None

    found = tab_at(here)
    if found or ("tab" not in detail and "'\\t'" not in detail):
        return found
    for number in range(here - 1, -1, -1):
        found = tab_at(number)
        if found:
            return found
    return None


def _yaml_error(exc: yaml.MarkedYAMLError, path: str, text: str = "") -> ContentError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "not valid YAML"
    message = f"YAML syntax: {problem}"
    if exc.context and exc.problem:
        message = f"YAML syntax: {problem} ({exc.context})"
    detail = str(exc)
    if mark is not None and "cannot start any token" in detail and 0 <= mark.index < len(text):
        # libyaml, unlike the pure-Python scanner, does not name the character.
        detail += f" found character {text[mark.index]!r}"
    tab = _tab_indent(text, mark, detail)
    if tab is not None:
        return ContentError(_TAB_INDENT, Location(path, *tab))
    unclosed = "end of stream" in (exc.problem or "")
    if unclosed and exc.context_mark is not None and "quoted scalar" in (exc.context or ""):
        # libyaml notices at the end of the file; the author needs the quote that opened it.
        opened = exc.context_mark
        return ContentError(
            "YAML syntax: a quote opened here is never closed; close it at the end of the text",
            Location(path, opened.line + 1, opened.column + 1),
        )
    for needle, hint in _HINTS:
        if needle in detail:
            message += f" — {hint}"
            break
    if mark is None:
        return ContentError(message, Location(path))
    return ContentError(message, Location(path, mark.line + 1, mark.column + 1))


class _Walker:
    """Turns the node tree into plain data, refusing what the format forbids."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.seen: set[int] = set()

    def error(self, node: Node, message: str) -> ContentError:
        mark = node.start_mark
        return ContentError(message, Location(self.path, mark.line + 1, mark.column + 1))

    def value(self, node: Node, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.error(node, f"nested more than {MAX_DEPTH} levels deep")
        if id(node) in self.seen:
            raise self.error(
                node, "anchors and aliases (&name / *name) are not supported; write it out"
            )
        self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.tag != _STR:
                raise self.error(node, f"tags such as '{node.tag}' are not supported; remove it")
            if not node.style and node.value in _NULLS:
                return None
            return node.value
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                raise self.error(node, f"tags such as '{node.tag}' are not supported; remove it")
            return [self.value(item, depth + 1) for item in node.value]
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                raise self.error(node, f"tags such as '{node.tag}' are not supported; remove it")
            return dict(self._pairs(node, depth))
        raise self.error(node, "unexpected YAML node")

    def _pairs(self, node: MappingNode, depth: int) -> Iterator[tuple[str, Any]]:
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != _STR:
                raise self.error(key_node, "a key must be plain text")
            key = key_node.value
            if key in first_line:
                raise self.error(
                    key_node,
                    f"duplicate key '{key}' (first at line {first_line[key]}): a key appears "
                    "once in a block; if this starts another item of a list (a choice, a "
                    "line), begin it with '- ', else check its indentation or keep one",
                )
            first_line[key] = key_node.start_mark.line + 1
            yield key, self.value(value_node, depth + 1)
