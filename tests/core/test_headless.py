"""The core never imports Qt: every module outside trainer/ui imports, and the
command line works, with PySide6 made unimportable."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import trainer

BLOCK_QT = """
import sys
class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            raise ImportError("Qt is not allowed in the core: " + name)
        return None
sys.meta_path.insert(0, NoQt())
"""


def core_modules() -> list[str]:
    found = []
    for info in pkgutil.walk_packages(trainer.__path__, "trainer."):
        if info.name.startswith("trainer.ui") or info.name == "trainer.__main__":
            continue
        found.append(info.name)
    return found


def run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK_QT + code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_core_module_imports_without_qt() -> None:
    modules = core_modules()
    assert "trainer.scenarios.loader" in modules and "trainer.cli.report_handlers" in modules
    done = run("import importlib, sys\nfor m in sys.argv[1:]: importlib.import_module(m)", *modules)
    assert done.returncode == 0, done.stderr


def test_commands_run_without_qt(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom trainer.cli.main import main\n"
        "sys.exit(main(['--data-dir', sys.argv[1], 'validate', '--strict']) or "
        "main(['--data-dir', sys.argv[1], 'paths', 'towed-car']))"
    )
    done = run(code, str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "best path" in done.stdout
