"""Turn a YAML file into a validated model, or into errors that point at the file.

The parser keeps every value as text; pydantic converts text to numbers and
booleans where the model asks for them and reports what does not fit. Its
error locations (paths such as ``nodes.opening.choices.1.to``) are mapped
back to line and column through the node tree, and its wording is replaced
with something an author can act on, including a "did you mean" for
misspelt keys and values.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from trainer.errors import ContentError, ContentErrors, Location
from trainer.scenarios import yaml_source
from trainer.scenarios.model import LocalRules, Rubric, Scenario, TrackList, WorkshopPlan
from trainer.scenarios.yaml_source import PathKey, SourceDoc

M = TypeVar("M", bound=BaseModel)
Kind = Literal["scenario", "rubric", "workshop", "tracks", "local-rules"]
MODELS: dict[Kind, type[BaseModel]] = {
    "scenario": Scenario,
    "rubric": Rubric,
    "workshop": WorkshopPlan,
    "tracks": TrackList,
    "local-rules": LocalRules,
}
_MAX_ERRORS = 50


def kind_of(data: Any) -> Kind:
    """Guess what a file holds from its top-level keys."""
    if isinstance(data, dict):
        if "competencies" in data:
            return "rubric"
        if "blocks" in data:
            return "workshop"
        if "tracks" in data:
            return "tracks"
        if "local_rules" in data:
            return "local-rules"
    return "scenario"


def validate(doc: SourceDoc, model: type[M]) -> M:
    """Validate parsed data against ``model``; raise ContentErrors with positions."""
    if not isinstance(doc.data, dict):
        raise ContentErrors(
            [ContentError("the file must be a mapping of keys (like 'id: ...')", doc.location())]
        )
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems = [_problem(doc, model, err) for err in exc.errors()[:_MAX_ERRORS]]
        raise ContentErrors(_dedupe(problems)) from None


def load(path: Path, model: type[M]) -> M:
    """Read, parse and validate one file."""
    return validate(yaml_source.read(path), model)


def load_scenario(path: Path) -> Scenario:
    """Read a scenario file (structure only; :mod:`checker` does the rest)."""
    return load(path, Scenario)


def content_hash(model: BaseModel) -> str:
    """A hash of the content's meaning, not its layout: comments and spacing don't count."""
    canonical = json.dumps(model.model_dump(mode="json", by_alias=True), sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _dedupe(problems: list[ContentError]) -> list[ContentError]:
    seen: set[str] = set()
    out = []
    for p in problems:
        if str(p) not in seen:
            seen.add(str(p))
            out.append(p)
    return out


def _problem(doc: SourceDoc, model: type[BaseModel], err: ErrorDetails) -> ContentError:
    loc = [p for p in err["loc"] if not _is_wrapper(p)]
    kind = err["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _allowed_keys(model, loc[:-1])
        return ContentError(
            f"unknown key '{key}'{_suggest(key, allowed, 'key')}",
            doc.location(loc, key=True),
        )
    if kind == "missing":
        key = str(loc[-1])
        return ContentError(f"missing required key '{key}'", doc.location(loc[:-1]))
    if loc and loc[-1] == "[key]":
        return ContentError(_message(err, "name"), doc.location(loc[:-1], key=True))
    return ContentError(_message(err, _field_name(loc)), doc.location(loc))


def _is_wrapper(part: PathKey) -> bool:
    # pydantic names union and enum branches in the path; they aren't in the file.
    return isinstance(part, str) and (
        part.startswith(("literal[", "function-", "lax-", "strict-")) or part in {"str", "int"}
    )


def _field_name(loc: Sequence[PathKey]) -> str:
    for part in reversed(loc):
        if isinstance(part, str):
            return f"'{part}'"
    return "value"


_QUOTED = re.compile(r"'([^']*)'")


def _message(err: ErrorDetails, field: str) -> str:
    kind = err["type"]
    given = err.get("input")
    shown = given if isinstance(given, str) else json.dumps(given)[:60]
    ctx = err.get("ctx") or {}
    if kind in ("literal_error", "enum"):
        options = _QUOTED.findall(str(ctx.get("expected", ""))) or [
            str(x) for x in re.findall(r"\d+", str(ctx.get("expected", "")))
        ]
        if not isinstance(given, str):
            return f"{field} must be one of: {', '.join(options)}; not {_describe(given)}"
        hint = _suggest(given, options, "value")
        return f"{field} cannot be '{shown}'; use one of: {', '.join(options)}{hint}"
    if kind in ("int_parsing", "int_from_float"):
        extra = ""
        if isinstance(given, str) and re.fullmatch(r"-?\d+[.:]\d+", given):
            extra = " (YAML 1.1 would have read this as a number; use a whole number)"
        return f"{field} must be a whole number, not '{shown}'{extra}"
    if kind == "int_parsing_size":
        return f"{field} is far too large a number"
    if kind in ("float_parsing", "float_type"):
        return f"{field} must be a number, not {_describe(given)}"
    if kind == "bool_parsing":
        return f"{field} must be true or false, not '{shown}'"
    if kind == "int_type":
        return f"{field} must be a whole number, not {_describe(given)}"
    if kind == "bool_type":
        return f"{field} must be true or false, not {_describe(given)}"
    if kind == "string_pattern_mismatch":
        return (
            f"'{shown}' is not a valid id: use lower-case letters, digits, '-' and '_', "
            "starting with a letter or digit"
        )
    if kind in ("string_too_short", "too_short"):
        return f"{field} must not be empty"
    if kind == "string_too_long":
        return f"{field} is too long (at most {ctx.get('max_length')} characters)"
    if kind == "too_long":
        return f"{field} has too many items (at most {ctx.get('max_length')})"
    if kind in _BOUNDS:
        limit = ctx.get(_BOUNDS[kind][0])
        if isinstance(limit, float) and limit.is_integer():
            limit = int(limit)
        return f"{field} is out of range: it must be {_BOUNDS[kind][1]} {limit}, not {shown}"
    if kind == "string_type":
        return f"{field} must be text, not {_describe(given)}"
    if kind == "dict_type":
        return f"{field} must be a mapping of keys (key: value), not {_describe(given)}"
    if kind == "list_type":
        return f"{field} must be a list (lines starting with '- '), not {_describe(given)}"
    if kind in ("model_type", "model_attributes_type"):
        return f"{field} must be a mapping of keys, not {_describe(given)}"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    if kind in ("string_unicode", "string_sub_type"):
        return f"{field} must be plain text"
    # Any other pydantic wording would name Python's types: say it plainly instead.
    return f"{field} cannot be {_describe(given)} here; see docs/authoring.md for what it takes"


_BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "less_than_equal": ("le", "at most"),
    "greater_than": ("gt", "more than"),
    "less_than": ("lt", "less than"),
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


def _suggest(word: str, options: Sequence[str], what: str) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    if close:
        return f" (did you mean '{close[0]}'?)"
    if what == "key" and options:
        return f"; allowed keys here: {', '.join(options)}"
    return ""


def _allowed_keys(model: type[BaseModel], loc: Sequence[PathKey]) -> list[str]:
    """The keys the model accepts at ``loc``, following field annotations."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _step(tp: Any, part: PathKey) -> Any:
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        for name, field in tp.model_fields.items():
            if part in (name, field.alias):
                return field.annotation
        return None
    origin = get_origin(tp)
    if origin is list:
        return get_args(tp)[0]
    if origin is dict:
        return get_args(tp)[1]
    return None


def _unwrap(tp: Any) -> Any:
    """Strip Optional/Annotated to the underlying type."""
    while True:
        origin = get_origin(tp)
        if origin is typing.Annotated:
            tp = get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def location_of(doc: SourceDoc, loc: Sequence[PathKey], *, key: bool = False) -> Location:
    """Public helper for the checker: where ``loc`` is in the file."""
    return doc.location(loc, key=key)
