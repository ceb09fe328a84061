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
