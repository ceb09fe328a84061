"""The conversation as a chat: each party on its own side, in its own colour.

Customers, colleagues and supervisors speak from the left, each side with its
own tint and a header naming who they are and how they speak; the trainee's
own words sit on the right; stage directions are centred in italics. Text is
always plain text: names and lines from content are never read as markup.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from trainer.scenarios.model import NARRATOR, TRAINEE
from trainer.scenarios.playthrough import Line
from trainer.ui import style

BUBBLE_SHARE = 0.78  # of the view's width


def _label(text: str, *, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def header_html(line: Line) -> str:
    """'Name · role · manner' with the name in bold (escaped: names are text)."""
    if line.by_trainee:
        return "<b>You</b>"
    parts = [f"<b>{escape(line.name)}</b>", escape(line.role)]
    if str(line.manner) != "neutral":
        parts.append(f"<i>{escape(str(line.manner))}</i>")
    return " · ".join(parts)


def spoken(line: Line) -> str:
    """The line as a screen reader announces it."""
    if line.narration:
        return line.text
    who = "You" if line.by_trainee else f"{line.name}, {line.role}"
    manner = "" if str(line.manner) == "neutral" else f" ({line.manner})"
    action = f" [{line.action}]" if line.action else ""
    return f"{who}{manner}{action}: {line.text}"


class Bubble(QFrame):
    """One line of the conversation."""

    def __init__(self, line: Line, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = line
        self.side = TRAINEE if line.by_trainee else line.side
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 10)
        layout.setSpacing(3)
        if line.narration:
            text = _label(f"<i>{escape(line.text)}</i>", rich=True)
            text.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(text)
        else:
            self.header = _label(header_html(line), rich=True)
            layout.addWidget(self.header)
            if line.action:
                layout.addWidget(_label(f"<i>{escape(line.action)}</i>", rich=True))
            layout.addWidget(_label(line.text))
        self.setAccessibleName(spoken(line))

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.side == NARRATOR:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.setPen(
            style.blend(pal.color(QPalette.ColorRole.Base), style.accent(pal, self.side), 0.45)
        )
        p.setBrush(style.tint(pal, self.side))
        p.drawRoundedRect(rect, 10, 10)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(style.accent(pal, self.side))
        edge = rect.right() - 4 if self.side == TRAINEE else rect.left()
        p.drawRoundedRect(QRectF(edge, rect.top() + 6, 4, rect.height() - 12), 2, 2)


class ConversationView(QScrollArea):
    """The transcript so far; new lines are added at the bottom and scrolled to."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Conversation")
        # Reachable by Tab, so the keyboard can scroll back (arrows, Page Up).
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.announce = True  # new lines are spoken by screen readers (not on a projector)
        body = QWidget()
        body.setBackgroundRole(QPalette.ColorRole.Window)
        self._rows = QVBoxLayout(body)
        self._rows.setSpacing(10)
        self._rows.setContentsMargins(12, 12, 12, 12)
        self._rows.addStretch(1)
        self.setWidget(body)
        self.bubbles: list[Bubble] = []
        self.kept: int | None = None  # show only the last N lines (a projector); None: all
        self.whole = False  # show only lines that fit whole (a projector): none cut at the top
        self.verticalScrollBar().rangeChanged.connect(self._to_bottom)

    def clear(self) -> None:
        for bubble in self.bubbles:
            row = bubble.parentWidget()
            if row is not None:
                row.deleteLater()
        self.bubbles = []

    def add(self, line: Line) -> Bubble:
        """Show one more line at the bottom."""
        bubble = Bubble(line)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        if bubble.side == TRAINEE:
            layout.addStretch(100 - int(BUBBLE_SHARE * 100))
        layout.addWidget(bubble, int(BUBBLE_SHARE * 100))
        if bubble.side not in (TRAINEE, NARRATOR):
            layout.addStretch(100 - int(BUBBLE_SHARE * 100))
        self._rows.insertWidget(self._rows.count() - 1, row)
        self.bubbles.append(bubble)
        if self.kept is not None:
            self._hide_older()
        self._announce(bubble)
        return bubble

    def _announce(self, bubble: Bubble) -> None:
        """Have a screen reader speak the new line (it would not notice a new widget)."""
        if self.announce and QAccessible.isActive():
            event = QAccessibleAnnouncementEvent(self, bubble.accessibleName())
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
            QAccessible.updateAccessibility(event)

    def keep_last(self, count: int | None) -> None:
        """Show only the last ``count`` lines from now on (None: every line).

        For a projector, where the room reads the last few lines: each line
        kept in the layout makes laying out the next one slower (75 ms after
        forty lines of large type, 12 ms with six), and a hidden line costs
        nothing.
        """
        self.kept = count
        self._hide_older()

    def whole_lines_only(self, on: bool = True) -> None:
        """Show only the last lines that fit whole: none is cut off at the top.

        For a projector, which nobody scrolls: a bubble whose top is cut
        off reads as a fragment, so the oldest line that does not fit is
        dropped instead (the last line always shows).
        """
        if on and not self.whole:  # the lines sit at the bottom, next to the choices
            self._rows.insertStretch(0, 1)
            self._rows.setStretch(self._rows.count() - 1, 0)
        self.whole = on
        self._hide_older()

    def _hide_older(self) -> None:
        keep = len(self.bubbles) if self.kept is None else self.kept
        shown = len(self.bubbles) - keep
        if self.whole:
            shown = max(shown, self._first_that_fits())
        for n, bubble in enumerate(self.bubbles):
            row = bubble.parentWidget()
            if row is not None:
                row.setHidden(n < shown)

    def _first_that_fits(self) -> int:
        """The index of the oldest line that still fits whole with every line after it."""
        margins = self._rows.contentsMargins()
        width = self.viewport().width() - margins.left() - margins.right()
        room = self.viewport().height() - margins.top() - margins.bottom()
        spacing = self._rows.spacing()
        first = len(self.bubbles)
        for n in range(len(self.bubbles) - 1, -1, -1):
            row = self.bubbles[n].parentWidget()
            if row is None:
                break
            height = row.heightForWidth(width) if row.hasHeightForWidth() else -1
            room -= (height if height > 0 else row.sizeHint().height()) + spacing
            if room + spacing < 0 and n < len(self.bubbles) - 1:
                break
            first = n
        return first

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.whole:
            self._hide_older()

    def _to_bottom(self, _low: int, high: int) -> None:
        self.verticalScrollBar().setValue(high)
