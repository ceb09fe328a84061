"""Property: whatever an author (or a fuzzer) does to a valid scenario, the checker
answers with diagnostics or one of our own errors -- never anything else.

The mutations work on the parsed data of a bundled scenario, which is dumped
back to YAML and checked as text, the way the authoring view checks unsaved
text. Raw text is fuzzed too, by inserting arbitrary characters into the
file. When a mutant still checks clean it is also analysed and played, so the
engine meets odd-but-valid content as well.
"""

from __future__ import annotations

import contextlib
import copy
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from trainer import paths
from trainer.errors import TrainerError
from trainer.scenarios import yaml_source
from trainer.scenarios.analysis import Analysis
from trainer.scenarios.checker import check_text
from trainer.scenarios.library import bundled_rubric
from trainer.scenarios.model import Rubric, Scenario
from trainer.scenarios.playthrough import Playthrough
from trainer.scoring import build_debrief, score_run

SCENARIOS = paths.bundled_content_dir() / "scenarios"
PREFERRED = "towed-car.yaml"


def _source() -> Path:
    preferred = SCENARIOS / PREFERRED
    if preferred.exists():
        return preferred
    return sorted(SCENARIOS.glob("*.yaml"))[0]


SOURCE = _source()
TEXT = SOURCE.read_text(encoding="utf-8")
DATA = yaml_source.parse(TEXT, SOURCE.name).data
RUBRIC: Rubric | None = bundled_rubric()

Path_ = tuple[str | int, ...]

# --- walking the data --------------------------------------------------------


def all_paths(node: Any, here: Path_ = ()) -> list[Path_]:
    """Every position in the tree (the root is ())."""
    found = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(all_paths(value, (*here, key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.extend(all_paths(value, (*here, i)))
    return found


def get(node: Any, path: Path_) -> Any:
    for part in path:
        node = node[part]
    return node


def put(root: Any, path: Path_, value: Any) -> Any:
    if not path:
        return value
    get(root, path[:-1])[path[-1]] = value
    return root


def ids_in(data: Any) -> list[str]:
    found: list[str] = []
    if isinstance(data, dict):
        for section in ("nodes", "endings", "cast", "meters"):
            part = data.get(section)
            if isinstance(part, dict):
                found.extend(str(k) for k in part)
    return found


# --- random values --------------------------------------------------------------

TEMPLATE_BITS = [
    "{{ trainee }}",
    "{{ nobody }}",
    "{{ trainee.__class__.__mro__ }}",
    "{{ trainee|attr('__class__') }}",
    "{% for x in range(99999999) %}x{% endfor %}",
    "{{ 'x' * 99999999 }}",
    "{{ 9 ** 9 ** 9 }}",
    "{{ lipsum() }}",
    "{{ trainee[0] }}",
    "{% set a = 1 %}",
    "{% include 'x' %}",
    "{{",
    "{% if %}",
    "{{ tension >= 50 }}",
    "{{ fee|upper }}",
    "{# comment #}",
    "{{ trainee if tension > 5 else organisation }}",
    "{{ trainee ~ organisation }}",
    "{{ 'a' + 'b' }}",
    "{{ trainee - 1 }}",
    "{{ -trainee }}",
    "{{ -tension }}",
    "{{ (((((((((((1))))))))))) }}",
    "{{ " + "(" * 500 + "1" + ")" * 500 + " }}",
    "{{ '" + "x" * 600 + "' }}",
]

CONDITIONS = [
    "tension >= 50",
    "tension",
    "not tension",
    "nobody > 1",
    "tension.__class__",
    "tension > 'x'",
    "tension + 'x'",
    "tension ~ 'x'",
    "1 / 0 > 1",
    "tension and",
    "{{ tension }}",
    "tension >= 50 and tension < 20 or fee",
    "tension is defined",
    "",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.text(max_size=30),
    st.sampled_from(["No", "yes", "on", "off", "~", "1.10", "12:30", "0x1F", "1e3", "-0", "+5"]),
    st.sampled_from(["x" * 5000, "y" * 70_000, "9" * 5000]),
    st.sampled_from(TEMPLATE_BITS),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), inner, max_size=4),
    ),
    max_leaves=10,
)
id_like = st.one_of(
    st.text(alphabet=string.ascii_lowercase + "-_", min_size=1, max_size=12),
    st.text(max_size=12),
)

