"""Progress: scores over time, competency trends, tracks and their certificates.

Everything shown comes from one core call, :func:`trainer.app.progress.progress_of`,
re-run whenever the session says attempts, the profile or the content changed.
The certificate of a completed track is made on a worker thread behind a
progress dialog (see :mod:`trainer.app.track`), into a file the
trainee chooses; afterwards the certificate or its folder can be opened.

Every finished run is listed under "Latest runs"; Enter or a double-click
on one rebuilds its debrief (:func:`trainer.app.runs.debrief_of`) and emits
``open_debrief(debrief, mode)``. Showing the page puts the focus on that list
(on its newest run), so a keyboard user lands on something they can act on.
"""

from __future__ import annotations

import contextlib
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trainer import paths
from trainer.app import track as track_certificate
from trainer.app.progress import Progress, TrackProgress, progress_of
from trainer.errors import TrainerError
from trainer.ui import style
from trainer.ui.dialogs.common import open_local
from trainer.ui.messages import show_error
from trainer.ui.widgets.charts import PASS_LINE, ScoreChart, TrendChart
from trainer.ui.worker import Worker

if TYPE_CHECKING:
    from trainer.ui.session import Session


def _tick(done: bool, colour: str) -> str:
    return f"<span style='color:{colour}'>✓</span>" if done else "○"


def _label(html: str, name: str) -> QLabel:
    label = QLabel(html)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    return label


