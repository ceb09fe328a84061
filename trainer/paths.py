"""Where things live: bundled content, the user's data folder, exports.

The bundled content sits beside the package (``content/`` at the project
root) because the project is installed in editable mode by the README's
commands; ``TRAINER_CONTENT`` can point elsewhere for a packaged install.
The user's data folder comes from platformdirs unless ``--data-dir`` or
``TRAINER_HOME`` says otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
ASSETS_DIR = PACKAGE_DIR / "assets"

_data_dir_override: Path | None = None


def bundled_content_dir() -> Path:
    """The folder of content shipped with the app."""
    env = os.environ.get("TRAINER_CONTENT")
    return Path(env) if env else PROJECT_DIR / "content"


def set_data_dir(path: Path | str | None) -> None:
    """Override the data folder for this process (the ``--data-dir`` option)."""
    global _data_dir_override
    _data_dir_override = Path(path).expanduser() if path else None


def data_dir() -> Path:
    """The user's data folder: ``--data-dir``, then ``TRAINER_HOME``, then the platform's."""
    if _data_dir_override is not None:
        return _data_dir_override
    env = os.environ.get("TRAINER_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs  # only here: ~5 ms of start-up that an override does not need

    return Path(platformdirs.user_data_dir("counterpart", appauthor=False))


def user_content_dir() -> Path:
    """Where a trainer's own scenarios and plans go (created on demand)."""
    return data_dir() / "content"


def content_roots() -> list[Path]:
    """The folders content is read from: the bundled content, then the user's own if it exists.

    A user folder that cannot even be looked at (no permission) is kept, so
    reading it reports the problem instead of its scenarios silently going.
    """
    roots = [bundled_content_dir()]
    user = user_content_dir()
    try:
        there = user.is_dir()
    except PermissionError:
        there = True
    if there:
        roots.append(user)
    return roots


def database_path() -> Path:
    """The SQLite file holding profiles, attempts and sessions."""
    return data_dir() / "counterpart.sqlite3"


def default_exports_dir() -> Path:
    """Where certificates, reports and handouts are written unless a folder is chosen.

    ``Counterpart`` in the user's documents folder (platformdirs), where
    people look for what a program made for them, never the program's own
    folder (which may be read-only, and is not theirs). ``TRAINER_EXPORTS``
    overrides it.
    """
    env = os.environ.get("TRAINER_EXPORTS")
    if env:
        return Path(env).expanduser()
    import platformdirs  # only here, as in data_dir()

    return Path(platformdirs.user_documents_dir()) / "Counterpart"
