"""Where the main window opens: as the user left it, or a first size that fits the screen.

The size and place are kept in the store's settings (Qt's own encoding of
the geometry, as base64 text), written when the window closes.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from trainer.store import Store

KEY = "window_geometry"
FIRST_SIZE = (1280, 800)  # the first window, before the user sizes it
FRAME = (16, 64)  # room for a window manager's borders and title bar, generously


def restore(window: QMainWindow, store: Store) -> bool:
    """Size ``window`` as it was left; True if it should first show maximised.

    A first window as large as a small screen (1280 x 720) would lose its
    bottom to the title bar, which the screen's size does not count; the
    window manager fits a maximised window, title bar and all.
    """
    saved = store.get_setting(KEY)
    try:
        if isinstance(saved, str) and window.restoreGeometry(
            base64.b64decode(saved, validate=True)
        ):
            return False
    except ValueError:  # not base64: a damaged setting, so use the first size
        pass
    screen = window.screen().availableGeometry()
    window.resize(min(FIRST_SIZE[0], screen.width()), min(FIRST_SIZE[1], screen.height()))
    return screen.width() < FIRST_SIZE[0] + FRAME[0] or screen.height() < FIRST_SIZE[1] + FRAME[1]


def save(window: QMainWindow, store: Store) -> None:
    """Keep the window's size and place for the next start."""
    store.set_setting(KEY, base64.b64encode(bytes(window.saveGeometry().data())).decode())
