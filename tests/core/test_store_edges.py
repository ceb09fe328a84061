"""The data file's edges: simultaneous first opens, strangers' files, read-only folders, locks.

Real SQLite files, real second processes. The race starts two processes at
an agreed moment on a fresh folder, many times; before the journal switch
was retried, about two rounds in three had one of them fail with "locked".
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.core.conftest import NOBODY, as_nobody
from trainer.errors import StoreError
from trainer.reports.certificate import CertificateRequest, check_printable, issue_certificate
from trainer.reports.certificate_page import certificate_pdf
from trainer.reports.fonts import default_font_book
from trainer.reports.signing import Issuer
from trainer.store import Store
from trainer.store.connection import BUSY_TIMEOUT_MS, keep_responsive

PROJECT_DIR = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
ROUNDS = 12
ENV = {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}


def test_two_processes_opening_a_new_data_file_together_both_succeed(tmp_path: Path) -> None:
    failures: list[str] = []
    for round_ in range(ROUNDS):
        db = tmp_path / f"round{round_}" / "data" / "counterpart.sqlite3"
        start = time.time() + 0.5  # both have started Python and imported the store by then
        procs = [
            subprocess.Popen(
                [sys.executable, str(HERE / "store_opener.py"), str(db), str(start)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=ENV,
            )
            for _ in range(2)
        ]
        for proc in procs:
            out, err = proc.communicate(timeout=60)
            if out.strip() != "ok":
                failures.append(f"round {round_}: {out.strip()} {err.strip()[-300:]}")
        with Store.open(db) as store:
            assert store.list_profiles() == []
    assert failures == []


def test_a_strangers_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "theirs.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (n INTEGER)")
        conn.execute("INSERT INTO invoices VALUES (1)")
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StoreError, match="not a Counterpart data file"):
        Store.open(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.sqlite3"]  # no -wal, no -shm
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_a_read_only_open_writes_nothing_and_needs_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "counterpart.sqlite3"
    with pytest.raises(StoreError, match="no data file"):
        Store.open(path, read_only=True)
    assert not path.exists()
    with Store.open(path) as store:
        store.create_profile("Ada")
    listing = sorted(p.name for p in tmp_path.iterdir())
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with Store.open(path, read_only=True) as store:
        assert [p.name for p in store.list_profiles()] == ["Ada"]
        with pytest.raises(StoreError):
            store.create_profile("Bob")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    sidecars = {f"{path.name}-wal", f"{path.name}-shm"}  # SQLite's, where it may create them
    assert {p.name for p in tmp_path.iterdir()} - sidecars == set(listing)


def _read_only_command(folder: Path) -> list[str] | None:
    """A prefix that runs a command with ``folder`` read-only, or None if this machine cannot.

    An ordinary user gets a folder without write permission. Root ignores
    permissions, so it gets a read-only bind mount in a private namespace,
    or, where it may not mount (a container), runs the command as the
    unprivileged user "nobody", for whom the root-owned folder is read-only.
    """
    if os.geteuid() != 0:
        _no_write(folder)
        return []
    unshare = shutil.which("unshare")
    script = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && exec "$@"'
    if unshare and _runs([unshare, "-m", "sh", "-c", script, str(folder)]):
        return [unshare, "-m", "sh", "-c", script, str(folder)]
    nobody = as_nobody()
    if nobody is not None:
        for item in [folder, *folder.rglob("*")]:
            os.chown(item, NOBODY, NOBODY)  # so it can read its own (private) files
        _no_write(folder)
    return nobody


def _runs(prefix: list[str]) -> bool:
    probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=30, check=False)
    return probe.returncode == 0


def _no_write(folder: Path) -> None:
    """Every write permission off, the rest kept (a private key stays private)."""
    for item in [folder, *folder.rglob("*")]:
        item.chmod(item.stat().st_mode & ~0o222)


@pytest.fixture
def filled_home(shared: Path) -> Iterator[Path]:
    """A data folder with a profile, a finished run and the issuer key, as left by the app."""
    home = shared / "home"
    with Store.open(home / "counterpart.sqlite3") as store:
        store.create_profile("Maria Lopez")
    yield home
    if os.geteuid() != 0:
        for item in [home, *home.rglob("*")]:
            item.chmod(0o700 if item.is_dir() else 0o600)


def test_report_and_verify_work_on_a_read_only_data_folder(filled_home: Path, shared: Path) -> None:
    issuer = Issuer.load_or_create(filled_home / "issuer")
    fonts = default_font_book()
    request = CertificateRequest(name="Maria Lopez", programme="De-escalation", on=date(2025, 3, 7))
    content = check_printable(issue_certificate(request, issuer), fonts)
    pdf = shared / "certificate.pdf"
    pdf.write_bytes(certificate_pdf([content], fonts))
    prefix = _read_only_command(filled_home)
    if prefix is None:
        pytest.skip("cannot make a read-only folder here")
    env = {**ENV, "TRAINER_HOME": str(filled_home)}
    out = shared / "out"
    out.mkdir(mode=0o777)
    out.chmod(0o777)  # where the report goes: writable by whoever runs the command

    def trainer(*args: str) -> subprocess.CompletedProcess[str]:
        command = [*prefix, sys.executable, "-m", "trainer", *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)

    assert trainer("--help").returncode == 0  # the folder really is read-only in there:
    touch = subprocess.run([*prefix, "touch", str(filled_home / "x")], capture_output=True)
    assert touch.returncode != 0
    report = trainer("report", "--profile", "Maria Lopez", "--format", "csv", "--out", str(out))
    assert report.returncode == 0, report.stderr
    assert Path(report.stdout.strip()).is_file()
    verified = trainer("verify", str(pdf))
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("VALID")
    assert trainer("verify", content.token).returncode == 0


def _hold_lock(db: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, str(HERE / "lock_holder.py"), str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def _in_thread(job: Callable[[], object], responsive: bool) -> tuple[float, BaseException | None]:
    """Run ``job`` on a fresh thread (marked like the UI's if ``responsive``); time and error."""
    outcome: list[BaseException | None] = [None]

    def run() -> None:
        if responsive:
            keep_responsive()
        try:
            job()
        except BaseException as exc:  # handed back to the test
            outcome[0] = exc

    thread = threading.Thread(target=run)
    began = time.monotonic()
    thread.start()
    thread.join(timeout=BUSY_TIMEOUT_MS / 1000 + 10)
    assert not thread.is_alive()
    return time.monotonic() - began, outcome[0]


def test_the_ui_thread_is_told_at_once_when_another_program_holds_the_lock(
    tmp_path: Path,
) -> None:
    db = tmp_path / "counterpart.sqlite3"
    with Store.open(db) as store:
        profile = store.create_profile("Ada")
        holder = _hold_lock(db)
        try:
            took, error = _in_thread(
                lambda: store.start_attempt(profile.id, "s", "h", "practice"), responsive=True
            )
        finally:
            holder.communicate("\n", timeout=30)  # lets go, and closes the pipes
        assert isinstance(error, StoreError) and "try again" in str(error)
        assert took < BUSY_TIMEOUT_MS / 1000 / 2  # was the full 5 s before
        took, error = _in_thread(
            lambda: store.start_attempt(profile.id, "s", "h", "practice"), responsive=True
        )
        assert error is None  # free again: the same call works
        assert len(store.attempts(profile_id=profile.id)) == 1


def test_other_threads_still_queue_for_the_lock(tmp_path: Path) -> None:
    db = tmp_path / "counterpart.sqlite3"
    with Store.open(db) as store:
        profile = store.create_profile("Ada")
        holder = _hold_lock(db)
        release = threading.Timer(0.8, lambda: holder.communicate("\n", timeout=30))
        release.start()
        try:
            took, error = _in_thread(
                lambda: store.start_attempt(profile.id, "s", "h", "practice"), responsive=False
            )
        finally:
            release.join()
        assert error is None and took >= 0.7
