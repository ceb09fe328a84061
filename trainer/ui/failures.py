"""What to tell the user when something fails, and the log behind it (no Qt here).

Our own errors (:class:`~trainer.errors.TrainerError`) already say what went
wrong and what to do. Anything else is a bug: the user gets a plain message
saying their runs are safe (every choice is committed when made), and the
traceback goes to a log file in the data folder for whoever fixes it.

:mod:`trainer.ui.messages` shows these messages in Qt. This half has no Qt
so that it can be imported before PySide6 (see ``trainer/ui/__init__.py``)
and tested without a display.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

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
            handle.write(f"--- {time.strftime('%Y-%m-%dT%H:%M:%S')}\n")
            handle.write("".join(traceback.format_exception(exc)))
    except OSError:
        return None
    return path


def readable(exc: BaseException) -> str:
    """What to tell the user about ``exc`` (a bug's traceback goes to the log)."""
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


def install_hooks(report: Callable[[str], None], interrupted: Callable[[], None]) -> None:
    """Send every uncaught exception, on any thread, to ``report`` as a readable message.

    Ctrl+C in the terminal (KeyboardInterrupt) calls ``interrupted`` instead.
    """

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            interrupted()
            return
        report(readable(exc.with_traceback(tb)))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
