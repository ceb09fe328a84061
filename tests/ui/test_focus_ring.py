"""The focus ring follows keyboard focus to controls, in the palette's highlight colour."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton, QVBoxLayout, QWidget

from trainer.ui.widgets.focus_ring import FocusRingFollower


@pytest.fixture
def follower(qapp: QApplication) -> Iterator[FocusRingFollower]:
    follow = FocusRingFollower()
    qapp.focusChanged.connect(follow.focus_changed)
    yield follow
    qapp.focusChanged.disconnect(follow.focus_changed)


def _window(qtbot) -> tuple[QWidget, QPushButton, QLineEdit]:
    window = QWidget()
    column = QVBoxLayout(window)
    button, field = QPushButton("Practise"), QLineEdit()
    column.addWidget(button)
    column.addWidget(field)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window, button, field


def test_a_focused_button_gets_a_ring_around_it(qtbot, follower: FocusRingFollower) -> None:
    _, button, field = _window(qtbot)
    button.setFocus()
    qtbot.waitUntil(lambda: follower.ring is not None and follower.ring.isVisible())
    ring = follower.ring
    assert ring is not None and ring.widget() is button
    assert ring.geometry().contains(button.geometry())
    assert ring.geometry() != button.geometry()  # drawn outside the button's own area
    image = ring.grab().toImage()
    highlight = ring.palette().color(QPalette.ColorRole.Highlight)
    edge = image.pixelColor(image.width() // 2, 1)  # on the ring, half-way along the top
    assert abs(edge.red() - highlight.red()) + abs(edge.blue() - highlight.blue()) < 40
    field.setFocus()  # a text field shows focus itself: no ring
    qtbot.waitUntil(lambda: not ring.isVisible())


def test_the_ring_survives_a_dialog_deleted_on_close(qtbot, follower: FocusRingFollower) -> None:
    window, button, _field = _window(qtbot)
    dialog = QDialog(window)
    inside = QPushButton("OK", dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    inside.setFocus()
    qtbot.waitUntil(lambda: follower.ring is not None and follower.ring.widget() is inside)
    old = follower.ring
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(old))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    button.setFocus()
    qtbot.waitUntil(lambda: follower.ring is not None and follower.ring.widget() is button)
    assert shiboken6.isValid(follower.ring) and follower.ring.isVisible()


def test_the_ring_shows_on_every_side_of_a_list_flush_with_its_splitter(
    qtbot, follower: FocusRingFollower
) -> None:
    """The library's list sits at its splitter's left edge, which clips the ring's outside."""
    from PySide6.QtWidgets import QSplitter, QTreeView

    window = QWidget()
    column = QVBoxLayout(window)
    split = QSplitter()
    tree = QTreeView()
    split.addWidget(tree)
    split.addWidget(QWidget())
    column.addWidget(split)
    window.resize(500, 300)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    tree.setFocus()
    qtbot.waitUntil(lambda: follower.ring is not None and follower.ring.widget() is tree)
    ring = follower.ring
    assert ring is not None and ring.parentWidget() is split
    image = window.grab().toImage()
    highlight = ring.palette().color(QPalette.ColorRole.Highlight)
    box = tree.geometry().translated(split.pos())  # the tree, in the window's coordinates

    def ringed(x: int, y: int) -> bool:
        seen = image.pixelColor(x, y)
        return abs(seen.red() - highlight.red()) + abs(seen.blue() - highlight.blue()) < 40

    middle_x, middle_y = box.center().x(), box.center().y()
    assert ringed(box.left() + 1, middle_y)  # the side the splitter clipped
    assert ringed(middle_x, box.top() + 1)
    assert ringed(middle_x, box.bottom() - 1)
    assert ringed(box.right(), middle_y)
