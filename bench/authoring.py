"""Benchmark of the authoring studio on a generated 300-node scenario; prints medians.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/authoring.py [--rounds N]

What it measures, against the budgets of issue 18:

* **check**: from the end of the typing pause to the problems shown (the
  checker on its worker, the result back on the UI thread, the list and
  the underlines filled), at most 150 ms;
* **map**: the layout (grandalf) and the first paint of the map, at most
  300 ms (in the app the layout runs on a worker, after the problems are
  shown; here both run back to back on one thread, the worst case);
* **keystroke**: how long one key press keeps the UI thread while a check
  runs on the worker, at most 16 ms (the maximum is printed too).

Exit status 1 if a median is over its budget.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scenario_300 import generate

BUDGETS = {"check": 150.0, "map": 300.0, "keystroke": 16.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from trainer import paths
    from trainer.authoring import branch_map, layout
    from trainer.store import Store
    from trainer.ui.author.map_view import BranchMapView
    from trainer.ui.author.page import AuthorPage
    from trainer.ui.session import Session

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="counterpart-bench-"))
    paths.set_data_dir(folder)
    store = Store.open(paths.database_path())
    page = AuthorPage(Session(store))
    page.resize(1400, 900)
    page.show()
    text = generate()
    target = folder / "bench-300.yaml"
    target.write_text(text, encoding="utf-8")

    def wait(condition: object, limit: float = 30.0) -> None:
        end = time.perf_counter() + limit
        while not condition():  # type: ignore[operator]
            if time.perf_counter() > end:
                raise SystemExit("timed out")
            app.processEvents()

    page.open_file(target, confirmed=True)
    wait(lambda: page.map.layout_shown is not None)
    nodes = len(page.map.layout_shown.map.nodes)  # type: ignore[union-attr]

    # --- check: end of pause -> problems shown -------------------------------
    editor = page.editor
    # A link broken and mended in turn: each check finds the scenario valid or
    # with one error, the usual state while typing.
    line = text.split("\n").index("        to: d1-0") + 1
    checks: list[float] = []
    for i in range(args.rounds):
        if i % 2 == 0:
            editor.go_to(line, 13)
            QTest.keyClick(editor, Qt.Key.Key_X)
        else:
            editor.go_to(line, 14)
            QTest.keyClick(editor, Qt.Key.Key_Backspace)
        generation = page.checker.generation
        wait(lambda g=generation: page.last is not None and page.last.generation == g)
        checks.append((page.shown_at - page.checker.paused_at) * 1000)

    # --- map: layout + first paint -------------------------------------------
    scenario = page.scenario
    assert scenario is not None
    maps: list[float] = []
    for _ in range(max(3, args.rounds // 2)):
        view = BranchMapView()
        view.resize(700, 500)
        view.show()
        app.processEvents()
        began = time.perf_counter()
        placed = layout.place(branch_map.build(scenario))
        view.show_layout(placed)
        view.viewport().repaint()
        maps.append((time.perf_counter() - began) * 1000)
        view.close()
        view.deleteLater()

    # --- keystrokes while a check runs ----------------------------------------
    keys: list[float] = []
    editor.go_to(1, 1)
    for _ in range(args.rounds * 3):
        page.checker.check_now()
        while page.checker.running:
            began = time.perf_counter()
            QTest.keyClick(editor, Qt.Key.Key_Space)
            QTest.keyClick(editor, Qt.Key.Key_Backspace)
            keys.append((time.perf_counter() - began) * 1000 / 2)
            app.processEvents()
        wait(lambda: not page.checker.running)
    page.checker.text_changed()  # let the last edits settle before quitting
    wait(lambda: not page.checker.running)

    results = {
        "check": statistics.median(checks),
        "map": statistics.median(maps),
        "keystroke": statistics.median(keys) if keys else 0.0,
    }
    print(f"scenario: {nodes} nodes on the map, {len(text.splitlines())} lines of YAML")
    print(
        f"check, end of pause to problems shown: median {results['check']:.1f} ms "
        f"(min {min(checks):.1f}, max {max(checks):.1f}; budget {BUDGETS['check']:.0f})"
    )
    print(
        f"map, layout and first paint:          median {results['map']:.1f} ms "
        f"(min {min(maps):.1f}, max {max(maps):.1f}; budget {BUDGETS['map']:.0f})"
    )
    print(
        f"keystroke while a check runs:         median {results['keystroke']:.2f} ms "
        f"(max {max(keys, default=0):.2f} over {len(keys)} keys; budget {BUDGETS['keystroke']:.0f})"
    )
    from trainer.ui import worker

    worker.wait_all()
    page.editor.document().setModified(False)
    store.close()
    over = [k for k, v in results.items() if v > BUDGETS[k]]
    if over:
        print(f"over budget: {', '.join(over)}")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
