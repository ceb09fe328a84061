"""The list of problems the live check found, each with severity, line and column.

Activating a row (click, Enter) emits ``goTo(line, column)``. Refilling the
list never takes the focus: it does not accept focus from clicks (the
editor keeps it, and the cursor goes to the problem), only from Tab.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from trainer.scenarios.checker import Diagnostic
from trainer.ui.style import BAD

LINE_ROLE = Qt.ItemDataRole.UserRole
COLUMN_ROLE = Qt.ItemDataRole.UserRole + 1


class ProblemList(QListWidget):
    """``goTo(line, column)`` when a problem is chosen."""

    goTo = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Problems")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.itemClicked.connect(self._chosen)
        self.itemActivated.connect(self._chosen)

    def show_problems(self, problems: Sequence[Diagnostic]) -> None:
        self.setUpdatesEnabled(False)
        self.clear()
        for d in problems:
            loc = d.location
            mark = "●" if d.severity == "error" else "▲"
            item = QListWidgetItem(f"{mark} {loc.line}:{loc.column}  {d.severity}: {d.message}")
            item.setForeground(QColor(BAD) if d.severity == "error" else self.palette().text())
            item.setData(LINE_ROLE, loc.line)
            item.setData(COLUMN_ROLE, loc.column)
            item.setToolTip(str(d))
            self.addItem(item)
        if not problems:
            item = QListWidgetItem("No problems found")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(item)
        self.setUpdatesEnabled(True)

    def texts(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def _chosen(self, item: QListWidgetItem) -> None:
        line = item.data(LINE_ROLE)
        if isinstance(line, int):
            self.goTo.emit(line, int(item.data(COLUMN_ROLE) or 1))
