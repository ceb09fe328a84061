"""Choices as large buttons whose text wraps, numbered for the keys 1-9."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

# Focus the trainee gave a choice (not the first choice's automatic focus).
MOVED_TO = (
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.MouseFocusReason,
)


class ChoiceButton(QPushButton):
    """A push button showing a long, word-wrapped option and its number."""

    def __init__(self, number: int, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.option_text = text
        self.moved_to = False  # the trainee moved the focus here (Enter then picks it)
        self._label = QLabel(f"<b>{number}</b>&nbsp;&nbsp;&nbsp;{escape(text)}")
        self._label.setTextFormat(Qt.TextFormat.RichText)
        self._label.setWordWrap(True)
        self._label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 9, 14, 9)
        layout.addWidget(self._label)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(f"Choice {number}: {text}")
        self.setToolTip(f"Press {number} to choose this")

    def focusInEvent(self, event: QFocusEvent) -> None:
        if event.reason() in MOVED_TO:
            self.moved_to = True
        super().focusInEvent(event)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        inner = width - margins.left() - margins.right()
        return self._label.heightForWidth(inner) + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:
        return QSize(480, self.heightForWidth(480))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.fontMetrics().height() + 20)
