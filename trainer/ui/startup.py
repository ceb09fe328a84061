"""The start-up measures that earn their keep, in one place, each with what it saves.

The library window must be on screen within 1.3 times a bare PySide6
window (``bench/startup.py``). Most of that comes from design (the cached
catalogue, the full library loading on a worker thread, pages made on first
use; see ``docs/performance.md``). What remains here are the few tricks
that change how ordinary code is written, kept because each saves memory or
more than ~5 ms, measured in paired runs on this project's machines:

- shortcuts and alignments are set as text through Qt properties, and
  item fonts are set by their role's number: PySide otherwise creates the
  ``Qt`` namespace (~15 ms) and ``QKeySequence`` (~16 ms for the menus'
  keys) on the start path. Modules on that path (the window, the menus, the
  library page) therefore never import ``Qt`` at the top; later pages may.
  A call whose overloads or defaults mention a Qt enum creates it too: the
  focus ring, painted in the first frame, builds its pen step by step and
  strokes a path (``trainer.ui.widgets.focus_ring``, ~13 ms).
- Qt paints on the GUI thread alone (~7 ms);
- the garbage collector is paused while starting and what start-up made is
  frozen before it resumes (~7 ms);
- PySide's import hook is answered from a module file's bytes instead of
  its own scan of the module's source (~7 MB once the library has loaded,
  ~11 MB once reports have been written: ~120,000 lines of library source
  otherwise kept in ``linecache`` for good).

The command line's argparse bypass (``trainer.cli.main``) and the
catalogue cache (``trainer.scenarios.catalogue``) live in the core.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Protocol

NO_PAINT_THREADS = "QT_NO_GUI_THREADPOOL"  # read by Qt when it first paints
FONT_ROLE = 6  # Qt.ItemDataRole.FontRole


class _HasProperties(Protocol):
    def setProperty(self, name: str, value: object) -> bool: ...


def set_keys(target: _HasProperties, key: str) -> None:
    """Give an action (or a button) its shortcut, written as text ("Ctrl+Shift+P")."""
    target.setProperty("shortcut", key)


def set_alignment(widget: _HasProperties, flags: str) -> None:
    """Align a label's text, written as Qt's flag names ("AlignLeft|AlignTop")."""
    widget.setProperty("alignment", flags)


def paint_on_gui_thread() -> None:
    """Ask Qt not to hand fills to its thread pool, unless the user set it.

    Qt's raster engine hands every fill of 96 or more scan lines (each page's
    background) to a pool of threads and waits for them: for fills of a
    window's size the hand-offs cost more than the fill. Must run before the
    first paint.
    """
    os.environ.setdefault(NO_PAINT_THREADS, "1")


def pause_collection() -> None:
    """Pause the garbage collector while the app starts.

    Start-up creates tens of thousands of objects that live as long as the
    app (Qt's classes and enums, our modules, the window): collecting among
    them is wasted work. :func:`collect_from_now_on` resumes it.
    """
    gc.disable()


def collect_from_now_on() -> None:
    """Freeze what start-up made (out of the collector's sight), then resume collecting.

    Turning collection on without the freeze would scan all of it at once,
    the very work the pause saved.
    """
    gc.freeze()
    gc.enable()


def mentions_pyside(module: object) -> bool:
    """PySide's question of a newly imported module, answered from its file's bytes.

    PySide's import hook asks of every module imported after PySide whether
    its source says "PySide6" (to know whether it may switch PySide
    features). It asks with ``inspect.getsource``, which decodes the whole
    file and keeps every line in ``linecache`` for good. A module with no
    source file answers False, as with PySide's own test.
    """
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def spare_pyside_source_scans() -> None:
    """Put :func:`mentions_pyside` in place of PySide's source scan.

    A PySide internal (``shibokensupport.feature._mod_uses_pyside``); if a
    PySide release renames it, PySide scans as before and nothing else
    changes.
    """
    import PySide6  # noqa: F401  (loads shiboken's import hook)

    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = mentions_pyside  # type: ignore[attr-defined]
