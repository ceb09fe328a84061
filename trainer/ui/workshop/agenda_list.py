"""The agenda on the console: every block, planned against actual, the current one marked.

A thin adapter over the snapshot's :class:`~trainer.workshop.views.AgendaRow`
tuple: the rows are made once and their text updated on each change.
Double-click (or Ctrl+G) on a block asks to jump there.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from trainer.ui import style
from trainer.ui.workshop import timing
from trainer.workshop.views import AgendaRow, BlockState

COLUMNS = ("Start", "Block", "Planned", "Actual")
MARKS = {
    BlockState.DONE: "✓",
    BlockState.SKIPPED: "skipped",
    BlockState.CURRENT: "▶",
    BlockState.COMING: "",
}


class AgendaList(QTreeWidget):
    """The plan's blocks; ``go_to(index)`` when the facilitator asks to jump to one."""

    go_to = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels(COLUMNS)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName("Agenda")
        self.setToolTip("Double-click a block, or select it and press Ctrl+G, to go to it")
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.itemDoubleClicked.connect(
            lambda item, _c: self.go_to.emit(self.indexOfTopLevelItem(item))
        )
        jump = QShortcut(QKeySequence("Ctrl+G"), self)
        jump.activated.connect(self._jump)
        self.rows: tuple[AgendaRow, ...] = ()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)

    def _jump(self) -> None:
        item = self.currentItem()
        if item is not None:
            self.go_to.emit(self.indexOfTopLevelItem(item))

    def show_agenda(self, rows: tuple[AgendaRow, ...]) -> None:
        if rows == self.rows:
            return
        if len(rows) != self.topLevelItemCount():
            self.clear()
            for _ in rows:
                self.addTopLevelItem(QTreeWidgetItem())
        self.rows = rows
        pal = self.palette()
        for row in rows:
            item = self.topLevelItem(row.index)
            assert item is not None
            self._fill(item, row, pal)
            if row.state is BlockState.CURRENT:
                self.scrollToItem(item)

    def _fill(self, item: QTreeWidgetItem, row: AgendaRow, pal: object) -> None:
        planned = f"{row.planned_minutes} min"
        if row.extended_minutes:
            planned += f" {row.extended_minutes:+d}"
        actual = timing.minutes_text(row.actual_seconds)
        mark = MARKS[row.state]
        title = f"{mark}  {row.title}" if mark and mark != "skipped" else row.title
        if row.state is BlockState.SKIPPED:
            actual = "skipped"
        for column, text in enumerate(
            (timing.clock_time(row.planned_start), title, planned, actual)
        ):
            item.setText(column, text)
        current = row.state is BlockState.CURRENT
        font = QFont(self.font())
        font.setBold(current)
        for column in range(len(COLUMNS)):
            item.setFont(column, font)
            if current:
                item.setBackground(column, QBrush(style.tint(self.palette(), "trainee")))
            else:
                item.setData(column, Qt.ItemDataRole.BackgroundRole, None)
            if row.state in (BlockState.DONE, BlockState.SKIPPED):
                item.setForeground(
                    column, QBrush(self.palette().color(self.palette().ColorRole.PlaceholderText))
                )
            else:
                item.setData(column, Qt.ItemDataRole.ForegroundRole, None)
        state = {"done": "done", "skipped": "skipped", "current": "now", "coming": "to come"}
        item.setData(1, Qt.ItemDataRole.AccessibleTextRole, f"{row.title}, {state[row.state]}")
