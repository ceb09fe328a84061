"""Hand in a result for a workshop (File → Hand in a result for a workshop…).

A trainee who played a block's scenario on their own laptop picks the run,
types the session code the facilitator's console shows, and saves a signed
result file (:func:`trainer.workshop.result_file.export_result`) to give to
the facilitator, who imports it on the console.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trainer import paths
from trainer.errors import TrainerError
from trainer.store import Attempt
from trainer.ui.messages import show_error, show_message
from trainer.ui.session import Session
from trainer.workshop.result_file import default_name, export_result, finished_runs

EXPLAINED = (
    "Playing a workshop's scenario on your own computer? Hand the run in: choose it, "
    "type the session code your facilitator shows, and save the file. Give the file "
    "to your facilitator (a USB stick, e-mail or a shared folder); they import it."
)


def run_label(attempt: Attempt, title: str) -> str:
    """One run as the list shows it: title, when, mode and score."""
    assert attempt.finished is not None and attempt.result is not None
    when = attempt.finished.astimezone().strftime("%d %b %Y, %H:%M")
    return f"{title} · {when} · {attempt.mode.value} · {attempt.result.score}%"


class HandInDialog(QDialog):
    """The current profile's finished runs, a session code, and Save."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Hand in a result for a workshop")
        self.saved: Path | None = None
        profile = session.profile
        outer = QVBoxLayout(self)
        intro = QLabel(EXPLAINED)
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.runs = QListWidget()
        self.runs.setAccessibleName("Your finished runs")
        titles = {c.id: c.title for c in session.catalogue.cards} if session.catalogue else {}
        attempts = finished_runs(session.desk.store, profile.id) if profile else []
        for attempt in attempts:
            item = QListWidgetItem(
                run_label(attempt, titles.get(attempt.scenario_id, attempt.scenario_id))
            )
            item.setData(256, attempt.id)  # Qt.ItemDataRole.UserRole
            self.runs.addItem(item)
        if attempts:
            self.runs.setCurrentRow(0)
        form = QFormLayout()
        form.addRow("&Run:", self.runs)
        self.code = QLineEdit()
        self.code.setPlaceholderText("ABCD-EF23")
        self.code.setAccessibleName("Session code")
        form.addRow("Session &code:", self.code)
        outer.addLayout(form)
        self.empty = QLabel("You have no finished runs yet: play the scenario to its ending first.")
        self.empty.setWordWrap(True)
        self.empty.setVisible(not attempts)
        outer.addWidget(self.empty)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(bool(attempts))
        outer.addWidget(self.buttons)
        self.resize(640, 420)

    def chosen(self) -> int | None:
        item = self.runs.currentItem()
        return int(item.data(256)) if item is not None else None

    def ask_path(self, suggested: Path) -> Path | None:
        """Where to save (a file dialog; tests replace this method)."""
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save the result file", str(suggested), "Result files (*.json)"
        )
        return Path(name) if name else None

    def save(self) -> None:
        attempt_id = self.chosen()
        profile = self.session.profile
        if attempt_id is None or profile is None:
            return
        attempt = self.session.desk.store.get_attempt(attempt_id)
        folder = paths.default_exports_dir()
        target = self.ask_path(folder / default_name(profile.name, attempt.scenario_id))
        if target is None:
            return
        try:
            self.saved = export_result(
                self.session.desk.store, attempt_id, self.code.text(), target
            )
        except TrainerError as exc:
            show_error(self, str(exc), "The result file was not saved")
            return
        self.accept()
        show_message(
            self.parentWidget(),
            f"Saved {self.saved}.\n\nGive this file to your facilitator to import on the console.",
            "Result saved",
        )


def open_dialog(session: Session, parent: QWidget) -> HandInDialog:
    dialog = HandInDialog(session, parent)
    dialog.open()
    return dialog