class _Area(QScrollArea):
    """The page's scroll area. It keeps the focus for keyboard scrolling (at a
    large text size the page is taller than the window, and the tracks may
    offer nothing else to tab to), so it draws a frame in the highlight
    colour while it has the focus; otherwise the frame is the window colour.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameStyle(QFrame.Shape.Box | QFrame.Shadow.Plain)
        self.setLineWidth(2)
        self.setForegroundRole(QPalette.ColorRole.Window)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.setForegroundRole(QPalette.ColorRole.Highlight)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.setForegroundRole(QPalette.ColorRole.Window)
        super().focusOutEvent(event)


class _RunList(QTreeWidget):
    """The finished runs: ``ROWS`` rows (fewer if there are fewer runs) and more
    when the page has room to spare.

    The height is worked out from the current font whenever the layout asks,
    so the list follows Ctrl+plus/minus instead of clipping its rows.
    """

    ROWS = 4

    def sizeHint(self) -> QSize:
        rows = max(1, min(self.ROWS, self.topLevelItemCount()))
        # sizeHintForRow is -1 with no rows: then a line of text stands in for one.
        line = max(self.sizeHintForRow(0), self.fontMetrics().height() + 2)
        height = self.header().sizeHint().height() + rows * line + 2 * self.frameWidth()
        return QSize(super().sizeHint().width(), height)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


class ProgressPage(QWidget):
    """One trainee's history and tracks; emits ``open_debrief(debrief, mode)``."""

    open_debrief = Signal(object, str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.progress: Progress | None = None
        self.certificate_buttons: dict[str, QPushButton] = {}
        self._worker: Worker | None = None
        self.message: QWidget | None = None
        self.written: Path | None = None
        self.save_dialog: QFileDialog | None = None
        self.job: track_certificate.CertificateJob | None = None
        self.pin_prompt: QDialog | None = None  # asking for the PIN before a certificate
        outer = QVBoxLayout(self)
        self.area = _Area()
        outer.addWidget(self.area)
        for signal in (session.attemptsChanged, session.profileChanged, session.libraryReady):
            signal.connect(self.refresh)
        self.refresh()

    def take_focus(self) -> None:
        """Focus the newest run (Enter reopens it); with none, the scroll area."""
        newest = self.runs.topLevelItem(0)
        if newest is None:
            self.area.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if self.runs.currentItem() is None:
            self.runs.setCurrentItem(newest)
        self.runs.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        """Recompute and redraw everything from the store."""
        focused = QApplication.focusWidget()
        had_focus = focused is not None and self.isAncestorOf(focused)
        s = self.session
        self.progress = progress_of(s.attempts(), s.infos(), s.tracks)
        body = QWidget()
        col = QVBoxLayout(body)
        col.setSpacing(12)
        who = escape(s.profile.name) if s.profile else ""
        head = QHBoxLayout()
        head.addWidget(_label(f"<h2>Progress — {who}</h2>", "Progress"), 1)
        self.report_button = QPushButton("Save my progress report (PDF)…")
        self.report_button.setAccessibleName("Save my progress report as a PDF")
        self.report_button.setEnabled(bool(s.profile) and bool(self.progress.points))
        self.report_button.clicked.connect(self._choose_report_file)
        head.addWidget(self.report_button)
        col.addLayout(head)
        # Tracks go under the scores, not under both columns: the competency
        # charts are tall, and side by side the page fits a laptop screen.
        left = QVBoxLayout()
        left.addWidget(self._scores(), 1)  # room to spare goes to the runs list
        left.addWidget(self._tracks())
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addWidget(self._trends(), 2)
        col.addLayout(columns, 1)
        self.area.setWidget(body)
        if had_focus:  # the old body, and the focus with it, is gone
            self.take_focus()

    def _scores(self) -> QWidget:
        assert self.progress is not None
        box = QGroupBox("Scores over time")
        col = QVBoxLayout(box)
        self.chart = ScoreChart()
        self.chart.set_points(self.progress.points)
        col.addWidget(self.chart)  # its key says what the marks mean
        col.addWidget(
            _label(
                "<b>Latest runs</b> — Enter or double-click one to reopen its debrief",
                "Latest runs",
            )
        )
        col.addWidget(self._runs(), 1)
        return box

    def _runs(self) -> QTreeWidget:
        """Finished runs, newest first; each row reopens its debrief."""
        assert self.progress is not None
        self.runs = _RunList()
        self.runs.setAccessibleName("Latest runs; press Enter to reopen a debrief")
        self.runs.setHeaderLabels(["When", "Scenario", "Score", "Result"])
        self.runs.setRootIsDecorated(False)
        self.runs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.runs.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for p in reversed(self.progress.points):
            if p.passed:
                result = "passed (assessment)" if p.mode == "assessment" else "passed in practice"
            else:
                result = f"not passed ({p.mode})"
            item = QTreeWidgetItem(
                [f"{p.finished.astimezone():%d %b %H:%M}", p.title, f"{p.score}%", result]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, p.attempt_id)
            item.setToolTip(1, "Enter or double-click to reopen this run's debrief")
            self.runs.addTopLevelItem(item)
        self.runs.itemActivated.connect(
            lambda item, _col: self.reopen(item.data(0, Qt.ItemDataRole.UserRole))
        )
        return self.runs

    def reopen(self, attempt_id: int) -> None:
        """Rebuild a finished run's debrief from its saved choices and show it."""
        self.session.when_loaded(lambda: self._reopen(attempt_id))

    def _reopen(self, attempt_id: int) -> None:
        from trainer.app import runs

        try:
            reviewed = self.session.perform(runs.review, self.session.desk, attempt_id)
        except TrainerError as exc:
            self.message = show_error(self, str(exc))
            return
        self.open_debrief.emit(reviewed.debrief, reviewed.mode)

    def _trends(self) -> QWidget:
        assert self.progress is not None
        box = QGroupBox("Competencies, run by run")
        col = QVBoxLayout(box)
        names = self._competency_names()
        if not self.progress.trends:
            col.addWidget(
                _label(
                    "<i>Your competencies appear after your first finished run.</i>", "No trends"
                )
            )
        titles = {i.id: i.title for i in self.session.infos()}
        for cid, points in self.progress.trends.items():
            col.addWidget(TrendChart(names.get(cid, cid), points, titles=titles))
        if self.progress.trends:
            legend = f"Dots are runs, oldest left; the dashed line is the pass mark ({PASS_LINE}%)."
            col.addWidget(_label(legend, "Competency chart legend"))
        col.addStretch(1)
        return box

    def _choose_report_file(self) -> None:
        from trainer.reports.files import safe_stem

        profile = self.session.profile
        assert profile is not None
        folder = paths.default_exports_dir()
        suggested = folder / f"progress-{safe_stem(profile.name)}.pdf"
        chooser = QFileDialog(self, "Save your progress report", str(suggested), "PDF (*.pdf)")
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setDefaultSuffix("pdf")
        chooser.fileSelected.connect(lambda chosen: self._write_report(Path(chosen)))
        self.report_dialog = chooser
        chooser.open()

    def _write_report(self, target: Path) -> None:
        from trainer.reports.exports import save_progress_report

        s = self.session
        assert s.profile is not None
        name, titles = s.profile.name, {i.id: i.title for i in s.infos()}
        worker = Worker(lambda: save_progress_report(s.store, name, target, titles), self)
        worker.done.connect(self._report_written)
        worker.failed.connect(lambda message: setattr(self, "message", show_error(self, message)))
        self._report_worker = worker
        worker.start()

    def _report_written(self, path: Any) -> None:
        assert isinstance(path, Path)
        self.report_written = path
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Progress report",
            f"Your progress report was saved as\n{path}",
            QMessageBox.StandardButton.Close,
            self,
        )
        box.setAccessibleName("Progress report saved")
        box.addButton("&Open it", QMessageBox.ButtonRole.ActionRole).clicked.connect(
            lambda: open_local(path)
        )
        box.addButton("Show &folder", QMessageBox.ButtonRole.ActionRole).clicked.connect(
            lambda: open_local(path.parent)
        )
        box.open()
        self.message = box

    def _competency_names(self) -> dict[str, str]:
        rubric = self.session.library.rubric if self.session.library else None
        return {cid: c.name for cid, c in rubric.competencies.items()} if rubric else {}

    def _tracks(self) -> QWidget:
        assert self.progress is not None
        box = QGroupBox("Tracks")
        col = QVBoxLayout(box)
        self.certificate_buttons = {}
        if self.session.tracks_problem:
            col.addWidget(_label(escape(self.session.tracks_problem), "Tracks file problem"))
        if not self.progress.tracks and self.session.library is None:
            col.addWidget(_label("<i>Loading tracks…</i>", "Loading tracks"))
        for track in self.progress.tracks:
            col.addWidget(self._track(track))
        return box

    def _track(self, tp: TrackProgress) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        good = style.verdict(self.palette(), True).name()
        ticks = "".join(
            f"<li>{_tick(r.complete, good)} {escape(r.label)}"
            f" ({min(len(r.passed), r.needed)}/{r.needed})</li>"
            for r in tp.requirements
        )
        when = f" — completed {tp.completed_on.astimezone():%d %B %Y}" if tp.completed_on else ""
        text = (
            f"<b>{escape(tp.track.title)}</b>{when}<br>{escape(tp.track.summary)}<ul>{ticks}</ul>"
        )
        layout.addWidget(_label(text, f"Track {tp.track.title}"), 3)
        side = QVBoxLayout()
        bar = QProgressBar()
        bar.setRange(0, tp.needed)
        bar.setValue(tp.done)
        bar.setFormat(f"{tp.done} of {tp.needed}")
        bar.setAccessibleName(f"{tp.track.title}: {tp.done} of {tp.needed} done")
        side.addWidget(bar)
        button = QPushButton("Get the certificate…")
        button.setAccessibleName(f"Get the certificate for {tp.track.title}")
        button.setEnabled(tp.complete)
        button.setToolTip("" if tp.complete else "Complete the track to earn its certificate.")
        button.clicked.connect(lambda _=False, t=tp: self.make_certificate(t))
        side.addWidget(button)
        side.addStretch(1)
        layout.addLayout(side, 1)
        self.certificate_buttons[tp.track.id] = button
        return row

    # --- certificates --------------------------------------------------------
    def make_certificate(self, track: TrackProgress) -> None:
        """Write the track's certificate on a worker, behind a progress dialog."""
        s = self.session
        if s.profile is None or s.anonymous:
            show_error(
                self,
                "A certificate carries your name. Switch to a named profile "
                "(File ▸ Switch profile) and it will list the runs you passed there.",
            )
            return
        from trainer.ui.dialogs.pin import ask_pin

        self.pin_prompt = ask_pin(
            self, s, s.profile.id, "to write the certificate", lambda pin: self._choose(track, pin)
        )

    def _choose(self, track: TrackProgress, pin: str | None) -> None:
        """Where to save it (the PIN, if any, already accepted)."""
        assert self.session.profile is not None
        suggested = track_certificate.suggested_path(self.session.profile.name, track.track.id)
        with contextlib.suppress(OSError):  # so the dialog can open in it
            suggested.parent.mkdir(parents=True, exist_ok=True)
        chooser = QFileDialog(self, "Save the certificate", str(suggested.parent), "PDF (*.pdf)")
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setDefaultSuffix("pdf")
        chooser.setDirectory(str(suggested.parent))
        chooser.selectFile(suggested.name)
        chooser.setAccessibleName("Save the certificate")
        chooser.fileSelected.connect(lambda chosen: self._write(track, Path(chosen), pin))
        self.save_dialog = chooser
        chooser.open()

    def _write(self, track: TrackProgress, target: Path, pin: str | None = None) -> None:
        s = self.session
        assert s.profile is not None
        job = track_certificate.CertificateJob(
            s.profile.id,
            s.profile.name,
            s.organisation(),  # "" leaves the organisation line off
            track,
            self._competency_names(),
            target=target,
            pin=pin,
        )
        self.job = job
        dialog = QProgressDialog("Writing your certificate…", "", 0, 4, self)
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAccessibleName("Writing your certificate")
        dialog.setMinimumDuration(0)
        write = track_certificate.make_track_certificate
        worker = Worker(lambda: write(job, s.store, worker.progress.emit), self)
        worker.progress.connect(lambda done, total: dialog.setValue(done))
        worker.done.connect(lambda path: self._written(dialog, path))
        worker.failed.connect(lambda message: self._failed(dialog, message))
        self._worker = worker
        worker.start()

    def _written(self, dialog: QProgressDialog, issued: Any) -> None:
        dialog.close()
        assert isinstance(issued, track_certificate.Issued)
        self.session.announce(issued.changes)
        path = issued.path
        self.written = path
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Certificate",
            f"Your certificate was saved as\n{path}",
            QMessageBox.StandardButton.Close,
            self,
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAccessibleName("Certificate saved")
        self.open_button = box.addButton("&Open certificate", QMessageBox.ButtonRole.ActionRole)
        self.folder_button = box.addButton("Show &folder", QMessageBox.ButtonRole.ActionRole)
        self.open_button.setAccessibleName("Open the certificate")
        self.folder_button.setAccessibleName("Show the folder it is in")
        # Action buttons close the box too; open what was asked for first.
        self.open_button.clicked.connect(lambda: open_local(path))
        self.folder_button.clicked.connect(lambda: open_local(path.parent))
        box.setDefaultButton(self.open_button)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.message = box

    def _failed(self, dialog: QProgressDialog, message: str) -> None:
        dialog.close()
        self.message = show_error(self, message)
