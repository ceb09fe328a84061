"""Every message a broken file can give is in an author's words, never Python's or pydantic's.

A small valid file of each format is broken at every key in turn (a mapping, a
list, text, numbers out of range, nothing, an empty string, an id with
spaces), checked, and every error's message searched for the names of types
and internals that mean nothing to an author: ``List``, ``dict``, ``int``,
``str``, "Input should", the models' class names, and so on.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from trainer.scenarios import templates
from trainer.scenarios.checker import check_text
from trainer.scenarios.library import bundled_rubric
from trainer.scenarios.loader import MODELS

DATA = Path(__file__).parent / "data"
BROKEN_VALUES: list[Any] = [
    {"x": "y"},
    ["a"],
    "text",
    "-3",
    "999999",
    "1.5",
    None,
    "",
    [],
    {},
    "Bad Id!",
]
MODEL_NAMES = "|".join(m.__name__ for m in MODELS.values()) + (
    "|Choice|Node|Route|Meter|CastMember|Ending|DebriefPoint|Jurisdiction|Competency|Block"
    "|Requirement|TrackSpec|Manner|Outcome|Topic"
)
INTERNAL = re.compile(
    r"\b(List|Dict|Tuple|Set|dict|list\[|str|int|float|bool|NoneType|None|pydantic|"
    r"Input should|input_value|input_type|type=|literal_error|\[key\]|function-after|"
    r"lax-or-strict|Field required|Union|Annotated|validation error|Value error|"
    r"Traceback|Undefined|" + MODEL_NAMES + r")\b"
)

SAMPLES = {
    "scenario": (DATA / "mini.yaml").read_text(encoding="utf-8"),
    "tracks": (
        "format: 1\ntracks:\n  core:\n    title: Core\n    summary: One of each.\n"
        "    hours: 3.5\n    mode: assessment\n    requires:\n      - {topic: turf, count: 1}\n"
        "      - {scenarios: [mini]}\n"
    ),
    "workshop": (
        "format: 1\nid: short\ntitle: Short\nminutes: 30\nsummary: A short one.\nblocks:\n"
        "  - {title: Welcome, minutes: 10, kind: welcome}\n"
        "  - {title: Play, minutes: 20, kind: scenario, topic: turf, scenarios: [mini], "
        "prompts: ['What now?']}\n"
    ),
    "rubric": (
        "format: 1\ncompetencies:\n  composure:\n    name: Composure\n    definition: Calm.\n"
        "    good: [Neutral tone]\n    poor: [Sarcasm]\n    rooted_in: CARP\n"
    ),
    "local-rules": (
        "format: 1\nlocal_rules: Riverton\nvariables: {fee: '£70'}\n"
        "scenarios:\n  mini: {fee: '£80'}\n"
    ),
}


def _keys(data: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if at:
        yield at
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _keys(value, (*at, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _keys(value, (*at, i))


def _at(data: Any, at: tuple[Any, ...]) -> Any:
    for key in at:
        data = data[key]
    return data


def _broken(data: Any, at: tuple[Any, ...], value: Any) -> str:
    out = copy.deepcopy(data)
    place = out
    for key in at[:-1]:
        place = place[key]
    place[at[-1]] = value
    return yaml.safe_dump(out, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_no_message_names_an_internal(kind: str) -> None:
    rubric = bundled_rubric()
    data = yaml.safe_load(SAMPLES[kind])
    assert not check_text(SAMPLES[kind], "f.yaml", rubric).errors  # the sample itself is fine
    messages: set[str] = set()
    for at in _keys(data):
        for value in BROKEN_VALUES:
            report = check_text(_broken(data, at, value), "f.yaml", rubric)
            messages |= {d.message for d in report.errors}
    for at in [(), *_keys(data)]:
        if isinstance(_at(data, at), dict):  # a key that does not belong, at every level
            text = _broken(data, (*at, "zz"), 1)
            messages |= {d.message for d in check_text(text, "f.yaml", rubric).errors}
    assert len(messages) > 10
    bad = sorted(m for m in messages if INTERNAL.search(m))
    assert bad == [], "\n".join(bad)


@pytest.mark.parametrize(
    ("condition", "meaning"),
    [
        ("tension in [1, 2]", "may not use a list ('[...]')"),
        ("tension, 2", "may not use a tuple"),
        ("{'a': 1}", "may not use a mapping ('{...}')"),
        ("tension / 2 > 1", "may not use division ('/')"),
        ("tension % 2", "may not use '%'"),
    ],
)
def test_forbidden_syntax_in_a_condition_is_named_in_plain_words(
    condition: str, meaning: str
) -> None:
    text = SAMPLES["scenario"].replace('"tension >= 80"', f'"{condition}"')
    (error,) = check_text(text, "f.yaml", bundled_rubric()).errors
    assert meaning in error.message and not INTERNAL.search(error.message), error.message


@pytest.mark.parametrize(
    ("condition", "context", "meaning"),
    [
        ("tension > 'x'", {"tension": 1}, "'>' cannot compare a number with text"),
        ("trainee - 1", {"trainee": "Sam"}, "'-' cannot combine text and a number"),
        ("tension | length", {"tension": 3}, "'length' needs text, not a number"),
        ("-trainee", {"trainee": "Sam"}, "'-' cannot go before text"),
        ("trainee + 1", {"trainee": "Sam"}, "'+' cannot join text and a number"),
    ],
)
def test_python_type_errors_are_worded_for_authors(
    condition: str, context: dict[str, Any], meaning: str
) -> None:
    with pytest.raises(Exception) as info:
        templates.evaluate(condition, context)
    message = str(info.value)
    assert meaning in message and not INTERNAL.search(message), message
