"""Play from here: choose the starting meters and flags, then play a test run.

:class:`StartDialog` shows the state on the best (or shortest) way to the
node under the cursor, found by :mod:`trainer.authoring.start_states`, and
lets the author change any of it before starting. The search walks the
scenario's state graph (50–200 ms on a big scenario), so it runs on a worker
thread: the dialog opens at once, says it is working the way out, and fills
the meters and flags when the answer arrives (Start waits for it; an
answer for a choice of path since changed is dropped). :class:`TrialRunWindow`
plays the run in the same :class:`~trainer.ui.widgets.play_view.PlayView`
trainees see; nothing is saved to the store, and both windows say so.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from trainer.authoring import start_states
from trainer.authoring.start_states import How, StartState
from trainer.errors import TrainerError
from trainer.scenarios import rules
from trainer.scenarios.context import Context
from trainer.scenarios.model import Scenario
from trainer.scenarios.playthrough import Playthrough, begin_at
from trainer.ui.messages import show_error
from trainer.ui.widgets.play_view import PlayView
from trainer.ui.worker import Worker

TEST_NOTE = "This is a test run: it is not saved to progress and does not count for a certificate."


class StartDialog(QDialog):
    """The state a test run starts in, shown and editable."""

    def __init__(
        self,
        scenario: Scenario,
        node_id: str,
        parent: QWidget | None = None,
        *,
        context: Context | None = None,
    ) -> None:
        super().__init__(parent)
        self.scenario = scenario
        self.node_id = node_id
        self.context = context or Context()
        self._asked = 0  # which search the dialog waits for
        self._worker: Worker | None = None
        self.setWindowTitle(f"Play from '{node_id}'")
        self.state: StartState | None = None
        outer = QVBoxLayout(self)
        note = QLabel(TEST_NOTE)
        note.setWordWrap(True)
        note.setAccessibleName("Test run note")
        outer.addWidget(note)
        row = QHBoxLayout()
        self.best = QRadioButton("Best path here")
        self.best.setToolTip("Meters and flags as a trainee scoring the most points would arrive")
        self.shortest = QRadioButton("Shortest path here")
        self.best.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.best, self.shortest):
            group.addButton(button)
            row.addWidget(button)
            button.toggled.connect(self._reload)
        outer.addLayout(row)
        self.path_label = QLabel()
        self.path_label.setWordWrap(True)
        self.path_label.setAccessibleName("The way here")
        outer.addWidget(self.path_label)
        self.meters: dict[str, QSpinBox] = {}
        box = QGroupBox("Meters on arriving")
        form = QFormLayout(box)
        for mid, meter in scenario.meters.items():
            spin = QSpinBox()
            spin.setRange(meter.min, meter.max)
            spin.setAccessibleName(f"Meter {mid}")
            # Room for the widest value and the arrows, however narrow the dialog starts.
            widest = max(len(str(meter.min)), len(str(meter.max))) + 3
            spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("8" * widest) + 32)
            form.addRow(f"{mid} ({meter.label})", spin)
            self.meters[mid] = spin
        if scenario.meters:
            outer.addWidget(box)
        self.flags: dict[str, QCheckBox] = {}
        names = sorted(rules.all_flags(scenario))
        if names:
            fbox = QGroupBox("Flags set")
            fcol = QVBoxLayout(fbox)
            for flag in names:
                check = QCheckBox(flag)
                check.setAccessibleName(f"Flag {flag}")
                fcol.addWidget(check)
                self.flags[flag] = check
            outer.addWidget(fbox)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        start = buttons.button(QDialogButtonBox.StandardButton.Ok)
        start.setText("Start test run")
        self.start_button = start
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self._reload()

    def how(self) -> How:
        return "best" if self.best.isChecked() else "shortest"

    @property
    def searching(self) -> bool:
        """True while the way to the node is still being worked out."""
        return self._worker is not None

    def _reload(self, checked: bool = True) -> None:
        if not checked:
            return  # the other radio button's toggle brings the new search
        self._asked += 1
        asked, how = self._asked, self.how()
        scenario, node_id, context = self.scenario, self.node_id, self.context
        self.start_button.setEnabled(False)
        self.path_label.setText(f"Working out the {how} way to '{escape(node_id)}'…")

        def job() -> tuple[int, StartState | None, str | None]:
            try:
                return asked, start_states.find(scenario, node_id, how, context), None
            except TrainerError as exc:
                return asked, None, exc.message

        worker = Worker(job, self)
        worker.done.connect(self._found)  # a bound slot: dropped if the dialog goes first
        worker.failed.connect(self._search_failed)
        self._worker = worker
        worker.start()

    def _search_failed(self, message: str) -> None:
        self._found((self._asked, None, message))

    def _found(self, answer: tuple[int, StartState | None, str | None]) -> None:
        asked, found, problem = answer
        if asked != self._asked:
            return  # the author chose the other path meanwhile
        self._worker = None
        self.start_button.setEnabled(True)
        if found is None:
            why = escape(problem) + " " if problem else ""
            self.path_label.setText(
                f"{why}No path from the start reaches '{escape(self.node_id)}'; "
                "the meters start as the scenario's do."
            )
            found = start_states.initial(self.scenario)
        else:
            steps = " → ".join(f"{nid}, option {i + 1}" for nid, i in found.path) or "the start"
            extra = " It makes a critical choice on the way." if found.critical else ""
            self.path_label.setText(
                f"{found.decisions} decision(s) on the way, {found.points} point(s): "
                f"{steps}.{extra}"
            )
        self.state = found
        for mid, spin in self.meters.items():
            spin.setValue(found.meters.get(mid, spin.value()))
        for flag, check in self.flags.items():
            check.setChecked(flag in found.flags)

    def values(self) -> tuple[dict[str, int], frozenset[str]]:
        meters = {mid: spin.value() for mid, spin in self.meters.items()}
        flags = frozenset(f for f, check in self.flags.items() if check.isChecked())
        return meters, flags


class TrialRunWindow(QDialog):
    """A test run in the trainee's play view; choices on the buttons or keys 1-9."""

    def __init__(
        self,
        scenario: Scenario,
        node_id: str,
        meters: dict[str, int],
        flags: frozenset[str],
        context: Context,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Test run from '{node_id}' — not saved")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.start = (scenario, node_id, dict(meters), flags, context)
        outer = QVBoxLayout(self)
        note = QLabel(TEST_NOTE)
        note.setWordWrap(True)
        note.setAccessibleName("Test run note")
        outer.addWidget(note)
        self.view = PlayView(interactive=True)
        self.view.chosen.connect(self.choose)
        outer.addWidget(self.view, 1)
        self.ended_label = QLabel()
        self.ended_label.setAccessibleName("Ending")
        self.view.below_choices.addWidget(self.ended_label)
        again = QPushButton("Start again from here")
        again.clicked.connect(self.restart)
        self.view.side_column.addWidget(again)
        self.resize(980, 640)
        self.run: Playthrough = begin_at(scenario, node_id, meters, flags, context)
        self._show()

    def restart(self) -> None:
        self.run = begin_at(*self.start)
        self._show()

    def _show(self) -> None:
        scene = self.run.scene()
        self.view.show_scene(scene)
        ending = self.run.ending
        self.ended_label.setText(
            f"<b>Ended: {escape(scene.ending)}</b> ({ending.outcome})"
            if ending is not None and scene.ending
            else ""
        )

    def choose(self, number: int) -> None:
        try:
            self.run.choose(number)
        except TrainerError as exc:
            show_error(self, exc.message)
            return
        self._show()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and text != "0" and not self.run.finished:
            number = int(text)
            if number <= len(self.run.options()):
                self.choose(number)
                return
        super().keyPressEvent(event)
