"""Ending a workshop: attendance, then the class report and everyone's certificates.

First the facilitator sees the attendance against the roster and confirms
(ending cannot be undone). The session is then closed (one core call) and
the writing runs on a worker thread behind a progress bar: the class report
(PDF and CSV: the agenda as run, the room's choices and splits, the ratings
before and after, imported results) and a certificate for everyone ticked
present, plus one combined PDF for printing. They go to a folder of their
own in the exports folder (the same place the roster certificates use),
named after the date and the session, so a second workshop on the same day
never mixes its files with the first's.

The report is written first and the certificates after, so a certificate
that cannot be written (nobody present, a name the font cannot print)
never costs the report. A failure is shown with its reason and can be tried
again: the session's record is already final.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from trainer import paths
from trainer.errors import TrainerError
from trainer.ui.dialogs.common import open_local
from trainer.ui.messages import show_error
from trainer.ui.session import Session
from trainer.ui.worker import Worker
from trainer.ui.workshop.controller import WorkshopController
from trainer.workshop.views import ConsoleView


@dataclass(frozen=True, slots=True)
class Written:
    """What the closing wrote, for the message at the end."""

    folder: Path
    report: tuple[Path, Path]
    certificates: Any  # CertifiedAttendees, or None when none could be written
    problem: str  # why there are no certificates, or who was left out


def attendance(view: ConsoleView) -> str:
    """ "18 of 20 present; not here: A, B" for the confirmation."""
    here = [p.name for p in view.roster if p.present]
    away = [p.name for p in view.roster if not p.present]
    text = f"{len(here)} of {len(view.roster)} on the roster are marked present"
    return text + (f"; not here: {', '.join(away)}." if away else ".")


def what_is_certified(view: ConsoleView) -> str:
    """The hours the certificates will state, and why, with the blocks that never ran."""
    from trainer.reports.certificate import hours_text
    from trainer.workshop.closing import blocks_ran_seconds, hours_to_certify

    hours = hours_to_certify(view.agenda)
    if hours is None:
        return (
            "The workshop never began (N was never pressed), so no certificates will be "
            "written; the class report is."
        )
    ran = blocks_ran_seconds(view.agenda)
    planned = sum(row.planned_minutes for row in view.agenda) / 60
    text = f"Certificates will state {hours_text(hours)}"
    if hours != planned:
        minutes = (ran + 30) // 60  # half a minute up, as on the console
        text += f": the plan is {hours_text(planned)}, and its blocks were on for {minutes} min"
    never = [row.title for row in view.agenda if row.actual_seconds is None]
    if len(never) > 3:
        text += f". {len(never)} of {len(view.agenda)} blocks never ran"
    elif never:
        text += f". Never run: {', '.join(never)}"
    return text + "."


def folder_for(view: ConsoleView, when: str) -> Path:
    return paths.default_exports_dir() / f"workshop-{when}-session-{view.session_id}"


class Closing(QObject):
    """The ending of one session; ``finished(closed)`` when it is over."""

    finished = Signal(bool)

    def __init__(self, controller: WorkshopController, session: Session, parent: QWidget) -> None:
        super().__init__(parent)
        self.controller = controller
        self.session = session
        self.window = parent
        self.folder: Path | None = None
        self.progress: QProgressDialog | None = None
        self.worker: Worker | None = None
        self.box: QMessageBox | None = None
        self.written: Written | None = None

    def ask(self) -> None:
        view = self.controller.console()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "End the workshop",
            f"{escape(attendance(view))}<br><br>"
            f"{escape(what_is_certified(view))}<br><br>"
            "Ending writes the class report and a certificate "
            "for everyone present. Untick anyone who left early first. Nothing can be changed in "
            "the workshop afterwards.",
            QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setAccessibleName("End the workshop")
        end = box.addButton("&End and write certificates", QMessageBox.ButtonRole.AcceptRole)
        end.clicked.connect(self.close)
        box.rejected.connect(lambda: self.finished.emit(False))
        box.open()
        self.box = box

    def close(self) -> None:
        """Close the session (one core call), then write everything on a worker."""
        view = self.controller.console()
        when = self.controller.clock.now().astimezone().strftime("%Y-%m-%d")
        if not self.controller.close_session():
            self.finished.emit(False)
            return
        self.folder = folder_for(view, when)
        self.write()

    def write(self) -> None:
        from trainer.workshop.closing import certify_attendees, class_report, write_class_report

        folder, store, library = self.folder, self.session.store, self.session.library
        session_id = self.controller.session_id
        assert folder is not None and library is not None
        present = sum(p.present for p in self.controller.console().roster)
        progress = QProgressDialog(
            "Writing the class report and certificates…", "", 0, present + 2, self.window
        )
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAccessibleName("Writing the class report and certificates")
        self.progress = progress

        def job() -> Written:
            report = write_class_report(class_report(store, library, session_id), folder)
            worker.progress.emit(1, present + 2)
            try:
                done = certify_attendees(
                    store,
                    library,
                    session_id,
                    folder,
                    progress=lambda n, total: worker.progress.emit(n + 1, total + 1),
                )
            except TrainerError as exc:
                return Written(folder, report, None, str(exc))
            return Written(folder, report, done, "\n".join(done.problems))

        worker = Worker(job, self)
        worker.progress.connect(self._progress)
        worker.done.connect(self._written)
        worker.failed.connect(self._failed)
        self.worker = worker
        worker.start()

    def _progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)

    def _written(self, written: Any) -> None:
        assert isinstance(written, Written)
        self.written = written
        if self.progress is not None:
            self.progress.close()
        done = written.certificates
        lines = [f"The class report (PDF and CSV) is written to {written.folder}."]
        if done is not None:
            lines.append(
                f"{len(done.files)} certificates, plus one PDF with all of them for printing."
            )
            if done.warning:
                lines.append(f"They could not all be entered in the register: {done.warning}")
        if written.problem:
            lines.append(
                ("Left out:\n" if done is not None else "No certificates: ") + written.problem
            )
        box = QMessageBox(
            QMessageBox.Icon.Information if not written.problem else QMessageBox.Icon.Warning,
            "The workshop is closed",
            "\n\n".join(lines),
            QMessageBox.StandardButton.Close,
            self.window,
        )
        box.setAccessibleName("The workshop is closed")
        report = box.addButton("Open the &report", QMessageBox.ButtonRole.ActionRole)
        report.clicked.connect(lambda: open_local(written.report[0]))
        folder = box.addButton("Show the &folder", QMessageBox.ButtonRole.ActionRole)
        folder.clicked.connect(lambda: open_local(written.folder))
        box.finished.connect(lambda _r: self.finished.emit(True))
        box.open()
        self.box = box

    def _failed(self, message: str) -> None:
        if self.progress is not None:
            self.progress.close()
        box = show_error(
            self.window,
            f"{message}\n\nThe workshop is closed and its record kept; "
            "press Retry to write the report and certificates again.",
        )
        retry = box.addButton("&Retry", QMessageBox.ButtonRole.AcceptRole)
        box.buttonClicked.connect(
            lambda pressed: self.write() if pressed is retry else self.finished.emit(True)
        )
        self.box = box
