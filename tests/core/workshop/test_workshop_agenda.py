"""A whole compressed agenda on a manual clock: blocks advance, pause and extend shift the plan."""

from __future__ import annotations

import pytest

from trainer.errors import TrainerError
from trainer.workshop.clock import ManualClock
from trainer.workshop.live import NOTHING, LiveSession
from trainer.workshop.views import BlockState


def test_a_whole_agenda_runs_with_pause_and_extend_shifting_the_plan(
    live: LiveSession, clock: ManualClock
) -> None:
    view = live.console()
    assert view.current == 0 and view.block_title == "Welcome"
    assert view.next_title == "The towed car"
    assert view.timer is not None
    assert (view.timer.remaining, view.timer.behind, view.timer.level) == (300, 0, "ok")

    clock.advance(240)
    timer = live.console().timer
    assert timer is not None and (timer.remaining, timer.level) == (60, "soon")

    assert live.pause().timer
    assert live.pause() == NOTHING  # pausing twice writes nothing
    clock.advance(120)
    timer = live.console().timer
    assert timer is not None and timer.paused
    assert timer.remaining == 60  # the countdown stopped
    assert timer.behind == 120  # the room is still two minutes behind the plan

    live.resume_timer()
    assert live.extend(2).agenda
    timer = live.console().timer
    assert timer is not None and (timer.remaining, timer.block_seconds) == (180, 420)
    assert timer.behind == 240  # the pause and the two extra minutes

    clock.advance(200)
    timer = live.console().timer
    assert timer is not None and (timer.remaining, timer.level) == (-20, "over")
    assert timer.behind == 260

    live.next_block()
    view = live.console()
    first, second = view.agenda[0], view.agenda[1]
    assert (first.state, first.actual_start, first.actual_seconds) == (BlockState.DONE, 0, 560)
    assert first.extended_minutes == 2
    assert (second.state, second.planned_start, second.actual_start) == (
        BlockState.CURRENT,
        300,
        560,
    )
    assert view.notes.startswith("Secret facilitator note")
    assert view.block_scenarios == ("towed-car",)
    assert view.timer is not None and view.timer.behind == 260

    clock.advance(60)
    live.skip_block()
    clock.advance(30)
    live.next_block()
    view = live.console()
    assert view.current is None and view.timer is None
    assert [row.state for row in view.agenda] == [
        BlockState.DONE,
        BlockState.SKIPPED,
        BlockState.DONE,
    ]
    assert [row.actual_seconds for row in view.agenda] == [560, 60, 30]
    with pytest.raises(TrainerError, match="agenda is finished"):
        live.next_block()

    live.go_to_block(1)  # back to the skipped scenario
    assert live.console().current == 1


def test_moving_on_early_counts_as_ahead(live: LiveSession, clock: ManualClock) -> None:
    clock.advance(120)
    live.next_block()
    timer = live.console().timer
    assert timer is not None and timer.behind == -180


def test_the_pause_carries_over_block_changes_until_resumed(
    live: LiveSession, clock: ManualClock
) -> None:
    live.pause()
    live.next_block()
    clock.advance(300)
    timer = live.console().timer
    assert timer is not None and timer.paused and timer.remaining == 1200


def test_facilitator_mistakes_are_plain_errors(live: LiveSession) -> None:
    with pytest.raises(TrainerError, match="no block 9"):
        live.go_to_block(8)
    with pytest.raises(TrainerError, match="shorter than a minute"):
        live.extend(-5)
    with pytest.raises(TrainerError, match="1 to 120 minutes"):
        live.extend(0)


def test_tick_writes_nothing_and_reports_only_when_the_numbers_move(
    live: LiveSession, clock: ManualClock
) -> None:
    before = len(live.store.workshop_events(live.session_id))
    assert live.tick().timer
    assert live.tick() == NOTHING
    clock.advance(1)
    assert live.tick().timer
    assert len(live.store.workshop_events(live.session_id)) == before


def test_opened_early_the_clock_starts_with_the_first_block(
    waiting_live: LiveSession, clock: ManualClock
) -> None:
    """Setting up half an hour before the room is in must not read as half an hour late."""
    live = waiting_live
    assert live.waiting
    with pytest.raises(TrainerError, match="N starts the first block"):
        live.pause()  # nothing runs yet: said, not silently ignored
    live.set_present(live.console().roster[0].profile_id, False)  # the roster works meanwhile
    clock.advance(1800)
    timer = live.console().timer
    assert timer is not None and timer.waiting
    assert (timer.remaining, timer.behind) == (300, 0)  # the whole block, on time
    assert live.projector().timer == timer
    assert live.next_block().agenda  # N: the first block begins (it is not skipped)
    assert not live.waiting and live.console().current == 0
    clock.advance(360)
    timer = live.console().timer
    assert timer is not None and not timer.waiting
    assert (timer.remaining, timer.behind) == (-60, 60)  # late by its own minute only
    live.next_block()
    first = live.console().agenda[0]
    assert (first.actual_start, first.actual_seconds, first.state) == (0, 360, BlockState.DONE)
    assert live.begin() == NOTHING  # once


def test_a_session_that_waits_resumes_waiting_and_a_skip_begins_it(
    waiting_live: LiveSession, store, library, clock: ManualClock
) -> None:
    clock.advance(600)
    again = LiveSession.resume(store, library, waiting_live.session_id, clock)
    assert again.waiting and again.console().timer.behind == 0  # type: ignore[union-attr]
    again.skip_block()  # S before beginning: the first block begins and is skipped at once
    view = again.console()
    assert not again.waiting and view.current == 1
    assert view.agenda[0].state == BlockState.SKIPPED and view.agenda[0].actual_seconds == 0
    assert view.timer is not None and view.timer.behind == -300  # the welcome's time, saved