Mutation = Callable[[Any, st.DataObject], Any]


def _pick(data: Any, draw: st.DataObject, want: Callable[[Any], bool]) -> Path_ | None:
    candidates = [p for p in all_paths(data) if want(get(data, p))]
    return draw.draw(st.sampled_from(candidates)) if candidates else None


def delete_key(data: Any, draw: st.DataObject) -> Any:
    path = _pick(data, draw, lambda v: isinstance(v, dict) and bool(v))
    if path is not None:
        node = get(data, path)
        del node[draw.draw(st.sampled_from(sorted(node, key=str)))]
    return data


def rename_key(data: Any, draw: st.DataObject) -> Any:
    path = _pick(data, draw, lambda v: isinstance(v, dict) and bool(v))
    if path is not None:
        node = get(data, path)
        old = draw.draw(st.sampled_from(sorted(node, key=str)))
        new = draw.draw(st.one_of(id_like, st.just(str(old)[:-1] or "x"), st.just(f"{old}s")))
        node[new] = node.pop(old)
    return data


def replace_value(data: Any, draw: st.DataObject) -> Any:
    path = draw.draw(st.sampled_from(all_paths(data)))
    return put(data, path, draw.draw(values))


def duplicate_choice(data: Any, draw: st.DataObject) -> Any:
    path = _pick(data, draw, lambda v: isinstance(v, list) and bool(v) and isinstance(v[0], dict))
    if path is not None:
        items = get(data, path)
        times = draw.draw(st.integers(1, 12))
        item = draw.draw(st.sampled_from(items))
        items.extend(copy.deepcopy(item) for _ in range(times))
    return data


def retarget(data: Any, draw: st.DataObject) -> Any:
    known = ids_in(data)
    path = _pick(
        data,
        draw,
        lambda v: isinstance(v, dict) and any(k in v for k in ("to", "next", "start", "speaker")),
    )
    if path is not None:
        node = get(data, path)
        key = draw.draw(
            st.sampled_from([k for k in ("to", "next", "start", "speaker") if k in node])
        )
        choices = st.sampled_from(known) if known else id_like
        node[key] = draw.draw(st.one_of(choices, id_like))
    return data


def change_number(data: Any, draw: st.DataObject) -> Any:
    def numeric(v: Any) -> bool:
        return isinstance(v, str) and v.lstrip("-").isdigit()

    path = _pick(data, draw, numeric)
    if path is not None:
        new = draw.draw(
            st.one_of(
                st.integers(-5, 200),
                st.integers(),
                st.sampled_from([-(10**40), 10**40, 0, -1, 101, 3, -3]),
            )
        )
        put(data, path, str(new) if draw.draw(st.booleans()) else new)
    return data


def insert_template(data: Any, draw: st.DataObject) -> Any:
    path = _pick(data, draw, lambda v: isinstance(v, str))
    if path is not None:
        text = get(data, path)
        bit = draw.draw(st.sampled_from(TEMPLATE_BITS))
        at = draw.draw(st.integers(0, len(text)))
        put(data, path, text[:at] + bit + text[at:])
    return data


def set_condition(data: Any, draw: st.DataObject) -> Any:
    path = _pick(data, draw, lambda v: isinstance(v, dict) and "to" in v)
    if path is not None:
        get(data, path)["if"] = draw.draw(st.one_of(st.sampled_from(CONDITIONS), st.text()))
    return data


def add_effects(data: Any, draw: st.DataObject) -> Any:
    path = _pick(data, draw, lambda v: isinstance(v, dict) and ("to" in v or "speaker" in v))
    if path is not None:
        found = data.get("meters") if isinstance(data, dict) else None
        meters = [m for m in found or {} if isinstance(m, str)] or ["tension"]
        get(data, path)["effects"] = {
            draw.draw(st.sampled_from([*meters, "nope"])): draw.draw(st.integers(-200, 200))
        }
    return data


