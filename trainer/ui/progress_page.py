"""Progress: scores over time, competency trends, tracks and their certificates.

Everything shown comes from one core call, :func:`trainer.progress.progress_of`,
re-run whenever the session says attempts, the profile or the content changed.
The certificate of a completed track is made on a worker thread behind a
progress dialog (see :mod:`trainer.ui.certificates`).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from trainer.progress import Progress, TrackProgress, progress_of
from trainer.ui import certificates, style
from trainer.ui.charts import ScoreChart, TrendChart
from trainer.ui.messages import show_error, show_message
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


class ProgressPage(QWidget):
    """One trainee's history and tracks."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.progress: Progress | None = None
        self.certificate_buttons: dict[str, QPushButton] = {}
        self._worker: Worker | None = None
        self.message: QWidget | None = None
        self.written: Path | None = None
        outer = QVBoxLayout(self)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.area)
        for signal in (session.attemptsChanged, session.profileChanged, session.libraryReady):
            signal.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Recompute and redraw everything from the store."""
        s = self.session
        self.progress = progress_of(s.attempts(), s.infos(), s.tracks)
        body = QWidget()
        col = QVBoxLayout(body)
        col.setSpacing(12)
        who = escape(s.profile.name) if s.profile else ""
        col.addWidget(_label(f"<h2>Progress — {who}</h2>", "Progress"))
        top = QHBoxLayout()
        top.addWidget(self._scores(), 3)
        top.addWidget(self._trends(), 2)
        col.addLayout(top)
        col.addWidget(self._tracks())
        col.addStretch(1)
        self.area.setWidget(body)

    def _scores(self) -> QWidget:
        assert self.progress is not None
        box = QGroupBox("Scores over time")
        col = QVBoxLayout(box)
        self.chart = ScoreChart()
        self.chart.set_points(self.progress.points)
        col.addWidget(self.chart, 1)
        runs = self.progress.points[-6:]
        rows = "".join(
            f"<tr><td>{p.finished.astimezone():%d %b %H:%M}</td><td>{escape(p.title)}</td>"
            f"<td>{p.mode}</td><td align='right'><b>{p.score}%</b></td>"
            f"<td>{'passed' if p.passed else 'not passed'}</td></tr>"
            for p in reversed(runs)
        )
        legend = "Filled dots passed; larger dots were assessments."
        col.addWidget(
            _label(f"<small>{legend}</small><table cellspacing='6'>{rows}</table>", "Latest runs")
        )
        return box

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
        for cid, points in self.progress.trends.items():
            col.addWidget(TrendChart(names.get(cid, cid), points))
        col.addStretch(1)
        return box

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
        if not certificates.available():
            self.message = show_message(self, certificates.UNAVAILABLE, "Certificates")
            return
        if s.profile is None or s.anonymous:
            show_error(
                self,
                "A certificate carries your name. Switch to a named profile "
                "(File ▸ Switch profile) and it will list the runs you passed there.",
            )
            return
        job = certificates.CertificateJob(
            s.profile.id, s.profile.name, s.context().organisation, track, self._competency_names()
        )
        dialog = QProgressDialog("Writing your certificate…", "", 0, 4, self)
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAccessibleName("Writing your certificate")
        dialog.setMinimumDuration(0)
        worker = Worker(
            lambda: certificates.make_track_certificate(job, s.store, worker.progress.emit), self
        )
        worker.progress.connect(lambda done, total: dialog.setValue(done))
        worker.done.connect(lambda path: self._written(dialog, path))
        worker.failed.connect(lambda message: self._failed(dialog, message))
        self._worker = worker
        worker.start()

    def _written(self, dialog: QProgressDialog, path: Any) -> None:
        dialog.close()
        assert isinstance(path, Path)
        self.written = path
        self.message = show_message(self, f"Your certificate was saved as\n{path}", "Certificate")

    def _failed(self, dialog: QProgressDialog, message: str) -> None:
        dialog.close()
        self.message = show_error(self, message)
