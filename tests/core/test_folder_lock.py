"""The data folder's lock (trainer/folder_lock.py): one holder, dropped however it ends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.folder_lock import FolderLock

HOLD = """
import sys, time
from pathlib import Path
from trainer.folder_lock import FolderLock
lock = FolderLock(Path(sys.argv[1]))
print(lock.acquire(), flush=True)
if sys.stdin.readline().strip() == "release":
    time.sleep(0.3)  # so the other side is already waiting
    lock.release()
    print("released", flush=True)
sys.stdin.read()
"""


def holder(path: Path) -> subprocess.Popen[str]:
    """Another process holding the lock until told (or killed)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "True"
    return proc


def test_one_holder_at_a_time_and_the_file_stays(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "counterpart.lock"
    first, second = FolderLock(path), FolderLock(path)
    assert first.acquire() and first.held
    assert first.acquire()  # already held: still true
    assert not second.acquire(wait_ms=0) and not second.held
    first.release()
    assert not first.held
    first.release()  # twice is harmless
    assert second.acquire()
    second.release()
    assert path.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="the holder's id is written on POSIX")
def test_the_file_names_its_holder(tmp_path: Path) -> None:
    lock = FolderLock(tmp_path / "counterpart.lock")
    assert lock.acquire()
    assert (tmp_path / "counterpart.lock").read_text() == f"{os.getpid()}\n"
    lock.release()


def test_a_lock_held_by_a_process_that_crashed_is_free(tmp_path: Path) -> None:
    path = tmp_path / "counterpart.lock"
    with holder(path) as proc:
        assert not FolderLock(path).acquire(wait_ms=50)  # held by a live process
        proc.kill()  # a crash: nothing is cleaned up
        proc.wait()
    assert path.exists()
    lock = FolderLock(path)
    assert lock.acquire()
    lock.release()


def test_waiting_wins_a_lock_released_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "counterpart.lock"
    with holder(path) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("release\n")
        proc.stdin.flush()
        lock = FolderLock(path)
        assert lock.acquire(wait_ms=10_000)
        assert proc.stdout.readline().strip() == "released"
        lock.release()
        proc.kill()


def test_a_lock_that_cannot_be_tried_raises(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where the folder should be")
    lock = FolderLock(tmp_path / "data" / "counterpart.lock")
    with pytest.raises(OSError):
        lock.acquire()
    assert not lock.held
