"""Nothing lost: drop the session, reopen the file, resume where it was, the gap counted."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.workshop.conftest import ROSTER, short_plan
from trainer.errors import StoreError, TrainerError
from trainer.scenarios.library import Library
from trainer.store import Store
from trainer.workshop.clock import ManualClock
from trainer.workshop.live import LiveSession, unfinished_sessions
from trainer.workshop.views import Screen

OPENED: list[Store] = []


@pytest.fixture(autouse=True)
def close_reopened() -> Iterator[None]:
    yield
    while OPENED:
        OPENED.pop().close()


def reopen(db_path: Path, library: Library, session_id: int, clock: ManualClock) -> LiveSession:
    """The app started again on the same file: a new connection, a new session object."""
    OPENED.append(Store.open(db_path))
    return LiveSession.resume(OPENED[-1], library, session_id, clock)


def test_resume_mid_vote_restores_block_vote_room_run_and_timers(
    db_path: Path, library: Library, clock: ManualClock
) -> None:
    store = Store.open(db_path)
    live = LiveSession.start(
        store,
        library,
        short_plan(),
        facilitator="Maria Lopez",
        organisation="City of Riverton",
        roster=ROSTER,
        clock=clock,
    )
    clock.advance(200)
    live.next_block()
    live.start_room_run("towed-car")
    live.take(1)
    scene = live.console().scene
    assert scene is not None
    last = len(scene.options)  # whatever the content offers here: the first and the last
    live.count(1, 2)
    live.count(last, 4)
    clock.advance(100)
    before = live.console()
    scene_before = before.scene
    session_id = live.session_id
    store.close()  # the laptop's lid shuts; nothing is saved on the way out
    del live

    clock.advance(600)  # ten minutes before the app is opened again
    resumed = reopen(db_path, library, session_id, clock)
    assert [s.id for s in unfinished_sessions(resumed.store)] == [session_id]
    after = resumed.console()
    assert after.current == 1 and after.block_title == "The towed car"
    assert after.vote == before.vote and after.vote is not None
    assert after.vote.counts[0] == 2 and after.vote.counts[last - 1] == 4
    assert after.scene == scene_before
    assert resumed.projector().screen == Screen.SCENE
    shown = resumed.projector().vote
    assert shown is not None and not shown.revealed and shown.counts == (0,) * last
    assert before.timer is not None and after.timer is not None
    assert after.timer.remaining == before.timer.remaining - 600  # the gap ran on
    resumed.take()  # the vote carries on where it was
    assert resumed.console().vote is None


def test_a_paused_session_stays_paused_across_a_crash(
    live: LiveSession, db_path: Path, library: Library, clock: ManualClock
) -> None:
    clock.advance(60)
    live.pause()
    before = live.console().timer
    clock.advance(3600)
    resumed = reopen(db_path, library, live.session_id, clock)
    after = resumed.console().timer
    assert before is not None and after is not None
    assert after.paused and after.remaining == before.remaining == 240
    resumed.resume_timer()
    clock.advance(40)
    timer = resumed.console().timer
    assert timer is not None and timer.remaining == 200


def test_roster_ratings_and_a_finished_room_run_survive(
    live: LiveSession, db_path: Path, library: Library, clock: ManualClock
) -> None:
    ana = live.console().roster[0]
    live.set_present(ana.profile_id, False)
    live.add_attendee("Walk-in Wanjiru")
    live.rate(ana.profile_id, "before", 1, 2)
    live.write_action(ana.profile_id, "Name the feeling first.")
    live.start_room_run("towed-car")
    while live.console().scene.ending is None:  # type: ignore[union-attr]
        live.take(1)
    resumed = reopen(db_path, library, live.session_id, clock)
    roster = {a.name: a for a in resumed.console().roster}
    assert not roster["Ana Souza"].present
    assert roster["Ana Souza"].before[0] == 2 and roster["Ana Souza"].action
    assert roster["Walk-in Wanjiru"].walk_in and roster["Walk-in Wanjiru"].present
    assert resumed.projector().screen == Screen.DEBRIEF
    assert resumed.console().debrief_prompts == live.console().debrief_prompts


def test_a_closed_session_is_not_offered_for_resume(
    live: LiveSession, store: Store, library: Library, clock: ManualClock
) -> None:
    live.close()
    assert unfinished_sessions(store) == []
    with pytest.raises(TrainerError, match="was closed"):
        LiveSession.resume(store, library, live.session_id, clock)
    with pytest.raises(TrainerError, match="closed"):
        live.next_block()


def test_a_damaged_log_is_refused_plainly(
    live: LiveSession, db_path: Path, library: Library, clock: ManualClock
) -> None:
    live.extend(3)
    conn = sqlite3.connect(db_path)
    conn.execute(
        "UPDATE workshop_event SET data = ? WHERE kind = 'extend'",
        (json.dumps({"minutes": "lots"}),),
    )
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match=r"damaged at entry 2 \(extend\)"):
        reopen(db_path, library, live.session_id, clock)


def test_a_carried_on_room_run_and_a_cleared_rating_survive_a_crash(
    db_path: Path, library: Library, clock: ManualClock
) -> None:
    store = Store.open(db_path)
    live = LiveSession.start(
        store,
        library,
        short_plan(),
        facilitator="Maria Lopez",
        organisation="City of Riverton",
        roster=ROSTER,
        clock=clock,
    )
    pid = live.console().roster[0].profile_id
    live.rate(pid, "after", 2, 3)
    live.clear_rating(pid, "after", 2)
    live.next_block()
    live.start_room_run("towed-car")
    live.take(1)
    live.take(2)
    live.next_block()
    live.go_to_block(1)
    live.carry_on_room_run("towed-car")
    scene = live.console().scene
    new_attempt = live.state.room.attempt_id if live.state.room else 0
    session_id = live.session_id
    store.close()
    del live
    # The app stopped after logging the carry-on but before the choices were copied.
    with sqlite3.connect(db_path) as conn:
        conn.execute("DELETE FROM choice WHERE attempt_id = ?", (new_attempt,))
    conn.close()
    resumed = reopen(db_path, library, session_id, clock)
    view = resumed.console()
    assert view.scene == scene
    assert view.roster[0].after[1] is None
    assert [len(run.takes) for run in resumed.state.runs] == [2]
    resumed.take(1)  # the carried-on run plays on after the resume
    assert len(resumed.store.choices(new_attempt)) == 3


def test_blocks_jumped_over_stay_skipped_after_a_resume(
    db_path: Path, library: Library, clock: ManualClock
) -> None:
    store = Store.open(db_path)
    live = LiveSession.start(
        store,
        library,
        short_plan(),
        facilitator="Maria Lopez",
        organisation="City of Riverton",
        roster=ROSTER,
        clock=clock,
    )
    clock.advance(300)
    live.go_to_block(2)
    before = live.console()
    session_id = live.session_id
    store.close()
    del live
    resumed = reopen(db_path, library, session_id, clock)
    after = resumed.console()
    assert [r.state for r in after.agenda] == [r.state for r in before.agenda]
    assert str(after.agenda[1].state) == "skipped"
    assert after.timer is not None and after.timer.behind == 0
