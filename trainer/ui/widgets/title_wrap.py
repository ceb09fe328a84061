"""Library titles that wrap onto more lines when their column is too narrow.

QTreeView measures a row's height without the width of its columns, so a
word-wrapped title never makes its row taller and is cut short instead: at
a large text size on a projector, "IT priority against a …", with its
content-warning mark lost. This delegate measures the title at the width it
is drawn in. The library installs it only once a title does not fit (see
``LibraryPage._fit_titles``), so a start at the usual size does not pay for
it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView


class WrappingTitles(QStyledItemDelegate):
    """Sizes column 0's items for the width they are drawn in, so they wrap."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        view = self.view
        if view.isFirstColumnSpanned(index.row(), index.parent()):
            width = view.viewport().width()  # a topic row, across every column
        else:
            indent = view.indentation() if index.parent().isValid() else 0
            width = view.columnWidth(index.column()) - indent
        measured = QStyleOptionViewItem(option)
        # Qt's style wraps the text only within a valid rectangle: any height.
        measured.rect = QRect(0, 0, max(width, 1), 1)
        return super().sizeHint(measured, index)
