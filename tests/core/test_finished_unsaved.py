"""A run killed between its last choice and its saved result is finished, not "unfinished"."""

from __future__ import annotations

import pytest

from trainer.app import runs
from trainer.app.desk import Desk
from trainer.scenarios.analysis import Analysis
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


def killed_before_saving(desk: Desk) -> int:
    """Play to the ending, recording every choice but not the result, as a kill would leave it."""
    run = runs.start(desk, SCENARIO, Mode.ASSESSMENT).run
    analysis = Analysis(run.playthrough.scenario, run.playthrough.context)
    best = run.playthrough.numbers_of(analysis.best_path())  # as this assessment shows them
    for number in best:
        node = run.playthrough.state.node
        run.playthrough.choose(number)
        desk.store.record_choice(run.attempt.id, node, run.playthrough.steps[-1].index)
    assert run.playthrough.finished
    return run.attempt.id


def test_recovering_saves_the_result_and_resuming_shows_the_debrief(desk: Desk) -> None:
    attempt_id = killed_before_saving(desk)
    offered = desk.unfinished()
    assert [a.id for a in offered] == [attempt_id]
    recovered = runs.recover_ended(desk)
    assert [a.id for a in recovered.attempts] == [attempt_id] and recovered.changes
    assert desk.unfinished() == []
    saved = desk.store.get_attempt(attempt_id)
    assert saved.finished is not None and saved.result is not None
    started = runs.resume(desk, offered[0])  # the attempt as it was offered
    assert isinstance(started, runs.Started)
    assert started.run.finished and started.run.debrief is not None
    assert runs.finish(started.run).debrief.result.score == saved.result.score
    assert desk.store.get_attempt(attempt_id).finished == saved.finished  # saved once


def test_a_truly_unfinished_run_is_left_to_resume(desk: Desk) -> None:
    run = runs.start(desk, SCENARIO, Mode.PRACTICE).run
    runs.choose(run, 1)
    assert runs.recover_ended(desk).attempts == ()
    assert [a.id for a in desk.unfinished()] == [run.attempt.id]
