"""A meter (tension, goodwill) as a gauge that moves when the value changes.

Painted rather than a QProgressBar so it can show which end is good (the bar
turns from green towards red as things get worse) and animate the change,
with the size of the change shown briefly beside the value.
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QRectF, QSize, Qt, QTimer, QVariantAnimation
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from trainer.ui import style

ANIMATION_MS = 450


class Gauge(QWidget):
    """One labelled meter with bounds and a good end."""

    def __init__(
        self, label: str, value: int, low: int, high: int, good: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.label, self.low, self.high, self.good = label, low, high, good
        self.value = value
        self._shown = float(value)
        self._delta = 0
        self._anim = QVariantAnimation(self)
        self._anim.setDuration(ANIMATION_MS)
        self._anim.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._anim.valueChanged.connect(self._on_frame)
        self._clear_delta = QTimer(self, singleShot=True, interval=2500)
        self._clear_delta.timeout.connect(self._hide_delta)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._describe()

    def set_value(self, value: int) -> None:
        """Move to ``value``, animating from where the bar is now."""
        if value == self.value:
            return
        self._delta = value - self.value
        self.value = value
        self._anim.stop()
        self._anim.setStartValue(self._shown)
        self._anim.setEndValue(float(value))
        self._anim.start()
        self._clear_delta.start()
        self._describe()

    @property
    def animating(self) -> bool:
        return self._anim.state() == QVariantAnimation.State.Running

    def fraction_good(self) -> float:
        f = (self._shown - self.low) / (self.high - self.low)
        return f if self.good == "high" else 1 - f

    def _describe(self) -> None:
        better = "higher" if self.good == "high" else "lower"
        self.setAccessibleName(f"{self.label}: {self.value} of {self.high}")
        change = ""
        if self._delta:
            worse = (self._delta > 0) == (self.good == "low")
            change = f"; {'up' if self._delta > 0 else 'down'} {abs(self._delta)}, "
            change += "worse" if worse else "better"
        self.setAccessibleDescription(f"{better} is better{change}")
        self.setToolTip(
            f"{self.label}: {self.value} (from {self.low} to {self.high}; {better} is better)"
        )

    def _on_frame(self, value: object) -> None:
        self._shown = float(value)  # type: ignore[arg-type]
        self.update()

    def _hide_delta(self) -> None:
        self._delta = 0
        self.update()

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(220, int(line * 2.4))

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        metrics = self.fontMetrics()
        line = metrics.height()
        width = self.width()
        value_text = f"{round(self._shown)}"
        worse = (self._delta > 0) == (self.good == "low")
        if self._delta:
            # The word as well as the colour: red and green alone do not tell everyone.
            arrow = "▲" if self._delta > 0 else "▼"
            value_text = f"{arrow}{abs(self._delta)} {'worse' if worse else 'better'}  {value_text}"
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        text_width = metrics.horizontalAdvance(value_text) + 8
        label = metrics.elidedText(self.label, Qt.TextElideMode.ElideRight, width - text_width)
        p.drawText(QRectF(0, 0, width, line), Qt.AlignmentFlag.AlignLeft, label)
        if self._delta:
            p.setPen(style.verdict(pal, not worse))
        p.drawText(QRectF(0, 0, width, line), Qt.AlignmentFlag.AlignRight, value_text)
        bar = QRectF(0.5, line + 4.5, width - 1, line * 0.8)
        radius = bar.height() / 2
        p.setPen(pal.color(QPalette.ColorRole.Mid))
        p.setBrush(pal.color(QPalette.ColorRole.Base))
        p.drawRoundedRect(bar, radius, radius)
        share = max(0.0, min(1.0, (self._shown - self.low) / (self.high - self.low)))
        if share > 0:
            filled = QRectF(
                bar.left(), bar.top(), max(bar.height(), bar.width() * share), bar.height()
            )
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(style.scale(self.fraction_good(), pal))
            p.drawRoundedRect(filled, radius, radius)
