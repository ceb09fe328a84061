"""A real LRS for the reporting tests: Ralph, started on the loopback address.

One Ralph per test session (``ralph runserver --backend fs``), on a port the
OS picked, with its file-system backend and its auth file in a temporary
folder (Ralph's HTTP basic auth: a JSON list of users with bcrypt hashes).
Tests that need the LRS down, or an answer lost, go through :class:`Proxy`,
a small TCP relay in front of it that can stop listening or hold answers.

Every test also gets an in-memory keyring (the machine's own is never
touched) and an environment without TRAINER_LRS_* variables.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from lrs_helpers import PASSWORD, USERNAME, Lrs, MemoryKeyring, Proxy, free_port

from trainer.xapi import config as xconfig

RALPH = Path(sys.executable).with_name("ralph")
START_S = 60.0

# Ralph 5.1's file-system LRS backend writes each POST with the operation
# "create", which refuses once its one file exists, so only a session's
# first POST would be stored (HTTP 500 "bulk indexation failed" after it).
# Appending is what its other backends do in effect; this makes the
# development backend behave like them. Loaded by every Ralph process.
APPEND_PATCH = """\
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND
"""


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    for name in (
        xconfig.ENV_ENDPOINT,
        xconfig.ENV_USERNAME,
        xconfig.ENV_PASSWORD,
        xconfig.ENV_HOMEPAGE,
    ):
        monkeypatch.delenv(name, raising=False)
    ring = MemoryKeyring()
    monkeypatch.setattr("trainer.xapi.credentials._backend", lambda: ring)
    return ring


def _ralph_env(folder: Path) -> dict[str, str]:
    import bcrypt

    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()
    auth = folder / "auth.json"
    user = {
        "username": USERNAME,
        "hash": hashed,
        "scopes": ["all"],
        "agent": {"mbox": "mailto:counterpart-test@example.org"},
    }
    auth.write_text(json.dumps([user]), encoding="utf-8")
    (folder / "data").mkdir()
    (folder / "patch").mkdir()
    (folder / "patch" / "sitecustomize.py").write_text(APPEND_PATCH, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RALPH_", "TRAINER_"))}
    env.update(
        RALPH_AUTH_FILE=str(auth),
        RALPH_APP_DIR=str(folder / "app"),
        RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH=str(folder / "data"),
        PYTHONPATH=str(folder / "patch"),  # every Ralph process, its reloader's child too
    )
    return env


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End Ralph and the server process its reloader started (one process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


@pytest.fixture(scope="session")
def lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lrs]:
    try:
        import bcrypt  # noqa: F401 - Ralph's auth file needs it; it comes with Ralph
        import ralph  # noqa: F401
    except ImportError:
        pytest.fail("Ralph (ralph-malph[lrs,cli]) is not installed: run ./test.sh's install")
    if not RALPH.exists():
        pytest.fail(f"Ralph's command is not at {RALPH}: run ./test.sh's install")
    folder = tmp_path_factory.mktemp("ralph")
    port = free_port()
    log = (folder / "ralph.log").open("wb")
    process = subprocess.Popen(
        [str(RALPH), "runserver", "--backend", "fs", "--host", "127.0.0.1", "--port", str(port)],
        cwd=folder,  # its reloader watches the working folder: keep it small
        env=_ralph_env(folder),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    endpoint = f"http://127.0.0.1:{port}/xAPI/"
    try:
        deadline = time.monotonic() + START_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"Ralph exited at start: {(folder / 'ralph.log').read_text()[-2000:]}")
            try:
                if (
                    httpx.get(f"http://127.0.0.1:{port}/__heartbeat__", timeout=1).status_code
                    == 200
                ):
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"Ralph did not start within {START_S:.0f} s")
            time.sleep(0.1)
        yield Lrs(endpoint)
    finally:
        _stop(process)
        log.close()


@pytest.fixture
def proxy(lrs: Lrs) -> Iterator[Proxy]:
    relay = Proxy(int(lrs.endpoint.split(":")[2].split("/")[0]))
    yield relay
    relay.close()
