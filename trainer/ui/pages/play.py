"""Playing a scenario: the play view, with what a trainee needs around it.

One run at a time. Each slot makes one core call through the session
(:func:`trainer.app.runs.choose`, ``undo``, ``finish``), which has committed
the choice to the store before the screen changes and says what changed.
Lines after the trainee's own appear one by one (``reveal_ms`` apart) so the
conversation reads as it unfolds; any key that continues shows the rest at
once. Leaving (Esc) keeps the run: it is already saved and the library
offers to resume it.

Once the conversation has ended there is nothing left to leave: Enter or
Esc goes on to the debrief, and in practice "Replay" starts afresh (a
finished attempt is scored and kept as it is, so it cannot be undone).

An assessment shows its options in the run's own shuffled order (the core's
:meth:`~trainer.scenarios.playthrough.Playthrough.options`; the keys 1-9
follow the numbers on screen). Starting or resuming one under a profile
with a PIN asks for it first (:mod:`trainer.ui.dialogs.pin`); cancelling
goes back to the library.

The conversation, choices, cast and gauges are a
:class:`~trainer.ui.widgets.play_view.PlayView`, which a projector can show
read-only; the side panel scales with the text size, so large text on a
projector wraps instead of clipping.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSlider,
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QWidget,
)

from trainer.app import runs
from trainer.errors import TrainerError
from trainer.store import Attempt, Mode
from trainer.ui.messages import show_error
from trainer.ui.widgets.choices import ChoiceButton
from trainer.ui.widgets.conversation import ConversationView
from trainer.ui.widgets.gauge import Gauge
from trainer.ui.widgets.play_view import PlayView, rich_label

if TYPE_CHECKING:
    from trainer.scenarios.model import Choice
    from trainer.scenarios.playthrough import Line, Moved
    from trainer.ui.session import Session

REVEAL_MS = 450
KEYPAD = Qt.KeyboardModifier.KeypadModifier


def _panel(name: str) -> QLabel:
    label = rich_label(name)
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setMargin(8)
    label.hide()
    return label


class PlayPage(QWidget):
    """The conversation view.

    Emits ``ended(debrief, mode)`` as soon as a run reaches an ending,
    ``finished()`` when the trainee asks to see the debrief, ``left()`` when
    they leave a run mid-way, ``replay(scenario_id, mode)`` to start again,
    and ``closed()`` when the run is taken off the page (another profile).
    """

    ended = Signal(object, str)
    finished = Signal()
    left = Signal()
    replay = Signal(str, str)
    closed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.run: runs.KeptRun | None = None
        self.pin_prompt: QDialog | None = None  # asking for the PIN before an assessment
        self.reveal_ms = REVEAL_MS
        self._queue: list[Line] = []
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._reveal_next)
        self._focus_timer = QTimer(self, singleShot=True, interval=0)
        self._focus_timer.timeout.connect(self._focus_first_choice)
        self._build()
        # Takes the focus when given it or clicked (so the keys work while the
        # lines appear), but Tab goes from control to control.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        session.profileChanged.connect(self._profile_changed)

    # --- layout --------------------------------------------------------------
    def _build(self) -> None:
        self.play_view = PlayView(interactive=True)
        self.play_view.chosen.connect(self.choose)
        outer = QHBoxLayout(self)
        outer.addWidget(self.play_view)
        self.tip = _panel("Coaching tip")
        self.notice = _panel("Warning")
        self.play_view.above_choices.addWidget(self.tip)
        self.play_view.above_choices.addWidget(self.notice)
        self.end_panel = self._end_panel()
        self.play_view.below_choices.addWidget(self.end_panel)
        self.mode_label = rich_label("Mode")
        self.play_view.side_top.addWidget(self.mode_label)
        self.undo_button = QPushButton("Undo last choice  (Ctrl+Z)")
        self.undo_button.setAccessibleName("Undo last choice")
        self.undo_button.clicked.connect(self.undo)
        self.play_view.side_column.addWidget(self.undo_button)
        self.leave_button = QPushButton("Leave for now  (Esc)")
        self.leave_button.setAccessibleName("Leave for now; the run is kept")
        self.leave_button.setToolTip("Your run is saved; resume it from the library.")
        self.leave_button.clicked.connect(self._leave)
        self.play_view.side_column.addWidget(self.leave_button)

    def _end_panel(self) -> QWidget:
        panel = QWidget()
        row = QHBoxLayout(panel)
        self.end_label = rich_label("Conversation ended")
        self.continue_button = QPushButton("See the debrief  (Enter)")
        self.continue_button.setAccessibleName("See the debrief")
        self.continue_button.setMinimumHeight(40)
        self.continue_button.clicked.connect(self._continue)
        self.replay_button = QPushButton("&Replay from the start")
        self.replay_button.setAccessibleName("Replay this scenario from the start")
        self.replay_button.setToolTip("Start a new practice run of this scenario.")
        self.replay_button.setMinimumHeight(40)
        self.replay_button.clicked.connect(self._replay)
        row.addWidget(self.end_label, 1)
        row.addWidget(self.replay_button)
        row.addWidget(self.continue_button)
        panel.hide()
        return panel

    # The play view's parts, by the names the page has always had.
    @property
    def view(self) -> ConversationView:
        return self.play_view.conversation

    @property
    def buttons(self) -> list[ChoiceButton]:
        return self.play_view.buttons

    @property
    def gauges(self) -> dict[str, Gauge]:
        return self.play_view.gauges

    @property
    def title(self) -> QLabel:
        return self.play_view.title

    @property
    def cast_label(self) -> QLabel:
        return self.play_view.cast_label

    @property
    def side(self) -> QWidget:
        return self.play_view.side

    @property
    def side_scroll(self) -> QScrollArea:
        return self.play_view.side_scroll

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """1-9 choose, Enter continues, Ctrl+Z undoes, Esc leaves, Page Up/Down scroll.

        Handled here rather than with shortcuts so the keys work wherever the
        focus is on this page (buttons pass digits up to us) and do nothing on
        other pages.
        """
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not event.modifiers() & ~KEYPAD:
            self.choose(key - Qt.Key.Key_0)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            button = self._button_for_enter()
            if button is not None:
                button.click()
            else:
                self._continue()
        elif event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
        elif key == Qt.Key.Key_Escape:
            self._leave()
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):  # read back, from anywhere
            action = QAbstractSlider.SliderAction
            up = key == Qt.Key.Key_PageUp
            step = action.SliderPageStepSub if up else action.SliderPageStepAdd
            self.view.verticalScrollBar().triggerAction(step)
        else:
            super().keyPressEvent(event)

    def _button_for_enter(self) -> QPushButton | None:
        """The focused button, which Enter presses instead of continuing.

        Not a choice that took the focus by itself as it appeared: Enter
        pressed to hurry the lines on must not pick a choice by accident.
        """
        focused = self.focusWidget()
        if self._queue or not isinstance(focused, QPushButton) or not focused.isVisible():
            return None
        if isinstance(focused, ChoiceButton) and not focused.moved_to:
            return None
        return focused

    # --- starting -------------------------------------------------------------
    def begin(self, scenario_id: str, mode: Mode) -> None:
        """Start a new run of ``scenario_id`` (waits for the library if needed)."""
        self.session.when_loaded(lambda: self._begin(scenario_id, mode))

    def _begin(self, scenario_id: str, mode: Mode) -> None:
        if mode == Mode.ASSESSMENT:
            self._with_pin(
                "to start the assessment", lambda pin: self._start(scenario_id, mode, pin)
            )
        else:
            self._start(scenario_id, mode, None)

    def _start(self, scenario_id: str, mode: Mode, pin: str | None) -> None:
        try:
            started = self.session.perform(runs.start, self.session.desk, scenario_id, mode, pin)
        except TrainerError as exc:
            self._fail(str(exc))
            return
        self.show_run(started.run)

    def _with_pin(self, purpose: str, go: Callable[[str | None], None]) -> None:
        """Ask for the profile's PIN if it has one (cancelled: back to the library)."""
        profile = self.session.profile
        if profile is None:
            go(None)  # the core says who must be chosen first
            return
        from trainer.ui.dialogs.pin import ask_pin, needs_pin

        if needs_pin(self.session, profile.id):
            self._empty()  # the last run's ending stays off screen while the PIN is asked
        self.pin_prompt = ask_pin(self, self.session, profile.id, purpose, go, self.left.emit)

    def resume(self, attempt: Attempt) -> None:
        """Pick up an unfinished run where it was left (an assessment's PIN asked first)."""
        self.session.when_loaded(lambda: self._resume_asking(attempt))

    def _resume_asking(self, attempt: Attempt) -> None:
        if attempt.mode == Mode.ASSESSMENT:
            self._with_pin("to resume the assessment", lambda pin: self._resume(attempt, pin))
        else:
            self._resume(attempt, None)

    def _resume(self, attempt: Attempt, pin: str | None) -> None:
        try:
            outcome = self.session.perform(runs.resume, self.session.desk, attempt, pin)
        except TrainerError as exc:
            self._fail(str(exc))
            return
        if isinstance(outcome, runs.NotResumed):
            self._fail(outcome.problem)
        else:
            self.show_run(outcome.run)

    def _fail(self, message: str) -> None:
        show_error(self, message)
        self.left.emit()

    def close_run(self) -> None:
        """Take the run off the page (it stays in the store, resumable by its owner)."""
        self._empty()
        self.closed.emit()

    def _empty(self) -> None:
        self._flush_quietly()
        self.run = None
        self.play_view.clear()
        self.tip.hide()
        self.notice.hide()
        self.end_panel.hide()
        self.mode_label.clear()

    def _profile_changed(self) -> None:
        profile = self.session.profile
        if self.run is not None and (profile is None or profile.id != self.run.attempt.profile_id):
            self.close_run()

    def show_run(self, run: runs.KeptRun) -> None:
        """Show a run from its transcript so far."""
        self.run = run
        self._queue.clear()
        self.play_view.show_scene(run.playthrough.scene(), options=False)
        self._describe_mode()
        # As right after the last choice: its coaching tip (a resumed or undone run).
        steps = run.playthrough.steps
        last = steps[-1] if steps else None
        scenario = run.playthrough.scenario
        self._show_tip(scenario.nodes[last.node_id].choices[last.index] if last else None)
        self.notice.hide()
        self._after_lines()  # gives the first choice, or the way on, the focus
        focused = QApplication.focusWidget()
        if focused is None or not self.isAncestorOf(focused):
            self.setFocus()  # the keys work while the page is still hidden

    def _describe_mode(self) -> None:
        assert self.run is not None
        ended = self.run.finished
        if self.run.practice and ended:
            text = (
                "<b>Practice</b> — the conversation has ended, so choices can no longer "
                "be taken back. Replay it to try a different way."
            )
        elif self.run.practice:
            text = "<b>Practice</b> — a coaching tip after each choice; Ctrl+Z takes one back."
        else:
            text = "<b>Assessment</b> — no tips and no undo. Your choices count."
        self.mode_label.setText(text)
        self.undo_button.setVisible(self.run.practice and not ended)
        self.replay_button.setVisible(self.run.practice)
        # At the end, the end panel's button leads on (Esc still does too).
        self.leave_button.setVisible(not ended)

    # --- playing --------------------------------------------------------------
    def choose(self, number: int) -> None:
        """Key or button ``number``: one core call, then show what it changed."""
        if self._queue:
            self._flush()
            return
        if self.run is None or self.run.finished or number > len(self.buttons):
            return
        try:
            chosen = self.session.perform(runs.choose, self.run, number)
        except TrainerError as exc:
            # Nothing moved (the choice was taken back): the same options
            # stay on screen, so the trainee can simply try again.
            show_error(self, str(exc))
            return
        if chosen.moved is None:
            # The last choice is saved but the result is not: show the
            # ending; "See the debrief" tries to save the result again.
            self.show_run(self.run)
        else:
            self._show_moved(chosen.moved)
        if chosen.unsaved:
            self._warn_unsaved(chosen.unsaved)

    def _warn_unsaved(self, message: str) -> None:
        """Say, without stopping the trainee, that the result is not on disk yet."""
        self.notice.setText(
            f"<b>Your result could not be saved just now:</b> {escape(message)} "
            "It will be saved the next time Counterpart starts."
        )
        self.notice.show()

    def _show_moved(self, moved: Moved) -> None:
        self.play_view.set_options(())
        first, *rest = moved.lines
        self.play_view.add_line(first)
        self._queue = list(rest)
        self.play_view.set_meters(moved.meters_after)
        self._show_tip(moved.choice)
        if self.reveal_ms <= 0:
            self._flush()
        else:
            self._timer.start(self.reveal_ms)

    def _show_tip(self, choice: Choice | None) -> None:
        """The coaching tip on ``choice``, in practice; hidden otherwise."""
        assert self.run is not None
        if choice is not None and self.run.practice and choice.feedback:
            technique = f" <i>({escape(choice.technique)})</i>" if choice.technique else ""
            self.tip.setText(f"<b>Coaching tip:</b> {escape(choice.feedback)}{technique}")
            self.tip.show()
        else:
            self.tip.hide()

    def _reveal_next(self) -> None:
        if self._queue:
            self.play_view.add_line(self._queue.pop(0))
        if self._queue:
            self._timer.start(self.reveal_ms)
        else:
            self._after_lines()

    def _flush(self) -> None:
        self._timer.stop()
        while self._queue:
            self.play_view.add_line(self._queue.pop(0))
        self._after_lines()

    def _after_lines(self) -> None:
        """All lines are shown: offer the choices, or the way to the debrief."""
        assert self.run is not None
        if self.run.finished:
            self.play_view.set_options(())
            ending = self.run.playthrough.ending
            title = escape(ending.title) if ending else ""
            self.end_label.setText(f"<b>The conversation has ended:</b> {title}")
            if self.run.debrief is None:
                self.continue_button.setText("Save the result and see the debrief  (Enter)")
            else:
                self.continue_button.setText("See the debrief  (Enter)")
            self.end_panel.show()
            self._describe_mode()
            self.continue_button.setFocus()
            if self.run.debrief is not None:
                self.ended.emit(self.run.debrief, self.run.attempt.mode)
        else:
            self.end_panel.hide()
            self.play_view.set_options(self.run.playthrough.options())
            # New buttons show on the layout's next pass (showing them at once
            # costs each choice ~60 ms of layout), and only a shown one takes the focus.
            self._focus_timer.start()
        self.undo_button.setEnabled(self.run.can_undo)

    def take_focus(self) -> None:
        """The page, so that the keys work while the lines appear."""
        self.setFocus()

    def _focus_first_choice(self) -> None:
        if self.buttons and self.isVisible():
            self.buttons[0].setFocus()

    def undo(self) -> None:
        """Ctrl+Z in practice: take the last choice back, on disk and on screen."""
        if self.run is None or not self.run.can_undo:
            return
        self._flush_quietly()
        try:
            self.session.perform(runs.undo, self.run)
        except TrainerError as exc:
            show_error(self, str(exc))
            return
        self.show_run(self.run)

    def _flush_quietly(self) -> None:
        self._timer.stop()
        self._queue.clear()

    def _continue(self) -> None:
        """Enter: show the rest of the lines, or go on to the debrief at the end."""
        if self._queue:
            self._flush()
        elif self.run is not None and self.run.finished:
            if self.run.debrief is None and not self._save_result():
                return
            self.finished.emit()

    def _save_result(self) -> bool:
        """Try again to score and save an ended run whose result was not saved."""
        assert self.run is not None
        try:
            done = self.session.perform(runs.finish, self.run)
        except TrainerError as exc:
            self._warn_unsaved(str(exc))
            show_error(self, str(exc))
            return False
        self.notice.hide()
        self.continue_button.setText("See the debrief  (Enter)")
        self.ended.emit(done.debrief, self.run.attempt.mode)
        return True

    def _leave(self) -> None:
        """Esc: leave a run mid-way (it is kept); at the end, go on to the debrief."""
        if self.run is not None and self.run.finished:
            if self._queue:
                self._flush()
            self._continue()
        else:
            self.left.emit()

    def _replay(self) -> None:
        if self.run is not None:
            self.replay.emit(self.run.attempt.scenario_id, self.run.attempt.mode)

    @property
    def waiting_for_choice(self) -> bool:
        return bool(self.buttons) and not self._queue
