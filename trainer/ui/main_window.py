"""The main window: assembles the pages and the navigation, nothing else.

Pages are created when first needed (the play, debrief and progress pages
pull in the engine and scoring, which the library page does not need), and
they talk to each other only through signals routed here.

A run and a debrief belong to the profile that made them: the play and
debrief pages empty themselves when another profile takes over, and the
navigation follows what they say.

The window is on the start-up path (see ``bench/startup.py`` and
``tests/ui/test_startup_path.py``): the dialogs and Qt's ``Qt`` namespace
(~30 ms of enums) are imported where they are used, not at the top.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from trainer.ui.pages.library import LibraryPage
from trainer.ui.session import Session
from trainer.ui.text_size import TextSize

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QMessageBox, QProgressDialog

    from trainer.scoring.debrief import Debrief
    from trainer.store import Attempt
    from trainer.ui.dialogs.profile import ProfileDialog
    from trainer.ui.pages.debrief import DebriefPage
    from trainer.ui.pages.play import PlayPage
    from trainer.ui.pages.progress import ProgressPage

GEOMETRY_KEY = "window_geometry"
FINISHING = (
    "Certificates or reports are still being written. "
    "Counterpart will close as soon as they are done."
)
PAGES = (
    ("library", "&Library", "Ctrl+1"),
    ("play", "&Play", "Ctrl+2"),
    ("debrief", "&Debrief", "Ctrl+3"),
    ("progress", "P&rogress", "Ctrl+4"),
)


def set_keys(action: QAction, key: str) -> None:
    """Give ``action`` its shortcut, written as text ("Ctrl+Shift+P").

    Set through Qt's ``shortcut`` property, which converts the text in C++:
    ``setShortcut`` or a ``QKeySequence`` would make PySide create its
    QKeySequence type with its enums (~7 M instructions, ~2 ms of start-up).
    """
    action.setProperty("shortcut", key)


class MainWindow(QMainWindow):
    """Library, Play, Debrief and Progress in a stack, with a navigation bar."""

    def __init__(
        self, session: Session, text_size: TextSize, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.text_size = text_size
        self.setWindowTitle("Counterpart")
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.library = LibraryPage(session)
        text_size.changed.append(self.library.text_size_changed)
        self.library.play.connect(self.play_scenario)
        self.library.resume.connect(self.resume_attempt)
        self.stack.addWidget(self.library)
        self._play: PlayPage | None = None
        self._debrief: DebriefPage | None = None
        self._progress: ProgressPage | None = None
        self.profile_dialog: ProfileDialog | None = None
        self.question: QMessageBox | None = None
        self.finishing: QProgressDialog | None = None
        self._build_navigation()
        self._build_menus()
        session.profileChanged.connect(self._show_profile)
        self._show_profile()
        self._restore_geometry()
        self.library.take_focus()

    # --- pages, created on first use ---------------------------------------
    @property
    def play_page(self) -> PlayPage:
        if self._play is None:
            from trainer.ui.pages.play import PlayPage

            self._play = PlayPage(self.session)
            self._play.ended.connect(self.set_debrief)
            self._play.finished.connect(lambda: self.show_page("debrief"))
            self._play.left.connect(lambda: self.show_page("library"))
            self._play.replay.connect(self.play_scenario)
            self._play.closed.connect(lambda: self._page_closed("play"))
            self.stack.addWidget(self._play)
        return self._play

    @property
    def debrief_page(self) -> DebriefPage:
        if self._debrief is None:
            from trainer.ui.pages.debrief import DebriefPage

            self._debrief = DebriefPage(self.session)
            self._debrief.replay.connect(self.play_scenario)
            self._debrief.library.connect(lambda: self.show_page("library"))
            self._debrief.cleared.connect(lambda: self._page_closed("debrief"))
            self.stack.addWidget(self._debrief)
        return self._debrief

    @property
    def progress_page(self) -> ProgressPage:
        if self._progress is None:
            from trainer.ui.pages.progress import ProgressPage

            self._progress = ProgressPage(self.session)
            self._progress.open_debrief.connect(self.show_debrief)
            self.stack.addWidget(self._progress)
        return self._progress

    def show_page(self, name: str) -> None:
        """Bring a page to the front, tick it in the navigation, give it the focus."""
        page: LibraryPage | PlayPage | DebriefPage | ProgressPage
        if name == "play":
            page = self.play_page
        elif name == "debrief":
            page = self.debrief_page
        elif name == "progress":
            page = self.progress_page
        else:
            page = self.library
        self.stack.setCurrentWidget(page)
        self.nav[name].setChecked(True)
        page.take_focus()

    # --- routing between pages ----------------------------------------------
    def play_scenario(self, scenario_id: str, mode: str) -> None:
        self._new_run()
        self.play_page.begin(scenario_id, mode)

    def resume_attempt(self, attempt: Attempt) -> None:
        self._new_run()
        self.play_page.resume(attempt)

    def _new_run(self) -> None:
        if self._debrief is not None:
            self._debrief.clear()
        self.nav["play"].setEnabled(True)
        self.show_page("play")

    def set_debrief(self, debrief: Debrief, mode: str) -> None:
        """A run of the current profile ended: its debrief is the one to show."""
        profile = self.session.profile
        self.debrief_page.show_debrief(debrief, mode, profile.id if profile else None)
        self.nav["debrief"].setEnabled(True)

    def show_debrief(self, debrief: Debrief, mode: str) -> None:
        self.set_debrief(debrief, mode)
        self.show_page("debrief")

    def _page_closed(self, name: str) -> None:
        """The play or debrief page emptied itself: nothing to navigate to there."""
        self.nav[name].setEnabled(False)
        page = self._play if name == "play" else self._debrief
        if page is not None and self.stack.currentWidget() is page:
            self.show_page("library")

    # --- navigation and menus -----------------------------------------------
    def _build_navigation(self) -> None:
        bar = QToolBar("Navigation")
        bar.setObjectName("navigation")
        bar.setMovable(False)
        bar.setAccessibleName("Navigation")
        group = QActionGroup(self)
        self.nav: dict[str, QAction] = {}
        for name, text, key in PAGES:
            action = self._action(text.replace("&", ""), checkable=True)
            set_keys(action, key)
            action.setToolTip(f"{text.replace('&', '')} ({key})")
            action.triggered.connect(lambda _=False, n=name: self.show_page(n))
            group.addAction(action)
            bar.addAction(action)
            self.nav[name] = action
        self.nav["library"].setChecked(True)
        self.nav["play"].setEnabled(False)
        self.nav["debrief"].setEnabled(False)
        # What follows sits at the right: a widget whose layout has a stretch
        # grows like an expanding one, without Python's QSizePolicy (~1 ms).
        spacer = QWidget()
        QHBoxLayout(spacer).addStretch(1)
        bar.addWidget(spacer)
        self.profile_label = QLabel()
        self.profile_label.setAccessibleName("Current profile")
        bar.addWidget(self.profile_label)
        switch = self._action("Switch profile…")
        switch.triggered.connect(lambda: self.ask_profile(first_start=False))
        bar.addAction(switch)
        self.switch_action = switch
        self.addToolBar(bar)  # at the top

    def _action(self, text: str, checkable: bool = False) -> QAction:
        # Not QAction(text, parent): its overloads make PySide create QIcon's
        # enums (~3 ms of start-up) to rule out the icon-first one.
        action = QAction(self)
        action.setText(text)
        action.setCheckable(checkable)
        return action

    def _build_menus(self) -> None:
        file = self.menuBar().addMenu("&File")
        set_keys(self.switch_action, "Ctrl+Shift+P")
        file.addAction(self.switch_action)
        file.addAction("&Organisation…").triggered.connect(self.ask_organisation)
        roster = file.addAction("&Certificates from a roster…")
        set_keys(roster, "Ctrl+Shift+R")
        roster.triggered.connect(self.certify_roster)
        file.addSeparator()
        quit_action = file.addAction("&Quit")
        set_keys(quit_action, "Ctrl+Q")
        quit_action.triggered.connect(self.close)
        view = self.menuBar().addMenu("&View")
        for name, _text, _key in PAGES:
            view.addAction(self.nav[name])
        view.addSeparator()
        for text, key, step in (
            ("&Larger text", "Ctrl++", 1),
            ("&Smaller text", "Ctrl+-", -1),
            ("&Normal text size", "Ctrl+0", 0),
        ):
            action = view.addAction(text)
            set_keys(action, key)
            action.triggered.connect(lambda _=False, s=step: self.text_size.step(s))
            if step == 1:
                # Ctrl+= too: the same key without Shift on many layouts. An
                # action of the window, so the menu shows one shortcut.
                same_key = QAction(self)
                set_keys(same_key, "Ctrl+=")
                same_key.triggered.connect(action.trigger)
                self.addAction(same_key)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction("&Getting started…").triggered.connect(self._getting_started)
        help_menu.addAction("&Keyboard…").triggered.connect(self._keys)
        help_menu.addSeparator()
        help_menu.addAction("&About Counterpart…").triggered.connect(self._about)

    def _getting_started(self) -> None:
        from trainer.ui.dialogs import common as dialogs

        dialogs.getting_started(self)

    def _about(self) -> None:
        from trainer.ui.dialogs import common as dialogs

        dialogs.about(self)

    def _keys(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(
            self,
            "Keyboard",
            "Library: arrows to pick, Enter to practise (or resume a run in progress), "
            "Ctrl+F to search.\n"
            "Play: 1–9 choose (or Tab to a choice and Enter), Enter continues, Ctrl+Z "
            "undoes (practice), Page Up and Page Down scroll the conversation, Esc leaves "
            "(the run is kept); at the end, Enter or Esc shows the debrief.\n"
            "Progress: Enter or double-click on a run reopens its debrief.\n"
            "Tab and Shift+Tab move between controls; Space presses a button; "
            "Alt with an underlined letter presses that button.\n"
            "Switch profile: Ctrl+Shift+P.\n"
            "Pages: Ctrl+1 Library, Ctrl+2 Play, Ctrl+3 Debrief, Ctrl+4 Progress.\n"
            "Text size: Ctrl+plus, Ctrl+minus, Ctrl+0.",
        )

    # --- profile and resume on start ------------------------------------------
    def start(self) -> None:
        """After the window is up: ask who is practising if nobody was, else offer a resume."""
        if self.session.profile is None:
            self.ask_profile(first_start=not self.session.store.list_profiles())
        else:
            self.offer_resume()

    def ask_profile(self, first_start: bool) -> None:
        """Choose who is practising; if a run is open, ask before leaving it."""
        run = self._play.run if self._play is not None else None
        profile = self.session.profile
        if not first_start and run is not None and not run.finished and profile is not None:
            from trainer.ui.dialogs import common as dialogs

            self.question = dialogs.ask(
                self,
                "Switch profile",
                f"Leave {profile.name}'s run?",
                f"It is kept and can be resumed by {profile.name}.",
                "&Leave the run",
                lambda: self._ask_profile(first_start),
            )
        else:
            self._ask_profile(first_start)

    def _ask_profile(self, first_start: bool) -> None:
        from trainer.ui.dialogs.profile import ProfileDialog

        current = self.session.profile
        dialog = ProfileDialog(
            self.session.store.list_profiles(),
            first_start,
            self,
            current=current.name if current else "",
        )
        dialog.accepted.connect(lambda: self._profile_chosen(dialog.chosen_name, dialog.call_name))
        if first_start:
            dialog.accepted.connect(lambda: self._organisation_given(dialog.organisation))
            dialog.rejected.connect(lambda: self._profile_chosen("Anonymous"))
        self.profile_dialog = dialog
        dialog.open()

    def _profile_chosen(self, name: str, call_name: str = "") -> None:
        before = self.session.profile
        profile = self.session.use_name(name)
        if call_name:
            self.session.set_call_name(call_name)
        if before is not None and profile.id == before.id:
            return  # the same trainee: their run stays where it is
        self.show_page("library")
        self.offer_resume()

    def _organisation_given(self, organisation: str) -> None:
        if organisation:
            self.session.set_organisation(organisation)

    def offer_resume(self) -> None:
        unfinished = self.session.unfinished()
        if not unfinished:
            return
        from trainer.ui.dialogs.resume import ResumePrompt

        attempt = unfinished[0]
        made = len(self.session.store.choices(attempt.id))
        prompt = ResumePrompt(attempt, self.session.title_of(attempt.scenario_id), made, self)
        prompt.finished.connect(lambda _result: self._resume_answered(prompt))
        self.resume_prompt = prompt
        prompt.open()

    def _resume_answered(self, prompt: QMessageBox) -> None:
        choice = getattr(prompt, "choice", "later")
        attempt = getattr(prompt, "attempt", None)
        if choice == "resume" and attempt is not None:
            self.resume_attempt(attempt)
        elif choice == "discard" and attempt is not None:
            from trainer.ui.dialogs import common as dialogs

            self.question = dialogs.ask(
                self,
                "Discard this run",
                "Discard this unfinished run?",
                "You will not be able to resume it. It stays in your history as not finished.",
                "&Discard the run",
                lambda: self._discard(attempt),
            )

    def _discard(self, attempt: Attempt) -> None:
        self.session.set_aside(attempt)

    def ask_organisation(self) -> None:
        from trainer.ui.dialogs import common as dialogs

        dialog = dialogs.OrganisationDialog(self.session.organisation(), self)
        dialog.accepted.connect(lambda: self.session.set_organisation(dialog.organisation))
        self.organisation_dialog = dialog
        dialog.open()

    def certify_roster(self) -> None:
        from trainer.ui.dialogs.roster import RosterDialog

        self.roster_dialog = RosterDialog(self.session.store, self.session.organisation(), self)
        self.roster_dialog.open()

    def _show_profile(self) -> None:
        profile = self.session.profile
        self.profile_label.setText(f"  {profile.name}  " if profile else "")
        # The application display name ("Counterpart") is appended by Qt.
        self.setWindowTitle(profile.name if profile else "")

    # --- quitting ------------------------------------------------------------
    def _finish_then_close(self) -> None:
        """Show a small modal "Finishing…" and close once every worker is done."""
        if self.finishing is None:
            from PySide6.QtCore import Qt
            from PySide6.QtWidgets import QProgressDialog

            from trainer.ui import worker

            box = QProgressDialog(FINISHING, "", 0, 0, self)
            box.setWindowTitle("Finishing…")
            box.setCancelButton(None)
            box.setWindowModality(Qt.WindowModality.WindowModal)
            box.setMinimumDuration(0)
            box.setAccessibleName("Finishing")
            box.setAutoClose(False)
            box.setAutoReset(False)
            # Esc would only hide it; the window still closes when the work is done.
            self.finishing = box
            worker.when_idle(self._finished_work)
        self.finishing.show()

    def _finished_work(self) -> None:
        QTimer.singleShot(0, self.close)

    # --- geometry ------------------------------------------------------------
    def _restore_geometry(self) -> None:
        saved = self.session.store.get_setting(GEOMETRY_KEY)
        if isinstance(saved, str) and self._restore(saved):
            return
        screen = self.screen().availableGeometry()
        self.resize(min(1280, screen.width()), min(800, screen.height()))

    def _restore(self, saved: str) -> bool:
        try:
            return self.restoreGeometry(base64.b64decode(saved, validate=True))
        except ValueError:  # not base64: a damaged setting, so use the default size
            return False

    def closeEvent(self, event: QCloseEvent) -> None:
        """Quit, but never under a running worker: wait for it behind "Finishing…"."""
        from trainer.ui import worker  # imported by the first job, so no cost here

        if worker.busy():
            event.ignore()
            self._finish_then_close()
            return
        if self.finishing is not None:
            self.finishing.close()
        geometry = base64.b64encode(bytes(self.saveGeometry().data())).decode()
        try:
            self.session.store.set_setting(GEOMETRY_KEY, geometry)
        finally:
            event.accept()
