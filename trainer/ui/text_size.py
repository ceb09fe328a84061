"""Text size: Ctrl+plus / Ctrl+minus / Ctrl+0, remembered in the store.

Scales the application font, so every widget that does not set its own size
(which is all of ours: headings use relative HTML sizes) follows. At the
normal size nothing is done at start-up: the system font is left as it is,
and the system font is only copied (as the base to scale) at the first change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from trainer.store import Store

KEY = "text_scale"
STEPS = (0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6, 1.8, 2.0)


class TextSize:
    """The app's text scale; ``apply`` sets the application font."""

    def __init__(self, store: Store, app: QApplication) -> None:
        self.store = store
        self.app = app
        self._base: QFont | None = None  # the system font, taken before the first change
        # Called after each change, for what measures its text once rather than
        # at every layout (the library's columns).
        self.changed: list[Callable[[], None]] = []
        saved = store.get_setting(KEY, 1.0)
        self.scale = float(saved) if isinstance(saved, int | float) and 0.5 <= saved <= 3 else 1.0
        if self.scale != 1.0:
            self.apply()

    @property
    def base(self) -> QFont:
        if self._base is None:
            from PySide6.QtGui import QFont

            self._base = QFont(self.app.font())
        return self._base

    def apply(self) -> None:
        from PySide6.QtGui import QFont

        base = self.base
        font = QFont(base)
        size = base.pointSizeF()
        if size > 0:
            font.setPointSizeF(size * self.scale)
        else:
            font.setPixelSize(round(base.pixelSize() * self.scale))
        self.app.setFont(font)
        for listener in self.changed:
            listener()

    def step(self, direction: int) -> None:
        """One step larger (+1), smaller (-1), or back to normal (0); saved at once."""
        if direction == 0:
            self.scale = 1.0
        else:
            nearest = min(range(len(STEPS)), key=lambda i: abs(STEPS[i] - self.scale))
            index = max(0, min(len(STEPS) - 1, nearest + direction))
            self.scale = STEPS[index]
        self.store.set_setting(KEY, self.scale)
        self.apply()
