"""Slow work off the UI thread, reported back by signal (OnionShare's threads.py).

A :class:`Worker` runs one core call; the result or a readable error message
arrives on the UI thread through ``done`` / ``failed``. Widgets are only
touched in the slots connected to those signals.

Workers have no Qt parent: closing the dialog or page that started one must
never destroy a thread that is still running (Qt aborts the process if it
does). They are kept alive in ``_running`` until they finish, and the app
waits for them (:func:`busy`, :func:`when_idle`, :func:`wait_all`) before it
quits and closes the store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from trainer.ui.failures import readable

_running: set[Worker] = set()
_idle_callbacks: list[Callable[[], None]] = []


class Worker(QThread):
    """Run ``job()`` on a thread; emit ``done(result)`` or ``failed(message)``.

    ``owner`` is only used for naming: the worker is deliberately not a Qt
    child of it, so it outlives a closed dialog until its job is done.
    """

    done = Signal(object)
    failed = Signal(str)
    progress = Signal(int, int)

    def __init__(self, job: Callable[[], Any], owner: QObject | None = None) -> None:
        super().__init__(None)
        self._job = job
        if owner is not None:
            self.setObjectName(f"worker for {owner.metaObject().className()}")
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
        self.wait()  # ``finished`` can arrive a moment before the thread has ended
        _running.discard(self)
        self.deleteLater()
        if not _running:
            callbacks, _idle_callbacks[:] = list(_idle_callbacks), []
            for callback in callbacks:
                callback()


def busy() -> bool:
    """True while any worker has not yet finished."""
    return bool(_running)


def when_idle(callback: Callable[[], None]) -> None:
    """Call ``callback`` on the UI thread once no worker is running (now if none is)."""
    if _running:
        _idle_callbacks.append(callback)
    else:
        callback()


def wait_all() -> None:
    """Block until every worker has finished (the last step before the store closes)."""
    while _running:
        for worker in list(_running):
            worker.wait()
            _running.discard(worker)


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
