"""What the app loads before its library window is on screen (see bench/startup.py).

Not a timing test: it checks, in a fresh interpreter, that starting the app
the way the README's run command does shows a filled library without paying
for what only later pages need. The costly ones are named here with what
they cost when this was written: Qt's ``Qt`` namespace (about a hundred
Python enums, ~30 ms), a Python ``QStyle`` (~15 ms plus every style option
type it sees), pydantic, Jinja2 and PyYAML (the full library loads on a
worker thread after the window is shown), reportlab, and the engine. Smaller
ones too: the worker module and ``QThread`` (the first job imports them),
``QSizePolicy`` (~1 ms; the toolbar's spacer does without it), ``QShortcut``
(~0.7 ms; Ctrl+F is an action), ``QKeySequence`` (~2 ms with its enums;
shortcuts are set as text, see main_window.set_keys), ``QFont`` (~2.5 ms;
the topic heads' bold is a font description), ``QToolButton`` and
``html`` (its entity table alone costs ~1.7 ms). And PySide's import hook
must not read the source of our modules (~5 ms; see trainer/ui/__init__.py),
and Qt must not hand the first paint's fills to its pool of threads (~7 ms;
see trainer/ui/app.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from trainer.store import Store

CHILD = """
import builtins, inspect, json, os, sys
scanned = []
real_getsource = inspect.getsource
def getsource(obj):  # PySide's import hook reads a module's source with this
    scanned.append(getattr(obj, "__name__", ""))
    return real_getsource(obj)
inspect.getsource = getsource
import trainer.ui.app as app_module
if os.environ.get("CACHED"):
    app_module.LOAD_DELAY_MS = 600_000  # the background load is not part of the start
from PySide6 import QtCore, QtGui, QtWidgets
seen = {}
def snapshot(*args, **kwargs):  # when the app reports the window ready
    if args and str(args[0]).startswith("ready ") and not seen:
        seen["made"] = {**QtCore.__dict__, **QtGui.__dict__, **QtWidgets.__dict__}
        seen["modules"] = list(sys.modules)
        tasks = "/proc/self/task"
        names = [open(f"{tasks}/{t}/comm").read().strip() for t in os.listdir(tasks)]
        seen["threads"] = names
    return real_print(*args, **kwargs)
real_print, builtins.print = builtins.print, snapshot
from trainer.main import main
code = main([])
builtins.print = real_print
heavy = ("pydantic", "jinja2", "yaml", "reportlab", "html")
later = ("trainer.scenarios.", "trainer.scoring", "trainer.app.runs", "trainer.reports.",
         "trainer.ui.worker", "trainer.app.progress", "trainer.ui.widgets.title_wrap")
modules = [m for m in seen["modules"] if m.split(".")[0] in heavy or m.startswith(later)]
print(json.dumps({
    "code": code,
    "qt_classes": [
        n
        for n in (
            "Qt", "QStyle", "QProxyStyle", "QThread", "QSizePolicy", "QShortcut",
            "QKeySequence", "QToolButton", "QFont",
        )
        if n in seen["made"]
    ],
    "modules": sorted(m for m in modules if m not in ("trainer.scenarios.context", "trainer.scenarios.catalogue")),
    "scanned": sorted({m for m in scanned if m.split(".")[0] == "trainer"}),
    "threads": seen["threads"],
}))
"""


def test_the_library_window_starts_without_what_later_pages_need(tmp_path: Path) -> None:
    with Store.open(tmp_path / "counterpart.sqlite3") as store:
        store.set_setting("profile_id", store.create_profile("Ada").id)
    env = dict(os.environ, TRAINER_HOME=str(tmp_path), COUNTERPART_EXIT_WHEN_READY="1")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    runs = []
    # The first start writes the catalogue cache; every later one reads it.
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
        runs.append(json.loads(out.stdout.splitlines()[-1]))
    second = runs[-1]
    assert second["code"] == 0
    assert second["qt_classes"] == []
    assert second["modules"] == []
    # PySide did not read our modules' source (trainer/ui/__init__.py told it).
    assert second["scanned"] == []
    # Qt painted the window on the GUI thread alone (trainer/ui/app.py says why).
    assert not [name for name in second["threads"] if "pooled" in name], second["threads"]


SCAN_CHILD = """
import inspect, json, linecache, sys
import trainer.ui  # answers PySide's import-hook question from now on
table = sys.modules["shibokensupport.feature"].pyside_feature_dict
scanned = []
real_getsource = inspect.getsource
inspect.getsource = lambda obj: scanned.append(obj.__name__) or real_getsource(obj)
before, cached = set(sys.modules), len(linecache.cache)
import jinja2, pydantic, reportlab.pdfgen.canvas, yaml
from pytestqt.qt_compat import qt_api  # its source says "PySide6"
new = sorted(set(sys.modules) - before)
inspect.getsource = real_getsource
def pyside_scan(module):  # PySide's own test: does the source say "PySide6"?
    try:
        return "PySide6" in inspect.getsource(module)
    except (TypeError, OSError, SyntaxError):
        return False
answered = {n: table[n] for n in new if n in table}
print(json.dumps({
    "scanned": scanned,
    "lines_kept": len(linecache.cache) - cached,
    "answered": answered,
    "expected": {n: 0 if pyside_scan(sys.modules[n]) else -1 for n in answered},
}))
"""


def test_pyside_import_hook_gets_its_answer_without_scanning_source() -> None:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = subprocess.run(
        [sys.executable, "-c", SCAN_CHILD], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout.splitlines()[-1])
    assert found["scanned"] == []
    assert found["lines_kept"] == 0
    answered, expected = found["answered"], found["expected"]
    assert len(answered) > 100  # the libraries' modules went through PySide's hook
    assert answered == expected  # with the answers PySide's own scan gives
    assert answered["pytestqt.qt_compat"] == 0
