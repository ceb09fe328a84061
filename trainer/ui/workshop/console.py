"""The facilitator's console: the agenda, the block, the room's run, the roster, the keys.

Assembled from panels that each redraw from the controller's
:class:`~trainer.workshop.views.ConsoleView`; every button and key is one
controller slot (:mod:`trainer.ui.workshop.keys` lists them and the legend
at the bottom shows them). The console owns the projector window, made
before the console connects to ``changed`` so the room's screen is redrawn
first after each action.

While the room's run is unfinished, N, S, G and going to another block
would leave it: the first press only says so in a line at the top of the
console, and a second press of the same key within :data:`CONFIRM_SECONDS`
acts (no dialog, so no nested event loop and the keys stay live). A tied
vote is said in that line too, not in a message box, and so is a second N
pressed straight after one that moved on: it is held, not taken as "skip
the block that just started". With one screen a
banner warns that the room may see the console; screens plugged in or out
refill the projector's list and put the projector back on a screen that
is not the console's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from html import escape
from pathlib import Path

from PySide6.QtCore import QDir, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QScreen, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trainer.ui.messages import show_error
from trainer.ui.workshop.agenda_list import AgendaList
from trainer.ui.workshop.block_panel import BlockNotes, StatusBar
from trainer.ui.workshop.controller import WorkshopController
from trainer.ui.workshop.keys import COUNTING, KEYS, TAKE_PREFIX, Key
from trainer.ui.workshop.people import RatingsDialog, WalkInDialog, question_texts
from trainer.ui.workshop.phones_panel import PhonesPanel
from trainer.ui.workshop.projector import ProjectorWindow, default_screen
from trainer.ui.workshop.room_panel import RoomPanel, button
from trainer.ui.workshop.roster_panel import RosterPanel

CONFIRM_SECONDS = 5  # a second press within this long leaves an unfinished room run
ONE_SCREEN = (
    "Only one screen: the room may see the console. Set the displays to Extend (not Mirror) "
    "to keep notes and counts private."
)
REPEAT_SECONDS = 2  # N again this soon after one that moved is taken as a double press
REPEATED = "N was pressed twice: “{title}” has only just started. Press N again to move on."
UNFINISHED = "The room's run is not finished: {again}."
TIED = "The vote is tied: take one of the tied options (T then its number), or count again."


def went_through(changes: object) -> bool:
    """Whether ``changes`` came from an action of the facilitator's, not the clock's tick.

    The tick moves the timer (and the projector's copy of it) every second;
    the line at the top of the console must outlast it.
    """
    if any(getattr(changes, name, False) for name in ("roster", "ratings", "phones", "closed")):
        return True
    return bool(getattr(changes, "projector", False) and not getattr(changes, "timer", False))


def legend() -> str:
    """Every key of the console, as the strip at its bottom shows them."""
    pairs = [(k.shown, k.text) for k in KEYS] + list(COUNTING)
    return " &nbsp;·&nbsp; ".join(f"<b>{escape(key)}</b> {escape(text)}" for key, text in pairs)


class ConsolePage(QWidget):
    """The console of one live session. ``end_requested`` when the facilitator ends it."""

    end_requested = Signal()

    def __init__(
        self,
        controller: WorkshopController,
        title_of: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.dialog: QWidget | None = None
        self.projector = ProjectorWindow(controller, self)  # first to hear of each change
        self.status = StatusBar()
        self.agenda = AgendaList()
        self.notes = BlockNotes()
        self.room = RoomPanel(controller, title_of)
        self.roster = RosterPanel(controller)
        self.phones = PhonesPanel(controller)
        self.verdict = QLabel()
        self.verdict.setAccessibleName("The room's result (not on the projector)")
        self.keys_strip = QLabel(legend())
        self.keys_strip.setWordWrap(True)
        self.keys_strip.setTextFormat(Qt.TextFormat.RichText)
        self.keys_strip.setAccessibleName("Console keys")
        self.screens = QComboBox()
        self.screens.setAccessibleName("Screen for the projector")
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.setAccessibleName("Console notice")
        self.notice.hide()
        self.one_screen = QLabel(f"<b>{escape(ONE_SCREEN)}</b>")
        self.one_screen.setWordWrap(True)
        self.one_screen.setTextFormat(Qt.TextFormat.RichText)
        self.one_screen.setAccessibleName("Only one screen")
        self.one_screen.setStyleSheet("background: #fff3cd; color: #5c4400; padding: 6px;")
        self.armed: tuple[str, datetime] | None = None  # the action a first press asked about
        self.last_next: datetime | None = None  # when N last moved on (a double press is held)
        self._build()
        self._keys()
        self._fill_screens()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self._screens_changed)
            app.screenRemoved.connect(self._screens_changed)
        controller.changed.connect(self._on_changed)
        controller.failed.connect(self._failed)
        self.refresh()

    # --- layout --------------------------------------------------------------
    def _build(self) -> None:
        c = self.controller
        self.agenda.go_to.connect(self.go_to_block)
        agenda_buttons = QGridLayout()
        for i, made in enumerate(
            (
                button("Next block", "N", self.next_block, "Next block"),
                button("Skip", "S", self.skip_block, "Skip this block"),
                button("Pause / resume", "P", c.pause_or_resume, "Pause or resume the timer"),
                button("+5 min", "E", c.extend, "Extend this block by 5 minutes"),
            )
        ):
            agenda_buttons.addWidget(made, i // 2, i % 2)
        left = _column(self.agenda, agenda_buttons)
        middle = _column(self.room, self.verdict, self.notes)
        people = QGridLayout()
        for i, made in enumerate(
            (
                button("Add a walk-in…", "A", self.walk_in, "Add a walk-in"),
                button("Ratings and actions…", "C", self.ratings, "Self-ratings and actions"),
                button("Import results…", "I", self.import_results, "Import result files"),
                button(
                    "End the workshop…", "Ctrl+Shift+E", self.end_requested.emit, "End the workshop"
                ),
            )
        ):
            people.addWidget(made, i // 2, i % 2)
        projector = QGridLayout()
        self.show_button = button(
            "Projector", "W", self.toggle_projector, "Show or hide the projector"
        )
        projector.addWidget(QLabel("Projector on:"), 0, 0)
        projector.addWidget(self.screens, 0, 1)
        projector.addWidget(self.show_button, 0, 2)
        projector.addWidget(button("Blank", "B", c.blank, "Blank the projector"), 1, 1)
        projector.addWidget(button("Freeze", "F", c.freeze, "Freeze the projector"), 1, 2)
        right = _column(self.roster, people, projector, self.phones)
        split = QSplitter()
        for widget, stretch in ((left, 3), (middle, 5), (right, 2)):
            split.addWidget(widget)
            split.setStretchFactor(split.count() - 1, stretch)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.one_screen)
        layout.addWidget(self.status)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        layout.addWidget(self.keys_strip)

    def _keys(self) -> None:
        """Every key of :data:`KEYS`, plus 1–9 (+1), Shift+1–9 (−1) and T then 1–9 (take)."""
        self.shortcuts: list[QShortcut] = []
        for key in KEYS:
            for sequence in key.keys:
                self._shortcut(sequence, self._slot(key))
        for n in range(1, 10):
            self._shortcut(str(n), partial(self.controller.count, n, 1))
            self._shortcut(f"Shift+{n}", partial(self.controller.count, n, -1))
            self._shortcut(f"{TAKE_PREFIX}, {n}", partial(self.controller.take, n))

    def _shortcut(self, sequence: str, slot: Callable[[], object]) -> None:
        shortcut = QShortcut(QKeySequence(sequence), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
        self.shortcuts.append(shortcut)

    def _slot(self, key: Key) -> Callable[[], object]:
        here: dict[str, Callable[[], object]] = {
            "next_block": self.next_block,
            "skip_block": self.skip_block,
            "follow_majority": self.follow_majority,
            "start_room_run": self.start_run,
            "projector": self.toggle_projector,
            "walk_in": self.walk_in,
            "ratings": self.ratings,
            "import_results": self.import_results,
            "close_session": self.end_requested.emit,
            "toggle_phones": self.phones.toggle,
        }
        if key.name in here:
            return here[key.name]
        slot: Callable[[], object] = getattr(self.controller, key.name)
        return slot

    # --- leaving an unfinished room run: a second press -----------------------
    def confirmed(self, action: str, again: str) -> bool:
        """Whether ``action`` may go ahead: at once, unless it would leave an unfinished run.

        Then the first press only says so on the console ("press N again to
        leave it") and a second press of the same action within
        :data:`CONFIRM_SECONDS` goes ahead. No dialog: the keys stay live.
        """
        if not self.controller.console().room_unfinished:
            return True
        now = self.controller.clock.now()
        armed = self.armed
        if (
            armed is not None
            and armed[0] == action
            and 0 <= (now - armed[1]).total_seconds() <= CONFIRM_SECONDS
        ):
            self.disarm()
            return True
        self.armed = (action, now)
        self.say(UNFINISHED.format(again=again))
        return False

    def disarm(self) -> None:
        self.armed = None
        self.notice.clear()
        self.notice.hide()

    def say(self, text: str) -> None:
        """A line at the top of the console (not a dialog: the keys keep working)."""
        self.notice.setText(f"<b>{escape(text)}</b>")
        self.notice.show()

    def next_block(self) -> None:
        """N: the next block; a second N within :data:`REPEAT_SECONDS` of one that moved is held.

        A double press would otherwise skip the block it just started (a
        break, with nothing on screen to say so); the console says what
        happened and the next press moves on.
        """
        now = self.controller.clock.now()
        moved, self.last_next = self.last_next, None
        view = self.controller.console()
        running = view.current is not None  # past the last block, N is refused, not held
        if running and moved is not None and 0 <= (now - moved).total_seconds() < REPEAT_SECONDS:
            title = view.block_title
            self.say(REPEATED.format(title=title))
            return
        if self.confirmed("next", "press N again to leave it"):
            self.disarm()  # what the line at the top said is about the block just left
            if self.controller.next_block():  # held only after an N that moved
                self.last_next = now

    def skip_block(self) -> None:
        if self.confirmed("skip", "press S again to leave it"):
            self.controller.skip_block()

    def go_to_block(self, index: int) -> None:
        view = self.controller.console()
        if index == view.current or self.confirmed(
            f"go:{index}", "double-click the block again (or Ctrl+G) to leave it"
        ):
            self.controller.go_to_block(index)

    def start_run(self) -> None:
        """G: play (or carry on) the scenario; over a run in progress, only on a second press."""
        if self.confirmed("start", "press G again to leave it and start the scenario over"):
            self.room.start_run()

    def follow_majority(self) -> None:
        """Enter: follow the majority; a tie is said here, not in a message box."""
        vote = self.controller.console().vote
        if vote is not None and vote.total > 0 and vote.majority is None:
            self.say(TIED)
            return
        self.controller.follow_majority()

    # --- redrawing -----------------------------------------------------------
    def _on_changed(self, changes: object) -> None:
        if getattr(changes, "agenda", False) or getattr(changes, "room", False):
            self.disarm()  # what the warning was about has changed
        elif self.armed is None and went_through(changes):
            self.disarm()  # a refusal's line is old news once another action went through
        self.refresh()

    def refresh(self) -> None:
        view = self.controller.console()
        self.status.show_view(view, self.controller.clock.now())
        self.agenda.show_agenda(view.agenda)
        self.notes.show_view(view)
        self.room.show_view(view)
        self.roster.show_roster(view.roster)
        self.phones.show_view(view.phones)
        self.verdict.setText(
            f"<i>The room's result (console only): {escape(view.room_verdict)}</i>"
            if view.room_verdict
            else ""
        )
        self.verdict.setVisible(bool(view.room_verdict))

    def _failed(self, message: str) -> None:
        """A refused action: one line at the top, so the keys stay live; a long report, a box.

        A stray key in a live room ("nothing to reveal between scenarios")
        must not put a modal box in the facilitator's way; what needs reading
        (a result file's problems, line by line) still comes as a message.
        """
        if not self.isVisible():
            return
        if "\n" in message.strip():
            self.message = show_error(self, message)
        else:
            self.say(message)

    # --- the projector -------------------------------------------------------
    def _fill_screens(self) -> None:
        """The screens as they are now; the projector's default is one the console is not on."""
        self.screens.clear()
        screens = QGuiApplication.screens()
        best = default_screen(self._console_screen())
        for screen in screens:
            size = screen.geometry()
            self.screens.addItem(f"{screen.name()} ({size.width()}×{size.height()})", screen)
            if screen is best:
                self.screens.setCurrentIndex(self.screens.count() - 1)
        self.one_screen.setVisible(len(screens) < 2)

    def _screens_changed(self, _screen: QScreen) -> None:
        """A screen plugged in or out: refill the list and put the projector where it belongs."""
        self._fill_screens()
        if self.projector.isVisible():
            self.open_projector()

    def _console_screen(self) -> QScreen | None:
        window = self.window().windowHandle()
        return window.screen() if window is not None else self.screen()

    def open_projector(self) -> None:
        """Full screen on the chosen screen, never the console's own; else a window."""
        chosen = self.screens.currentData()
        console = self._console_screen()
        if not isinstance(chosen, QScreen) or chosen not in QGuiApplication.screens():
            chosen = default_screen(console)
        if len(QGuiApplication.screens()) > 1 and chosen is not console:
            self.projector.show_on(chosen)
        else:  # the console's screen: a window the facilitator can drag or share
            if self.projector.isFullScreen():
                self.projector.showNormal()
            self.projector.resize(1280, 720)
            self.projector.showNormal()

    def toggle_projector(self) -> None:
        if self.projector.isVisible():
            self.projector.hide()
        else:
            self.open_projector()

    # --- people and files ------------------------------------------------------
    def walk_in(self) -> None:
        dialog = WalkInDialog(self.controller, self)
        self._open(dialog)

    def ratings(self) -> None:
        view = self.controller.console()
        questions = question_texts(self.controller.live.state.plan, view.rating_questions)
        dialog = RatingsDialog(
            self.controller, view.roster, questions, self.roster.current_profile(), self
        )
        self._open(dialog)

    def import_results(self) -> None:
        from trainer.workshop.result_file import SUFFIX

        chosen, _ = QFileDialog.getOpenFileNames(
            self, "Result files", QDir.homePath(), f"Counterpart results (*{SUFFIX});;All files (*)"
        )
        for name in chosen:
            if not self.controller.import_result(Path(name)):
                break

    def _open(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def close_projector(self) -> None:
        self.projector.close()


def _column(*parts: object) -> QWidget:
    widget = QWidget()
    column = QVBoxLayout(widget)
    column.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QWidget):
            column.addWidget(
                part, 1 if isinstance(part, AgendaList | BlockNotes | RosterPanel) else 0
            )
        else:
            column.addLayout(part)  # type: ignore[arg-type]
    return widget
