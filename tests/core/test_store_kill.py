"""The kill test: a process killed at any moment loses no choice it had reported as saved.

A writer process records choices in a loop and prints each seq only after
``record_choice`` returned. We SIGKILL it after a random number of lines
(seeded, so a failure can be replayed), many times over the same file, then
reopen it: every printed seq must be there, with no gaps, and SQLite's own
integrity check must pass. Waiting for lines, not for time, keeps the test
fast and independent of the machine's speed.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from trainer.store import LATEST_VERSION, Store

PROJECT_DIR = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("store_writer.py")
SEED = 20240611
KILLS = 24
WATCHDOG_SECONDS = 15


def spawn_writer(db: Path, name: str, count: int) -> subprocess.Popen[str]:
    """Start store_writer.py with the project importable, whatever the current directory."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(db), name, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def read_lines(proc: subprocess.Popen[str], wanted: int) -> list[str]:
    """Read ``wanted`` lines from the writer; a watchdog kills it rather than hang the suite."""
    assert proc.stdout is not None
    watchdog = threading.Timer(WATCHDOG_SECONDS, proc.kill)
    watchdog.start()
    try:
        lines: list[str] = []
        while len(lines) < wanted:
            line = proc.stdout.readline()
            assert line, f"writer stopped early: {proc.stderr.read() if proc.stderr else ''}"
            lines.append(line.strip())
        return lines
    finally:
        watchdog.cancel()


def kill(proc: subprocess.Popen[str]) -> None:
    """SIGKILL (no cleanup, no atexit, no flushing by SQLite), then reap the process."""
    proc.kill()
    proc.wait()
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


def assert_killed(proc: subprocess.Popen[str]) -> None:
    """The writer died from our signal mid-work, not by finishing or failing."""
    if os.name == "posix":
        assert proc.returncode == -signal.SIGKILL


def reported_choices(lines: list[str]) -> dict[int, list[int]]:
    """attempt id -> the seqs the writer promised were saved."""
    reported: dict[int, list[int]] = {}
    for line in lines:
        if line == "opening":
            continue
        first, second = line.split()
        if first == "attempt":
            reported.setdefault(int(second), [])
        else:
            reported.setdefault(int(first), []).append(int(second))
    return reported


def test_every_reported_choice_survives_repeated_kills(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    db = tmp_path / "data" / "counterpart.sqlite3"
    promised: dict[int, list[int]] = {}
    started = time.monotonic()
    for round_no in range(KILLS):
        # Round 0 dies right after "opening": while the file is being created.
        wanted = 1 if round_no == 0 else rng.randint(1, 60)
        proc = spawn_writer(db, "Kill Test", 0)
        try:
            lines = read_lines(proc, wanted)
        finally:
            kill(proc)
        assert_killed(proc)
        for attempt_id, seqs in reported_choices(lines).items():
            promised.setdefault(attempt_id, []).extend(seqs)
    elapsed = time.monotonic() - started

    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    with Store.open(db) as store:
        assert store.schema_version == LATEST_VERSION
        assert sum(len(seqs) for seqs in promised.values()) > KILLS
        for attempt_id, seqs in promised.items():
            saved = [choice.seq for choice in store.choices(attempt_id)]
            assert set(seqs) <= set(saved), f"attempt {attempt_id} lost a reported choice"
            assert saved == list(range(len(saved))), f"attempt {attempt_id} has gaps"
        profile = store.find_profile("Kill Test")
        assert profile is not None
        resumable = {attempt.id for attempt in store.unfinished_attempts(profile.id)}
        assert set(promised) <= resumable
    assert elapsed < 30, f"kill test took {elapsed:.1f}s"


def test_processes_writing_at_once_keep_every_choice(tmp_path: Path) -> None:
    """Two app windows (or the CLI beside the UI) on one fresh file: nothing lost or mixed up."""
    db = tmp_path / "shared.sqlite3"
    writers = [spawn_writer(db, f"Writer {n}", 120) for n in range(3)]
    outputs = []
    for proc in writers:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        outputs.append(reported_choices(out.splitlines()))
    with Store.open(db) as store:
        for reported in outputs:
            ((attempt_id, seqs),) = reported.items()
            assert seqs == list(range(120))
            assert [c.seq for c in store.choices(attempt_id)] == seqs
        assert len(store.list_profiles()) == 3
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
