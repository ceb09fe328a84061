"""The program's entry point: ``trainer`` runs a command, or opens the desktop app.

The one module that knows both the command line and the UI, so that neither
imports the other: :func:`trainer.cli.main.main` is given :func:`open_app`.
"""

from __future__ import annotations

import gc
import importlib.util
import os
import sys
from collections.abc import Sequence

from trainer.cli.main import EXIT_USAGE
from trainer.cli.main import main as run_command


def main(argv: Sequence[str] | None = None) -> int:
    return run_command(argv, open_app=open_app)


def _no_display() -> bool:
    """On Linux, Qt aborts the process when there is no screen to open a window on."""
    if not sys.platform.startswith("linux"):
        return False
    names = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    return not any(os.environ.get(name) for name in names)


def open_app() -> int:
    """Open the desktop app on the data folder the command line chose."""
    if _no_display():
        print(
            "error: no display found, so the desktop app cannot open a window. "
            "Run it from a desktop session (or with X forwarding: ssh -X); "
            "the commands work without one, see 'trainer --help'.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if importlib.util.find_spec("PySide6") is None:
        print(
            "error: the desktop app needs PySide6, which is not installed here; "
            "./run.sh installs it (the commands work without it).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from trainer.ui import startup

    startup.pause_collection()  # run_app resumes it once the window is on screen
    startup.spare_pyside_source_scans()
    try:
        from trainer.ui.app import run_app

        return run_app()
    finally:
        gc.enable()
