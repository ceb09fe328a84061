"""A focus ring strong enough to see on a projector.

The platform style shows keyboard focus on a button as a faint line. One
:class:`FocusRing` follows the focus to buttons, check boxes, radio buttons,
combo boxes, sliders and tab bars and draws a 3 px ring in the palette's
highlight colour around the focused one, so light and dark themes both work.
Text fields and lists are left alone: the style already frames them in the
highlight colour when they have focus.

The ring is a :class:`QFocusFrame`, the widget Qt provides for a frame drawn
outside another widget's own area: it tracks the widget's moves, resizes
and visibility by itself. Python only runs once per focus change and once
per paint of the ring. (A proxy style would run Python for every primitive
Qt draws, and cost the app ~40 ms of start-up.) Which widgets get a ring is
asked by class name, and the painting classes are imported when the ring
first paints, so following the focus costs start-up nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtWidgets import QApplication, QFocusFrame, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

WIDTH = 3.0
RADIUS = 4.0
RINGED = ("QAbstractButton", "QComboBox", "QAbstractSlider", "QTabBar")


def ringed(widget: QWidget | None) -> bool:
    """Whether ``widget`` is a control that gets the ring."""
    return widget is not None and any(widget.inherits(name) for name in RINGED)


class FocusRing(QFocusFrame):
    """A rounded ring in the highlight colour around :meth:`widget`."""

    def paintEvent(self, event: QPaintEvent) -> None:
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QBrush, QPainter, QPalette, QPen

        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), WIDTH))
        painter.setBrush(QBrush())  # no fill: the widget shows through
        inset = WIDTH / 2
        painter.drawRoundedRect(
            QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), RADIUS, RADIUS
        )
        painter.end()


class FocusRingFollower:
    """Moves one ring to each newly focused widget that should have one."""

    def __init__(self) -> None:
        self.ring: FocusRing | None = None

    def focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        target = new if ringed(new) else None
        ring = self.ring
        # The ring lives inside the focused widget's window, so closing that
        # window (a dialog deleted on close) deletes the ring with it.
        if ring is None or not shiboken6.isValid(ring):
            if target is None:
                return
            ring = self.ring = FocusRing()
        ring.setWidget(target)  # type: ignore[arg-type]  # None hides the ring (Qt's nullptr)
        if target is not None:
            ring.raise_()  # over the widget's own border, not only around it


_follower = FocusRingFollower()


def follow_focus(app: QApplication) -> FocusRingFollower:
    """Ring the focused control from now on (once per application)."""
    app.focusChanged.connect(_follower.focus_changed)
    return _follower
