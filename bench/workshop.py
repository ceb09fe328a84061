"""From a facilitator's key on the console to the projector having repainted it.

A live session on a real SQLite file, with a 30-person roster and a 12-block
plan (the bundled half-day plan without its live-practice block), the
console and the projector window both at 1920 x 1080. The room plays the
plan's scenarios over and over; at each decision the vote is opened, and
three actions are timed from the key press (which includes committing the
action to the store) until the projector's widget showing it has been
painted:

* reveal (R): the vote's bars appear;
* count (1-3, once revealed: a hidden count does not change the projector
  at all, by design): the bars move;
* choice (Enter, follow the majority): the room's line and the answer
  appear in the conversation.

The floor, measured in the same run and the same way: a bare QLabel of the
same size as the projector, from ``setText`` to its paint; and, for scale,
the projector itself repainted with nothing changed (what painting that
much large text costs at all). Prints the medians, the ratio to the bare
label, and last ``median=X ms`` over all three actions (target <= 50).
Runs on the current QT_QPA_PLATFORM (offscreen when there is no display).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from trainer import paths
from trainer.scenarios.library import Library, load_library
from trainer.scenarios.model import WorkshopPlan
from trainer.store import Store
from trainer.ui.workshop.console import ConsolePage
from trainer.ui.workshop.controller import WorkshopController
from trainer.workshop.clock import ManualClock
from trainer.workshop.live import LiveSession

SAMPLES = int(os.environ.get("BENCH_SAMPLES", "60"))  # of each action
ROSTER = 30
SIZE = (1920, 1080)


class PaintWatch(QObject):
    """Notes when a widget is painted."""

    def __init__(self) -> None:
        super().__init__()
        self.painted_at: float | None = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.painted_at is None:
            self.painted_at = time.perf_counter()
        return False


def until_painted(app: QApplication, act: Callable[[], QWidget]) -> float:
    """Milliseconds from ``act()`` to the first paint of the widget it returns."""
    watch = PaintWatch()
    start = time.perf_counter()
    widget = act()
    widget.installEventFilter(watch)
    deadline = start + 5
    while watch.painted_at is None:
        app.processEvents()
        if time.perf_counter() > deadline:
            raise SystemExit(f"{widget.accessibleName()!r} was never repainted")
    widget.removeEventFilter(watch)
    return (watch.painted_at - start) * 1000


def twelve_blocks(library: Library) -> WorkshopPlan:
    plan = library.plans["half-day"]
    blocks = [b for b in plan.blocks if b.kind != "practice"]
    return plan.model_copy(update={"blocks": blocks, "minutes": sum(b.minutes for b in blocks)})


def floor(app: QApplication) -> list[float]:
    label = QLabel()
    label.resize(*SIZE)
    label.show()
    samples = []
    for n in range(SAMPLES):

        def act(n: int = n) -> QWidget:
            label.setText(f"{n} hands")
            return label

        samples.append(until_painted(app, act))
    label.close()
    return samples


class Opened(NamedTuple):
    app: QApplication
    plan: WorkshopPlan
    store: Store
    clock: ManualClock
    live: LiveSession
    controller: WorkshopController


def open_session(prefix: str, plan_of: Callable[[Library], WorkshopPlan]) -> Opened:
    """A live session of ROSTER attendees on a fresh data folder, its clock stopped.

    bench/room_votes.py opens its session the same way.
    """
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    paths.set_data_dir(folder)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    library = load_library()
    plan = plan_of(library)
    store = Store.open(folder / "bench.sqlite3")
    clock = ManualClock()
    live = LiveSession.start(
        store,
        library,
        plan,
        facilitator="Bench",
        organisation="Bench",
        roster=[f"Attendee {i + 1}" for i in range(ROSTER)],
        clock=clock,
    )
    controller = WorkshopController(live, clock)
    controller.stop()
    return Opened(app, plan, store, clock, live, controller)


def main() -> int:
    app, plan, store, clock, _live, controller = open_session(
        "counterpart-workshop-bench-", twelve_blocks
    )
    console = ConsolePage(controller, lambda sid: sid)
    console.resize(*SIZE)
    console.show()
    projector = console.projector
    projector.resize(*SIZE)
    projector.show()
    console.activateWindow()
    while QApplication.activeWindow() is not console:
        app.processEvents()
    block = next(i for i, b in enumerate(plan.blocks) if b.scenarios)
    controller.go_to_block(block)
    scenarios = plan.blocks[block].scenarios
    timed: dict[str, list[float]] = {"reveal": [], "count": [], "choice": []}
    bars = projector.vote_bars

    def press(key: Qt.Key, shows: QWidget) -> Callable[[], QWidget]:
        def act() -> QWidget:
            QTest.keyClick(console, key)
            return shows

        return act

    def choose() -> QWidget:
        QTest.keyClick(console, Qt.Key.Key_Return)
        return projector.play.conversation.bubbles[-1]

    runs = 0
    while min(len(s) for s in timed.values()) < SAMPLES:
        view = controller.console()
        if view.scene is None or view.scene.ending:
            if view.scene is not None:
                QTest.keyClick(console, Qt.Key.Key_X)
            controller.start_room_run(scenarios[runs % len(scenarios)])
            runs += 1
            continue
        QTest.keyClick(console, Qt.Key.Key_V)
        timed["reveal"].append(until_painted(app, press(Qt.Key.Key_R, bars)))
        for key in (Qt.Key.Key_1, Qt.Key.Key_1, Qt.Key.Key_2):
            timed["count"].append(until_painted(app, press(key, bars)))
        timed["choice"].append(until_painted(app, choose))
        clock.advance(20)
    bare = floor(app)
    whole: list[float] = []
    for _ in range(SAMPLES):  # the projector painted again with nothing changed

        def repaint() -> QWidget:
            projector.update()
            return projector.scene_page

        whole.append(until_painted(app, repaint))
    console.close_projector()
    console.close()
    store.close()
    everything = [s for samples in timed.values() for s in samples]
    f = statistics.median(bare)
    print(
        f"platform={os.environ['QT_QPA_PLATFORM']} roster={ROSTER} blocks={len(plan.blocks)} "
        f"size={SIZE[0]}x{SIZE[1]} room runs={runs}"
    )
    print(f"floor (bare QLabel setText to paint, {SIZE[0]}x{SIZE[1]}): median {f:.2f} ms")
    w = statistics.median(whole)
    print(f"the projector repainted with nothing changed: median {w:.2f} ms")
    for name, samples in timed.items():
        m = statistics.median(samples)
        p90 = statistics.quantiles(samples, n=10)[-1]
        print(
            f"{name:6}: median {m:.1f} ms, p90 {p90:.1f} ms, {m / f:.1f} x floor (n={len(samples)})"
        )
    print(f"ratio={statistics.median(everything) / f:.1f}")
    print(f"median={statistics.median(everything):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
