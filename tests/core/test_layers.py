"""The import contracts in pyproject.toml hold, and they do catch a broken layer.

``lint-imports`` (import-linter) reads the whole import graph, function-level
imports included. The second and third tests break a copy of the package on
purpose, to show that the contracts are not vacuous.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(where: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(where)}
    return subprocess.run(
        [str(LINT), "--no-cache"],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def broken_copy(tmp_path: Path, module: str, line: str) -> Path:
    """A copy of the package and its contracts, with ``line`` inside a function of ``module``."""
    shutil.copytree(ROOT / "trainer", tmp_path / "trainer", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    path = tmp_path / (module.replace(".", "/") + ".py")
    path.write_text(
        path.read_text(encoding="utf-8") + f"\n\ndef _broken() -> None:\n    {line}\n",
        encoding="utf-8",
    )
    return tmp_path


def test_the_contracts_hold() -> None:
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("trainer.scenarios.model", "import PySide6.QtCore", "Qt is imported only under"),
        ("trainer.store.records", "from PySide6 import QtCore", "Qt is imported only under"),
        ("trainer.app.runs", "import trainer.ui.style", "The core never reaches into the UI"),
        ("trainer.workshop.live", "import PySide6.QtWidgets", "Qt is imported only under"),
        ("trainer.scenarios.checker", "import trainer.scoring.result", "Layers"),
        ("trainer.store.store", "import trainer.scenarios.loader", "The store knows nothing"),
    ],
)
def test_a_forbidden_import_inside_a_function_breaks_a_contract(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    done = lint(broken_copy(tmp_path, module, line))
    assert done.returncode != 0, done.stdout
    broken = [row for row in done.stdout.splitlines() if row.endswith("BROKEN")]
    assert any(contract in row for row in broken), done.stdout
