"""Start-up: process start to the library window shown and usable, against a bare window.

Both are started the same way, in the same run, in rounds: a fresh Python
process that imports PySide6 and shows a window. Each round starts the bare
window and the app back to back (which goes first alternates), and the ratio
is the median of the rounds' own ratios: a busy moment on the machine slows
both halves of a round alike, where separate medians would let it land on
one side only. The bare one shows a QMainWindow with one label, as large as
the app's first window (1280 x 800, or the screen's available size where
that is smaller: the offscreen platform's screen is 800 x 800); the app is
``python -m trainer`` on a data folder with a remembered profile, and counts
as usable once its window is exposed and the library list is filled. Each
child prints the wall-clock time at that moment; the parent subtracts the time
it started the child.

The first app start in a fresh data folder writes the catalogue cache (see
trainer/scenarios/catalogue.py); it is done once before timing, as every start after
a user's first would find it. Two more windows are timed in each round, to
say where the app's time goes: the same window in pure Qt (the floor), and
the bare window after importing the app's start-up modules (our code
loaded, none of our window built). Our bytecode is compiled first, as the README's
commands do. Runs on the current QT_QPA_PLATFORM (offscreen
when there is no display). Last line: ``ratio=X.XX`` (target <= 1.3).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the tree measured, whatever is installed
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "31"))  # ~15 s; fewer swing more on a busy machine
# Both windows report the moment they are on screen, then quit.
READY = """
def check():
    handle = window.windowHandle()
    if handle is not None and handle.isExposed():
        print(f"ready {time.time():.6f} {time.process_time():.6f}", flush=True)
        app.quit()
    else:
        QTimer.singleShot(1, check)
QTimer.singleShot(0, check)
app.exec()
"""
BARE = (
    """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Counterpart"))
screen = app.primaryScreen().availableGeometry()
window.resize(min(1280, screen.width()), min(800, screen.height()))
window.show()
"""
    + READY
)
APP = "from trainer.main import main; raise SystemExit(main())"
# Counterpart's start-up modules imported as the app imports them (the
# collector paused, PySide's hook answered from file bytes), then the bare
# window: how much of the app's time is spent reading our Python code.
IMPORTS = (
    """
from trainer.ui import startup
startup.pause_collection()
startup.spare_pyside_source_scans()
import trainer.main, trainer.ui.app
"""
    + BARE
)
# The same shape of window in pure Qt, with no Counterpart code (and the same
# star and warning glyphs, whose font fallback costs ~20 ms): the floor any
# implementation of this library page starts from.
SHAPE = (
    """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication, QComboBox, QHBoxLayout, QLineEdit, QMainWindow, QPushButton, QSplitter,
    QTextBrowser, QToolBar, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)
app = QApplication(sys.argv[:1])
window = QMainWindow()
bar = QToolBar()
window.addToolBar(bar)
for label in ("Library", "Play", "Debrief", "Progress"):
    bar.addAction(label)
for label in ("&File", "&View", "&Help"):
    window.menuBar().addMenu(label)
central = QWidget()
column = QVBoxLayout(central)
row = QHBoxLayout()
column.addLayout(row)
row.addWidget(QLineEdit())
for _ in range(3):
    row.addWidget(QComboBox())
split = QSplitter()
tree = QTreeWidget()
tree.setHeaderLabels(["Scenario", "Level", "Minutes", "Your state"])
for group in range(4):
    top = QTreeWidgetItem([f"Topic {group}"])
    tree.addTopLevelItem(top)
    for i in range(4):
        cells = [f"Scenario {group}{i}  \u26a0", "\u2605\u2605\u2606", "10 min", "New"]
        QTreeWidgetItem(top, cells)
