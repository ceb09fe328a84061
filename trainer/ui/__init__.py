"""The desktop app (PySide6): the only package that imports Qt.

Pages are separate classes that take the :class:`~trainer.ui.session.Session`
in ``__init__`` and refresh from its signals; the main window only assembles
them. Core calls happen in one place per action and errors become messages.
"""

# The Qt-free parts the library window needs are imported before Qt: once
# PySide6 is loaded, it checks the source of every module first imported after
# it for "PySide6" (its __feature__ switch; see _spare_pyside_source_scans).
from trainer import settings, store  # noqa: F401
from trainer.app import states  # noqa: F401
from trainer.scenarios import catalogue, context  # noqa: F401
from trainer.ui import failures  # noqa: F401


def mentions_pyside(module: object) -> bool:
    """PySide's test of a newly imported module, read from its file's bytes.

    PySide's import hook asks of every module first imported after PySide
    whether its source says "PySide6" (to know whether the module may switch
    PySide features). It asks with ``inspect.getsource``, which decodes and
    splits the whole file and keeps every line in ``linecache`` for good: it
    nearly doubled the time to import the library's and the reports'
    packages (pydantic, Jinja2, PyYAML, reportlab) and kept ~75,000 lines of
    their source in memory. This answers the same question from the file
    itself. A module with no source file answers False, as with PySide's test.
    """
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def _spare_pyside_source_scans() -> None:
    """Answer PySide's import-hook question without its costly source scan.

    The question (see :func:`mentions_pyside`) is answered in advance for
    our own modules, which saves ~5 ms of start-up: 0 (no features) for this
    package's modules, which import PySide6; -1 ("ignore this module") for
    the core ones, which never do, and for every module loaded before
    PySide, which cannot have. Modules imported later get
    :func:`mentions_pyside` in place of PySide's scan. Both the table and the
    test are PySide internals, checked by ``tests/ui/test_startup_path.py``;
    if either is missing, PySide scans as before and nothing else changes.
    """
    import os
    import sys

    before = list(sys.modules)
    import PySide6  # noqa: F401  (loads shiboken's import hook)

    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
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
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = mentions_pyside  # type: ignore[attr-defined]


_spare_pyside_source_scans()
