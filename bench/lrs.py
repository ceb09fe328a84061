"""Reporting to an LRS: statements per second, and what a choice pays for its statement.

1. The cost of a choice: plays the bundled scenarios over and over on a real
   SQLite file (WAL, synchronous=FULL, as the app runs), timing
   ``KeptRun.choose`` with reporting off and then on (the statement is built
   and written in the choice's own transaction; nothing is sent meanwhile).
   Prints both medians and the difference; the target is at most 1 ms more.
2. Throughput: queues 10,000 statements and sends them to a local Ralph
   (started here with its file-system backend, as the tests do, unless
   BENCH_LRS_ENDPOINT / _USERNAME / _PASSWORD name a running LRS), in
   batches of 100; prints statements per second.

    .venv/bin/python bench/lrs.py            # BENCH_STATEMENTS=10000 BENCH_ROUNDS=40
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from trainer.app.runs import start_run
from trainer.scenarios.library import load_library
from trainer.store import Store
from trainer.store.outbox import Outbox
from trainer.xapi import config as xconfig
from trainer.xapi import statements as st
from trainer.xapi import vocabulary as v
from trainer.xapi.sender import send_now

STATEMENTS = int(os.environ.get("BENCH_STATEMENTS", "10000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "40"))
USER, PASSWORD = "bench", "bench-password"
PATCH = """\
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND
"""


def choice_times(store: Store, rounds: int) -> list[float]:
    """Seconds per ``KeptRun.choose`` over ``rounds`` plays of every bundled scenario."""
    library = load_library()
    profile = store.find_profile("Bench") or store.create_profile("Bench")
    times = []
    for _ in range(rounds):
        for entry in library.scenarios.values():
            run = start_run(store, profile.id, entry, rubric=library.rubric)
            while not run.finished:
                begin = time.perf_counter()
                run.choose(1)
                times.append(time.perf_counter() - begin)
    return times


@contextlib.contextmanager
def ralph() -> Iterator[str]:
    """A local Ralph on a free port; its xAPI endpoint."""
    import bcrypt

    folder = Path(tempfile.mkdtemp(prefix="bench-ralph-"))
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()
    user: dict[str, object] = {"username": USER, "hash": hashed, "scopes": ["all"]}
    user["agent"] = {"mbox": "mailto:bench@example.org"}
    (folder / "auth.json").write_text(json.dumps([user]))
    (folder / "data").mkdir()
    (folder / "patch").mkdir()
    (folder / "patch" / "sitecustomize.py").write_text(PATCH)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "RALPH_AUTH_FILE": str(folder / "auth.json"),
        "RALPH_APP_DIR": str(folder / "app"),
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
        "PYTHONPATH": str(folder / "patch"),
    }
    command = [str(Path(sys.executable).with_name("ralph")), "runserver", "-b", "fs"]
    process = subprocess.Popen(
        [*command, "-h", "127.0.0.1", "-p", str(port)],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"http://127.0.0.1:{port}/__heartbeat__", timeout=1).is_success:
                    break
            time.sleep(0.1)
        else:
            raise SystemExit("Ralph did not start within 60 s")
        yield f"http://127.0.0.1:{port}/xAPI/"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)


def throughput(folder: Path, endpoint: str, user: str, password: str) -> float:
    with Store.open(folder / "throughput.sqlite3") as store:
        os.environ.update(
            {
                xconfig.ENV_ENDPOINT: endpoint,
                xconfig.ENV_USERNAME: user,
                xconfig.ENV_PASSWORD: password,
            }
        )
        actor = st.Actor("bench", "https://intranet.example.org")
        items = [
            st.encode(
                {
                    "id": f"b0000000-{n // 65536:04x}-4000-8000-{n:012x}",
                    "actor": actor.as_json(),
                    "verb": {"id": v.SELECTED},
                    "object": {"objectType": "Activity", "id": f"{v.SCENARIO}bench:{n % 50}"},
                    "timestamp": "2024-05-01T10:00:00.000+00:00",
                }
            )
            for n in range(STATEMENTS)
        ]
        Outbox(store).add(items)
        begin = time.perf_counter()
        report = send_now(store)
        seconds = time.perf_counter() - begin
        if report.error or report.sent != STATEMENTS:
            raise SystemExit(f"sent {report.sent} of {STATEMENTS}: {report.error}")
        return STATEMENTS / seconds


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-lrs-"))
    for name in (xconfig.ENV_ENDPOINT, xconfig.ENV_USERNAME, xconfig.ENV_PASSWORD):
        os.environ.pop(name, None)
    with Store.open(folder / "off.sqlite3") as store:
        off = statistics.median(choice_times(store, ROUNDS))
    with Store.open(folder / "on.sqlite3") as store:
        xconfig.save(store, "http://127.0.0.1:9/xAPI/", "", "", "")  # queued, never sent
        on = statistics.median(choice_times(store, ROUNDS))
        queued = Outbox(store).status().waiting
    print(f"choice, reporting off: {off * 1000:.3f} ms (median)")
    print(f"choice, reporting on:  {on * 1000:.3f} ms (median; {queued} statements queued)")
    print(f"cost of the statement: {(on - off) * 1000:+.3f} ms per choice (target <= 1 ms)")

    given = os.environ.get("BENCH_LRS_ENDPOINT")
    if given:
        rate = throughput(
            folder,
            given,
            os.environ.get("BENCH_LRS_USERNAME", ""),
            os.environ.get("BENCH_LRS_PASSWORD", ""),
        )
    else:
        with ralph() as endpoint:
            rate = throughput(folder, endpoint, USER, PASSWORD)
    print(f"sending: {rate:,.0f} statements/s ({STATEMENTS} statements, batches of 100)")


if __name__ == "__main__":
    main()
