"""Starting the desktop app: ``trainer`` with no command calls :func:`run_app`.

Start-up is kept lean on purpose (see ``bench/startup.py``): only Qt's
widgets, the store and the library page are imported before the window is
shown; the library page draws from the cached catalogue; the full library
(pydantic, Jinja2, the checker) loads on a worker thread straight after.

The app follows the system's light or dark palette (Qt's platform theme; we
draw with palette colours only), scales for high-DPI screens with Qt 6's
pass-through rounding (its default), rings the focused control (see
:mod:`trainer.ui.widgets.focus_ring`), and shows any error as a message box, never a
traceback.

One app per data folder: a second start on the same folder finds the lock
held (see :mod:`trainer.folder_lock`) and says so, instead of opening the
store (two windows would both resume the same run). Quitting waits for every
worker thread before the store is closed.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from trainer import paths
from trainer.errors import TrainerError
from trainer.folder_lock import FolderLock
from trainer.store import Store
from trainer.ui import startup
from trainer.ui.main_window import MainWindow
from trainer.ui.messages import install_exception_hook
from trainer.ui.session import Session
from trainer.ui.text_size import TextSize
from trainer.ui.widgets.focus_ring import follow_focus

if TYPE_CHECKING:
    from trainer.xapi.sender import BackgroundSender

EXIT_USAGE = 2
LOAD_DELAY_MS = 150
READY_ENV = "COUNTERPART_EXIT_WHEN_READY"  # for bench/startup.py
LOCK_NAME = "counterpart.lock"
LOCK_WAIT_MS = 500
ALREADY_OPEN = (
    "Counterpart is already open on this computer with the same data folder. "
    "Switch to that window, or close it first."
)


def application() -> QApplication:
    """The one QApplication, created with the app's identity and focus ring."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    startup.paint_on_gui_thread()
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Counterpart")
    app.setApplicationDisplayName("Counterpart")
    app.setDesktopFileName("counterpart")
    follow_focus(app)
    return app


def build_window(store: Store, app: QApplication) -> MainWindow:
    """The main window on an open store (tests build it this way too)."""
    session = Session(store)
    return MainWindow(session, TextSize(store, app))


def lock_path() -> Path:
    return paths.data_dir() / LOCK_NAME


def take_lock(path: Path, wait_ms: int = LOCK_WAIT_MS) -> FolderLock | None:
    """Hold the data folder's lock; None if another running app holds it.

    The wait covers a previous window still closing. A lock that cannot be
    tried at all (no permission, no locks on this file system) does not stop
    the app: the store, opened next, says what is wrong, or works unguarded.
    """
    lock = FolderLock(path)
    try:
        if not lock.acquire(wait_ms):
            return None
    except OSError:
        pass
    return lock


def refuse(message: str) -> None:
    """Tell the user why the app will not open (modal: the event loop never starts)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Warning, "Counterpart", message, QMessageBox.StandardButton.Ok
    )
    box.exec()


def run_app() -> int:
    """Open the main window on the data folder; returns the exit code."""
    app = application()
    install_exception_hook()
    lock = take_lock(lock_path())
    if lock is None:
        refuse(ALREADY_OPEN)
        return EXIT_USAGE
    try:
        return _run_locked(app)
    finally:
        lock.release()


def _run_locked(app: QApplication) -> int:
    try:
        store = Store.open(paths.database_path())
    except TrainerError as exc:
        refuse(f"Counterpart cannot open its data file.\n\n{exc}")
        return EXIT_USAGE
    reporting = Reporting(store)
    try:
        try:
            window = build_window(store, app)
        except Exception as exc:
            from trainer.ui.failures import readable

            refuse(f"Counterpart could not start.\n\n{readable(exc)}")
            return EXIT_USAGE
        if window.maximised_at_first:
            window.showMaximized()
        else:
            window.show()
        # Once the library has loaded (the statement builders share its imports):
        # the sender's thread would otherwise compete with the first paint.
        window.session.libraryReady.connect(reporting.start)
        window.session.loadFailed.connect(lambda _problem: reporting.start())
        QTimer.singleShot(0, startup.collect_from_now_on)
        QTimer.singleShot(0, window.start)
        # Load the full library once the window is on screen, so its first
        # paint does not share the interpreter with the loader.
        QTimer.singleShot(LOAD_DELAY_MS, window.session.load_content)
        if os.environ.get(READY_ENV):
            _exit_when_ready(window, app)
        return app.exec()
    finally:
        from trainer.ui.worker import wait_all

        reporting.stop()
        wait_all()  # never close the store under a worker that still uses it
        store.close()


class Reporting:
    """The LRS outbox's sender (:mod:`trainer.xapi.sender`), on a thread of its own.

    The thread imports the sender itself (httpx and the statement builders,
    ~0.3 s), so start-up never waits for it; with reporting off it only waits
    for a configuration. Stopped before the store closes.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._sender: BackgroundSender | None = None
        self._stopped = False
        self._started = False

    def start(self) -> None:
        if not self._started:
            self._started = True
            threading.Thread(target=self._begin, name="lrs-start", daemon=True).start()

    def _begin(self) -> None:
        from trainer.xapi.sender import BackgroundSender

        with self._lock:
            if not self._stopped:
                self._sender = BackgroundSender(self._store)
                self._sender.start()

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            if self._sender is not None:
                self._sender.stop()


def _exit_when_ready(window: MainWindow, app: QApplication) -> None:
    """Print the wall-clock and CPU times when the library is on screen and usable, then quit."""

    def check() -> None:
        handle = window.windowHandle()
        listed = window.library.model.rowCount() > 0
        if handle is not None and handle.isExposed() and listed and window.isVisible():
            print(f"ready {time.time():.6f} {time.process_time():.6f}", flush=True)
            app.quit()
        else:
            QTimer.singleShot(1, check)

    QTimer.singleShot(0, check)
