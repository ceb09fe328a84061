"""The YAML editor: line numbers, problem marks, current line, YAML indentation.

A QPlainTextEdit keeps the text exactly as typed (comments, spacing, order)
and brings undo and redo. Around it:

* a margin with line numbers and a mark (● red for an error, ▲ amber for a
  warning) on each line with a problem; its tooltip says what;
* a wavy underline from a problem's column to the end of its word;
* the current line tinted, the cursor's node reported by ``lineChanged``;
* Enter keeps the indentation and adds a level after a ``key:`` or a list
  dash; Tab and Shift+Tab indent and dedent by two spaces (YAML forbids tabs).

Problems are shown with :meth:`show_problems`, which never moves the cursor,
changes the text or takes the focus.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from trainer.scenarios.checker import Diagnostic
from trainer.ui.author.highlighter import YamlHighlighter
from trainer.ui.style import BAD, WARN, blend, is_dark

INDENT = "  "
# Lines above and below the view whose problems are underlined ahead of a scroll.
# Qt lays out every extra selection on each cursor move, so 190 underlines
# (a link broken near the start, its whole branch unreachable) cost 12 ms a key;
# those in and near the view are a few.
UNDERLINE_REACH = 120


class _Margin(QWidget):
    def __init__(self, editor: YamlEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(self.editor.margin_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.editor.paint_margin(event)

    def event(self, event: object) -> bool:
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QHelpEvent

        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            line = self.editor.line_at_y(event.pos().y())
            text = self.editor.problem_text(line)
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)  # type: ignore[arg-type]


class YamlEditor(QPlainTextEdit):
    """Edits one scenario's YAML. ``lineChanged(line)`` when the cursor changes line."""

    lineChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Scenario text (YAML)")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setTabChangesFocus(False)
        self.problems: list[Diagnostic] = []
        self._by_line: dict[int, list[Diagnostic]] = {}
        self._line = 0
        self._underlines: list[QTextEdit.ExtraSelection] = []
        self._underlined = (0, 0)  # the lines whose problems have underlines
        self.margin = _Margin(self)
        self.highlighter = YamlHighlighter(self.document(), is_dark(self.palette()))
        self.blockCountChanged.connect(self._fit_margin)
        self.updateRequest.connect(self._scroll_margin)
        self.cursorPositionChanged.connect(self._cursor_moved)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._fit_margin()
        self._refresh_selections()

    # --- what the page asks for ------------------------------------------
    def set_text(self, text: str) -> None:
        """Replace the whole text (a file opened): the undo history starts afresh."""
        self.problems, self._by_line, self._underlines = [], {}, []
        self.setPlainText(text)
        self.document().setModified(False)

    def current_line(self) -> int:
        return self.textCursor().blockNumber() + 1

    def go_to(self, line: int, column: int = 1) -> None:
        """Put the cursor at ``line``:``column`` (1-based), scrolled into view."""
        block = self.document().findBlockByNumber(max(0, line - 1))
        if not block.isValid():
            block = self.document().lastBlock()
        cursor = QTextCursor(block)
        cursor.movePosition(
            QTextCursor.MoveOperation.Right,
            QTextCursor.MoveMode.MoveAnchor,
            max(0, min(column - 1, block.length() - 1)),
        )
        self.setTextCursor(cursor)
        self.centerCursor()

    def show_problems(self, problems: Sequence[Diagnostic]) -> None:
        """Underline and mark these problems; the cursor and the text stay as they are.

        The same problems as shown (most checks while typing) change nothing:
        the underlines' cursors have followed the edits already.
        """
        if list(problems) == self.problems:
            return
        self.problems = list(problems)
        self._by_line = {}
        for d in self.problems:
            self._by_line.setdefault(max(1, d.location.line), []).append(d)
        self._underline()
        self._refresh_selections()
        self.margin.update()

    def problem_text(self, line: int) -> str:
        return "\n".join(f"{d.severity}: {d.message}" for d in self._by_line.get(line, []))

    # --- typing YAML ---------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            mods & Qt.KeyboardModifier.ControlModifier
        ):
            self._newline()
            return
        if key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ControlModifier:
            self._indent(+1)
            return
        if key == Qt.Key.Key_Backtab:
            self._indent(-1)
            return
        super().keyPressEvent(event)

    def _newline(self) -> None:
        cursor = self.textCursor()
        line = cursor.block().text()[: cursor.positionInBlock()]
        indent = line[: len(line) - len(line.lstrip(" "))]
        stripped = line.strip()
        code = stripped.split(" #", 1)[0].rstrip()
        if code.endswith(":") or code.endswith(("|", ">", "|-", ">-", "|+", ">+")):
            indent += INDENT
        elif code.startswith("- ") and ":" not in code:
            pass  # another item of the same list: the dash is typed by the author
        elif code.startswith("- "):
            indent += INDENT  # the keys of a list item line up after its dash
        cursor.beginEditBlock()
        cursor.insertText("\n" + indent)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def _indent(self, direction: int) -> None:
        cursor = self.textCursor()
        if not cursor.hasSelection() and direction > 0:
            cursor.insertText(INDENT)
            return
        doc = self.document()
        first = doc.findBlock(cursor.selectionStart()).blockNumber()
        last = doc.findBlock(cursor.selectionEnd()).blockNumber()
        cursor.beginEditBlock()
        for number in range(first, last + 1):
            block = doc.findBlockByNumber(number)
            edit = QTextCursor(block)
            if direction > 0:
                edit.insertText(INDENT)
            else:
                text = block.text()
                remove = min(len(INDENT), len(text) - len(text.lstrip(" ")))
                edit.movePosition(
                    QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, remove
                )
                edit.removeSelectedText()
        cursor.endEditBlock()

    # --- current line and underlines ----------------------------------------
    def _cursor_moved(self) -> None:
        self._refresh_selections()
        line = self.current_line()
        if line != self._line:
            self._line = line
            self.margin.update()  # the current line's number stands out: both lines change
            self.lineChanged.emit(line)

    def _refresh_selections(self) -> None:
        """The current line's tint over the problems' underlines.

        The underlines are built once per check (:meth:`_underline`) and when
        a scroll leaves the lines they cover, not on every cursor move.
        """
        pal = self.palette()
        current = QTextEdit.ExtraSelection()
        current.format.setBackground(blend(pal.base().color(), pal.highlight().color(), 0.12))
        current.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        current.cursor = self.textCursor()
        current.cursor.clearSelection()
        self.setExtraSelections([current, *self._underlines])

    def _visible_lines(self) -> tuple[int, int]:
        first = self.firstVisibleBlock().blockNumber() + 1
        rows = self.viewport().height() // max(1, self.fontMetrics().height())
        return first, first + rows

    def _scrolled(self, _value: int = 0) -> None:
        low, high = self._underlined
        first, last = self._visible_lines()
        if self.problems and (first < low or last > high):
            self._underline()
            self._refresh_selections()

    def _underline(self) -> None:
        """Underlines for the problems in and near the view (see UNDERLINE_REACH)."""
        doc = self.document()
        first, last = self._visible_lines()
        low, high = first - UNDERLINE_REACH, last + UNDERLINE_REACH
        self._underlined = (low, high)
        self._underlines = []
        for d in self.problems:
            if not low <= d.location.line <= high:
                continue
            block = doc.findBlockByNumber(max(0, d.location.line - 1))
            if not block.isValid():
                continue
            sel = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(BAD if d.severity == "error" else WARN)
            sel.format = fmt
            cursor = QTextCursor(block)
            text = block.text()
            start = max(0, min(d.location.column - 1, len(text)))
            end = _word_end(text, start)
            cursor.setPosition(block.position() + start)
            cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            self._underlines.append(sel)

    # --- the margin ---------------------------------------------------------
    def margin_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 18 + self.fontMetrics().horizontalAdvance("9") * (digits + 1)

    def _fit_margin(self, _count: int = 0) -> None:
        self.setViewportMargins(self.margin_width(), 0, 0, 0)

    def _scroll_margin(self, rect: QRect, dy: int) -> None:
        if dy:
            self.margin.scroll(0, dy)
        else:
            self.margin.update(0, rect.y(), self.margin.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        area = self.contentsRect()
        self.margin.setGeometry(QRect(area.left(), area.top(), self.margin_width(), area.height()))

    def line_at_y(self, y: int) -> int:
        block = self.firstVisibleBlock()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        while block.isValid():
            bottom = top + self.blockBoundingRect(block).height()
            if top <= y < bottom:
                return block.blockNumber() + 1
            block = block.next()
            top = bottom
        return 0

    def paint_margin(self, event: QPaintEvent) -> None:
        painter = QPainter(self.margin)
        pal = self.palette()
        painter.fillRect(event.rect(), blend(pal.base().color(), pal.window().color(), 0.6))
        muted = blend(pal.text().color(), pal.base().color(), 0.55)
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        width = self.margin.width()
        current = self.current_line()
        area = event.rect()  # a key press repaints one line's strip, not the whole margin
        while block.isValid() and top <= area.bottom():
            number = block.blockNumber() + 1
            if block.isVisible() and top + height >= area.top():
                painter.setPen(pal.text().color() if number == current else muted)
                painter.drawText(
                    0, top, width - 16, height, Qt.AlignmentFlag.AlignRight, str(number)
                )
                found = self._by_line.get(number)
                if found:
                    error = any(d.severity == "error" for d in found)
                    painter.setPen(QColor(BAD if error else WARN))
                    painter.drawText(
                        width - 14,
                        top,
                        12,
                        height,
                        Qt.AlignmentFlag.AlignCenter,
                        "●" if error else "▲",
                    )
            top += round(self.blockBoundingRect(block).height())
            block = block.next()
        painter.end()

    def changeEvent(self, event: object) -> None:
        from PySide6.QtCore import QEvent

        super().changeEvent(event)  # type: ignore[arg-type]
        if getattr(event, "type", lambda: None)() == QEvent.Type.PaletteChange:
            self.highlighter.set_dark(is_dark(self.palette()))


def _word_end(text: str, start: int) -> int:
    """The end of the token at ``start`` (at least one character, so it shows)."""
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    if end == start:
        end = min(len(text), start + 1) if start < len(text) else start
    return end
