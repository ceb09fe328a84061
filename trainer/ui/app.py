"""Starting the desktop app: ``trainer`` with no command calls :func:`run_app`.

Start-up is kept lean on purpose (see ``bench/startup.py``): only Qt's
widgets, the store and the library page are imported before the window is
shown; the library page draws from the cached catalogue; the full library
(pydantic, Jinja2, the checker) loads on a worker thread straight after.

The app follows the system's light or dark palette (Qt's platform theme; we
draw with palette colours only), scales for high-DPI screens with Qt's
pass-through rounding, and shows any error as a message box, never a
traceback.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from trainer import paths
from trainer.errors import TrainerError
from trainer.store import Store
from trainer.ui.main_window import MainWindow
from trainer.ui.messages import install_exception_hook, show_error
from trainer.ui.session import Session
from trainer.ui.style import FocusRingStyle
from trainer.ui.text_size import TextSize

EXIT_USAGE = 2
LOAD_DELAY_MS = 150
READY_ENV = "COUNTERPART_EXIT_WHEN_READY"  # for bench/startup.py


def application() -> QApplication:
    """The one QApplication, created with the app's identity and DPI policy."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Counterpart")
    app.setApplicationDisplayName("Counterpart")
    app.setDesktopFileName("counterpart")
    app.setStyle(FocusRingStyle(app.style().name()))
    return app


def build_window(store: Store, app: QApplication) -> MainWindow:
    """The main window on an open store (tests build it this way too)."""
    session = Session(store)
    return MainWindow(session, TextSize(store, app))


def run_app(args: Any = None) -> int:
    """Open the main window on the data folder; returns the exit code."""
    app = application()
    install_exception_hook()
    try:
        store = Store.open(paths.database_path())
    except TrainerError as exc:
        show_error(None, f"Counterpart cannot open its data file.\n\n{exc}")
        return EXIT_USAGE
    try:
        window = build_window(store, app)
        window.show()
        QTimer.singleShot(0, window.start)
        # Load the full library once the window is on screen, so its first
        # paint does not share the interpreter with the loader.
        QTimer.singleShot(LOAD_DELAY_MS, window.session.load_content)
        if os.environ.get(READY_ENV):
            _exit_when_ready(window, app)
        return app.exec()
    finally:
        store.close()


def _exit_when_ready(window: MainWindow, app: QApplication) -> None:
    """Print the wall-clock time when the library is on screen and usable, then quit."""

    def check() -> None:
        handle = window.windowHandle()
        listed = window.library.tree.topLevelItemCount() > 0
        if handle is not None and handle.isExposed() and listed and window.isVisible():
            print(f"ready {time.time():.6f}", flush=True)
            app.quit()
        else:
            QTimer.singleShot(1, check)

    QTimer.singleShot(0, check)
