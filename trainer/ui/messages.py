"""Errors as messages a person can act on; never a traceback on screen.

What a message says, and the log a bug's traceback goes to, are in
:mod:`trainer.ui.failures`; this module shows them. Uncaught exceptions on
any thread arrive here through a signal, so the box always opens on the UI
thread, after the failing call is over.

This module is on the start-up path, so the message box class and Qt's
``Qt`` namespace (about a hundred enums, ~30 ms to create) are imported only
where a box is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from trainer.ui.failures import install_hooks

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget


def show_error(parent: QWidget | None, message: str, title: str = "Counterpart") -> QMessageBox:
    """A window-modal warning with selectable text (opened, not exec'd: no nested loop)."""
    return show_message(parent, message, title, warning=True)


def show_message(
    parent: QWidget | None,
    message: str,
    title: str = "Counterpart",
    warning: bool = False,
) -> QMessageBox:
    """A message box that does not block the caller; it deletes itself when closed."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAccessibleName(title)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class _Relay(QObject):
    """Carries exceptions from any thread to the UI thread."""

    raised = Signal(str)


_relay: _Relay | None = None


def install_exception_hook() -> None:
    """Show every uncaught exception as a message box (UI thread) instead of a traceback."""
    global _relay
    _relay = _Relay()
    _relay.raised.connect(_show_later)
    install_hooks(_relay.raised.emit, QApplication.quit)


def _show_later(message: str) -> None:
    """On the UI thread (a signal from a worker arrives queued), once the failing call is over.

    Never inside the handler that raised: that may be a paint or a layout.
    """
    QTimer.singleShot(0, lambda: show_error(QApplication.activeWindow(), message))
