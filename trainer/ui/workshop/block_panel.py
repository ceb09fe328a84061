"""The current block for the facilitator: its countdown, the plan's standing, prompts, notes.

The top of the console (:class:`StatusBar`) is meant to be read at a glance
from a step away: the countdown in very large figures, coloured as time
runs out (amber when it is nearly up, red once over), beside "6 min behind"
and the wall clock. :class:`BlockNotes` holds the block's prompts and the
facilitator's notes, which only the console shows.
"""

from __future__ import annotations

import re
from datetime import datetime
from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from trainer.ui import style
from trainer.ui.workshop import timing
from trainer.workshop.views import ConsoleView, Timer

TIME_MARKER = re.compile(r"^\s*(\d+(?:\s*[-–]\s*\d+)?\s*min:)")


def note_paragraphs(notes: str) -> str:
    """The plan's notes as HTML: a paragraph per line, a leading "10-15 min:" in bold."""
    paragraphs = []
    for line in notes.splitlines():
        if not line.strip():
            continue
        marker = TIME_MARKER.match(line)
        if marker:
            rest = line[marker.end() :]
            paragraphs.append(f"<p><b>{escape(marker.group(1))}</b>{escape(rest)}</p>")
        else:
            paragraphs.append(f"<p>{escape(line.strip())}</p>")
    return "".join(paragraphs)


def level_colour(palette: QPalette, level: str) -> str:
    if level == "over":
        return style.verdict(palette, False).name()
    if level == "soon":
        return (
            style.WARN.lighter(130) if style.is_dark(palette) else style.WARN.darker(120)
        ).name()
    return palette.color(QPalette.ColorRole.WindowText).name()


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAccessibleName(name)
    return label


WARN_BACK, WARN_TEXT = "#fff3cd", "#5c4400"  # the console's warnings (as the one-screen banner)


class StatusBar(QWidget):
    """Block n of m, its countdown, the session against the plan, the time of day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        self.block = _label("Current block")
        self.block.setWordWrap(True)
        self.following = _label("Next block")
        self.following.setWordWrap(True)
        left.addWidget(self.block)
        left.addWidget(self.following)
        row.addLayout(left, 1)
        self.countdown = _label("Time left in this block")
        row.addWidget(self.countdown)
        right = QVBoxLayout()
        self.standing = _label("The session against the plan")
        self.wall = _label("Time of day")
        self.projector_state = _label("What the projector shows")
        for label in (self.standing, self.wall, self.projector_state):
            label.setAlignment(Qt.AlignmentFlag.AlignRight)
            right.addWidget(label)
        row.addLayout(right)
        self.standing_text = ""
        self._fit_type()

    def _fit_type(self) -> None:
        """The countdown in figures three times the text size, readable from a step away."""
        for label, times in ((self.countdown, 3.2), (self.standing, 1.6), (self.wall, 1.6)):
            font = QFont(self.font())
            if font.pointSizeF() > 0:
                font.setPointSizeF(font.pointSizeF() * times)
            else:
                font.setPixelSize(round(font.pixelSize() * times))
            label.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_type()

    def show_view(self, view: ConsoleView, now: datetime) -> None:
        total = len(view.agenda)
        if view.closed:
            where = "The workshop is closed"
        elif view.current is None:
            where = "The agenda is finished"
        else:
            where = f"Block {view.current + 1} of {total}"
        self.block.setText(
            f"<span style='font-size:large'>{where}:</span> <h2>{escape(view.block_title)}</h2>"
        )
        following = escape(view.next_title) if view.next_title else "the end of the workshop"
        self.following.setText(f"Next: {following}")
        self.show_timer(view.timer)
        # Labelled: beside the block's countdown, a bare "10:10" reads as another timer.
        ends = (
            f" <span style='font-size:small'>· ends about</span> {view.ends.astimezone():%H:%M}"
            if view.ends is not None
            else ""
        )
        self.wall.setText(
            f"<span style='font-size:small'>time now</span> {now.astimezone():%H:%M}{ends}"
        )
        if view.blanked or view.frozen:
            # Easy to forget while the room looks at a black or a stale screen: say it loudly.
            shown, key = ("BLANK", "B") if view.blanked else ("FROZEN", "F")
            self.projector_state.setText(
                f"<span style='background:{WARN_BACK};color:{WARN_TEXT};font-size:x-large'>"
                f"&nbsp;Projector: <b>{shown}</b> — {key} to undo&nbsp;</span>"
            )
        else:
            prompts = " · <b>prompts shown</b> (Q)" if view.prompts_shown else ""
            prompts += " · <b>agenda shown</b> (L)" if view.agenda_shown else ""
            self.projector_state.setText(f"Projector: <b>live</b>{prompts}")

    def show_timer(self, timer: Timer | None) -> None:
        if timer is None:
            self.countdown.clear()
            self.standing.clear()
            return
        colour = level_colour(self.palette(), timer.level)
        paused = "<br><b>PAUSED</b> — P to resume" if timer.paused else ""
        if timer.waiting:
            paused = "<br><b>NOT STARTED</b> — N to begin"  # short: a laptop's console fits
        self.countdown.setText(
            f"<div align='center'><span style='color:{colour}'>"
            f"<b>{timing.countdown(timer.remaining)}</b></span>{paused}</div>"
        )
        self.countdown.setAccessibleName(timing.spoken(timer))
        self.standing_text = timing.standing(timer.behind)
        late = timer.behind >= timing.SLACK
        colour = style.verdict(self.palette(), False).name() if late else colour
        self.standing.setText(f"<span style='color:{colour}'><b>{self.standing_text}</b></span>")


class BlockNotes(QTextBrowser):
    """The block's prompts and notes (facilitator only: never on the projector)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Prompts and notes for this block")
        self.setOpenLinks(False)
        self.shown: tuple[tuple[str, ...], str, str] | None = None

    def show_view(self, view: ConsoleView) -> None:
        key = (view.prompts, view.notes, view.session_code)
        if key == self.shown:
            return
        self.shown = key
        parts = []
        if view.prompts:
            items = "".join(f"<li>{escape(p)}</li>" for p in view.prompts)
            parts.append(f"<h3>Prompts</h3><ol>{items}</ol>")
        if view.notes:
            parts.append(f"<h3>Notes (yours only)</h3>{note_paragraphs(view.notes)}")
        if view.session_code:
            parts.append(
                "<p><i>Session code for trainees' result files: "
                f"<b>{escape(view.session_code)}</b></i></p>"
            )
        self.setHtml("".join(parts) or "<p><i>No prompts or notes for this block.</i></p>")