tree.expandAll()
split.addWidget(tree)
side = QWidget()
details = QVBoxLayout(side)
text = QTextBrowser()
text.setHtml("<h2>Title</h2><p>" + "word " * 200 + "</p><ul><li>a</li><li>b</li></ul>")
details.addWidget(text)
details.addWidget(QPushButton("Practise"))
details.addWidget(QPushButton("Take the assessment"))
split.addWidget(side)
column.addWidget(split)
window.setCentralWidget(central)
screen = app.primaryScreen().availableGeometry()
window.resize(min(1280, screen.width()), min(800, screen.height()))
window.show()
"""
    + READY
)


def timed(code: str, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from starting the child to the moment it reports ready, and its CPU seconds."""
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    for line in out.stdout.splitlines():
        if line.startswith("ready "):
            _, wall, cpu = line.split()
            return float(wall) - start, float(cpu)
    raise SystemExit(f"child did not report ready:\n{out.stdout}\n{out.stderr}")


def prepare(folder: Path) -> None:
    """A data folder with a remembered profile, as on any start after the first.

    The package's bytecode is compiled first, as the README's commands do
    (scripts/bootstrap.sh): where Python may not write it while importing
    (PYTHONDONTWRITEBYTECODE), every start would compile every module again.
    """
    import compileall

    import trainer
    from trainer.store import Store

    compileall.compile_dir(Path(trainer.__file__).parent, quiet=1)

    with Store.open(folder / "counterpart.sqlite3") as store:
        profile = store.create_profile("Bench")
        store.set_setting("profile_id", profile.id)


def main() -> int:
    env = dict(os.environ)
    # This tree's code, in the parent (prepare) and the children alike: a venv's
    # editable install may point at another checkout (a worktree of an older commit).
    sys.path.insert(0, str(ROOT))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="counterpart-bench-") as tmp:
        env["TRAINER_HOME"] = tmp
        env["COUNTERPART_EXIT_WHEN_READY"] = "1"
        prepare(Path(tmp))
        cold, _ = timed(APP, env)  # writes the catalogue cache
        timed(BARE, env)
        bare, app, shape, imports = [], [], [], []
        for n in range(ROUNDS):
            if n % 2:
                app.append(timed(APP, env))
                bare.append(timed(BARE, env))
            else:
                bare.append(timed(BARE, env))
                app.append(timed(APP, env))
            shape.append(timed(SHAPE, env))
            imports.append(timed(IMPORTS, env))
    b, a, f, i = (
        statistics.median(wall for wall, _ in runs) for runs in (bare, app, shape, imports)
    )

    def against(runs: list[tuple[float, float]], base: list[tuple[float, float]]) -> float:
        """The median of the rounds' own wall-time ratios."""
        return statistics.median(x[0] / y[0] for x, y in zip(runs, base, strict=True))

    ratios = [x[0] / y[0] for x, y in zip(app, bare, strict=True)]
    cpu_ratios = [x[1] / y[1] for x, y in zip(app, bare, strict=True)]
    print(f"platform={env.get('QT_QPA_PLATFORM', 'default')} rounds={ROUNDS}")
    print(f"first start (no catalogue cache): {cold * 1000:.0f} ms")
    print(f"bare PySide6 window: median {b * 1000:.0f} ms")
    print(
        f"the same window in pure Qt, no Counterpart code: median {f * 1000:.0f} ms "
        f"(ratio {against(shape, bare):.2f}: the floor)"
    )
    print(
        f"Counterpart's start-up modules imported, then the bare window: median "
        f"{i * 1000:.0f} ms (ratio {against(imports, bare):.2f}: reading our code)"
    )
    print(
        f"Counterpart library: median {a * 1000:.0f} ms "
        f"(ratio {against(app, shape):.2f} against the pure-Qt floor)"
    )
    spread = f"{min(ratios):.2f} to {max(ratios):.2f}"
    print(f"ratio of the medians: {a / b:.2f}; the rounds' ratios run from {spread}")
    # CPU seconds to the same moment: a busy machine delays a child's wall
    # clock without making it do more work, so this figure swings less.
    print(f"CPU time to ready, ratio of the rounds' median: {statistics.median(cpu_ratios):.2f}")
    print(f"ratio={statistics.median(ratios):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
