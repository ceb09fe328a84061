"""The facilitator's live session as the screens see it: one slot, one core call.

Like :class:`trainer.ui.session.Session` for a trainee: the console's keys
and buttons call a slot here, the slot makes one call on the
:class:`~trainer.workshop.live.LiveSession`, and what that call changed
goes out once, as ``changed(WorkshopChanges)``. The console and the
projector both redraw from that signal and the core's snapshots
(:meth:`console`, :meth:`projector`); neither calls the other. A once-a-second
timer calls :meth:`LiveSession.tick` so the countdowns move. A
:class:`~trainer.errors.TrainerError` (a vote with no decision on screen, a
tampered result file) becomes ``failed(message)``, which the console shows
as a message: never a traceback, and nothing changed.

Phones (:mod:`trainer.workshop.room`): the room server calls
:meth:`_heard` on its own thread when a phone joined or voted. That only
emits ``heard``, a queued signal, so :meth:`absorb_phones` runs here on the
GUI thread and makes the one core call that reads what arrived; a burst of
votes is absorbed once, not once each.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal

from trainer.app.changes import ATTEMPTS
from trainer.errors import TrainerError
from trainer.ui.workshop.keys import EXTEND_MINUTES
from trainer.workshop.views import ConsoleView, ProjectorView

if TYPE_CHECKING:
    from trainer.ui.session import Session
    from trainer.workshop.clock import Clock
    from trainer.workshop.live import LiveSession, WorkshopChanges

TICK_MS = 1000


class WorkshopController(QObject):
    """A live workshop: its slots change it, ``changed`` says what changed."""

    changed = Signal(object)  # WorkshopChanges
    failed = Signal(str)
    heard = Signal()  # emitted on the room server's thread: something arrived from a phone
    phones_host = "0.0.0.0"  # where the room server listens (the tests: the loopback only)

    def __init__(
        self,
        live: LiveSession,
        clock: Clock,
        session: Session | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.live = live
        self.clock = clock
        self.session = session  # told when a room run's attempt changed (progress page)
        self._console: ConsoleView | None = None
        self._projector: ProjectorView | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self._pending = threading.Event()  # an absorb is already on its way
        self.heard.connect(self.absorb_phones, Qt.ConnectionType.QueuedConnection)
        live.phones.listener = self._heard  # (the Phones object is small; no server yet)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shut)  # nothing listens after the app has gone

    # --- what the screens read ---------------------------------------------
    @property
    def session_id(self) -> int:
        return self.live.session_id

    def console(self) -> ConsoleView:
        """The console's snapshot (made once per change, shared by every reader)."""
        if self._console is None:
            self._console = self.live.console()
        return self._console

    def projector(self) -> ProjectorView:
        if self._projector is None:
            self._projector = self.live.projector()
        return self._projector

    # --- the gateway ---------------------------------------------------------
    def perform(self, operation: Callable[..., WorkshopChanges], *args: object) -> bool:
        """Run one core call and announce what it changed; False if it was refused."""
        try:
            changes = operation(*args)
        except TrainerError as exc:
            self.failed.emit(str(exc))
            return False
        self.announce(changes)
        return True

    def announce(self, changes: WorkshopChanges) -> None:
        self._console = self._projector = None
        if changes.closed:
            self.timer.stop()
        self.changed.emit(changes)
        if changes.attempts and self.session is not None:
            self.session.announce(ATTEMPTS)

    def tick(self) -> None:
        """Once a second: the countdowns move (the core writes nothing for this)."""
        changes = self.live.tick()
        if any(vars_of(changes)):
            self.announce(changes)

    def stop(self) -> None:
        """No more ticks (the console is closing or the session has ended)."""
        self.timer.stop()

    def shut(self) -> None:
        """The app is quitting: stop the clock and the room server (a resume restarts it)."""
        self.stop()
        self.live.phones.listener = None
        if self.live.phones.on:
            self.live.phones.stop(keep_on=True)

    # --- phones --------------------------------------------------------------
    def _heard(self) -> None:
        """On the room server's thread: ask for one absorb on the GUI thread."""
        if not self._pending.is_set():
            self._pending.set()
            self.heard.emit()

    def absorb_phones(self) -> None:
        self._pending.clear()
        self.perform(self.live.absorb_phones)

    def phones_on(self, port: int | None = None, attendance: bool | None = None) -> bool:
        host = self.phones_host
        return self.perform(lambda: self.live.phones_on(port, attendance=attendance, host=host))

    def phones_off(self) -> None:
        self.perform(self.live.phones_off)

    def toggle_phones(self) -> None:
        if self.live.phones.on:
            self.phones_off()
        else:
            self.phones_on()

    def remove_phone(self, device_id: int) -> None:
        self.perform(self.live.remove_phone, device_id)

    # --- one slot per facilitator action ------------------------------------
    def next_block(self) -> bool:
        """The next block (or the first, while waiting); False if it was refused."""
        return self.perform(self.live.next_block)

    def skip_block(self) -> None:
        self.perform(self.live.skip_block)

    def go_to_block(self, index: int) -> None:
        self.perform(self.live.go_to_block, index)

    def pause_or_resume(self) -> None:
        timer = self.console().timer
        if timer is not None and timer.paused:
            self.perform(self.live.resume_timer)
        else:
            self.perform(self.live.pause)

    def extend(self, minutes: int = EXTEND_MINUTES) -> None:
        self.perform(self.live.extend, minutes)

    def add_attendee(self, name: str) -> bool:
        return self.perform(self.live.add_attendee, name)

    def set_present(self, profile_id: int, present: bool) -> None:
        self.perform(self.live.set_present, profile_id, present)

    def start_room_run(self, scenario_id: str) -> None:
        self.perform(self.live.start_room_run, scenario_id)

    def carry_on_room_run(self, scenario_id: str) -> None:
        self.perform(self.live.carry_on_room_run, scenario_id)

    def open_vote(self) -> None:
        self.perform(self.live.open_vote)

    def count(self, number: int, delta: int = 1) -> None:
        self.perform(self.live.count, number, delta)

    def reveal(self) -> None:
        self.perform(self.live.reveal)

    def follow_majority(self) -> None:
        self.perform(self.live.take, None)

    def take(self, number: int) -> None:
        self.perform(self.live.take, number)

    def end_room_run(self) -> None:
        self.perform(self.live.end_room_run)

    def show_prompts(self) -> None:
        self.perform(self.live.show_prompts, not self.console().prompts_shown)

    def show_agenda(self) -> None:
        self.perform(self.live.show_agenda, not self.console().agenda_shown)

    def blank(self) -> None:
        self.perform(self.live.blank, not self.console().blanked)

    def freeze(self) -> None:
        self.perform(self.live.freeze, not self.console().frozen)

    def rate(self, profile_id: int, when: str, question: int, value: int) -> bool:
        return self.perform(self.live.rate, profile_id, when, question, value)

    def clear_rating(self, profile_id: int, when: str, question: int) -> bool:
        return self.perform(self.live.clear_rating, profile_id, when, question)

    def write_action(self, profile_id: int, text: str) -> bool:
        return self.perform(self.live.write_action, profile_id, text)

    def import_result(self, path: Path) -> bool:
        return self.perform(self.live.import_result, path)

    def close_session(self) -> bool:
        return self.perform(self.live.close)


def vars_of(changes: WorkshopChanges) -> tuple[bool, ...]:
    """Each kind of change as a flag (a tick usually changes only the timer)."""
    from dataclasses import astuple

    return tuple(bool(flag) for flag in astuple(changes))
