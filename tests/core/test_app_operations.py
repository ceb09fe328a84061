"""The operations the app's pages call: each does one thing and says what it changed.

A real SQLite store in tmp_path and the bundled towed-car scenario; the
policies tested here (one resumable run per scenario, the organisation's
name normalised, runs belong to their profile) are the core's, shared by
the app and the command line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.app import organisation, runs
from trainer.app.changes import ATTEMPTS, NOTHING, Changes
from trainer.app.desk import Desk
from trainer.errors import PlayError
from trainer.scenarios.library import Library, load_library
from trainer.store import Mode, Store

SCENARIO = "towed-car"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


@pytest.fixture
def desk(store: Store, library: Library) -> Desk:
    desk = Desk(store)
    desk.library = library
    desk.switch_profile("Ada Lovelace", "Ada")
    return desk


def test_changes_combine_and_say_whether_anything_changed() -> None:
    assert not NOTHING
    assert ATTEMPTS | Changes(profile=True) == Changes(profile=True, attempts=True)
    assert ATTEMPTS | NOTHING == ATTEMPTS


def test_switching_profile_is_remembered_and_says_if_someone_else_practises(
    store: Store, tmp_path: Path
) -> None:
    desk = Desk(store)
    assert desk.profile is None
    first = desk.switch_profile("Ada Lovelace", "Ada")
    assert first.someone_else and first.changes == Changes(profile=True)
    assert desk.context().trainee == "Ada"
    again = desk.switch_profile("Ada Lovelace")
    assert not again.someone_else and again.profile.id == first.profile.id
    with Store.open(tmp_path / "data.sqlite3") as other:
        assert Desk(other).profile == first.profile  # the next start begins with Ada


def test_the_organisation_is_normalised_once_for_app_and_command_line(store: Store) -> None:
    desk = Desk(store)
    assert desk.name_organisation("  Housing\tOptions \n Riverton ") == Changes(organisation=True)
    assert desk.organisation() == "Housing Options Riverton"
    assert organisation.organisation(store) == "Housing Options Riverton"
    assert desk.name_organisation("Housing Options Riverton") == NOTHING
    assert desk.context().organisation == "Housing Options Riverton"


def test_starting_again_sets_the_unfinished_run_aside(desk: Desk) -> None:
    first = runs.start(desk, SCENARIO, Mode.PRACTICE)
    runs.choose(first.run, 1)
    assert [a.id for a in desk.unfinished()] == [first.run.attempt.id]
    second = runs.start(desk, SCENARIO, Mode.ASSESSMENT)
    assert second.changes == ATTEMPTS
    assert [a.id for a in desk.unfinished()] == [second.run.attempt.id]
    assert desk.store.get_attempt(first.run.attempt.id).abandoned


def test_a_choice_is_on_disk_when_choose_returns(desk: Desk, tmp_path: Path) -> None:
    started = runs.start(desk, SCENARIO, Mode.PRACTICE)
    chosen = runs.choose(started.run, 2)
    assert chosen.changes == ATTEMPTS and chosen.unsaved is None
    with Store.open(tmp_path / "data.sqlite3") as other:
        assert len(other.choices(started.run.attempt.id)) == 1
    assert runs.undo(started.run) == ATTEMPTS
    assert desk.store.choices(started.run.attempt.id) == []


def test_a_finished_run_is_reviewed_with_its_mode(desk: Desk, library: Library) -> None:
    from trainer.scenarios.analysis import Analysis

    started = runs.start(desk, SCENARIO, Mode.ASSESSMENT)
    entry = library.get(SCENARIO)
    # The numbers as this assessment shows them (its options are shuffled).
    best = started.run.playthrough.numbers_of(Analysis(entry.scenario, desk.context()).best_path())
    for number in best:
        runs.choose(started.run, number)
    assert started.run.finished and started.run.debrief is not None
    reviewed = runs.review(desk, started.run.attempt.id)
    assert reviewed.mode is Mode.ASSESSMENT
    assert reviewed.debrief.result.score == started.run.debrief.result.score == 100


def test_runs_belong_to_their_profile(desk: Desk) -> None:
    started = runs.start(desk, SCENARIO, Mode.PRACTICE)
    desk.switch_profile("Grace Hopper")
    with pytest.raises(PlayError, match="another profile"):
        runs.resume(desk, started.run.attempt)
    with pytest.raises(PlayError, match="another profile"):
        runs.review(desk, started.run.attempt.id)


def test_a_run_of_a_removed_scenario_is_not_resumed_but_set_aside(
    desk: Desk, library: Library
) -> None:
    started = runs.start(desk, SCENARIO, Mode.PRACTICE)
    runs.choose(started.run, 1)
    without = Library()
    without.scenarios = {k: v for k, v in library.scenarios.items() if k != SCENARIO}
    without.rubric = library.rubric
    desk.library = without
    outcome = runs.resume(desk, started.run.attempt)
    assert isinstance(outcome, runs.NotResumed)
    assert "no longer in the library" in outcome.problem
    assert "set aside" in outcome.problem and outcome.changes == ATTEMPTS
    assert desk.unfinished() == []


def test_nothing_starts_before_the_library_is_loaded(store: Store) -> None:
    desk = Desk(store)
    desk.switch_profile("Ada")
    with pytest.raises(PlayError, match="still loading"):
        runs.start(desk, SCENARIO, Mode.PRACTICE)
