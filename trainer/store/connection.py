"""Opening the SQLite file, and turning SQLite's failures into ours.

Durability: every connection runs in WAL mode with ``synchronous=FULL``.
A commit is the point after which a choice counts as made, and the design
promises that a crash *or a power cut* loses nothing already on screen.
``synchronous=NORMAL`` already survives a killed process in WAL mode, but it
may drop the last commits when the machine itself goes down, because it does
not sync the WAL on every commit. FULL syncs on each commit; at one commit
per click that costs a few milliseconds nobody notices.

Concurrency: WAL lets readers carry on while one writer writes, and SQLite's
file locks keep two processes (two app windows, the CLI beside the UI) from
corrupting the file. Writers queue for up to ``BUSY_TIMEOUT_MS`` instead of
failing at once; only a writer stuck longer than that is reported as a lock.
A thread that paints a screen must not sit in that queue, so the UI marks
its thread with :func:`keep_responsive`: there the store waits at most
``RESPONSIVE_WAIT_MS`` and then says the file is busy, and the window never
freezes behind another program's lock.

Switching a new file to WAL needs the file to itself for a moment, and
SQLite does not queue that switch behind the busy timeout: two processes
opening a brand-new file together used to fail at once with "locked". The
switch is retried here until the same deadline (:func:`use_wal`).

Opening happens in steps so that a file that is not ours is refused before
anything is written to it: :func:`connect` only reads the header, the store
checks whose file it is, and only then :func:`use_wal` changes its journal.
Read-only commands open with :func:`connect_read_only`, which writes nothing
and works in a folder that cannot be written.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

from trainer.errors import StoreError, display_path

BUSY_TIMEOUT_MS = 5000
RESPONSIVE_WAIT_MS = 200
_WAL_RETRY_S = (0.002, 0.05)  # first and longest pause between attempts to switch to WAL

_responsive: set[int] = set()  # idents of threads that must not wait (the UI's)

# "CPRT": marks a file as ours, so a stranger's SQLite file is refused, not migrated.
APPLICATION_ID = 0x43505254


def connect(path: Path) -> sqlite3.Connection:
    """Open ``path`` (creating it and its folder) for reading and writing, journal untouched.

    The connection is in autocommit mode (``isolation_level=None``) so that
    the store, not Python's implicit transactions, decides where each
    transaction begins and commits. It may be used from several threads
    because the store serialises access with its own lock. Nothing is
    written to the file yet: call :func:`use_wal` once it is known to be ours.
    """
    _make_folder(path)
    return _opened(path, str(path), uri=False)


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Open an existing data file without ever writing to it or to its folder.

    A WAL file whose folder cannot be written and that has no ``-shm`` file
    left beside it (the app removes it on a clean exit) cannot be opened
    the usual way, because SQLite would create that file. Then it is opened
    as immutable: nobody can be writing to a file in a folder nobody may
    write to.
    """
    if not path.is_file():
        raise StoreError(
            f"There is no data file at {display_path(path)} yet, so there is nothing to "
            "report. Play a scenario or run a workshop first, or choose another data folder."
        )
    try:
        return _open_read_only(path, immutable=False)
    except StoreError:
        if os.access(path.parent, os.W_OK):
            raise
        return _open_read_only(path, immutable=True)


def _open_read_only(path: Path, immutable: bool) -> sqlite3.Connection:
    uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("&immutable=1" if immutable else "")
    return _opened(path, uri, uri=True)


