"""The bundled library keeps one set of rules for whole runs (issue #21).

These hold every bundled scenario to the run-level rules that
``trainer validate --deep`` checks: only critical choices end a run at once,
the best ending never shows beside "Not passed", boundary scenarios' best
paths warn, end, document and report, and one mistake early on the best path
leaves a way back. They also pin the parts of the library a facilitator's
plans rely on: the new scenarios, the broader-cast track and the refresher.
"""

from __future__ import annotations

import pytest

from trainer.app.progress import load_tracks
from trainer.paths import bundled_content_dir
from trainer.scenarios import clues, consistency, rules
from trainer.scenarios.analysis import Analysis
from trainer.scenarios.library import Library, load_library
from trainer.scenarios.model import Scenario, Topic
from trainer.scenarios.rules import Context

CONTENT = bundled_content_dir()
NEW = ("through-the-interpreter", "one-thing-at-a-time", "for-my-mum")


def _scenarios() -> list[Scenario]:
    found = load_library([CONTENT]).scenarios
    return [found[i].scenario for i in sorted(found)]


SCENARIOS = _scenarios()


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([CONTENT])


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_only_critical_choices_end_a_run_at_once(scenario: Scenario) -> None:
    assert [f.location for f in consistency.ends_at_once(scenario)] == []


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_the_best_ending_never_shows_beside_not_passed(scenario: Scenario) -> None:
    analysis = Analysis(scenario)
    resolved = {e for e, end in scenario.endings.items() if end.outcome == "resolved"}
    found = consistency.failing_best_endings(scenario, analysis, resolved)
    assert [f.message for f in found] == []


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_one_early_mistake_on_the_best_path_leaves_a_way_back(scenario: Scenario) -> None:
    analysis = Analysis(scenario)
    context = Context()
    resolved = {e for e, end in scenario.endings.items() if end.outcome == "resolved"}
    closed = []
    for state, _ in analysis.best_path()[:2]:
        node = scenario.nodes[state.node]
        for index in rules.offered(scenario, state, context):
            choice = node.choices[index]
            if choice.critical or clues.total(choice.scores) >= 0:
                continue
            after, _ = rules.choose(scenario, state, index, context)
            reach = {after.node} if rules.is_ending(scenario, after) else None
            endings = reach if reach is not None else analysis.at(after).endings
            if not endings & resolved:
                closed.append(f"{state.node} option {index + 1}")
    assert closed == []


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_a_first_early_mistake_from_any_clean_start_leaves_a_way_back(scenario: Scenario) -> None:
    """The checker's own rule: not only the best path, every clean run so far."""
    analysis = Analysis(scenario)
    resolved = {e for e, end in scenario.endings.items() if end.outcome == "resolved"}
    assert [f.location for f in consistency.no_way_back(scenario, analysis, resolved)] == []


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_the_hidden_handling_meter_moves_by_each_choices_points(scenario: Scenario) -> None:
    """The bundled scenarios gate their best ending on ``handling`` (docs/authoring.md):
    every choice adds its own points to it, so a change of scores must change it too."""
    meter = scenario.meters["handling"]
    assert not meter.visible
    off = [
        f"{nid} option {i + 1}: handling {c.effects.get('handling', 0)}, "
        f"points {clues.total(c.scores)}"
        for nid, node in scenario.nodes.items()
        for i, c in enumerate(node.choices)
        if c.effects.get("handling", 0) != clues.total(c.scores)
    ]
    assert off == []


BOUNDARY = [s for s in SCENARIOS if s.topic == Topic.BOUNDARIES]


@pytest.mark.parametrize("scenario", BOUNDARY, ids=lambda s: s.id)
def test_boundary_best_paths_warn_end_document_and_report(scenario: Scenario) -> None:
    taken = [
        step
        for state, index in Analysis(scenario).best_path()
        for step in scenario.nodes[state.node].choices[index].boundary_steps
    ]
    assert {"warn", "end", "document", "report"} <= set(taken), taken
    assert consistency.best_path_steps(scenario, Analysis(scenario)) == []


def test_the_abuse_in_the_capstone_is_documented_and_reported() -> None:
    scenario = next(s for s in SCENARIOS if s.id == "bounced-resident")
    taken = [
        step
        for state, index in Analysis(scenario).best_path()
        for step in scenario.nodes[state.node].choices[index].boundary_steps
    ]
    assert taken.index("warn") < taken.index("document")
    assert "report" in taken


@pytest.mark.parametrize("sid", NEW)
def test_the_new_scenarios_are_in_the_library_with_stated_jurisdiction(
    library: Library, sid: str
) -> None:
    scenario = library.get(sid).scenario
    assert scenario.jurisdiction is not None and scenario.jurisdiction.assumes
    best = len(Analysis(scenario).best_path())
    assert 6 <= best <= 8
    decisions = [n for n in scenario.nodes.values() if len(n.choices) > 1]
    assert len(decisions) > best  # at least one way back off the best path


def test_the_broader_cast_track_names_the_new_scenarios(library: Library) -> None:
    tracks = {t.id: t for t in load_tracks()}
    named = {sid for r in tracks["broader-cast"].requires for sid in r.scenarios}
    assert set(NEW) <= named <= set(library.scenarios)


def test_the_refresher_is_ninety_minutes_with_its_own_scenarios(library: Library) -> None:
    plan = library.plans["refresher-90"]
    assert plan.minutes == 90 == sum(b.minutes for b in plan.blocks)
    played = [sid for b in plan.blocks if b.kind == "scenario" for sid in b.scenarios]
    assert set(played) <= set(library.scenarios)
    assert set(NEW) <= set(played)
    assert not set(played) & {sid for b in library.plans["half-day"].blocks for sid in b.scenarios}
    for block in plan.blocks:
        if block.kind == "scenario":
            assert len(block.prompts) >= 2 and block.notes, block.title
    voted = [b for b in plan.blocks if b.kind == "scenario" and "voting method" in (b.notes or "")]
    assert voted and all("Answer key" in (b.notes or "") for b in voted)
