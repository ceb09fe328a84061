"""From a choice to the next line on screen, on a generated 200-node scenario.

Builds a scenario of 200 decision nodes (three choices each, two gauges,
conditions and effects on every choice), opens the real main window on a
real SQLite file, and presses the choice keys. Each sample runs from the key
press (which includes committing the choice to the store) to the moment the
trainee's new line has been painted. Prints the median; target < 50 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest

from trainer import paths
from trainer.scenarios import catalogue
from trainer.scenarios.library import Entry, Library, load_library
from trainer.scenarios.loader import content_hash
from trainer.scenarios.model import Scenario
from trainer.store import Store
from trainer.store.records import Mode
from trainer.ui.app import application, build_window
from trainer.ui.session import Loaded

NODES = 200
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "120"))


def big_scenario() -> Scenario:
    """A long conversation: node i leads to node i+1 whatever is chosen."""
    nodes = {}
    for i in range(NODES):
        nxt = f"n{i + 1}" if i + 1 < NODES else "done"
        nodes[f"n{i}"] = {
            "speaker": "resident",
            "manner": ["calm", "irritated", "angry"][i % 3],
            "text": f"Line {i}: and another thing, {{{{ trainee }}}}, about the permit. " * 3,
            "choices": [
                {
                    "text": f"Acknowledge point {i}",
                    "to": nxt,
                    "effects": {"tension": -3},
                    "scores": {"listening": 1},
                },
                {
                    "text": f"Explain the rules for {i}",
                    "to": nxt,
                    "effects": {"tension": 4},
                    "scores": {"fairness": 1},
                },
                {
                    "text": f"Escalate {i}",
                    "to": nxt,
                    "effects": {"tension": 6},
                    "scores": {"composure": -1},
                    "if": "tension < 95",
                },
            ],
        }
    data = {
        "format": 1,
        "id": "bench-200",
        "title": "Two hundred nodes",
        "topic": "de-escalation",
        "difficulty": 3,
        "minutes": 60,
        "summary": "A benchmark.",
        "objectives": ["Speed"],
        "cast": {"resident": {"name": "Pat Jones", "role": "Resident"}},
        "meters": {
            "tension": {"label": "Tension", "start": 50},
            "goodwill": {"label": "Goodwill", "start": 50, "good": "high"},
        },
        "start": "n0",
        "nodes": nodes,
        "endings": {"done": {"outcome": "resolved", "title": "Done", "text": "Finally."}},
    }
    return Scenario.model_validate(data)


class PaintWatch(QObject):
    """Notes when a widget is painted."""

    def __init__(self) -> None:
        super().__init__()
        self.painted_at: float | None = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.painted_at is None:
            self.painted_at = time.perf_counter()
        return False


def main() -> int:
    paths.set_data_dir(tempfile.mkdtemp(prefix="counterpart-latency-"))
    app = application()
    bundled = load_library()
    scenario = big_scenario()
    library = Library(rubric=bundled.rubric)
    library.scenarios[scenario.id] = Entry(scenario, "bench", content_hash(scenario))
    store = Store.open(paths.database_path())
    profile = store.create_profile("Bench")
    store.set_setting("profile_id", profile.id)
    window = build_window(store, app)
    window.resize(1366, 768)
    window.show()
    window.session._loaded(Loaded(library, catalogue.from_library(library), [], None))
    window.start()
    window.play_scenario(scenario.id, Mode.PRACTICE)
    page = window.play_page
    samples = []
    for n in range(SAMPLES):
        while not page.waiting_for_choice:
            app.processEvents()
        before = len(page.view.bubbles)
        watch = PaintWatch()
        start = time.perf_counter()
        QTest.keyClick(page, Qt.Key(Qt.Key.Key_1 + n % 2))
        bubble = page.view.bubbles[before]
        bubble.installEventFilter(watch)
        while watch.painted_at is None:
            app.processEvents()
        samples.append((watch.painted_at - start) * 1000)
        bubble.removeEventFilter(watch)
    window.close()
    store.close()
    print(f"nodes={NODES} samples={len(samples)} platform={os.environ['QT_QPA_PLATFORM']}")
    print(f"p90 {statistics.quantiles(samples, n=10)[-1]:.1f} ms, max {max(samples):.1f} ms")
    print(f"median={statistics.median(samples):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