def _opened(path: Path, target: str, *, uri: bool) -> sqlite3.Connection:
    """Connect to ``target`` (the path, or an SQLite URI for it) and configure the connection."""
    with translate_errors(path):
        conn = sqlite3.connect(
            target,
            uri=uri,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
    try:
        with translate_errors(path):
            _configure(conn)
    except StoreError:
        conn.close()
        raise
    return conn


def use_wal(conn: sqlite3.Connection, path: Path) -> None:
    """Switch the file to WAL and full syncing, retrying while another process has it.

    If the file cannot be switched to WAL (some network drives), SQLite keeps
    its rollback journal, which is just as crash-safe, only less concurrent.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = _WAL_RETRY_S[0]
    with translate_errors(path):
        while True:
            try:
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
                break
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, _WAL_RETRY_S[1])
        conn.execute("PRAGMA synchronous = FULL")


def keep_responsive(thread: threading.Thread | None = None) -> None:
    """Never let ``thread`` (default: this one) wait long for another program's lock."""
    ident = (thread or threading.current_thread()).ident
    if ident is not None:
        _responsive.add(ident)


def patience_ms() -> int:
    """How long the calling thread may wait for the data file: short on the UI thread."""
    if threading.get_ident() in _responsive:
        return RESPONSIVE_WAIT_MS
    return BUSY_TIMEOUT_MS


def set_patience(conn: sqlite3.Connection, ms: int) -> None:
    """Make SQLite wait at most ``ms`` for another connection's lock (cheap: no I/O)."""
    conn.execute(f"PRAGMA busy_timeout = {int(ms)}")


def busy_message(path: Path) -> str:
    """What to say when the file stayed locked longer than this thread may wait."""
    return (
        f"The data file {display_path(path)} is busy: another program (Counterpart or "
        "`trainer` on the command line) is writing to it. Nothing was changed; "
        "try again in a moment."
    )


def _is_busy(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc)


def _make_folder(path: Path) -> None:
    """Create the data folder on first use; a folder we cannot create is the user's to fix."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"Cannot create the folder for the data file {display_path(path)}: "
            f"{exc.strerror or exc}. Choose another data folder or check its permissions."
        ) from exc
    if path.is_dir():
        raise StoreError(
            f"{display_path(path)} is a folder, not a data file. Choose a file name instead."
        )


def _configure(conn: sqlite3.Connection) -> None:
    """Apply per-connection settings; reading the header first rejects non-SQLite files.

    Nothing here writes to the file: a stranger's file must stay as it was.
    """
    conn.execute("PRAGMA schema_version").fetchone()  # fails fast on a non-SQLite file
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")


@contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Turn sqlite3 and OS errors raised inside the block into a StoreError about ``path``."""
    try:
        yield
    except sqlite3.Error as exc:
        raise StoreError(describe_sqlite_error(path, exc)) from exc
    except OSError as exc:
        raise StoreError(
            f"Cannot use the data file {display_path(path)}: {exc.strerror or exc}. "
            "Check that the disk is available and the file can be written."
        ) from exc


# What went wrong, by SQLite's primary error name, and what the user can do about it.
_ADVICE: dict[str, str] = {
    "SQLITE_BUSY": "is locked by another program. Close other copies of Counterpart "
    "that use it and try again.",
    "SQLITE_LOCKED": "is locked by another program. Close other copies of Counterpart "
    "that use it and try again.",
    "SQLITE_READONLY": "cannot be written. Check that you may write to the file and "
    "its folder, or choose another data folder.",
    "SQLITE_PERM": "cannot be written. Check that you may write to the file and "
    "its folder, or choose another data folder.",
    "SQLITE_CANTOPEN": "cannot be opened. Check that the folder exists and that you "
    "may write to it.",
    "SQLITE_FULL": "cannot grow: the disk is full. Free some space and try again.",
    "SQLITE_IOERR": "could not be read or written (a disk error). Check the disk and try again.",
    "SQLITE_NOTADB": "is not a Counterpart data file (it is not an SQLite database). "
    "Choose another file, or move this one aside so a new one can be created.",
    "SQLITE_CORRUPT": "is damaged. Restore it from a backup, or move it aside so a "
    "new one can be created.",
}


def describe_sqlite_error(path: Path, exc: sqlite3.Error) -> str:
    """A sentence naming the file, what went wrong and what to do."""
    where = f"The data file {display_path(path)}"
    if isinstance(exc, sqlite3.ProgrammingError) and "closed" in str(exc):
        return f"{where} has already been closed; open it again."
    name = getattr(exc, "sqlite_errorname", "") or ""
    primary = "_".join(name.split("_")[:2])  # SQLITE_IOERR_FSYNC -> SQLITE_IOERR
    advice = _ADVICE.get(primary)
    if advice is not None:
        return f"{where} {advice}"
    return f"{where} could not be used: {exc}. Try again; if it keeps happening, report it."


def rollback_quietly(conn: sqlite3.Connection) -> None:
    """Undo an open transaction after a failure without hiding that failure."""
    with suppress(sqlite3.Error):  # the original error is the one worth reporting
        if conn.in_transaction:
            conn.execute("ROLLBACK")
