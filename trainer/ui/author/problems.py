"""The list of problems the live check found, each with severity, line and column.

Activating a row (click, Enter) emits ``goTo(line, column)``. Refilling the
list never takes the focus: it does not accept focus from clicks (the
editor keeps it, and the cursor goes to the problem), only from Tab.

A refill must fit in a frame even with a couple of hundred problems (a link
broken near the start leaves its whole branch unreachable): the rows are
added in one call, only errors get a colour of their own, where each row
points is kept in a plain list beside it, and the list lays its rows out a
batch at a time. The same problems as shown change nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from trainer.scenarios.checker import Diagnostic
from trainer.ui.style import BAD

BATCH = 40  # rows laid out per turn of the event loop


class ProblemList(QListWidget):
    """``goTo(line, column)`` when a problem is chosen."""

    goTo = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Problems")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(BATCH)
        self.itemClicked.connect(self._chosen)
        self.itemActivated.connect(self._chosen)
        self._shown: tuple[Diagnostic, ...] | None = None
        self._where: list[tuple[int, int]] = []  # (line, column) of each row

    def show_problems(self, problems: Sequence[Diagnostic]) -> None:
        """Fill the list with ``problems`` (nothing to do if they are the ones shown)."""
        found = tuple(problems)
        if found == self._shown:
            return
        self._shown = found
        self.setUpdatesEnabled(False)
        self.clear()
        self._where = [(d.location.line, d.location.column) for d in found]
        self.addItems([_row(d) for d in found])
        bad = QColor(BAD)
        for row, d in enumerate(found):
            if d.severity == "error":
                self.item(row).setForeground(bad)
        if not found:
            item = QListWidgetItem("No problems found")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(item)
        self.setUpdatesEnabled(True)

    def show_message(self, text: str) -> None:
        """Only ``text``, in place of the problems (the check could not run)."""
        self._shown, self._where = None, []
        self.clear()
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.addItem(item)

    def texts(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def _chosen(self, item: QListWidgetItem) -> None:
        row = self.row(item)
        if 0 <= row < len(self._where):
            self.goTo.emit(*self._where[row])


def _row(d: Diagnostic) -> str:
    mark = "●" if d.severity == "error" else "▲"
    return f"{mark} {d.location.line}:{d.location.column}  {d.severity}: {d.message}"
