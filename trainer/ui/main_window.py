"""The main window: a registry of pages, the navigation and the menus, nothing else.

Pages are made on first use from :data:`PAGES` (the play, debrief and
progress pages pull in the engine and scoring, which the library does not
need) and talk to each other only through the signals wired here. Who is
practising and resuming a run are flows of their own
(:mod:`trainer.ui.flows`); everything a page does goes through the session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, cast, runtime_checkable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from trainer.store import Attempt, Mode
from trainer.ui import menus, window_geometry
from trainer.ui.flows.profile import ProfileFlow
from trainer.ui.flows.resume import ResumeFlow
from trainer.ui.pages.library import LibraryPage
from trainer.ui.session import Session
from trainer.ui.text_size import TextSize

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QProgressDialog

    from trainer.scoring.debrief import Debrief
    from trainer.ui.pages.debrief import DebriefPage
    from trainer.ui.pages.play import PlayPage
    from trainer.ui.pages.progress import ProgressPage

FINISHING = (
    "Certificates or reports are still being written. "
    "Counterpart will close as soon as they are done."
)
# name, navigation text, key; a page that starts disabled has nothing to show yet.
PAGES = (
    ("library", "&Library", "Ctrl+1"),
    ("play", "&Play", "Ctrl+2"),
    ("debrief", "&Debrief", "Ctrl+3"),
    ("progress", "P&rogress", "Ctrl+4"),
    ("workshop", "&Workshop", "Ctrl+5"),
    ("author", "&Author", "Ctrl+6"),
)
EMPTY_AT_FIRST = ("play", "debrief")


class Page(Protocol):
    def take_focus(self) -> None: ...


@runtime_checkable
class Closable(Protocol):
    """A page with unsaved work: asked before the window closes (pages get no close event)."""

    def maybe_close(self) -> bool: ...


class MainWindow(QMainWindow):
    """Library, Play, Debrief and Progress in a stack, with a navigation bar."""

    def __init__(
        self, session: Session, text_size: TextSize, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.text_size = text_size
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.pages: dict[str, QWidget] = {}
        self._makers: dict[str, Callable[[], QWidget]] = {
            "library": self._make_library,
            "play": self._make_play,
            "debrief": self._make_debrief,
            "progress": self._make_progress,
            "workshop": self._make_workshop,
            "author": self._make_author,
        }
        self.profiles = ProfileFlow(session, self, self._run_open)
        self.profiles.switched.connect(self._someone_else)
        self.resumes = ResumeFlow(session, self)
        self.resumes.resume.connect(self.resume_attempt)
        self.finishing: QProgressDialog | None = None
        self.library = cast(LibraryPage, self.page("library"))
        bar = menus.build(self, PAGES, EMPTY_AT_FIRST)
        self.nav, self.profile_label, self.switch_action = bar.nav, bar.profile, bar.switch
        session.profileChanged.connect(self._show_profile)
        self._show_profile()
        self.maximised_at_first = window_geometry.restore(self, session.store)
        self.library.take_focus()

    # --- the page registry ----------------------------------------------------
    def page(self, name: str) -> QWidget:
        """The page called ``name``, made (and wired) the first time it is asked for."""
        if name not in self.pages:
            self.pages[name] = made = self._makers[name]()
            self.stack.addWidget(made)
        return self.pages[name]

    def _make_library(self) -> QWidget:
        page = LibraryPage(self.session)
        self.text_size.changed.append(page.text_size_changed)
        page.play.connect(self.play_scenario)
        page.resume.connect(self.resume_attempt)
        return page

    def _make_play(self) -> QWidget:
        from trainer.ui.pages.play import PlayPage

        page = PlayPage(self.session)
        page.ended.connect(self.set_debrief)
        page.finished.connect(lambda: self.show_page("debrief"))
        page.left.connect(lambda: self.show_page("library"))
        page.replay.connect(self.play_scenario)
        page.closed.connect(lambda: self._page_closed("play"))
        return page

    def _make_debrief(self) -> QWidget:
        from trainer.ui.pages.debrief import DebriefPage

        page = DebriefPage(self.session)
        page.replay.connect(self.play_scenario)
        page.library.connect(lambda: self.show_page("library"))
        page.cleared.connect(lambda: self._page_closed("debrief"))
        return page

    def _make_progress(self) -> QWidget:
        from trainer.ui.pages.progress import ProgressPage

        page = ProgressPage(self.session)
        page.open_debrief.connect(self.show_debrief)
        return page

    def _make_workshop(self) -> QWidget:
        from trainer.ui.workshop.page import WorkshopPage

        return WorkshopPage(self.session)

    def _make_author(self) -> QWidget:
        from trainer.ui.author.page import AuthorPage

        return AuthorPage(self.session)

    @property
    def play_page(self) -> PlayPage:
        return cast("PlayPage", self.page("play"))

    @property
    def debrief_page(self) -> DebriefPage:
        return cast("DebriefPage", self.page("debrief"))

    @property
    def progress_page(self) -> ProgressPage:
        return cast("ProgressPage", self.page("progress"))

    def show_page(self, name: str) -> None:
        """Bring a page to the front, tick it in the navigation, give it the focus."""
        page = self.page(name)
        self.stack.setCurrentWidget(page)
        self.nav[name].setChecked(True)
        cast(Page, page).take_focus()

    # --- routing between pages ----------------------------------------------
    def play_scenario(self, scenario_id: str, mode: Mode) -> None:
        self._new_run()
        self.play_page.begin(scenario_id, Mode(mode))

    def resume_attempt(self, attempt: Attempt) -> None:
        self._new_run()
        self.play_page.resume(attempt)

    def _new_run(self) -> None:
        if "debrief" in self.pages:
            self.debrief_page.clear()
        self.nav["play"].setEnabled(True)
        self.show_page("play")

    def _run_open(self) -> bool:
        run = self.play_page.run if "play" in self.pages else None
        return run is not None and not run.finished

    def set_debrief(self, debrief: Debrief, mode: str) -> None:
        """A run of the current profile ended: its debrief is the one to show."""
        profile = self.session.profile
        self.debrief_page.show_debrief(debrief, Mode(mode), profile.id if profile else None)
        self.nav["debrief"].setEnabled(True)

    def show_debrief(self, debrief: Debrief, mode: str) -> None:
        self.set_debrief(debrief, mode)
        self.show_page("debrief")

    def _page_closed(self, name: str) -> None:
        """The play or debrief page emptied itself: nothing to navigate to there."""
        self.nav[name].setEnabled(False)
        if self.stack.currentWidget() is self.pages.get(name):
            self.show_page("library")

    def _someone_else(self) -> None:
        self.show_page("library")
        self.resumes.offer()

    def start(self) -> None:
        """After the window is up: ask who is practising, or offer a resume (runs, workshops)."""
        from trainer.ui.workshop.at_start import offer_at_start

        offer_at_start(self)
        if self.session.profile is None:
            self.profiles.ask(first_start=not self.session.desk.profiles())
        else:
            self.resumes.offer()

    def certify_roster(self) -> None:
        from trainer.ui.dialogs.roster import RosterDialog

        self.roster_dialog = RosterDialog(self.session.store, self.session.organisation(), self)
        self.roster_dialog.open()

    def _show_profile(self) -> None:
        profile = self.session.profile
        self.profile_label.setText(f"  {profile.name}  " if profile else "")
        # The application display name ("Counterpart") is appended by Qt.
        self.setWindowTitle(profile.name if profile else "")

    # --- quitting -------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        """Quit, but never under a running worker: wait for it behind "Finishing…"."""
        from trainer.ui import worker

        # The workshop's question first: it only asks, where the Author page's Discard
        # acts (an answer after it to keep the app open would strand those edits).
        asking = sorted(self.pages.items(), key=lambda named: named[0] != "workshop")
        if not all(p.maybe_close() for _, p in asking if isinstance(p, Closable)):
            event.ignore()  # the author kept unsaved work, or the workshop stays open
            return
        if worker.busy():
            event.ignore()
            self._finish_then_close()
            return
        if self.finishing is not None:
            self.finishing.close()
        try:
            window_geometry.save(self, self.session.store)
        finally:
            event.accept()

    def _finish_then_close(self) -> None:
        """Show a small modal "Finishing…" and close once every worker is done."""
        if self.finishing is None:
            from trainer.ui import worker
            from trainer.ui.dialogs import common as dialogs

            self.finishing = dialogs.finishing(self, FINISHING)
            worker.when_idle(lambda: QTimer.singleShot(0, self.close))
        self.finishing.show()
