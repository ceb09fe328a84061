"""What the screenshot scripts share: their one argument, letting Qt paint, saving a widget.

Imported by ``screenshots.py``, ``workshop_screenshots.py`` and
``author_screenshots.py`` (run as scripts, so this folder is on the path).
Qt is imported inside the functions: the scripts set their throwaway data
folder before anything of the app loads.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def output_folder(doc: str | None, script: str) -> Path | int:
    """The folder given as the only argument (default: docs/), or the exit code for usage."""
    args = sys.argv[1:]
    if len(args) > 1 or (args and args[0].startswith("-")):
        print((doc or "").strip())
        print(f"\nusage: {script} [FOLDER]  (default: docs/)")
        return 0 if args[0] in ("-h", "--help") else 2
    from trainer import paths

    out = Path(args[0]) if args else paths.PROJECT_DIR / "docs"
    out.mkdir(parents=True, exist_ok=True)
    return out


def settle(ms: int = 400) -> None:
    """Let Qt lay out, animate and paint for ``ms`` (an event loop, bounded, not a sleep)."""
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop

    clock = QElapsedTimer()
    clock.start()
    while clock.elapsed() < ms:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def settle_until(done: Callable[[], bool], what: str, limit_ms: int = 20_000) -> None:
    """Run Qt's events until ``done()`` holds (giving up after ``limit_ms``), then settle."""
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop

    clock = QElapsedTimer()
    clock.start()
    while not done():
        if clock.elapsed() > limit_ms:
            raise SystemExit(f"gave up waiting for {what}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    settle()


def save(widget: QWidget, folder: Path, name: str, ms: int = 400) -> None:
    """``widget`` as it is on screen, once settled, as ``folder/name.png``."""
    settle(ms)
    path = folder / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path}")
