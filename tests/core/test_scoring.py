"""Scoring on a hand-built scenario whose numbers are worked out here.

Paths of tests/core/data/mini.yaml (tension starts at 60):
  1 Quote the rules (-1 listening; tension 90) -> hot
      1 Calm down (-1 composure)        = -2 escalated
      2 Stay calm (+2 composure)        = 1  partial
  2 Promise a refund (-2 composure, critical) = -2 unsafe
  3 Acknowledge (+3: listening 2, composure 1; tension 50) -> calm
      1 Book the review (+2 ownership)  = 5  resolved
      2 Give a leaflet  (+1 ownership)  = 4  partial
      (Secret option needs tension < 40: never offered)
Best total 5 (Acknowledge, Book the review). Attainable per competency is what
the best path earns: listening 2, composure 1, ownership 2. Critical choices
are never attainable; a path earning more of one competency is capped at 100%.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.errors import PlayError, ReplayMismatchError
from trainer.scenarios.analysis import Analysis
from trainer.scenarios.loader import load_scenario
from trainer.scenarios.playthrough import Playthrough, replay
from trainer.scenarios.rules import Context
from trainer.scoring import build_debrief, score_run

MINI = Path(__file__).parent / "data" / "mini.yaml"


@pytest.fixture(scope="module")
def mini():
    return load_scenario(MINI)


def play(scenario, *numbers):
    run = Playthrough(scenario, Context(trainee="Sam"))
    for n in numbers:
        run.choose(n)
    return run


def test_analysis_figures(mini) -> None:
    a = Analysis(mini)
    assert a.best_total == 5
    assert a.worst_total == -2
    assert a.attainable() == {"composure": 1, "listening": 2, "ownership": 2}
    assert a.root.paths == 5
    assert a.root.endings == {"good", "partial", "bad", "end_bad"}
    assert a.best_numbers() == [3, 1]


@pytest.mark.parametrize(
    ("numbers", "score", "passed", "outcome", "competencies"),
    [
        ((3, 1), 100, True, "resolved", {"listening": 100, "composure": 100, "ownership": 100}),
        ((3, 2), 80, True, "partial", {"listening": 100, "composure": 100, "ownership": 50}),
        ((1, 2), 20, False, "partial", {"listening": 0, "composure": 100, "ownership": 0}),
        ((1, 1), 0, False, "escalated", {"listening": 0, "composure": 0, "ownership": 0}),
        ((2,), 0, False, "unsafe", {"listening": 0, "composure": 0, "ownership": 0}),
    ],
)
def test_run_scores(mini, numbers, score, passed, outcome, competencies) -> None:
    result = score_run(play(mini, *numbers))
    assert result.score == score
    assert result.passed is passed
    assert result.outcome == outcome
    assert result.competency_percents == competencies


def test_critical_fails_whatever_the_points(mini) -> None:
    result = score_run(play(mini, 2))
    assert result.critical == ("Promised a refund beyond your authority",)
    assert result.verdict.startswith("Not passed: Promised a refund")


def test_routes_follow_the_meter(mini) -> None:
    calm = play(mini, 3)
    assert calm.state.node == "n3_calm" and calm.meters == {"tension": 50}
    hot = play(mini, 1)
    assert hot.state.node == "n3_hot" and hot.meters == {"tension": 90}
    # the narrator's line of the automatic node is shown on the way
    assert [line.node_id for line in hot.transcript] == ["n1", "n1", "n2", "n3_hot"]


def test_conditions_hide_choices(mini) -> None:
    assert [o.text for o in play(mini, 3).options()] == ["Book the review", "Give a leaflet"]


def test_templates_use_the_trainee_name(mini) -> None:
    assert play(mini).transcript[0].text == "Hello Sam, this is outrageous."


def test_choice_not_offered_is_a_clear_error(mini) -> None:
    run = play(mini, 3)
    with pytest.raises(PlayError, match="from 1 to 2"):
        run.choose(3)
    with pytest.raises(PlayError, match="not offered"):
        run.choose_index(0)  # the hidden secret option


def test_undo_and_replay(mini) -> None:
    run = play(mini, 1)
    run.undo()
    assert run.state == play(mini).state and run.choices == ()
    finished = play(mini, 3, 2)
    again = replay(mini, finished.choices, Context(trainee="Sam"), finished.content_hash)
    assert again.state == finished.state
    assert again.transcript == finished.transcript


def test_replay_against_changed_content_says_so(mini) -> None:
    run = play(mini, 3)
    changed = mini.model_copy(update={"title": "Mini, edited"})
    with pytest.raises(ReplayMismatchError, match="has changed"):
        replay(changed, run.choices, Context(), run.content_hash)


def test_debrief(mini) -> None:
    debrief = build_debrief(play(mini, 1, 2))
    assert debrief.result.score == 20
    assert [d.was_best for d in debrief.decisions] == [False, True]
    first = debrief.decisions[0]
    assert first.best == "Acknowledge"
    assert first.cost == 4  # best from the start is 5; quoting the rules leads to at most 1
    assert debrief.costliest == first
    assert not hasattr(debrief, "best_path")  # the best next move, not a path to copy
    assert first.best_number == 3 and first.best_feedback == "Good."
    assert [p.technique for p in debrief.teaching_points] == ["CARP"]
    assert "decision 1" in debrief.suggestion


def test_unfinished_run_cannot_be_scored(mini) -> None:
    with pytest.raises(PlayError, match="not reached an ending"):
        score_run(play(mini, 3))
