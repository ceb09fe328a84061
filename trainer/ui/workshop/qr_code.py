"""A QR code painted with QPainter from segno's matrix: large, square, with its quiet zone.

segno (pure Python) only computes the modules; nothing is rendered to a
file or an image. The code is drawn black on white whatever the
projector's palette, with the four-module quiet zone the standard asks for,
so a phone reads it from the back of a room. segno is imported only when a
code is first set (phones switched on), not as the app starts.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET = 4  # modules of white around the code


def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The code's dark (True) and light modules, row by row."""
    import segno

    code = segno.make_qr(text, error="m")
    return tuple(tuple(bool(cell) for cell in row) for row in code.matrix)


class QrCode(QWidget):
    """Shows one text as a QR code, as large as the widget allows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.matrix: tuple[tuple[bool, ...], ...] = ()
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumSize(120, 120)
        self.setAccessibleName("QR code to join the room's vote")

    def set_text(self, text: str) -> None:
        if text == self.text:
            return
        self.text = text
        self.matrix = qr_matrix(text) if text else ()
        self.setAccessibleName(f"QR code to join the room's vote: {text}")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.matrix:
            return
        modules = len(self.matrix) + 2 * QUIET
        side = min(self.width(), self.height())
        unit = side // modules  # whole pixels per module: crisp edges, no blur
        if unit < 1:
            return
        size = unit * modules
        left = (self.width() - size) // 2
        top = (self.height() - size) // 2
        p = QPainter(self)
        p.fillRect(QRectF(left, top, size, size), QColor("white"))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("black"))
        for y, row in enumerate(self.matrix):
            for x, dark in enumerate(row):
                if dark:
                    p.drawRect(left + (x + QUIET) * unit, top + (y + QUIET) * unit, unit, unit)
