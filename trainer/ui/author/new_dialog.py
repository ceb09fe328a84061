"""The "New scenario" dialog: id, title, topic and cast, then a file that passes the checker.

It only gathers the answers; :func:`trainer.authoring.new_scenario.render`
makes the text, and the page writes it. A cast line reads
``id: Name, role, side`` (side optional: customer, colleague, supervisor or
other).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from trainer.authoring import new_scenario
from trainer.authoring.new_scenario import Member
from trainer.errors import ContentError, TrainerError

CAST_HINT = (
    "One per line: id: Name, role, side\n"
    "e.g. resident: Sam Lindqvist, Resident at the counter, customer"
)


def parse_cast(text: str) -> list[Member]:
    """The cast lines as members; a line that does not fit says which it is.

    The side is the last part when it names one (in any case); a role may
    hold commas ("Officer, Environmental Health").
    """
    members = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        member_id, sep, rest = line.partition(":")
        parts = [p.strip() for p in rest.split(",")]
        if not sep or len(parts) < 2 or not parts[0]:
            raise ContentError(f"cast line {number}: write it as 'id: Name, role, side'")
        side = "customer"
        if len(parts) > 2 and parts[-1].lower() in new_scenario.SIDES:
            side, parts = parts[-1].lower(), parts[:-1]
        role = ", ".join(p for p in parts[1:] if p)
        members.append(Member(member_id.strip(), parts[0], role, side))
    return members


class NewScenarioDialog(QDialog):
    """Asks for what a new scenario needs; :meth:`text` is the file to write."""

    def __init__(self, parent: QWidget | None = None, taken: Iterable[str] = ()) -> None:
        super().__init__(parent)
        self.taken = set(taken)  # ids already used: refused here, before anything is lost
        self.setWindowTitle("New scenario")
        outer = QVBoxLayout(self)
        form = QFormLayout()
        self.id_edit = QLineEdit()
        self.id_edit.setPlaceholderText("e.g. noisy-neighbour")
        self.id_edit.setAccessibleName("Scenario id")
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Title")
        # Until the id is typed, it follows the title.
        self.title_edit.textEdited.connect(self._suggest_id)
        self.id_edit.textEdited.connect(lambda: setattr(self, "id_typed", True))
        self.id_typed = False
        self.topic = QComboBox()
        self.topic.addItems(list(new_scenario.TOPICS))
        self.topic.setCurrentText("de-escalation")
        self.topic.setAccessibleName("Topic")
        self.cast_edit = QPlainTextEdit()
        self.cast_edit.setPlaceholderText(CAST_HINT)
        self.cast_edit.setAccessibleName("Cast")
        self.cast_edit.setTabChangesFocus(True)
        self.cast_edit.setFixedHeight(90)
        form.addRow("&Id", self.id_edit)
        form.addRow("&Title", self.title_edit)
        form.addRow("To&pic", self.topic)
        form.addRow("&Cast", self.cast_edit)
        outer.addLayout(form)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        outer.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.result_text = ""

    @property
    def scenario_id(self) -> str:
        return self.id_edit.text().strip()

    def _suggest_id(self, title: str) -> None:
        if not self.id_typed:
            self.id_edit.setText(new_scenario.id_from_title(title))

    def _create(self) -> None:
        if self.scenario_id in self.taken:
            self.problem.setText(
                f"The id '{self.scenario_id}' is already used by another scenario; "
                "choose another (the rest of what you typed is kept)."
            )
            self.id_edit.setFocus()
            return
        try:
            self.result_text = new_scenario.render(
                self.scenario_id,
                self.title_edit.text().strip() or None,
                self.topic.currentText(),
                parse_cast(self.cast_edit.toPlainText()) or list(new_scenario.DEFAULT_CAST),
            )
        except TrainerError as exc:
            self.problem.setText(exc.message)
            return
        self.accept()
