"""File → Facilitator pack and handouts…: six PDFs for running a workshop plan.

Pick the plan and a folder; the pack is made on a worker thread from the
scenarios as they are now (``trainer handouts PLAN`` does the same), then
the folder can be opened. See :mod:`trainer.reports.handouts`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trainer import paths
from trainer.ui.dialogs.common import open_local
from trainer.ui.messages import show_error
from trainer.ui.session import Session
from trainer.ui.worker import Worker

EXPLAINED = (
    "Six PDFs to run a workshop: the facilitator pack (the agenda with times, each "
    "block's notes, and for every scenario the room plays an answer key with what to do "
    "if the room picks an option that ends the run), rating cards, a journey-map "
    "template, a technique sheet, an observer sheet and a set-up checklist."
)


class HandoutsDialog(QDialog):
    """A plan, a folder, and Write."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Facilitator pack and handouts")
        self.setAccessibleName(self.windowTitle())
        self.worker: Worker | None = None
        self.written: Any = None
        self.message: QWidget | None = None
        outer = QVBoxLayout(self)
        intro = QLabel(EXPLAINED)
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.plan = QComboBox()
        self.plan.setAccessibleName("Workshop plan")
        library = session.library
        for plan in sorted(library.plans.values(), key=lambda p: p.title) if library else []:
            self.plan.addItem(f"{plan.title} ({plan.minutes} min)", plan.id)
        self.folder = QLineEdit()
        self.folder.setAccessibleName("Folder for the PDFs")
        self.plan.currentIndexChanged.connect(self._suggest_folder)
        self._suggest_folder()
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Browse for the folder")
        browse.clicked.connect(self._choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Plan:", self.plan)
        folder_label = QLabel("F&older:")
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, row)
        outer.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.write_button = self.buttons.addButton(
            "&Write the PDFs", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.write_button.setEnabled(self.plan.count() > 0)
        self.buttons.accepted.connect(self.write)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.resize(620, 260)

    def _suggest_folder(self) -> None:
        plan_id = self.plan.currentData()
        if isinstance(plan_id, str):
            self.folder.setText(str(paths.default_exports_dir() / f"pack-{plan_id}"))

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the PDFs", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def write(self) -> None:
        from trainer.reports.handouts import write_plan_pack

        library, plan_id = self.session.library, self.plan.currentData()
        folder = self.folder.text().strip()
        if library is None or not isinstance(plan_id, str) or not folder:
            return
        plan = library.plans[plan_id]
        self.write_button.setEnabled(False)
        worker = Worker(lambda: write_plan_pack(plan, library, Path(folder)), self)
        worker.done.connect(self._written)
        worker.failed.connect(self._failed)
        self.worker = worker
        worker.start()

    def _failed(self, message: str) -> None:
        self.write_button.setEnabled(True)
        self.message = show_error(self, message, "The pack was not written")

    def _written(self, written: Any) -> None:
        self.written = written
        self.accept()
        text = f"{len(written.files)} PDFs written to\n{written.folder}"
        if written.warnings:
            text += "\n\nCheck before the day:\n" + "\n".join(f"• {w}" for w in written.warnings)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Facilitator pack",
            text,
            QMessageBox.StandardButton.Close,
            self.parentWidget(),
        )
        box.setAccessibleName("Facilitator pack written")
        box.addButton("&Open the pack", QMessageBox.ButtonRole.ActionRole).clicked.connect(
            lambda: open_local(written.files[0])
        )
        box.addButton("Show &folder", QMessageBox.ButtonRole.ActionRole).clicked.connect(
            lambda: open_local(written.folder)
        )
        box.open()
        self.message = box


def open_dialog(session: Session, parent: QWidget) -> HandoutsDialog:
    dialog = HandoutsDialog(session, parent)
    dialog.open()
    return dialog
