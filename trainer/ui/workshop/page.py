"""The Workshop page: set up a session, or carry on one, then run it from the console.

A stack of two: :class:`SetupPage` until a session is open, then the
:class:`ConsolePage` of its :class:`WorkshopController`. Opening the page
(and the app's start, once the library is loaded) offers to resume a
workshop that was never closed (a crash, a closed lid), with the timers
counting the gap; a paused one stays paused. Ending the session hands over
to :class:`~trainer.ui.workshop.closing.Closing` (attendance, certificates
on a worker, the class report), after which the set-up form is back.

A workshop whose phones were on when the app stopped (a crash, a quit)
switches them back on as it resumes, on the same address, so the phones
reconnect by themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import QMessageBox, QStackedWidget, QWidget

from trainer.errors import TrainerError
from trainer.scenarios.model import WorkshopPlan
from trainer.ui.messages import show_error
from trainer.ui.session import Session
from trainer.ui.workshop.console import ConsolePage
from trainer.ui.workshop.controller import WorkshopController
from trainer.ui.workshop.setup_page import SetupPage

if TYPE_CHECKING:
    from trainer.store import Session as Workshop
    from trainer.ui.workshop.closing import Closing
    from trainer.workshop.clock import Clock
    from trainer.workshop.live import LiveSession


def describe(workshop: Workshop) -> str:
    when = workshop.started.astimezone()
    by = f", facilitated by {workshop.facilitator}" if workshop.facilitator else ""
    return f"“{workshop.title}”, started {when:%A %d %B at %H:%M}{by}"


class WorkshopPage(QStackedWidget):
    """Set-up, then the console. ``opened`` when a session is running on it."""

    opened = Signal()

    def __init__(self, session: Session, clock: Clock | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        from trainer.workshop.clock import SystemClock

        self.session = session
        self.clock: Clock = clock or SystemClock()
        self.controller: WorkshopController | None = None
        self.console: ConsolePage | None = None
        self.closing: Closing | None = None
        self.offered = False  # the resume question is asked once per start of the app
        self.message: QWidget | None = None
        self.setup = SetupPage(session.organisation)
        self.setup.start.connect(self.start)
        self.addWidget(self.setup)
        session.when_loaded(self._loaded)

    def _loaded(self) -> None:
        assert self.session.library is not None
        self.setup.show_plans(self.session.library)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.offered:
            self.session.when_loaded(self.offer_resume)

    def take_focus(self) -> None:
        if self.console is not None:
            self.console.setFocus()
        else:
            self.setup.take_focus()

    # --- opening a session -----------------------------------------------------
    def start(
        self, plan: WorkshopPlan, facilitator: str, organisation: str, names: list[str]
    ) -> None:
        from trainer.workshop.live import LiveSession

        library = self.session.library
        if library is None or self.controller is not None:
            return
        try:
            live = LiveSession.start(
                self.session.store,
                library,
                plan,
                facilitator=facilitator,
                organisation=organisation,
                roster=names,
                clock=self.clock,
                waiting=True,  # the clock starts at N: setting up early is not running late
            )
        except TrainerError as exc:
            self.message = show_error(self, str(exc))
            return
        self.run(live)

    def unfinished(self) -> list[Workshop]:
        from trainer.workshop.live import unfinished_sessions

        return unfinished_sessions(self.session.store)

    def offer_resume(self) -> None:
        """If a workshop was left open, ask whether to carry on with it (once per app start)."""
        self.offered = True
        if self.controller is not None:
            return
        waiting = self.unfinished()
        if not waiting:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Carry on with the workshop?",
            f"The workshop {describe(waiting[0])} was not closed. Carry on where it was? "
            "The timers count the time it was away; if it was paused it stays paused.",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setAccessibleName("Carry on with the workshop?")
        carry_on = box.addButton("&Carry on", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Not now", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(carry_on)
        carry_on.clicked.connect(lambda: self.resume(waiting[0].id))
        box.open()
        self.message = box

    def resume(self, session_id: int) -> None:
        from trainer.workshop.live import LiveSession

        library = self.session.library
        if library is None or self.controller is not None:
            return
        try:
            live = LiveSession.resume(self.session.store, library, session_id, self.clock)
        except TrainerError as exc:
            self.message = show_error(self, str(exc))
            return
        self.run(live)

    def run(self, live: LiveSession) -> None:
        """Show the console of ``live`` (and the projector, if there is a second screen)."""
        self.controller = WorkshopController(live, self.clock, self.session, self)
        self.console = ConsolePage(self.controller, self.session.title_of)
        self.console.end_requested.connect(self.end)
        self.addWidget(self.console)
        self.setCurrentWidget(self.console)
        self.console.setFocus()
        if len(QGuiApplication.screens()) > 1:
            self.console.open_projector()
        if live.phones.was_on():
            self.controller.phones_on()
        self.opened.emit()

    # --- ending ------------------------------------------------------------------
    def end(self) -> None:
        from trainer.ui.workshop.closing import Closing

        if self.controller is None or self.closing is not None:
            return
        self.closing = Closing(self.controller, self.session, self)
        self.closing.finished.connect(self._ended)
        self.closing.ask()

    def _ended(self, closed: bool) -> None:
        """The closing is over: back to the form if the session was closed."""
        self.closing = None
        if not closed or self.console is None or self.controller is None:
            return
        self.controller.stop()
        self.console.close_projector()
        self.setCurrentWidget(self.setup)
        self.removeWidget(self.console)
        self.console.deleteLater()
        self.controller.deleteLater()
        self.console = self.controller = None
        self.setup.take_focus()

    def maybe_close(self) -> bool:
        """Asked before the app closes (see ``MainWindow.closeEvent``): True to let it close.

        Closing mid-workshop takes the console and the projector away from a
        room in full swing, so it is asked, not assumed; the workshop is kept
        either way and offered again at the next start.
        """
        if self.controller is None or self.closing is not None:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "A workshop is running",
            "Close Counterpart while the workshop is running? The console and the projector "
            "close with it. Nothing is lost: the next time Counterpart opens, it offers to "
            "carry on where you are, with the time away counted.",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setAccessibleName("A workshop is running")
        leave = box.addButton("&Close Counterpart", QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton("&Keep the workshop open", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        self.message = box
        box.exec()
        return box.clickedButton() is leave

    def shut(self) -> None:
        """The app is quitting: stop the clock and put the projector away (nothing to save)."""
        if self.controller is not None:
            self.controller.shut()
        if self.console is not None:
            self.console.close_projector()
