"""Errors as messages a person can act on; never a traceback on screen.

Our own errors (:class:`~trainer.errors.TrainerError`) already say what went
wrong and what to do. Anything else is a bug: the user gets a plain message
saying their runs are safe (every choice is committed when made), and the
traceback goes to a log file in the data folder for whoever fixes it.

This module is on the start-up path, so the message box class and Qt's
``Qt`` namespace (about a hundred enums, ~30 ms to create) are imported only
where a box is shown.
"""

from __future__ import annotations

import datetime
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

from trainer import paths
from trainer.errors import TrainerError


def log_path() -> Path:
    return paths.data_dir() / "logs" / "counterpart.log"


def write_log(exc: BaseException) -> Path | None:
    """Append the traceback to the log; None if even that is impossible."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.datetime.now().isoformat(timespec='seconds')}\n")
            handle.write("".join(traceback.format_exception(exc)))
    except OSError:
        return None
    return path


def readable(exc: BaseException) -> str:
    """What to tell the user about ``exc``."""
    if isinstance(exc, TrainerError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "The computer ran out of memory. Close other programs and try again."
    logged = write_log(exc)
    where = f" Details were written to {logged}." if logged else ""
    return (
        "Something unexpected went wrong, so that action was not finished. "
        "Your runs are saved after every choice, so nothing you saw is lost; "
        f"you can carry on, or restart the app if it misbehaves.{where}"
    )


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
    sys.excepthook = _hook
    threading.excepthook = _thread_hook


def _hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        QApplication.quit()
        return
    if _relay is not None:
        _relay.raised.emit(readable(exc.with_traceback(tb)))


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        _hook(args.exc_type, args.exc_value, args.exc_traceback)


def _show_later(message: str) -> None:
    """On the UI thread (a signal from a worker arrives queued), once the failing call is over.

    Never inside the handler that raised: that may be a paint or a layout.
    """
    QTimer.singleShot(0, lambda: show_error(QApplication.activeWindow(), message))
