"""Writing exports safely: harmless file names, whole files, nothing overwritten.

Names come from rosters typed by anyone, so a name like ``../../etc/passwd``
or ``CON`` must become an ordinary file name in the chosen folder.

Every file is written whole under a temporary name in the same folder and
flushed to the disk (``fsync``) before it gets its real name, and the folder
is synced afterwards. So neither a crash nor a power cut leaves half a PDF,
or an empty one, under the real name: the real name either is not there or
holds the whole file.

:func:`write_atomic` replaces the target (``os.replace``). :func:`write_new`
never replaces anything: it gives the finished temporary file its name with
``os.link``, which fails, atomically, if the name is taken, and then tries
the next number (two people called Maria Lopez, last week's export). On file
systems without hard links (FAT, exFAT and some network shares) it falls
back to creating the name exclusively (``O_EXCL``) and writing into it; the
file is synced there too, but a crash in the middle of that write can leave
a partial file under the real name.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from trainer.reports.failures import ExportFileError

__all__ = [
    "ExportFileError",
    "ensure_folder",
    "safe_stem",
    "sync_folder",
    "write_atomic",
    "write_new",
]

MAX_STEM = 60
MAX_NUMBER = 10_000
TEMP_PREFIX = ".partial-"
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
    """Create the export folder if needed; a folder that cannot be made is an ExportFileError."""
    existed = folder.is_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportFileError(f"Cannot create the folder {folder}: {exc.strerror}.") from exc
    if not folder.is_dir():
        raise ExportFileError(f"{folder} is not a folder; choose another place for the exports.")
    if not existed:
        sync_folder(folder.parent)
    return folder


def write_new(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/stem.suffix``, or ``stem-2.suffix`` if taken, and so on.

    The whole file is written and synced under a temporary name first, then
    linked to the first free name; nothing is ever replaced, and two writers
    (or two people with one name) never share a file.
    """
    ensure_folder(folder)
    temp = _synced_temp(folder, suffix, data, folder / f"{stem}{suffix}")
    try:
        linkable = True
        for number in range(1, MAX_NUMBER):
            name = f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}"
            target = folder / name
            try:
                if linkable:
                    linkable = _link(temp, target)
                if not linkable:
                    _write_exclusive(target, data)
            except FileExistsError:
                continue
            except OSError as exc:
                raise ExportFileError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
            sync_folder(folder)
            return target
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    raise ExportFileError(f"Too many files called {stem}{suffix} in {folder}; tidy the folder.")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step (synced temporary file, then rename)."""
    temp = _synced_temp(path.parent, path.suffix, data, path)
    try:
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise ExportFileError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make a new or renamed entry in ``folder`` survive a power cut (best effort).

    Not every system can open a folder for syncing (Windows cannot, and it
    does not need to); failing here never fails the export.
    """
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _synced_temp(folder: Path, suffix: str, data: bytes, shown: Path) -> str:
    """A temporary file in ``folder`` holding all of ``data``, on the disk; its path.

    ``shown`` is the file the user asked for, named if this fails.
    """
    fd, temp = -1, ""
    try:
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=suffix, dir=folder)
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
    except OSError as exc:
        if fd >= 0:
            os.close(fd)
        if temp:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise ExportFileError(f"Cannot write {shown}: {exc.strerror or exc}.") from exc
    return temp


def _link(temp: str, target: Path) -> bool:
    """Give ``temp`` the name ``target`` unless it is taken; False without hard links.

    Raises FileExistsError when the name is taken. A network file system can
    report "exists" for a link it did make (a retried request), so that case
    is checked: the name is ours if it is the same file as ``temp``.
    """
    try:
        os.link(temp, target)
    except FileExistsError:
        with contextlib.suppress(OSError):
            if os.path.samefile(temp, target):
                return True
        raise
    except (OSError, NotImplementedError, AttributeError):  # no hard links here
        return False
    return True


def _write_exclusive(target: Path, data: bytes) -> None:
    """The fallback without hard links: create ``target`` exclusively, write, sync.

    A name that is taken raises FileExistsError; a failed write removes the
    partial file.
    """
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(target)
        raise
