"""The debrief: score and verdict, competencies, your path beside the best one.

Renders a :class:`~trainer.scoring.debrief.Debrief` value and nothing else:
every number on this page comes from the scoring core, which is what the
tests check it against.

A debrief belongs to one profile: when another profile takes over, the page
empties itself (and says so with ``cleared``), so nobody reads someone
else's results. A practice pass is labelled as such, because only
assessments count towards tracks and certificates.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from trainer.store import Mode
from trainer.ui import style

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from trainer.scoring.debrief import Debrief, DecisionReview
    from trainer.ui.session import Session


def verdict_word(passed: bool, mode: Mode) -> str:
    """ "Passed (assessment)", "Passed in practice" or "Not passed"."""
    if not passed:
        return "Not passed"
    return "Passed (assessment)" if mode == Mode.ASSESSMENT else "Passed in practice"


def _label(html: str, name: str) -> QLabel:
    label = QLabel(html)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label


class DebriefPage(QWidget):
    """What the trainee reads after a run; emits ``replay(scenario_id, mode)``."""

    replay = Signal(str, str)
    library = Signal()
    cleared = Signal()

    def __init__(self, session: Session | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.debrief: Debrief | None = None
        self.mode = Mode.PRACTICE
        self.profile_id: int | None = None
        self.question: QMessageBox | None = None
        self.session = session
        if session is not None:
            session.profileChanged.connect(self._profile_changed)
        outer = QVBoxLayout(self)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.area, 1)
        outer.addLayout(self._buttons())
        self.body: QWidget | None = None

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.replay_button = QPushButton("&Replay this scenario")
        self.replay_button.setAccessibleName("Replay this scenario")
        self.replay_button.clicked.connect(self._replay)
        self.library_button = QPushButton("Back to the &library")
        self.library_button.setAccessibleName("Back to the library")
        self.library_button.clicked.connect(self.library)
        row.addStretch(1)
        row.addWidget(self.library_button)
        row.addWidget(self.replay_button)
        return row

    def clear(self) -> None:
        """Show no debrief (a new run started, or another profile took over)."""
        self.debrief, self.profile_id = None, None
        self.area.setWidget(_label("<p><i>No debrief to show.</i></p>", "No debrief"))
        self.body = None
        self.replay_button.setEnabled(False)
        self.cleared.emit()

    def _profile_changed(self) -> None:
        profile = self.session.profile if self.session else None
        if self.debrief is not None and (profile is None or profile.id != self.profile_id):
            self.clear()

    def show_debrief(self, debrief: Debrief, mode: Mode, profile_id: int | None = None) -> None:
        """Replace the page's content with this debrief (of ``profile_id``'s run)."""
        self.debrief, self.mode, self.profile_id = debrief, mode, profile_id
        self.replay_button.setEnabled(True)
        body = QWidget()
        col = QVBoxLayout(body)
        col.setSpacing(14)
        col.addWidget(self._headline(debrief))
        columns = QHBoxLayout()
        columns.addWidget(self._competencies(debrief), 2)
        columns.addWidget(self._learning(debrief), 3)
        col.addLayout(columns)
        col.addWidget(self._paths(debrief))
        col.addStretch(1)
        self.area.setWidget(body)
        self.body = body
        # The page is usually still hidden here (the run's end panel has the
        # focus, for Enter): the main window gives the focus when it shows it.
        if self.isVisible():
            self.take_focus()

    def _headline(self, d: Debrief) -> QWidget:
        r = d.result
        colour = style.verdict(self.palette(), r.passed).name()
        word = verdict_word(r.passed, self.mode)
        counts = (
            "Assessment run: a pass counts towards your tracks (see Progress)."
            if self.mode == Mode.ASSESSMENT
            else "Practice run: it does not count towards tracks or certificates; "
            "take the assessment for that."
        )
        html = (
            f"<h2>{escape(d.title)}</h2>"
            f"<p style='font-size:x-large'><b>{r.score}%</b> &nbsp; "
            f"<span style='color:{colour}'><b>{word}</b></span></p>"
            f"<p><i>{counts}</i></p>"
            f"<p>{escape(r.verdict)}</p>"
            f"<p><b>Ending:</b> {escape(d.ending_title)} — "
            f"<i>{escape(d.ending_text)}</i></p>"
        )
        self.score_label = _label(html, f"Score {r.score} percent. {word}. {r.verdict}")
        return self.score_label

    def _competencies(self, d: Debrief) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.addWidget(_label("<h3>Competencies</h3>", "Competencies"), 0, 0, 1, 2)
        self.bars: dict[str, QProgressBar] = {}
        for row, c in enumerate(d.result.competencies, start=1):
            name = d.competency_names.get(c.id, c.id)
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setValue(c.percent)
            bar.setFormat(f"{c.percent}%")
            bar.setAccessibleName(f"{name}: {c.percent} percent ({c.earned} of {c.attainable})")
            bar.setToolTip(f"{c.earned} of {c.attainable} attainable points")
            grid.addWidget(_label(escape(name), name), row, 0)
            grid.addWidget(bar, row, 1)
            self.bars[c.id] = bar
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(d.result.competencies) + 1, 1)
        return box

    def _learning(self, d: Debrief) -> QWidget:
        parts = ["<h3>What to take away</h3>"]
        if d.teaching_points:
            items = "".join(
                f"<li><b>{escape(p.technique)}:</b> {escape(p.text)}</li>"
                for p in d.teaching_points
            )
            parts.append(f"<ul>{items}</ul>")
        if d.costliest is not None:
            parts.append(
                f"<p><b>Cost you most:</b> decision {d.costliest.number} — "
                f"“{escape(d.costliest.chosen)}”</p>"
            )
        if d.reflection:
            parts.append(f"<p><b>Think about:</b> {escape(d.reflection)}</p>")
        parts.append(f"<p><b>Next:</b> {escape(d.suggestion)}</p>")
        self.learning_label = _label("".join(parts), "Teaching points and what to try next")
        return self.learning_label

    def _paths(self, d: Debrief) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.addWidget(_label("<h3>Your path</h3>", "Your path"), 0, 0, 1, 2)
        grid.addWidget(_label("<h3>The best path</h3>", "The best path"), 0, 2)
        for row, decision in enumerate(d.decisions, start=1):
            grid.addWidget(
                _label(f"<b>{decision.number}</b>", f"Decision {decision.number}"),
                row,
                0,
                Qt.AlignmentFlag.AlignTop,
            )
            grid.addWidget(self._decision(decision, d.competency_names), row, 1)
        best = "".join(f"<li>{escape(text)}</li>" for text in d.best_path)
        grid.addWidget(
            _label(f"<ol>{best}</ol>", "The best path"),
            1,
            2,
            max(1, len(d.decisions)),
            1,
            Qt.AlignmentFlag.AlignTop,
        )
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        return box

    def _decision(self, d: DecisionReview, names: dict[str, str]) -> QLabel:
        good = style.verdict(self.palette(), True).name()
        bad = style.verdict(self.palette(), False).name()
        if d.critical:
            mark = f"<span style='color:{bad}'>✗ critical: {escape(d.critical)}</span>"
        elif d.was_best:
            mark = f"<span style='color:{good}'>✓ best choice</span>"
        else:
            mark = f"<span>· cost {d.cost} point{'s' if d.cost != 1 else ''}</span>"
        scores = ", ".join(f"{escape(names.get(k, k))} {v:+d}" for k, v in d.scores.items())
        html = f"“{escape(d.chosen)}”<br>{mark}" + (
            f" &nbsp; <small>[{scores}]</small>" if scores else ""
        )
        if d.feedback:
            html += f"<br><i>{escape(d.feedback)}</i>"
        if not d.was_best:
            html += f"<br><b>Best here:</b> “{escape(d.best)}”"
        label = _label(html, f"Decision {d.number}: {d.chosen}")
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return label

    def _replay(self) -> None:
        """Replay; another assessment is asked for first, as from the library."""
        debrief, mode = self.debrief, self.mode
        if debrief is None:
            return
        if mode == Mode.ASSESSMENT:
            from trainer.ui.dialogs import common as dialogs

            self.question = dialogs.confirm_assessment(
                self, debrief.title, lambda: self.replay.emit(debrief.scenario_id, mode)
            )
        else:
            self.replay.emit(debrief.scenario_id, mode)

    def take_focus(self) -> None:
        """On showing the page: the replay button, or the way back to the library."""
        (self.replay_button if self.replay_button.isEnabled() else self.library_button).setFocus()
