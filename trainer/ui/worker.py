"""Slow work off the UI thread, reported back by signal (OnionShare's threads.py).

A :class:`Worker` runs one core call; the result or a readable error message
arrives on the UI thread through ``done`` / ``failed``. Widgets are only
touched in the slots connected to those signals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from trainer.ui.messages import readable

_running: set[Worker] = set()


class Worker(QThread):
    """Run ``job()`` on a thread; emit ``done(result)`` or ``failed(message)``."""

    done = Signal(object)
    failed = Signal(str)
    progress = Signal(int, int)

    def __init__(self, job: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        _running.add(self)  # keep it alive until it finishes
        self.finished.connect(self._forget)

    def run(self) -> None:
        try:
            result = self._job()
        except Exception as exc:
            self.failed.emit(readable(exc))
        else:
            self.done.emit(result)

    def _forget(self) -> None:
        _running.discard(self)
        self.deleteLater()


def run_in_background(
    job: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[str], None],
    parent: QObject | None = None,
) -> Worker:
    """Start ``job`` on a worker thread and connect its outcome."""
    worker = Worker(job, parent)
    worker.done.connect(on_done)
    worker.failed.connect(on_failed)
    worker.start()
    return worker
