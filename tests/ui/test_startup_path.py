"""What matters about start-up: the library window shows before the heavy libraries load.

Not a timing test (bench/startup.py measures that): it starts the app in a
fresh interpreter, the way the README's run command does, and checks that by
the time the library window is on screen and filled, none of pydantic,
Jinja2, PyYAML or reportlab has been imported. They load on a worker thread
straight after (the full library) or when a certificate is written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from trainer.store import Store

HEAVY = ("pydantic", "jinja2", "yaml", "reportlab")
CHILD = """
import builtins, json, os, sys
import trainer.ui.app as app_module
if os.environ.get("CACHED"):
    app_module.LOAD_DELAY_MS = 600_000  # the background load is not part of the start
seen = {}
def snapshot(*args, **kwargs):  # the app prints "ready ..." once the library is shown
    if args and str(args[0]).startswith("ready ") and not seen:
        seen["modules"] = sorted({m.split(".")[0] for m in sys.modules})
    return real_print(*args, **kwargs)
real_print, builtins.print = builtins.print, snapshot
from trainer.main import main
code = main([])
builtins.print = real_print
print(json.dumps({"code": code, "modules": seen.get("modules")}))
"""


def test_the_library_window_shows_before_pydantic_jinja2_yaml_or_reportlab_load(
    tmp_path: Path,
) -> None:
    with Store.open(tmp_path / "counterpart.sqlite3") as store:
        store.set_setting("profile_id", store.create_profile("Ada").id)
    env = dict(os.environ, TRAINER_HOME=str(tmp_path), COUNTERPART_EXIT_WHEN_READY="1")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    found = []
    # The first start has no catalogue cache and builds it; every later one reads it.
    for cached in ("", "1"):
        out = subprocess.run(
            [sys.executable, "-c", CHILD],
            env={**env, "CACHED": cached},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr
        assert "ready " in out.stdout, out.stdout + out.stderr
        found.append(json.loads(out.stdout.splitlines()[-1]))
    later = found[-1]
    assert later["code"] == 0
    assert later["modules"] is not None
    assert "PySide6" in later["modules"]  # the window really was up
    assert [m for m in HEAVY if m in later["modules"]] == []
