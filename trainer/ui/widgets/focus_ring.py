"""A focus ring strong enough to see on a projector.

The platform style shows keyboard focus on a button as a faint line. One
:class:`FocusRing` follows the focus to buttons, check boxes, radio buttons,
combo boxes, sliders and tab bars and draws a 3 px ring in the palette's
highlight colour around the focused one, so light and dark themes both work.
Lists, trees and other scrolling views get the ring too (the platform style
frames a focused list faintly or not at all); one-line text fields are left
alone: the style frames them and the caret blinks.

It also makes Enter do what Space does on the focused button, on pages as
in dialogs: Qt clicks a push button on Enter only inside a dialog (its
"auto default" buttons), and a tool button never.

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
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QFocusFrame, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QMoveEvent, QPaintEvent, QResizeEvent

WIDTH = 3.0
RADIUS = 4.0
RINGED = ("QAbstractButton", "QComboBox", "QAbstractSlider", "QTabBar", "QAbstractScrollArea")
ENTER_KEYS = (0x01000004, 0x01000005)  # Qt.Key.Key_Return, Qt.Key.Key_Enter


def ringed(widget: QWidget | None) -> bool:
    """Whether ``widget`` is a control that gets the ring."""
    return widget is not None and any(widget.inherits(name) for name in RINGED)


class FocusRing(QFocusFrame):
    """A rounded ring in the highlight colour around :meth:`widget`.

    Qt places a focus frame in the focused widget's parent and masks it to a
    band just outside the widget (2 px in the Fusion style). Where the widget
    is flush with its parent's edge (the library's list at the left of its
    splitter) the parent cuts that band off, and the ring would show on one
    side only. So the ring keeps a mask of its own: a band as wide as the
    ring along the part of its area the parent shows, re-made after Qt's
    whenever the ring moves or resizes (Qt sets its mask after those events,
    hence the zero-delay timer).
    """

    def __init__(self) -> None:
        super().__init__()
        self._remask_later = QTimer(self)
        self._remask_later.setSingleShot(True)
        self._remask_later.setInterval(0)
        self._remask_later.timeout.connect(self.remask)

    def moveEvent(self, event: QMoveEvent) -> None:
        self._remask_later.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._remask_later.start()

    def visible_area(self) -> QRect:
        """The ring's own area, less what its parent clips."""
        area = self.rect()
        parent = self.parentWidget()
        if parent is not None:
            area = area.intersected(parent.rect().translated(-self.x(), -self.y()))
        return area

    def remask(self) -> None:
        """Show the ring's band, on every side the parent leaves visible."""
        from PySide6.QtGui import QRegion

        area = self.visible_area()
        if area.isEmpty():  # an empty region would clear the mask: keep Qt's
            return
        band = round(WIDTH) + 1  # the ring, and a pixel for its antialiased edge
        inside = area.adjusted(band, band, -band, -band)
        self.setMask(QRegion(area).subtracted(QRegion(inside)))

    def paintEvent(self, event: QPaintEvent) -> None:
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QPainter, QPainterPath, QPalette, QPen

        # Stroked as a path with a pen built step by step: QPen(colour, width),
        # QPainter.setPen and drawRoundedRect each have an overload or default
        # that is a Qt enum, and resolving it makes PySide build the whole Qt
        # namespace (~15 ms) in the window's first paint.
        pen = QPen()
        pen.setColor(self.palette().color(QPalette.ColorRole.Highlight))
        pen.setWidthF(WIDTH)
        inset = WIDTH / 2
        ring = QPainterPath()
        ring.addRoundedRect(
            QRectF(self.visible_area()).adjusted(inset, inset, -inset, -inset), RADIUS, RADIUS
        )
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.strokePath(ring, pen)  # no fill: the widget shows through
        painter.end()


def enter_clicks(widget: QWidget | None, tool_buttons: QObject) -> None:
    """Let Enter click ``widget`` if it is a button (``tool_buttons`` filters tool buttons)."""
    if widget is None:
        return
    if widget.inherits("QPushButton"):
        # Outside a dialog a push button ignores Enter unless it is "auto default".
        widget.setProperty("autoDefault", True)
    elif widget.inherits("QToolButton"):
        widget.removeEventFilter(tool_buttons)  # once per button, however often focused
        widget.installEventFilter(tool_buttons)


class FocusRingFollower:
    """Moves one ring to each newly focused widget that should have one."""

    def __init__(self) -> None:
        self.ring: FocusRing | None = None
        self.enter: QObject | None = None

    def focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and new.inherits("QAbstractButton"):
            if self.enter is None:
                self.enter = _enter_filter()
            enter_clicks(new, self.enter)
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
            ring.remask()  # before the ring's first paint around this widget


def _enter_filter() -> QObject:
    """A filter that clicks a tool button on Enter (made when a button is first focused)."""
    from PySide6.QtCore import QEvent

    class EnterClicks(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.KeyPress
                and event.key() in ENTER_KEYS  # type: ignore[attr-defined]
                and not int(event.modifiers().value)  # type: ignore[attr-defined]
                and watched.inherits("QToolButton")
            ):
                watched.click()  # type: ignore[attr-defined]
                return True
            return False

    return EnterClicks()


_follower = FocusRingFollower()


def follow_focus(app: QApplication) -> FocusRingFollower:
    """Ring the focused control from now on (once per application)."""
    app.focusChanged.connect(_follower.focus_changed)
    return _follower
