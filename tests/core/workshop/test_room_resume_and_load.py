"""The room server after a crash, live pushes over the WebSocket, and sixty phones at once.

The crash is real: a second Python process runs the session with its
phones on and is killed with SIGKILL after the phones voted; this process
then resumes the session from the same data file, switches the phones back
on (same address, same secret) and the phones' old tokens still work.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

from tests.core.workshop.phone_client import Phone, base_of, secret_of
from tests.core.workshop.test_room_server import at_vote, phone_counts
from trainer.scenarios.library import Library
from trainer.store import Store
from trainer.workshop.clock import ManualClock
from trainer.workshop.live import LiveSession

PHONES = 60
LOAD_SECONDS = 60  # the load test's bound (it takes a few seconds)

CRASHING = """
import json, sys, time
from trainer.scenarios.library import load_library
from trainer.store import Store
from trainer.workshop.clock import SystemClock
from trainer.workshop.live import LiveSession
from tests.core.workshop.conftest import short_plan
store = Store.open(sys.argv[1])
live = LiveSession.start(store, load_library(), short_plan(), facilitator="F",
                         organisation="O", roster=["Ana"], clock=SystemClock())
live.phones_on(host="127.0.0.1")
live.go_to_block(1)
live.start_room_run("towed-car")
live.open_vote()
live.count(2, 1)
print(json.dumps({"link": live.console().phones.link, "code": live.code,
                  "key": live.phone_view().vote.key, "session": live.session_id}), flush=True)
while True:
    time.sleep(1)
"""


def test_after_a_crash_the_resumed_vote_has_every_vote_and_phones_carry_on(
    tmp_path: Path, library: Library
) -> None:
    path = tmp_path / "crash.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", CRASHING, str(path)],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[3],
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()  # bounded: the child prints once it listens
        info = json.loads(line)
        base, secret = info["link"].split("/r/")

        async def before_crash() -> list[Phone]:
            phones = [Phone(base) for _ in range(3)]
            for n, phone in enumerate(phones):
                assert (await phone.join(secret, info["code"]))[0] == 200
                assert (await phone.vote(info["key"], 1 + n % 2))[0] == 200
            return phones

        async def after_resume(phones: list[Phone]) -> None:
            for phone in phones:  # same address, same cookie: they carry on
                status, state = await phone.state()
                assert status == 200 and state["phase"] == "vote"
            status, state = await phones[0].vote(info["key"], 2)
            assert status == 200 and state["vote"]["mine"] == 2
            for phone in phones:
                await phone.close()

        loop = asyncio.new_event_loop()
        try:
            phones = loop.run_until_complete(before_crash())
            os.kill(child.pid, signal.SIGKILL)  # no clean-up of any kind
            child.wait(10)
            with Store.open(path) as store:
                live = LiveSession.resume(store, library, info["session"], ManualClock())
                assert live.phones.was_on()
                vote = live.console().vote
                assert vote is not None and vote.phones[:2] == (2, 1) and vote.hands[:2] == (0, 1)
                live.phones_on(host="127.0.0.1")
                assert base_of(live) == base and secret_of(live) == secret
                loop.run_until_complete(after_resume(phones))
                assert phone_counts(live)[:2] == (1, 2)
                live.take()
                assert live.state.runs[-1].takes[-1].counts[:2] == (1, 3)  # hands + phones
                live.phones_off()
        finally:
            loop.close()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
        if child.stdout is not None:
            child.stdout.close()


def test_phones_are_told_as_it_happens_over_the_websocket(live: LiveSession) -> None:
    live.phones_on(host="127.0.0.1")
    base, secret = base_of(live), secret_of(live)

    async def room() -> None:
        async with Phone(base) as phone:
            await phone.join(secret, live.code)
            async with phone.http.ws_connect(base + "/api/ws") as ws:
                first = await ws.receive_json(timeout=5)
                assert first["phase"] == "ask"
                key = at_vote(live)
                pushed = await _until(ws, lambda s: s["phase"] == "vote")
                assert pushed["vote"]["key"] == key and pushed["vote"]["counts"] is None
                live.count(1, 2)
                live.reveal()
                shown = await _until(ws, lambda s: s["phase"] == "vote" and s["vote"]["revealed"])
                assert shown["vote"]["counts"][0] == 2
                live.absorb_phones()
                live.remove_phone(live.console().phones.phones[0].device_id)
                await _until(ws, lambda s: s["phase"] == "removed")

    try:
        asyncio.run(room())
    finally:
        live.phones_off()


async def _until(ws: aiohttp.ClientWebSocketResponse, wanted) -> dict:  # type: ignore[no-untyped-def]
    """The first pushed state that is ``wanted`` (at most 20 messages, 5 s each)."""
    for _ in range(20):
        message = await ws.receive_json(timeout=5)
        if wanted(message):
            return message
    raise AssertionError("the phone was never told")


def test_sixty_phones_join_vote_and_change_and_every_vote_counts_once(
    live: LiveSession,
) -> None:
    live.phones_on(host="127.0.0.1")
    base, secret = base_of(live), secret_of(live)
    key = at_vote(live)
    options = len(live.phone_view().vote.options)  # type: ignore[union-attr]
    final = [1 + (n * 7) % options for n in range(PHONES)]

    async def phone(n: int) -> None:
        async with Phone(base) as me:
            assert (await me.join(secret, live.code))[0] == 200
            assert (await me.vote(key, 1 + n % options))[0] == 200
            if final[n] != 1 + n % options:
                assert (await me.vote(key, final[n]))[0] == 200

    async def room() -> None:
        await asyncio.wait_for(asyncio.gather(*(phone(n) for n in range(PHONES))), LOAD_SECONDS)

    started = time.monotonic()
    try:
        asyncio.run(room())
        assert time.monotonic() - started < LOAD_SECONDS
        live.absorb_phones()
        assert live.console().phones.joined == PHONES  # type: ignore[union-attr]
        counts = phone_counts(live)
        assert counts == tuple(final.count(n) for n in range(1, options + 1))
        assert sum(counts) == PHONES
        assert len(live.store.room_votes(live.session_id, *map(int, key.split("-")))) == PHONES
    finally:
        live.phones_off()
