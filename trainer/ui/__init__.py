"""The desktop app (PySide6): the only package that imports Qt.

Pages are separate classes that take the :class:`~trainer.ui.session.Session`
in ``__init__`` and refresh from its signals; the main window only assembles
them. Core calls happen in one place per action and errors become messages.
How start-up is kept lean: :mod:`trainer.ui.startup`.
"""
