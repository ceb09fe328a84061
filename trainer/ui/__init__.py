"""The desktop app (PySide6): the only package that imports Qt.

Pages are separate classes that take the :class:`~trainer.ui.session.Session`
in ``__init__`` and refresh from its signals; the main window only assembles
them. Core calls happen in one place per action and errors become messages.
"""

# The Qt-free parts the library window needs are imported before Qt: once
# PySide6 is loaded, it reads the source of every module first imported after
# it, looking for "PySide6" (its __feature__ switch): 0.1-0.9 ms a module.
from trainer import settings, states, store  # noqa: F401
from trainer.scenarios import context  # noqa: F401
from trainer.ui import catalogue, failures  # noqa: F401


def _tell_pyside_our_modules() -> None:
    """Spare PySide reading the source of our modules (~5 ms of start-up).

    PySide's import hook decides, once per module, whether it may switch
    PySide features (``from __feature__ import snake_case``): it reads the
    module's source and looks for "PySide6". None of ours switches a feature,
    so their entries are filled in here with what the scan would find, and
    the scan is skipped: 0 (no features) for this package's modules, which
    import PySide6; -1 ("ignore this module") for the core ones, which never
    do, and for every module loaded before PySide, which cannot have. The
    table is PySide's internal one, checked by
    ``tests/ui/test_startup_path.py``; if it is not there, PySide scans as
    before and nothing else changes.
    """
    import os
    import sys

    before = list(sys.modules)
    import PySide6  # noqa: F401  (loads shiboken's import hook)

    table = getattr(sys.modules.get("shibokensupport.feature"), "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return
    ui = os.path.dirname(__file__)
    for folder, package, value in ((ui, __name__, 0), (os.path.dirname(ui), "trainer", -1)):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith(".py") and name != "__init__.py":
                table.setdefault(f"{package}.{name[:-3]}", value)
    for name in before:
        table.setdefault(name, -1)


_tell_pyside_our_modules()
