"""Sixty phones vote on loopback: from a phone's tap to the console's count having changed.

A live session on a real SQLite file (30 on the roster, the half-day plan)
with its room server on 127.0.0.1 and the console at 1920 x 1080. Sixty
simulated phones (aiohttp clients on their own thread and loop, as phones
are separate devices) join, then each votes at a random moment within a few
seconds and changes its vote once, as a room does: 120 votes, many at once.

For each vote: the time from the phone sending it to the end of the
console's redraw that first includes it (the first absorb whose read of the
store began after the vote was committed). Timestamps come from wrapping
the store's vote method and the session's absorb in this process; nothing
in the app is changed for the bench.

The floor, measured in the same run and the same way: a bare aiohttp server
on a thread of this process answering an echo POST, from the same client
process, paced the same. Prints the p50/p95 of both, the ratio, the votes lost (accepted by the
server but not in the console's final counts) and the peak memory the
Python heap grew by while serving (tracemalloc; server and console share
the process), then ``p95=X ms`` (target <= 100) and ``lost=N`` (target 0).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import aiohttp
from aiohttp import web
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.core.workshop.phone_client import Phone, base_of, secret_of
from trainer.store import Store
from trainer.ui.workshop.console import ConsolePage
from trainer.ui.workshop.controller import WorkshopController
from trainer.workshop.live import LiveSession

PHONES = int(os.environ.get("BENCH_PHONES", "60"))
SPREAD_S = float(os.environ.get("BENCH_SPREAD", "3.0"))  # the room taps within this long
SIZE = (1920, 1080)
DEADLINE_S = 120


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


class Timings:
    """Commit times of votes and (start, end) of each console redraw that absorbed them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent: dict[tuple[str, int], float] = {}  # (phone label, option) -> sent
        self.committed: dict[tuple[int, int], float] = {}  # (device id, option) -> committed
        self.absorbs: list[tuple[float, float]] = []
        self.started: float | None = None
        self.finals = [0] * 9  # each phone's last vote, per option

    def latencies(self, label_of: dict[int, str]) -> list[float]:
        return [s + c for s, c in self.parts(label_of)]

    def parts(self, label_of: dict[int, str]) -> list[tuple[float, float]]:
        """Per vote: sent to committed (the server), committed to shown (the console)."""
        out = []
        for (device, option), committed in self.committed.items():
            sent = self.sent[(label_of[device], option)]
            shown = next(end for start, end in self.absorbs if start >= committed)
            out.append(((committed - sent) * 1000, (shown - committed) * 1000))
        return out


def instrument(timings: Timings, controller: WorkshopController) -> None:
    original_votes = Store.record_room_votes

    def record_room_votes(self: Store, session_id, votes):  # type: ignore[no-untyped-def]
        outcomes = original_votes(self, session_id, votes)
        now = time.monotonic()
        with timings.lock:
            for (device_id, _, _, number), outcome in zip(votes, outcomes, strict=True):
                if outcome == "counted":
                    timings.committed[(device_id, number)] = now
        return outcomes

    Store.record_room_votes = record_room_votes  # type: ignore[method-assign]
    original_absorb = LiveSession.absorb_phones

    def absorb_phones(self: LiveSession):  # type: ignore[no-untyped-def]
        timings.started = time.monotonic()
        return original_absorb(self)

    LiveSession.absorb_phones = absorb_phones  # type: ignore[method-assign]

    def redrawn(_changes: object) -> None:  # connected after the console: runs after its redraw
        if timings.started is not None:
            timings.absorbs.append((timings.started, time.monotonic()))
            timings.started = None

    controller.changed.connect(redrawn)


async def room(base: str, secret: str, code: str, key: str, options: int) -> dict[str, object]:
    """Sixty phones join, vote and change their vote (in the phones' own process)."""
    rng = random.Random(17)
    phones = [Phone(base) for _ in range(PHONES)]
    labels = []
    for phone in phones:
        status, state = await phone.join(secret, code)
        assert status == 200, state
        labels.append(state["label"])
    accepted = 0
    sent: dict[str, float] = {}
    finals = [0] * options

    async def one(phone: Phone, label: str) -> None:
        nonlocal accepted
        first = rng.randint(1, options)
        second = 1 + (first % options)
        finals[second - 1] += 1
        for option, pause in ((first, rng.uniform(0, SPREAD_S)), (second, rng.uniform(0.2, 2))):
            await asyncio.sleep(pause)
            sent[f"{label}|{option}"] = time.monotonic()
            status, answer = await phone.vote(key, option)
            assert status == 200, answer
            accepted += 1

    await asyncio.gather(*(one(p, label) for p, label in zip(phones, labels, strict=True)))
    for phone in phones:
        await phone.close()
    return {"accepted": accepted, "sent": sent, "finals": finals}


async def echo_round_trips(url: str, samples: int) -> list[float]:
    """The floor's client: the same client, paced the same, against a bare echo server."""
    rng = random.Random(17)
    out: list[float] = []
    async with aiohttp.ClientSession() as http:

        async def one() -> None:
            await asyncio.sleep(rng.uniform(0, SPREAD_S))
            sent = time.monotonic()
            async with http.post(url, data=b'{"vote": "1-0", "option": 1}') as r:
                await r.read()
            out.append((time.monotonic() - sent) * 1000)

        await asyncio.gather(*(one() for _ in range(samples)))
    return out


