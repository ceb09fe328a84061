"""Small dialogs for people: a walk-in's name; one attendee's self-ratings and action.

The plan's confidence questions are rated 1 to 5 at the start and again at
the end; "–" means not given. Each value is saved the moment it changes
(one core call: a rating, or clearing it back to "–"), so switching
attendee or closing the dialog loses nothing. The written action is saved
when the attendee is switched, on Save and on Close.

A walk-in's name is read like a roster line: a pasted spreadsheet row keeps
its first column, and an e-mail address or a number is refused.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from trainer.scenarios.model import WorkshopPlan
from trainer.ui.workshop.controller import WorkshopController
from trainer.ui.workshop.setup_page import first_column, name_problem
from trainer.workshop.live import rating_questions
from trainer.workshop.views import Attendee

WHEN = (("before", "At the start"), ("after", "At the end"))


def question_texts(plan: WorkshopPlan, count: int) -> list[str]:
    """The plan's self-rating questions (the core's reading of its welcome block)."""
    return rating_questions(plan, count)


class WalkInDialog(QDialog):
    """Type a walk-in's name; Add puts them on the roster, present."""

    def __init__(self, controller: WorkshopController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("Add a walk-in")
        self.setAccessibleName("Add a walk-in")
        self.name = QLineEdit()
        self.name.setAccessibleName("Walk-in's name")
        self.name.setPlaceholderText("Their name as it goes on the certificate")
        # Wide enough for the placeholder and a long name, in any text size.
        self.name.setMinimumWidth(self.name.fontMetrics().horizontalAdvance("M" * 32))
        self.problem = QLabel()
        self.problem.setAccessibleName("Why the name was not added")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form = QFormLayout(self)
        form.addRow("&Name:", self.name)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("&Add", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.add)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def add(self) -> None:
        name = first_column(self.name.text())
        problem = name_problem(name) if name else None
        if problem:
            self.problem.setText(f"“{name}” {problem}: type the name for their certificate.")
            self.problem.show()
            return
        if self.controller.add_attendee(name):
            self.accept()


def _rating_box(name: str, value: int | None) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 5)
    box.setSpecialValueText("–")
    box.setValue(value or 0)
    box.setAccessibleName(name)
    return box


class RatingsDialog(QDialog):
    """One attendee's self-ratings before and after, and their written action."""

    def __init__(
        self,
        controller: WorkshopController,
        roster: Sequence[Attendee],
        questions: Sequence[str],
        profile_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.roster = list(roster)
        self.questions = list(questions)
        self.setWindowTitle("Self-ratings and actions")
        self.setAccessibleName("Self-ratings and actions")
        self.person = QComboBox()
        self.person.setAccessibleName("Attendee")
        for attendee in self.roster:
            self.person.addItem(attendee.name, attendee.profile_id)
        self.grid = QGridLayout()
        self.boxes: dict[tuple[str, int], QSpinBox] = {}
        for column, (_when, heading) in enumerate(WHEN, start=1):
            self.grid.addWidget(QLabel(f"<b>{heading}</b>"), 0, column)
        for row, question in enumerate(self.questions, start=1):
            label = QLabel(question)
            label.setWordWrap(True)
            self.grid.addWidget(label, row, 0)
            for column, (when, heading) in enumerate(WHEN, start=1):
                box = _rating_box(f"{heading}, question {row}", None)
                self.grid.addWidget(box, row, column)
                self.boxes[(when, row)] = box
        self.grid.setColumnStretch(0, 1)
        self.action = QPlainTextEdit()
        self.action.setAccessibleName("Their action")
        self.action.setPlaceholderText("What they will do differently at work, in their words")
        self.action.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        save = buttons.addButton("&Save", QDialogButtonBox.ButtonRole.ApplyRole)
        save.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.loading = False  # values being shown, not typed: nothing to save
        self.shown: int | None = None  # whose values the boxes show
        for key, box in self.boxes.items():
            box.valueChanged.connect(lambda value, key=key: self._rated(key, value))
        form = QFormLayout()
        form.addRow("&Attendee:", self.person)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Confidence, 1 (not at all) to 5 (very); – means not given:"))
        layout.addLayout(self.grid)
        action_label = QLabel("Their &action:")
        action_label.setBuddy(self.action)
        layout.addWidget(action_label)
        layout.addWidget(self.action)
        layout.addWidget(buttons)
        self.person.currentIndexChanged.connect(self._show_person)
        if profile_id is not None:
            index = self.person.findData(profile_id)
            self.person.setCurrentIndex(max(0, index))
        self._show_person()
        self.resize(720, self.sizeHint().height())

    def attendee(self) -> Attendee | None:
        pid = self.person.currentData()
        self.roster = list(self.controller.console().roster)  # the values as now saved
        return next((a for a in self.roster if a.profile_id == pid), None)

    def _show_person(self) -> None:
        self._save_action()  # the attendee shown until now keeps what was typed for them
        person = self.attendee()
        if person is None:
            return
        self.loading = True
        try:
            for (when, question), box in self.boxes.items():
                values = person.before if when == "before" else person.after
                box.setValue((values[question - 1] if question <= len(values) else None) or 0)
            self.action.setPlainText(person.action)
        finally:
            self.loading = False
        self.shown = person.profile_id

    def _rated(self, key: tuple[str, int], value: int) -> None:
        """A box changed: one core call, a rating or (at "–") clearing it."""
        if self.loading or self.shown is None:
            return
        when, question = key
        if value:
            self.controller.rate(self.shown, when, question, value)
        else:
            self.controller.clear_rating(self.shown, when, question)

    def _save_action(self) -> bool:
        pid = self.shown
        if pid is None:
            return True
        saved = next(a.action for a in self.controller.console().roster if a.profile_id == pid)
        if self.action.toPlainText().strip() != saved:
            return self.controller.write_action(pid, self.action.toPlainText())
        return True

    def save(self) -> bool:
        """The ratings are saved as they change; this saves the written action."""
        return self._save_action()

    def reject(self) -> None:
        """Close: nothing typed is lost (an action refused keeps the dialog open)."""
        if self._save_action():
            super().reject()
