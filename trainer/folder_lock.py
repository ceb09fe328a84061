"""One app per data folder: a lock on a file in the folder, held while the app runs.

The lock is the operating system's own (``flock`` on POSIX, a locked byte on
Windows), so it is dropped when the process ends however it ends: a crash
never leaves a stale lock for the next start to puzzle over. The file stays
behind; on POSIX it holds the process id of its last holder, for a person
who looks.

Nothing is synced to disk, because nothing about the lock lives in the
file's contents. Qt's ``QLockFile``, used before, synced the file on every
start: 1-2 ms, and 10 ms or more with other writes pending on the disk.

No Qt here; the app takes the lock before it opens the store.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

RETRY_MS = 25


class FolderLock:
    """An exclusive lock on the file at ``path``, taken with :meth:`acquire`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, wait_ms: int = 0) -> bool:
        """Take the lock, trying for up to ``wait_ms``; False if another process holds it.

        Raises OSError when the lock cannot be tried at all: the folder cannot
        be made, the file cannot be opened, or the file system has no locks.
        """
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait_ms / 1000
        try:
            while True:
                try:
                    _lock(fd)
                    break
                except BlockingIOError:  # another process holds it
                    if time.monotonic() >= deadline:
                        os.close(fd)
                        return False
                    time.sleep(RETRY_MS / 1000)
        except OSError:
            os.close(fd)
            raise
        self._fd = fd
        _note_holder(fd)
        return True

    def release(self) -> None:
        """Let the lock go (the file stays); closing the file would drop it too."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)


if sys.platform == "win32":

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except PermissionError as exc:  # Windows' word for "locked by another process"
            raise BlockingIOError(*exc.args) from exc

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    def _note_holder(fd: int) -> None:
        """Nothing: on Windows the locked byte cannot be rewritten safely."""

else:

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    def _note_holder(fd: int) -> None:
        """The holder's process id, for a person looking (the lock is what counts)."""
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
