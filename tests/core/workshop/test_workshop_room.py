"""Playing as a room: hands counted, hidden until revealed, followed or not; the run is scored."""

from __future__ import annotations

import pytest

from trainer.errors import TrainerError
from trainer.store import Store
from trainer.workshop.live import LiveSession
from trainer.workshop.state import WorkshopState
from trainer.workshop.views import Screen


def play_to_end(live: LiveSession, number: int = 1, limit: int = 40) -> None:
    for _ in range(limit):
        scene = live.console().scene
        assert scene is not None
        if scene.ending is not None:
            return
        live.take(min(number, len(scene.options)))
    raise AssertionError("the room run did not end")


def test_a_vote_is_counted_hidden_revealed_and_followed(live: LiveSession) -> None:
    live.next_block()
    live.start_room_run("towed-car")
    assert live.projector().screen == Screen.SCENE
    live.open_vote()
    for _ in range(5):
        live.count(2)
    live.count(1, 3)
    live.count(3)
    live.count(3, -1)
    live.count(3, -1)  # never below zero
    console = live.console().vote
    assert console is not None and console.counts == (3, 5, 0) and console.majority == 2
    shown = live.projector().vote
    assert shown is not None
    assert (shown.counts, shown.total, shown.majority, shown.revealed) == (
        (0, 0, 0),
        0,
        None,
        False,
    )

    assert live.reveal().projector
    shown = live.projector().vote
    assert shown is not None and shown.revealed and shown.counts == (3, 5, 0)

    transcript = len(live.console().scene.transcript)  # type: ignore[union-attr]
    live.take()  # follow the majority
    assert live.console().vote is None
    assert len(live.console().scene.transcript) > transcript  # type: ignore[union-attr]

    state = WorkshopState.replay(live.session_id, live.store.workshop_events(live.session_id))
    take = state.runs[0].takes[0]
    assert (take.counts, take.majority, take.number, take.what_if) == ((3, 5, 0), 2, 2, False)


def test_lets_see_what_happens_if_takes_a_minority_option_and_says_so(live: LiveSession) -> None:
    live.start_room_run("towed-car")
    live.count(1, 4)
    live.count(2, 1)
    live.take(2)
    state = WorkshopState.replay(live.session_id, live.store.workshop_events(live.session_id))
    take = state.runs[0].takes[0]
    assert take.what_if and take.majority == 1 and take.number == 2


def test_a_tie_or_no_votes_cannot_be_followed(live: LiveSession) -> None:
    live.start_room_run("towed-car")
    with pytest.raises(TrainerError, match="No votes"):
        live.take()
    live.count(1)
    live.count(2)
    with pytest.raises(TrainerError, match="tied"):
        live.take()
    with pytest.raises(TrainerError, match="from 1 to 3"):
        live.count(7)


def test_the_room_run_is_scored_and_the_room_is_no_person(store: Store, live: LiveSession) -> None:
    live.start_room_run("towed-car")
    play_to_end(live)
    projector = live.projector()
    assert projector.screen == Screen.DEBRIEF
    assert projector.ending_title and projector.debrief_points
    console = live.console()
    assert console.debrief_prompts and console.room_verdict
    attempts = store.attempts(session_id=live.session_id, finished_only=True)
    assert len(attempts) == 1 and attempts[0].result is not None
    room = store.get_profile(attempts[0].profile_id)
    assert room.id not in {p.id for p in store.list_profiles()}
    assert store.find_profile(room.name) is None
    assert room.id not in {p.id for p in store.participants(live.session_id)}
    with pytest.raises(TrainerError, match="has ended"):
        live.take(1)
    live.end_room_run()
    assert live.projector().screen == Screen.TITLE


def test_moving_on_sets_an_unfinished_room_run_aside(store: Store, live: LiveSession) -> None:
    live.start_room_run("towed-car")
    live.take(1)
    changes = live.next_block()
    assert changes.room and live.console().scene is None
    (attempt,) = store.attempts(session_id=live.session_id)
    assert attempt.abandoned


def test_blank_and_freeze(live: LiveSession) -> None:
    live.start_room_run("towed-car")
    live.blank(True)
    assert live.projector().screen == Screen.BLANK
    live.blank(False)
    live.freeze(True)
    held = live.projector()
    live.take(1)
    assert live.projector() == held  # the room still sees the frozen picture
    live.freeze(False)
    assert live.projector() != held
