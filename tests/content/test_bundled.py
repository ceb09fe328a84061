"""Every bundled scenario, rubric and plan meets the bar a facilitator relies on.

These read the real files in content/ through the same code the app uses.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from trainer.paths import bundled_content_dir
from trainer.scenarios import rules
from trainer.scenarios.analysis import Analysis
from trainer.scenarios.checker import check_file
from trainer.scenarios.library import Library, bundled_rubric, load_library
from trainer.scenarios.model import Scenario, Topic
from trainer.scenarios.playthrough import Playthrough
from trainer.scenarios.rules import Context
from trainer.scoring import score_run

CONTENT = bundled_content_dir()
FILES = sorted(CONTENT.rglob("*.yaml"))
COMPETENCIES = {"composure", "listening", "ownership", "fairness", "boundaries", "collaboration"}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([CONTENT])


def _scenarios() -> list[Scenario]:
    found = load_library([CONTENT]).scenarios
    return [found[i].scenario for i in sorted(found)]


SCENARIOS = _scenarios()


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CONTENT)))
def test_file_is_clean_under_strict(path: Path) -> None:
    report = check_file(path, bundled_rubric())
    assert not report.diagnostics, "\n".join(str(d) for d in report.diagnostics)


def test_rubric_has_the_six_competencies(library: Library) -> None:
    assert library.rubric is not None
    assert set(library.rubric.competencies) == COMPETENCIES


def test_topic_counts(library: Library) -> None:
    counts = Counter(e.scenario.topic for e in library.scenarios.values())
    assert counts[Topic.TURF] >= 4
    assert counts[Topic.DE_ESCALATION] >= 4
    assert counts[Topic.BOUNDARIES] >= 4
    assert counts[Topic.MIXED] >= 1
    assert len(library.scenarios) >= 13


def test_half_day_plan(library: Library) -> None:
    plan = library.plans["half-day"]
    assert plan.minutes == 210 == sum(b.minutes for b in plan.blocks)
    assert any(b.kind == "break" for b in plan.blocks)
    for block in plan.blocks:
        assert set(block.scenarios) <= set(library.scenarios), block.title
        if block.kind == "scenario":
            assert block.scenarios and len(block.prompts) >= 2, block.title


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
class TestScenario:
    def test_best_path_passes_with_five_to_eight_decisions(self, scenario: Scenario) -> None:
        # CONTENT.md item 11: 5-8 decisions, boundary steps after the main
        # conversation (document and report) included.
        analysis = Analysis(scenario)
        run = Playthrough(scenario)
        for number in analysis.best_numbers():
            run.choose(number)
        result = score_run(run, analysis)
        assert (result.score, result.passed) == (100, True)
        assert 5 <= len(run.steps) <= 8

    def test_some_path_fails(self, scenario: Scenario) -> None:
        analysis = Analysis(scenario)
        worst = 100 * analysis.worst_total / analysis.best_total
        has_critical = any(c.critical for n in scenario.nodes.values() for c in n.choices)
        assert worst < scenario.pass_mark or has_critical

    def test_endings_of_three_outcome_classes_are_reachable(self, scenario: Scenario) -> None:
        reachable = Analysis(scenario).root.endings
        outcomes = {scenario.endings[e].outcome for e in reachable}
        assert len(outcomes) >= 3, outcomes

    def test_a_meter_decides_a_route(self, scenario: Scenario) -> None:
        meters = set(scenario.meters)
        conditions = [r.if_ for n in scenario.nodes.values() for r in n.routes if r.if_]
        assert any(any(m in c for m in meters) for c in conditions)
        assert any(c.effects for n in scenario.nodes.values() for c in n.choices)

    def test_about_three_options_per_decision(self, scenario: Scenario) -> None:
        sizes = [len(n.choices) for n in scenario.nodes.values() if n.choices]
        assert sum(sizes) / len(sizes) >= 2.5

    def test_teaching_material(self, scenario: Scenario) -> None:
        assert scenario.reflection and scenario.reflection.strip().endswith("?")
        for ending in scenario.endings.values():
            assert ending.debrief and all(p.technique for p in ending.debrief)


def _run_through_critical(scenario: Scenario) -> Playthrough | None:
    """Play to the first reachable critical choice, take it, then finish with option 1."""
    context = Context()
    start, _ = rules.start(scenario, context)
    frontier: list[tuple[rules.State, tuple[int, ...]]] = [(start, ())]
    seen = {start}
    while frontier:
        state, path = frontier.pop(0)
        for index in rules.offered(scenario, state, context):
            choice = scenario.nodes[state.node].choices[index]
            if choice.critical:
                run = Playthrough(scenario, context)
                for i in (*path, index):
                    run.choose_index(i)
                while not run.finished:
                    run.choose(1)
                return run
            nxt, _ = rules.choose(scenario, state, index, context)
            if nxt not in seen and not rules.is_ending(scenario, nxt):
                seen.add(nxt)
                frontier.append((nxt, (*path, index)))
    return None


# Checks that apply to some scenarios only take just those as parameters, so that
# every case generated asserts something; test_the_filtered_lists_are_not_empty
# keeps a filter from quietly leaving nothing to test.
NEEDS_A_CRITICAL_CHOICE = [s for s in SCENARIOS if s.topic in (Topic.BOUNDARIES, Topic.MIXED)]
THREE_PARTY = [s for s in SCENARIOS if s.topic in (Topic.TURF, Topic.MIXED)]
BOUNDARY = [s for s in SCENARIOS if s.topic == Topic.BOUNDARIES]


def _with_a_reachable_critical_choice() -> list[Scenario]:
    return [s for s in SCENARIOS if _run_through_critical(s) is not None]


def test_the_filtered_lists_are_not_empty() -> None:
    assert SCENARIOS
    assert NEEDS_A_CRITICAL_CHOICE and THREE_PARTY and BOUNDARY
    assert _with_a_reachable_critical_choice()


@pytest.mark.parametrize("scenario", NEEDS_A_CRITICAL_CHOICE, ids=lambda s: s.id)
def test_boundary_and_mixed_scenarios_have_a_reachable_critical_choice(scenario: Scenario) -> None:
    assert _run_through_critical(scenario) is not None, "needs a critical choice"


@pytest.mark.parametrize("scenario", _with_a_reachable_critical_choice(), ids=lambda s: s.id)
def test_a_critical_choice_fails_the_run(scenario: Scenario) -> None:
    run = _run_through_critical(scenario)
    assert run is not None
    result = score_run(run)
    assert not result.passed and result.critical


@pytest.mark.parametrize("scenario", THREE_PARTY, ids=lambda s: s.id)
def test_turf_scenarios_have_three_parties(scenario: Scenario) -> None:
    assert len(scenario.cast) >= 3
    assert any(m.side == "colleague" for m in scenario.cast.values())


@pytest.mark.parametrize("scenario", BOUNDARY, ids=lambda s: s.id)
def test_boundary_scenarios_end_the_right_way(scenario: Scenario) -> None:
    reachable = Analysis(scenario).root.endings
    assert any(scenario.endings[e].outcome == "resolved" for e in reachable)


def test_each_character_appears_in_one_scenario_only(library: Library) -> None:
    # A facilitator runs several scenarios in one day: the same name in two stories confuses.
    seen: dict[str, str] = {}
    clashes = []
    for entry in library.scenarios.values():
        for member in entry.scenario.cast.values():
            if member.name in seen and seen[member.name] != entry.id:
                clashes.append(f"{member.name}: {seen[member.name]} and {entry.id}")
            seen.setdefault(member.name, entry.id)
    assert not clashes, clashes


def test_the_opening_best_answer_is_not_always_in_the_same_place(library: Library) -> None:
    # Rooms vote on the projector: after two scenarios they would learn "the answer is 2".
    positions: Counter[int] = Counter()
    for entry in library.scenarios.values():
        state, index = Analysis(entry.scenario).best_path()[0]
        positions[rules.offered(entry.scenario, state, Context()).index(index)] += 1
    assert max(positions.values()) * 2 <= len(library.scenarios) + 1, positions
