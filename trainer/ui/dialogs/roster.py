"""Certificates for a whole group from a roster file (File → Certificates from a roster…).

The facilitator picks a CSV (a ``name`` column; optional ``hours``,
``date``, ``scores``… as ``trainer certify --roster`` documents), says what
was completed, and where the PDFs go. The dialog reads the roster at once so
mistakes show with their line before anything is written; the batch itself
(:func:`trainer.reports.certify_roster`) runs on a worker thread behind a
progress bar, and each certificate is entered in the store's register.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QDir, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trainer import paths, settings
from trainer.errors import TrainerError
from trainer.store import Store
from trainer.ui.dialogs.common import open_local
from trainer.ui.messages import show_error
from trainer.ui.worker import Worker

INTRO = (
    "One certificate per person in a roster file (CSV with a <b>name</b> column; optional "
    "<i>hours</i>, <i>date</i>, <i>facilitator</i> and <i>scores</i> columns override the "
    "values below), plus one combined PDF for printing."
)


class RosterDialog(QDialog):
    """Choose a roster and what it certifies, then write the batch with a progress bar."""

    def __init__(self, store: Store, organisation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.organisation = organisation
        self.result_files: Any = None
        self.worker: Worker | None = None
        self.not_registered = ""
        self.setWindowTitle("Certificates from a roster")
        self.setAccessibleName("Certificates from a roster")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.roster = _line("Roster file")
        self.people = QLabel("Choose a roster file.")
        self.people.setWordWrap(True)
        self.people.setAccessibleName("What the roster holds")
        self.programme = QLineEdit()
        self.programme.setPlaceholderText("e.g. Tough conversations: half-day workshop")
        self.programme.setAccessibleName("Programme completed")
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0, 100)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.hours.setValue(3.5)
        self.hours.setSpecialValueText("not stated")
        self.hours.setAccessibleName("Hours of training")
        self.facilitator = QLineEdit()
        self.facilitator.setAccessibleName("Facilitator")
        self.on = QDateEdit(QDate.currentDate())
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("d MMMM yyyy")
        self.on.setAccessibleName("Date completed")
        self.folder = _line("Folder for the PDFs")
        self.folder.setText(str(paths.default_exports_dir()))
        form = QFormLayout()
        _path_row(form, "&Roster file:", self.roster, self._choose_roster)
        form.addRow("", self.people)
        form.addRow("&Programme:", self.programme)
        form.addRow("&Hours:", self.hours)
        form.addRow("&Facilitator:", self.facilitator)
        form.addRow("&Date:", self.on)
        _path_row(form, "F&older:", self.folder, self._choose_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.write_button = buttons.addButton(
            "&Write certificates", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.write_button.setAccessibleName("Write the certificates")
        self.write_button.setEnabled(False)
        buttons.accepted.connect(self.write)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.roster.textChanged.connect(self._check)
        self.programme.textChanged.connect(self._check)
        self.resize(640, self.sizeHint().height())

    # --- choosing files ----------------------------------------------------------
    def _choose_roster(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Roster file", QDir.homePath(), "CSV files (*.csv *.txt);;All files (*)"
        )
        if chosen:
            self.roster.setText(chosen)

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the PDFs", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    # --- checking and writing ------------------------------------------------
    def _check(self) -> None:
        """Read the roster now, so mistakes show with their line before anything is written."""
        from trainer.reports.batch import read_roster
        from trainer.reports.names import roster_name_problems

        self.write_button.setEnabled(False)
        text = self.roster.text().strip()
        if not text:
            self.people.setText("Choose a roster file.")
            return
        try:
            rows = read_roster(Path(text))
        except TrainerError as exc:
            self.people.setText(f"<span style='color:#b3261e'>{_escape(str(exc))}</span>")
            return
        names = ", ".join(row.name for row in rows[:3]) + (" …" if len(rows) > 3 else "")
        summary = f"{len(rows)} people: {_escape(names)}"
        problems = roster_name_problems(Path(text).name, [(r.line, r.name) for r in rows])
        if problems:
            summary += (
                f"<br><span style='color:#b3261e'>{len(problems)} of them will get no "
                "certificate (the others will):<br>"
                + "<br>".join(_escape(p) for p in problems)
                + "</span>"
            )
        self.people.setText(summary)
        self.write_button.setEnabled(bool(rows) and bool(self.programme.text().strip()))

    def base_request(self) -> Any:
        from trainer.reports.certificate import CertificateRequest

        day = self.on.date()
        logo = self.store.get_setting(settings.CERTIFICATE_LOGO)
        return CertificateRequest(
            name="(from the roster)",
            programme=self.programme.text().strip(),
            on=date(day.year(), day.month(), day.day()),
            hours=self.hours.value() or None,
            facilitator=self.facilitator.text().strip(),
            organisation=self.organisation,
            logo=Path(logo) if isinstance(logo, str) and logo else None,
        )

    def write(self) -> None:
        """Run the batch on a worker with a progress bar; the dialog stays for the result."""
        from trainer.reports.batch import certify_roster, read_roster
        from trainer.reports.register import register_certificates

        roster, folder, base = Path(self.roster.text().strip()), Path(self.folder.text()), None
        try:
            base = self.base_request()
            total = len(read_roster(roster)) + 1
        except TrainerError as exc:
            self.message = show_error(self, str(exc))
            return
        progress = QProgressDialog("Writing certificates…", "", 0, total, self)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAccessibleName("Writing certificates")
        self.progress = progress
        store = self.store

        def job() -> Any:
            result = certify_roster(roster, base, folder, progress=worker.progress.emit)
            # As ``trainer certify --roster`` does: names that match a profile
            # are tied to it, and failing to register is a warning.
            self.not_registered = (
                register_certificates(store, result.certificates, result.files) or ""
            )
            return result

        worker = Worker(job, self)
        worker.progress.connect(lambda done, _total: progress.setValue(done))
        worker.done.connect(self._written)
        worker.failed.connect(self._failed)
        self.worker = worker
        worker.start()

    def _written(self, result: Any) -> None:
        self.progress.close()
        self.result_files = result
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Certificates",
            f"{len(result.files)} certificates written, plus one PDF with all of them "
            f"for printing:\n{result.combined}"
            + (
                "\n\nNo certificate could be printed for:\n" + "\n".join(result.skipped)
                if result.skipped
                else ""
            )
            + (
                f"\n\nThey could not all be entered in the register, so "
                f"'trainer verify' may not find them: {self.not_registered}"
                if self.not_registered
                else ""
            ),
            QMessageBox.StandardButton.Close,
            self,
        )
        box.setAccessibleName("Certificates written")
        open_all = box.addButton("&Open the combined PDF", QMessageBox.ButtonRole.ActionRole)
        folder = box.addButton("Show &folder", QMessageBox.ButtonRole.ActionRole)
        open_all.clicked.connect(lambda: open_local(result.combined))
        folder.clicked.connect(lambda: open_local(result.combined.parent))
        box.finished.connect(self.accept)
        box.open()
        self.message = box

    def _failed(self, message: str) -> None:
        self.progress.close()
        self.message = show_error(self, message)


def _line(name: str) -> QLineEdit:
    line = QLineEdit()
    line.setAccessibleName(name)
    return line


def _path_row(form: QFormLayout, text: str, line: QLineEdit, choose: Callable[[], None]) -> None:
    """A labelled path field with its Browse button; the label's Alt+letter goes to the field."""
    row = _with_browse(line, choose)
    form.addRow(text, row)
    label = form.labelForField(row)
    if isinstance(label, QLabel):
        label.setBuddy(line)  # not the row, which cannot take the focus


def _with_browse(line: QLineEdit, choose: Callable[[], None]) -> QWidget:
    """A path field with its Browse button."""
    row = QWidget()
    box = QHBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(line, 1)
    browse = QPushButton("Browse…")
    browse.setAccessibleName(f"Browse for the {line.accessibleName().lower()}")
    browse.clicked.connect(choose)
    box.addWidget(browse)
    return row


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