def routes_instead(data: Any, draw: st.DataObject) -> Any:
    """Turn a node's choices into automatic routes (possibly looping, possibly conditional)."""
    path = _pick(data, draw, lambda v: isinstance(v, dict) and isinstance(v.get("choices"), list))
    if path is not None:
        node = get(data, path)
        known = ids_in(data) or ["x"]
        node.pop("choices")
        node["routes"] = [
            {
                "if": draw.draw(st.sampled_from(CONDITIONS[:3])),
                "to": draw.draw(st.sampled_from(known)),
            }
            for _ in range(draw.draw(st.integers(0, 3)))
        ] + ([{"to": draw.draw(st.sampled_from(known))}] if draw.draw(st.booleans()) else [])
    return data


def move_node_to_endings(data: Any, draw: st.DataObject) -> Any:
    if not isinstance(data, dict):
        return data
    if isinstance(data.get("nodes"), dict) and isinstance(data.get("endings"), dict):
        nodes = data["nodes"]
        if nodes:
            nid = draw.draw(st.sampled_from(sorted(nodes, key=str)))
            data["endings"][nid] = nodes[nid] if draw.draw(st.booleans()) else nodes.pop(nid)
    return data


MUTATIONS: list[Mutation] = [
    delete_key,
    rename_key,
    replace_value,
    duplicate_choice,
    retarget,
    change_number,
    insert_template,
    set_condition,
    add_effects,
    routes_instead,
    move_node_to_endings,
]


def exercise(text: str) -> None:
    """Check ``text``; if it is usable, analyse and play it. Only our errors may escape."""
    try:
        report = check_text(text, "mutant.yaml", RUBRIC)
    except TrainerError:
        return
    for d in report.diagnostics:
        assert d.severity in ("error", "warning")
        assert isinstance(d.message, str) and d.message
        assert d.location.path == "mutant.yaml"
        assert d.location.line >= 0 and d.location.column >= 0
    if report.errors or not isinstance(report.model, Scenario):
        return
    scenario = report.model
    try:
        analysis = Analysis(scenario)
        run = Playthrough(scenario)
        for number in analysis.best_numbers():
            run.choose(number)
        while not run.finished:
            run.choose(1)
        build_debrief(run, RUBRIC, analysis)
        score_run(run, analysis)
    except TrainerError:
        return


def test_the_source_scenario_is_valid() -> None:
    report = check_text(TEXT, SOURCE.name, RUBRIC)
    assert not report.errors, [str(d) for d in report.errors]
    assert isinstance(DATA, dict)


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_mutated_scenarios_only_give_diagnostics_or_our_errors(data: st.DataObject) -> None:
    mutant = copy.deepcopy(DATA)
    for mutation in data.draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4)):
        mutant = mutation(mutant, data)
    # yaml.safe_dump, through the C emitter (the pure-Python one dominates the run time).
    text = yaml.dump(mutant, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
    exercise(text)


fragments = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from(list("[]{}:-?&*!|>'\"#%@`\t\n ,\\.~")), max_size=40),
    st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=2),
    st.text(st.characters(max_codepoint=0x9F), max_size=10),
    st.sampled_from(["\ufeff", "\u2028", "\x85", "---\n", "...\n", "&a ", "*a", "!!str ", "<<: "]),
    st.sampled_from(TEMPLATE_BITS),
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    insert_at=st.integers(0, len(TEXT)),
    fragment=fragments,
    cut=st.integers(0, 40),
)
def test_raw_text_with_junk_inserted_only_gives_our_errors(
    insert_at: int, fragment: str, cut: int
) -> None:
    text = TEXT[:insert_at] + fragment + TEXT[insert_at + cut :]
    try:
        yaml_source.parse(text, "fuzz.yaml")
    except TrainerError as exc:
        assert exc.location is not None and exc.location.path == "fuzz.yaml"
    exercise(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_through_the_parser(text: str) -> None:
    with contextlib.suppress(TrainerError):
        yaml_source.parse(text, "any.yaml")


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.__name__ for m in MUTATIONS])
def test_each_mutation_changes_something(mutation: Mutation) -> None:
    """Guard against mutations that silently never apply (which would hollow out the test)."""

    @settings(max_examples=20, deadline=None, database=None, phases=[Phase.generate])
    @given(st.data())
    def changes(data: st.DataObject) -> None:
        mutant = mutation(copy.deepcopy(DATA), data)
        if mutant != DATA:
            raise _Changed

    with pytest.raises(_Changed):
        changes()


class _Changed(Exception):
    pass
