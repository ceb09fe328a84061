"""Runs kept in the store: every choice on disk when shown, resume by replay.

Uses tests/core/data/mini.yaml (see test_scoring.py for its paths) and a real
SQLite file in tmp_path.
"""

from __future__ import annotations

import pytest

from tests.core.conftest import mini_library
from trainer.app.runs import KeptRun, debrief_of, result_of, resume_run, start_run
from trainer.errors import PlayError, ReplayMismatchError, StoreError, UnknownIdError
from trainer.scenarios.library import Entry, Library
from trainer.scenarios.rules import Context
from trainer.store import Mode, Store

SAM = Context(trainee="Sam")


@pytest.fixture(scope="module")
def library() -> Library:
    return mini_library()


@pytest.fixture
def profile_id(store: Store) -> int:
    return store.create_profile("Sam").id


def entry_of(library: Library) -> Entry:
    return next(iter(library.scenarios.values()))


def choose_indices(run: KeptRun, *indices: int) -> None:
    """Choose by index into each node's choices, whatever number the run shows it as.

    An assessment shuffles its options (trainer.scenarios.order), so a test
    that means "Acknowledge" says index 2, not "press 3".
    """
    for index in indices:
        run.choose(run.playthrough.number_of(index))


def test_each_choice_is_committed_before_choose_returns(store, profile_id, library, tmp_path):
    run = start_run(store, profile_id, entry_of(library), context=SAM)
    run.choose(3)
    # A second connection (another process, in effect) already sees it.
    with Store.open(tmp_path / "data.sqlite3") as other:
        saved = other.choices(run.attempt.id)
    assert [c.choice_index for c in saved] == [run.playthrough.steps[0].index]
    assert saved[0].node_id == run.playthrough.steps[0].node_id


def test_reaching_an_ending_finishes_the_attempt_with_the_scored_result(store, profile_id, library):
    run = start_run(store, profile_id, entry_of(library), mode=Mode.ASSESSMENT, context=SAM)
    choose_indices(run, 2)  # Acknowledge
    moved = run.choose(run.playthrough.number_of(1))  # Book the review (the secret one is hidden)
    assert moved.ended and run.debrief is not None
    attempt = store.get_attempt(run.attempt.id)
    assert attempt.finished is not None
    assert attempt.result == result_of(run.playthrough)
    assert attempt.result.score == run.debrief.result.score == 100
    assert store.unfinished_attempts(profile_id) == []


def test_a_bad_number_changes_nothing(store, profile_id, library):
    run = start_run(store, profile_id, entry_of(library), context=SAM)
    with pytest.raises(PlayError):
        run.choose(9)
    assert store.choices(run.attempt.id) == []
    assert run.playthrough.steps == []


def test_practice_undo_takes_the_choice_back_on_disk_too(store, profile_id, library):
    run = start_run(store, profile_id, entry_of(library), mode=Mode.PRACTICE, context=SAM)
    meters = run.playthrough.meters
    run.choose(1)
    assert run.can_undo
    run.undo()
    assert store.choices(run.attempt.id) == []
    assert run.playthrough.meters == meters
    with pytest.raises(PlayError):
        run.undo()


def test_assessment_has_no_undo(store, profile_id, library):
    run = start_run(store, profile_id, entry_of(library), mode=Mode.ASSESSMENT, context=SAM)
    run.choose(1)
    assert not run.can_undo
    with pytest.raises(PlayError, match="assessment"):
        run.undo()
    assert len(store.choices(run.attempt.id)) == 1


def test_resume_after_a_crash_reaches_the_same_node_and_meters(store, profile_id, library):
    run = start_run(store, profile_id, entry_of(library), context=SAM)
    run.choose(1)
    node, meters = run.playthrough.state.node, run.playthrough.meters
    del run  # the app dies; nothing else is saved
    (attempt,) = store.unfinished_attempts(profile_id)
    resumed = resume_run(store, attempt, library, SAM)
    assert resumed.playthrough.state.node == node
    assert resumed.playthrough.meters == meters
    assert [line.text for line in resumed.playthrough.transcript][-1]


def test_resume_of_a_run_that_ended_before_its_result_was_saved_finishes_it(
    store, profile_id, library
):
    entry = entry_of(library)
    attempt = store.start_attempt(profile_id, entry.id, entry.content_hash, Mode.PRACTICE)
    run = start_run(store, profile_id, entry, context=SAM)
    node = run.playthrough.state.node
    store.record_choice(attempt.id, node, 1)  # 'Promise a refund': an ending
    resumed = resume_run(store, attempt, library, SAM)
    assert resumed.finished and resumed.debrief is not None
    assert store.get_attempt(attempt.id).finished is not None


def test_resume_of_a_changed_scenario_sets_the_run_aside_with_a_clear_message(
    store, profile_id, library
):
    entry = entry_of(library)
    attempt = store.start_attempt(profile_id, entry.id, "0" * 16, Mode.PRACTICE)
    with pytest.raises(ReplayMismatchError, match=r"has changed.*set aside"):
        resume_run(store, attempt, library, SAM)
    assert store.unfinished_attempts(profile_id) == []
    assert store.get_attempt(attempt.id).abandoned


def test_resume_of_a_scenario_no_longer_in_the_library(store, profile_id, library):
    attempt = store.start_attempt(profile_id, "gone-away", "abc", Mode.PRACTICE)
    with pytest.raises(UnknownIdError, match="no longer in the library"):
        resume_run(store, attempt, library, SAM)
    assert store.get_attempt(attempt.id).abandoned


def test_a_failed_save_takes_the_move_back(store, profile_id, library):
    run = start_run(store, profile_id, entry_of(library), context=SAM)
    store.abandon_attempt(run.attempt.id)  # the store now refuses choices
    with pytest.raises(StoreError):
        run.choose(1)
    assert run.playthrough.steps == []


def test_debrief_of_a_finished_attempt_matches_the_live_one(store, profile_id, library):
    run = start_run(store, profile_id, entry_of(library), mode=Mode.ASSESSMENT, context=SAM)
    choose_indices(run, 2, 2)  # Acknowledge, then Give a leaflet
    assert run.debrief is not None
    again = debrief_of(store, run.attempt, library, SAM)
    assert again.result == run.debrief.result
    unfinished = run.attempt._replace(id=start_run(store, profile_id, run.entry).attempt.id)
    with pytest.raises(PlayError):
        debrief_of(store, unfinished, library, SAM)
