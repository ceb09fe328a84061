"""The projector never carries notes, the roster or anyone's score, whatever the console does."""

from __future__ import annotations

import dataclasses

import pytest

from trainer.errors import TrainerError
from trainer.workshop.clock import ManualClock
from trainer.workshop.live import LiveSession
from trainer.workshop.views import ProjectorView, Screen

# The block's prompts go on the projector only when the facilitator shows them (Q); the
# debrief's discussion prompts are the facilitator's, like the notes.
FORBIDDEN_FIELDS = {"notes", "roster", "score", "scores", "room_verdict", "debrief_prompts"}


def test_the_projector_view_has_no_field_for_notes_roster_or_scores() -> None:
    names = {f.name for f in dataclasses.fields(ProjectorView)}
    assert not names & FORBIDDEN_FIELDS


def test_no_projector_snapshot_leaks_them(live: LiveSession, clock: ManualClock) -> None:
    roster = [a.name for a in live.console().roster]
    snapshots: list[ProjectorView] = [live.projector()]
    live.next_block()
    live.start_room_run("towed-car")
    live.count(1, 3)
    snapshots.append(live.projector())
    live.reveal()
    snapshots.append(live.projector())
    while live.console().scene.ending is None:  # type: ignore[union-attr]
        live.take(1)
        snapshots.append(live.projector())
    verdict = live.console().room_verdict
    assert verdict
    clock.advance(30)
    snapshots.append(live.projector())
    live.close()
    snapshots.append(live.projector())
    for view in snapshots:
        text = repr(view)
        assert "Secret facilitator note" not in text
        assert not any(name in text for name in roster)
        assert verdict not in text and "pass mark" not in text
        assert "When did the anger come down?" not in text  # the block's prompts: not shown


def test_the_blocks_prompts_go_on_the_projector_until_the_block_ends(
    live: LiveSession, store, library, clock
) -> None:
    """Plans ask for it ("show the first three prompts on screen"); the notes never go."""
    assert live.projector().prompts == ()
    assert live.show_prompts(True).projector
    shown = live.projector()
    assert shown.prompts == ("Rate yourself 1 to 5",) and shown.screen is Screen.TITLE
    assert live.console().prompts_shown
    again = LiveSession.resume(store, library, live.session_id, clock)
    assert again.projector().prompts == shown.prompts  # kept in the log
    again.next_block()
    assert again.projector().prompts == () and not again.console().prompts_shown
    again.next_block()  # the wrap-up has no prompts
    with pytest.raises(TrainerError, match="no prompts"):
        again.show_prompts(True)


def test_the_rooms_agenda_says_when_each_block_to_come_starts(
    live: LiveSession, clock: ManualClock
) -> None:
    """'When is the break?': the current block and those to come, at the rate the room is going."""
    from datetime import timedelta

    start = clock.now()
    clock.advance(120)
    assert live.show_agenda(True).projector
    shown = live.projector().coming
    assert [c.title for c in shown] == ["Welcome", "The towed car", "Wrap-up"]
    assert [c.starts - start for c in shown] == [
        timedelta(0),
        timedelta(minutes=5),
        timedelta(minutes=25),
    ]
    assert live.console().agenda_shown
    assert live.show_prompts(True).projector  # they take turns on the projector
    assert live.projector().coming == () and not live.console().agenda_shown
    live.show_agenda(True)
    assert live.projector().prompts == ()
    clock.advance(600)  # the welcome runs seven minutes over: what comes moves with it
    later = live.projector().coming
    assert later[1].starts - start == timedelta(minutes=12)
    live.next_block()
    assert live.projector().coming == ()  # a new block takes it off


def test_prompts_and_the_agenda_wait_for_the_room_run_to_end(live: LiveSession) -> None:
    """During a run the projector shows the scene: saying "prompts shown" would be untrue."""
    live.next_block()  # the towed-car block, with prompts
    live.show_prompts(True)
    live.start_room_run("towed-car")
    assert not live.console().prompts_shown  # the scene took the screen
    with pytest.raises(TrainerError, match="between scenarios"):
        live.show_prompts(True)
    with pytest.raises(TrainerError, match="between scenarios"):
        live.show_agenda(True)
    live.end_room_run()
    assert live.projector().prompts == ()  # not back unasked
    assert live.show_prompts(True).projector


def test_a_room_run_begins_a_session_still_waiting(waiting_live: LiveSession) -> None:
    waiting_live.start_room_run("towed-car")
    assert not waiting_live.waiting and waiting_live.console().scene is not None
