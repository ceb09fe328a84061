"""Findings of the live review: carrying on a set-aside room run, jumps, clearing ratings."""

from __future__ import annotations

import pytest

from trainer.errors import TrainerError
from trainer.workshop.clock import ManualClock
from trainer.workshop.live import LiveSession
from trainer.workshop.views import BlockState


def test_a_set_aside_room_run_is_offered_and_carried_on_where_it_was(
    live: LiveSession, clock: ManualClock
) -> None:
    live.next_block()
    live.start_room_run("towed-car")
    live.count(1, 3)
    live.take()
    live.take(2)
    scene = live.console().scene
    assert live.console().room_unfinished
    live.next_block()  # the run is set aside
    assert live.console().scene is None
    live.go_to_block(1)
    assert live.console().set_aside == (("towed-car", 2),)
    live.carry_on_room_run("towed-car")
    view = live.console()
    assert view.scene == scene  # the same decision, the same lines
    assert view.set_aside == ()
    assert [len(run.takes) for run in live.state.runs] == [2]  # one run, both decisions
    assert live.state.runs[0].takes[0].majority == 1
    live.take(1)  # and the room plays on
    assert len(live.store.choices(live.state.runs[0].attempt_id)) == 3


def test_nothing_to_carry_on_is_a_plain_error(live: LiveSession) -> None:
    live.next_block()
    with pytest.raises(TrainerError, match="no unfinished run"):
        live.carry_on_room_run("towed-car")


def test_jumping_ahead_skips_the_blocks_jumped_over_and_they_count_neither_way(
    live: LiveSession, clock: ManualClock
) -> None:
    clock.advance(300)  # the welcome took its 5 minutes
    live.go_to_block(2)  # straight to the wrap-up, past the 20-minute scenario
    view = live.console()
    assert [row.state for row in view.agenda] == [
        BlockState.DONE,
        BlockState.SKIPPED,
        BlockState.CURRENT,
    ]
    assert view.timer is not None and view.timer.behind == 0  # not "20 min ahead"


def test_a_rating_can_be_cleared_back_to_not_given(live: LiveSession) -> None:
    pid = live.console().roster[0].profile_id
    live.rate(pid, "before", 1, 4)
    assert live.console().roster[0].before[0] == 4
    assert live.clear_rating(pid, "before", 1)
    assert live.console().roster[0].before[0] is None
    assert not live.clear_rating(pid, "before", 1)  # nothing to clear writes nothing