def phones_process(args: list[str]) -> int:
    """``--phones BASE SECRET CODE KEY OPTIONS`` or ``--echo URL N``: print JSON, exit."""
    if args[0] == "--echo":
        print(json.dumps(asyncio.run(echo_round_trips(args[1], int(args[2])))))
    else:
        base, secret, code, key, options = args[1:6]
        print(json.dumps(asyncio.run(room(base, secret, code, key, int(options)))))
    return 0


def in_other_process(args: list[str], app: QApplication) -> object:
    """Run the phones as another process (they are other devices), the GUI idling meanwhile."""
    child = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True)
    waiting = QEventLoop()
    ticker = QTimer()
    ticker.timeout.connect(lambda: waiting.quit() if child.poll() is not None else None)
    ticker.start(20)
    waiting.exec()
    ticker.stop()
    out, _ = child.communicate(timeout=DEADLINE_S)
    if child.returncode != 0:
        raise SystemExit("the phones' process failed")
    return json.loads(out)


def echo_floor(samples: int, app: QApplication) -> list[float]:
    """A bare aiohttp echo server on a thread of its own; round trips from the phones' process."""
    ready = threading.Event()
    holder: dict[str, Any] = {}

    def serve() -> None:
        loop = asyncio.new_event_loop()

        async def echo(request: web.Request) -> web.Response:
            return web.Response(body=await request.read(), content_type="application/json")

        async def start() -> None:
            app = web.Application()
            app.router.add_post("/echo", echo)
            runner = web.AppRunner(app, access_log=None, handle_signals=False)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            holder["runner"], holder["port"] = runner, runner.addresses[0][1]

        loop.run_until_complete(start())
        holder["loop"] = loop
        ready.set()
        loop.run_forever()
        loop.run_until_complete(holder["runner"].cleanup())
        loop.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait(10)
    url = f"http://127.0.0.1:{holder['port']}/echo"
    out = in_other_process(["--echo", url, str(samples)], app)
    holder["loop"].call_soon_threadsafe(holder["loop"].stop)
    thread.join(10)
    assert isinstance(out, list)
    return [float(x) for x in out]


def main() -> int:
    from workshop import ROSTER, open_session  # bench/workshop.py, beside this script

    app, plan, store, _clock, live, controller = open_session(
        "counterpart-room-bench-", lambda library: library.plans["half-day"]
    )
    controller.phones_host = "127.0.0.1"
    console = ConsolePage(controller, lambda sid: sid)
    console.resize(*SIZE)
    console.show()
    timings = Timings()
    instrument(timings, controller)
    block = next(i for i, b in enumerate(plan.blocks) if b.scenarios)
    controller.go_to_block(block)
    controller.start_room_run(plan.blocks[block].scenarios[0])
    controller.open_vote()
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    assert controller.phones_on()
    offer = live.phone_view().vote
    assert offer is not None
    options = len(offer.options)
    args = ["--phones", base_of(live), secret_of(live), live.code, offer.key, str(options)]
    result = in_other_process(args, app)
    assert isinstance(result, dict)
    for name, at in result["sent"].items():
        label, option = name.split("|")
        timings.sent[(label, int(option))] = at
    timings.finals = result["finals"]
    waiting = QEventLoop()  # until the console has absorbed the last vote committed
    ticker = QTimer()

    def check() -> None:
        last = max(timings.committed.values(), default=0)
        if timings.absorbs and timings.absorbs[-1][0] >= last:
            waiting.quit()

    ticker.timeout.connect(check)
    ticker.start(20)
    waiting.exec()
    ticker.stop()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    vote = controller.console().vote
    assert vote is not None
    label_of = {d.id: d.label for d in store.room_devices(live.session_id)}
    lost = sum(max(0, want - got) for want, got in zip(timings.finals, vote.phones, strict=False))
    latencies = timings.latencies(label_of)
    controller.phones_off()
    floor = echo_floor(len(latencies), app)
    console.close_projector()
    console.close()
    store.close()
    f95, v95 = p95(floor), p95(latencies)
    print(
        f"phones={PHONES} votes sent={2 * PHONES} accepted={result['accepted']} "
        f"spread={SPREAD_S:.1f} s roster={ROSTER} console={SIZE[0]}x{SIZE[1]}"
    )
    print(
        f"floor (bare aiohttp echo round trip, paced the same): p50 {statistics.median(floor):.1f}"
        f" ms, p95 {f95:.1f} ms"
    )
    print(
        f"vote -> console count changed: p50 {statistics.median(latencies):.1f} ms, "
        f"p95 {v95:.1f} ms, max {max(latencies):.1f} ms (n={len(latencies)})"
    )
    parts = timings.parts(label_of)
    print(
        f"  of which sent -> committed (server): p95 {p95([a for a, _ in parts]):.1f} ms; "
        f"committed -> console redrawn: p95 {p95([b for _, b in parts]):.1f} ms"
    )
    print(f"console redraws that absorbed votes: {len(timings.absorbs)}")
    print(f"peak Python memory while serving: +{(peak - before) / 1e6:.1f} MB")
    print(f"ratio={v95 / f95:.1f}")
    print(f"lost={lost}")
    print(f"p95={v95:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(phones_process(sys.argv[1:]) if sys.argv[1:] else main())
