"""The debrief: score and verdict, competencies, each decision and the best next move.

Renders a :class:`~trainer.scoring.debrief.Debrief` value and nothing else:
every number on this page comes from the scoring core, which is what the
tests check it against.

Each decision lists the options as the trainee saw them (an assessment's
shuffled order, the same numbers) and, where the choice was not the best,
the best *next* move from the situation the trainee was in, with its
reason. The whole best path is not printed: it would be a list of answers
to copy into the next run.

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
        """Each decision with its options as shown, and the best next move where it went wrong.

        Not the whole best path: see :mod:`trainer.scoring.debrief` for why.
        """
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(12)
        col.addWidget(_label("<h3>Your decisions</h3>", "Your decisions"))
        self.decision_labels: list[QLabel] = []
        for decision in d.decisions:
            label = self._decision(decision, d.competency_names)
            col.addWidget(label)
            self.decision_labels.append(label)
        return box

    def _decision(self, d: DecisionReview, names: dict[str, str]) -> QLabel:
        """The line answered, then every option as it was shown (same numbers, same order).

        The one chosen carries its verdict and tip; where that was not the
        best, the best next move carries its reason.
        """
        good = style.verdict(self.palette(), True).name()
        bad = style.verdict(self.palette(), False).name()
        if d.critical:
            mark = f"<span style='color:{bad}'>✗ critical: {escape(d.critical)}</span>"
        elif d.was_best:
            mark = f"<span style='color:{good}'>✓ best choice</span>"
        else:
            mark = f"<span>· cost {d.cost} point{'s' if d.cost != 1 else ''}</span>"
        scores = ", ".join(f"{escape(names.get(k, k))} {v:+d}" for k, v in d.scores.items())
        rows = []
        for option in d.options:
            text = f"“{escape(option.text)}”"
            if option.chosen:
                cell = f"<b>{text}</b><br>← you chose this &nbsp; {mark}" + (
                    f" &nbsp; <small>[{scores}]</small>" if scores else ""
                )
                if d.feedback:
                    cell += f"<br><i>{escape(d.feedback)}</i>"
            elif option.best:
                cell = f"<b>{text}</b><br>← <b>best next move here</b>"
                if d.best_feedback:
                    cell += f"<br><i>{escape(d.best_feedback)}</i>"
            else:
                cell = f"<small>{text}</small>"
            rows.append(
                f"<tr><td valign='top' align='right'><b>{option.number}.</b>&nbsp;</td>"
                f"<td valign='top'>{cell}</td></tr>"
            )
        html = (
            f"<b>Decision {d.number}</b> &nbsp; <small><i>“{escape(d.heard)}”</i></small>"
            f"<table cellspacing='0' cellpadding='2'>{''.join(rows)}</table>"
        )
        spoken = f"Decision {d.number}: you chose {d.chosen_number}, {d.chosen}"
        if not d.was_best:
            spoken += f". Best next move here: {d.best_number}, {d.best}"
        label = _label(html, spoken)
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
