"""The projector never carries notes, the roster or anyone's score, whatever the console does."""

from __future__ import annotations

import dataclasses

from trainer.workshop.clock import ManualClock
from trainer.workshop.live import LiveSession
from trainer.workshop.views import ProjectorView

FORBIDDEN_FIELDS = {"notes", "roster", "score", "scores", "room_verdict", "prompts"}


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
