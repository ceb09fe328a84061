"""Fixtures shared by the core tests: a real SQLite store in a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from trainer.scenarios.library import Entry, Library
from trainer.scenarios.loader import content_hash, load_scenario
from trainer.store import Store

MINI = Path(__file__).parent / "data" / "mini.yaml"


def mini_library() -> Library:
    """A library of one small scenario (tests/core/data/mini.yaml), without the bundled content."""
    scenario = load_scenario(MINI)
    library = Library()
    library.scenarios[scenario.id] = Entry(scenario, str(MINI), content_hash(scenario))
    return library


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "data.sqlite3") as opened:
        yield opened


NOBODY = 65534  # the unprivileged user, for tests of permissions that root would ignore


def as_nobody() -> list[str] | None:
    """A command prefix that runs as "nobody" (from root), or None where that cannot be done."""
    setpriv = shutil.which("setpriv")
    if setpriv is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    prefix = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=30, check=False)
    return prefix if probe.returncode == 0 else None


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Path]:
    """A folder for the test's files that "nobody" can reach too (pytest's are root's own)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="counterpart-test-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
