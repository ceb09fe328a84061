"""Writing exports safely: harmless file names, whole files, nothing overwritten.

Names come from rosters typed by anyone, so a name like ``../../etc/passwd``
or ``CON`` must become an ordinary file name in the chosen folder. Files are
written under a temporary name in the same folder and renamed into place, so
a crash never leaves half a PDF under the real name; and a name already taken
(two people called Maria Lopez, last week's export) gets a numbered suffix
instead of being replaced.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from trainer.errors import ExportError

MAX_STEM = 60
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CLOCK$"]
    + [f"COM{i}" for i in range(10)]
    + [f"LPT{i}" for i in range(10)]
)


def safe_stem(text: str, fallback: str = "participant") -> str:
    """A file-name stem from any text: letters, digits and single hyphens.

    Letters of every script are kept (a Greek name stays Greek); separators,
    dots, control characters, emoji and the like are dropped.
    """
    composed = unicodedata.normalize("NFC", text)
    kept = "".join(c if c.isalnum() else "-" for c in composed)
    stem = re.sub(r"-{2,}", "-", kept).strip("-")[:MAX_STEM].strip("-").lower()
    if not stem or stem.upper().split(".")[0] in _WINDOWS_RESERVED:
        return f"{fallback}-{stem}" if stem else fallback
    return stem


def ensure_folder(folder: Path) -> Path:
    """Create the export folder if needed; a folder that cannot be made is an ExportError."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"Cannot create the folder {folder}: {exc.strerror}.") from exc
    if not folder.is_dir():
        raise ExportError(f"{folder} is not a folder; choose another place for the exports.")
    return folder


def write_new(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/stem.suffix``, or ``stem-2.suffix`` if taken, and so on.

    The name is claimed with an exclusive create before the content is renamed
    over it, so two writers (or two people with one name) never share a file.
    """
    ensure_folder(folder)
    for number in range(1, 10_000):
        name = f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}"
        target = folder / name
        try:
            claim = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            continue
        except OSError as exc:
            raise ExportError(f"Cannot write {target}: {exc.strerror}.") from exc
        os.close(claim)
        try:
            write_atomic(target, data)
        except ExportError:
            with contextlib.suppress(OSError):
                os.unlink(target)
            raise
        return target
    raise ExportError(f"Too many files called {stem}{suffix} in {folder}; tidy the folder.")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step (temporary file, then rename)."""
    fd, temp = -1, ""
    try:
        fd, temp = tempfile.mkstemp(prefix=".partial-", suffix=path.suffix, dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as exc:
        if fd >= 0:
            os.close(fd)
        if temp:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise ExportError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
