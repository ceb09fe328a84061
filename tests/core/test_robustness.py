"""Failures in the middle of a move never leave the run, the file or the debrief wrong.

Found by a code review: a line that failed to render after the engine had
moved left memory one step ahead of disk; a failed result save lost the
ending; deep or looping graphs crashed the analysis; an edited scenario made
old debriefs unopenable.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.app import runs
from trainer.errors import ContentError, PlayError, ReplayMismatchError, StoreError
from trainer.scenarios import yaml_source
from trainer.scenarios.analysis import Analysis
from trainer.scenarios.checker import check_text
from trainer.scenarios.library import Entry, Library, bundled_rubric
from trainer.scenarios.loader import content_hash, validate
from trainer.scenarios.model import Scenario
from trainer.scenarios.playthrough import Playthrough
from trainer.store import Store

MINI = (Path(__file__).parent / "data" / "mini.yaml").read_text(encoding="utf-8")


def scenario_of(text: str) -> Scenario:
    return validate(yaml_source.parse(text, "s.yaml"), Scenario)


def library_of(scenario: Scenario) -> Library:
    library = Library()
    library.scenarios[scenario.id] = Entry(scenario, "s.yaml", content_hash(scenario))
    return library


# A line that only fails when tension has dropped: the acknowledge route.
FRAGILE = MINI.replace(
    "text: OK, what now?", "text: \"{{ 'Still cross.' if tension >= 55 else tension - 'x' }}\""
)


def test_the_checker_tries_lines_at_the_meters_extremes() -> None:
    found = [str(d) for d in check_text(FRAGILE, "s.yaml", bundled_rubric()).diagnostics]
    assert any("template cannot be rendered" in d for d in found), found


def test_a_line_that_cannot_be_shown_leaves_the_run_and_the_file_unchanged(store: Store) -> None:
    scenario = scenario_of(FRAGILE)
    profile = store.create_profile("Sam")
    run = runs.start_run(store, profile.id, library_of(scenario).get("mini"))
    before = run.playthrough.state
    with pytest.raises(PlayError, match="cannot be shown"):
        run.choose(3)  # acknowledge: tension 60 -> 50, the fragile line fails
    assert run.playthrough.state == before and run.playthrough.choices == ()
    assert store.choices(run.attempt.id) == []
    run.choose(1)  # another choice still works, and is saved where it was made
    assert [(c.node_id, c.choice_index) for c in store.choices(run.attempt.id)] == [("n1", 0)]


def test_a_result_that_cannot_be_saved_is_saved_at_the_next_start(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = library_of(scenario_of(MINI))
    profile = store.create_profile("Sam")
    run = runs.start_run(store, profile.id, library.get("mini"))
    run.choose(3)

    def full_disk(*_args: object) -> None:
        raise StoreError("the disk is full")

    monkeypatch.setattr(store, "finish_attempt", full_disk)
    moved = run.choose(1)  # the last choice: saved; the result is not
    assert moved.ended and run.unsaved == "the disk is full"
    assert run.debrief is not None and run.debrief.result.score == 100
    monkeypatch.undo()
    with Store.open(tmp_path / "data.sqlite3") as again:
        (attempt,) = again.unfinished_attempts(profile.id)
        resumed = runs.resume_run(again, attempt, library)
        assert resumed.finished and again.get_attempt(attempt.id).result is not None


def test_replay_checks_where_each_saved_choice_was_made(store: Store) -> None:
    library = library_of(scenario_of(MINI))
    profile = store.create_profile("Sam")
    entry = library.get("mini")
    attempt = store.start_attempt(profile.id, "mini", entry.content_hash, "practice")
    store.record_choice(attempt.id, "n3_hot", 2)  # index 2 exists at n1, but it was saved elsewhere
    with pytest.raises(ReplayMismatchError, match="no longer follow"):
        runs.resume_run(store, store.get_attempt(attempt.id), library)


def test_an_old_debrief_still_opens_after_a_harmless_edit(store: Store) -> None:
    scenario = scenario_of(MINI)
    profile = store.create_profile("Sam")
    run = runs.start_run(store, profile.id, library_of(scenario).get("mini"))
    run.choose(3)
    run.choose(1)
    edited = library_of(scenario.model_copy(update={"summary": "A tiny scenario (typo fixed)."}))
    debrief = runs.debrief_of(store, store.get_attempt(run.attempt.id), edited)
    assert debrief.result.score == 100


LOOP = MINI.replace(
    """      - text: Give a leaflet
        to: partial""",
    """      - text: Give a leaflet
        to: n1""",
)


def test_points_inside_a_loop_are_flagged() -> None:
    found = [str(d) for d in check_text(LOOP, "s.yaml", bundled_rubric()).diagnostics]
    assert any("scores points inside a loop" in d for d in found), found


def chain(decisions: int) -> str:
    nodes = "\n".join(
        f"  d{i}:\n    speaker: a\n    text: Line {i}\n    choices:\n"
        f"      - {{text: Good, to: {'d' + str(i + 1) if i + 1 < decisions else 'end'}, "
        "scores: {listening: 1}, feedback: Good.}\n"
        f"      - {{text: Leave, to: end, scores: {{listening: -1}}, feedback: Bad.}}"
        for i in range(decisions)
    )
    return (
        "format: 1\nid: long\ntitle: Long\ntopic: turf\ndifficulty: 1\nminutes: 5\n"
        "summary: S\nobjectives: [O]\ncast: {a: {name: A, role: R}}\nstart: d0\n"
        f"nodes:\n{nodes}\n"
        "endings:\n  end: {outcome: resolved, title: E, text: Bye.}\n"
    )


def test_paths_too_long_to_analyse_are_a_clear_error_not_a_crash() -> None:
    scenario = scenario_of(chain(400))
    with pytest.raises(ContentError, match="paths too long"):
        Analysis(scenario)
    assert Playthrough(scenario).options()  # playing is still possible
