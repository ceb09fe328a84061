"""The room server on the loopback address: join, vote, change, reveal, and what is refused.

Real sockets and a real SQLite file; the facilitator's side is the real
LiveSession, called as the console calls it. Each phone's request returns
only after its vote is committed, so the tests read counts straight after.
"""

from __future__ import annotations

import asyncio
import select
import socket
import time
from collections.abc import Iterator

import pytest

from tests.core.workshop.phone_client import Phone, base_of, secret_of
from trainer.workshop.live import LiveSession

SCENARIO_BLOCK = 1


@pytest.fixture
def on(live: LiveSession) -> Iterator[LiveSession]:
    live.phones_on(host="127.0.0.1")
    yield live
    live.phones_off()


def at_vote(live: LiveSession) -> str:
    """The room at its first decision with the vote open; the vote's key."""
    live.go_to_block(SCENARIO_BLOCK)
    live.start_room_run("towed-car")
    live.open_vote()
    offer = live.phone_view().vote
    assert offer is not None
    return offer.key


def phone_counts(live: LiveSession) -> tuple[int, ...]:
    live.absorb_phones()
    vote = live.console().vote
    assert vote is not None
    return vote.phones


def test_join_vote_change_and_reveal(on: LiveSession) -> None:
    live = on
    base, secret = base_of(live), secret_of(live)

    async def room() -> None:
        async with Phone(base) as a, Phone(base) as b:
            status, state = await a.join(secret, live.code.lower().replace("-", " "))
            assert status == 200 and state["phase"] == "ask"  # the welcome asks for ratings
            assert (await b.join(secret, live.code))[0] == 200
            assert live.absorb_phones().phones and live.console().phones.joined == 2
            key = at_vote(live)
            status, state = await a.state()
            assert state["phase"] == "vote" and state["vote"]["key"] == key
            assert state["vote"]["counts"] is None  # hidden until revealed
            assert (await a.vote(key, 1))[0] == 200
            assert (await b.vote(key, 2))[0] == 200
            assert phone_counts(live)[:2] == (1, 1)
            status, state = await a.vote(key, 2)  # changed: still one vote from this phone
            assert status == 200 and state["vote"]["mine"] == 2
            counts = phone_counts(live)
            assert counts[:2] == (0, 2) and sum(counts) == 2
            live.count(1, 3)  # three raised hands for option 1
            view = live.console().vote
            assert view is not None and view.counts[:2] == (3, 2) and view.hands[0] == 3
            assert live.projector().vote.counts == (0,) * len(counts)  # hidden on the projector
            live.reveal()
            status, state = await b.state()
            assert state["vote"]["revealed"] and state["vote"]["counts"][:2] == [3, 2]
            live.take()  # the majority: option 1, three hands against two phones
            took = live.state.runs[-1].takes[-1]
            assert took.counts[:2] == (3, 2) and took.number == 1
            status, state = await a.vote(key, 1)  # the vote has closed
            assert status == 409 and "closed" in state["error"]

    asyncio.run(room())


def test_a_vote_is_refused_when_it_is_out_of_turn_replayed_or_malformed(on: LiveSession) -> None:
    live = on
    base, secret = base_of(live), secret_of(live)

    async def room() -> None:
        async with Phone(base) as a:
            await a.join(secret, live.code)
            status, answer = await a.vote("1-0", 1)  # no vote open yet
            assert status == 409 and "error" in answer
            key = at_vote(live)
            assert (await a.vote(key, 1))[0] == 200
            status, answer = await a.vote(key, 1)  # the same vote again: not counted twice
            assert status == 409 and "already" in answer["error"]
            assert (await a.vote(key, 99))[0] == 400
            assert (await a.vote(key + "0", 1))[0] == 409
            hostile = [
                b"{not json",
                b"[]",
                b'{"vote": "%s", "option": true}' % key.encode(),
                b'{"vote": "%s", "option": "1"}' % key.encode(),
                b'{"vote": "%s", "option": 1, "extra": 1}' % key.encode(),
                b"\xff\xfe",
                b"[" * 5000 + b"]" * 5000,
            ]
            for body in hostile:
                status, answer = await a.request("POST", "/api/vote", raw=body)
                assert status in (400, 413) and isinstance(answer, dict), body[:20]
            status, _ = await a.request("POST", "/api/vote", raw=b"x" * 10_000)
            assert status == 413
            status, _ = await a.request(
                "POST", "/api/vote", raw=b"1", headers={"Content-Type": "text/plain"}
            )
            assert status == 415
            status, _ = await a.request(
                "POST",
                "/api/vote",
                {"vote": key, "option": 2},
                headers={"Origin": "http://evil.example"},
            )
            assert status == 403
            assert phone_counts(live)[:1] == (1,) and sum(phone_counts(live)) == 1

    asyncio.run(room())


def test_joining_needs_the_secret_and_the_code_and_only_fixed_routes_answer(
    on: LiveSession,
) -> None:
    live = on
    base, secret = base_of(live), secret_of(live)

    async def room() -> None:
        async with Phone(base) as a:
            assert (await a.join("WRONGSECRET", live.code))[0] == 403
            assert (await a.join(secret, "AAAA-AAAA"))[0] == 403
            assert (await a.state())[0] == 401
            for path in (
                "/r/WRONGSECRET",
                "/../../etc/passwd",
                "/assets/room/page.html",
                "/room.css/x",
                "/r/%2e%2e/%2e%2e/etc/passwd",
                "/static/",
                "/r/",
                "/api/",
                "/trainer/assets/room/room.js",
            ):
                status, _ = await a.request("GET", path)
                assert status == 404, path
            async with a.http.get(base + "/r/" + secret) as page:
                assert page.status == 200
                headers = page.headers
                assert "default-src 'self'" in headers["Content-Security-Policy"]
                assert headers["Cache-Control"] == "no-store"
                assert headers["X-Content-Type-Options"] == "nosniff"
                assert "cdn" not in (await page.text()).lower()
            status, _ = await a.request("DELETE", "/api/vote")
            assert status == 405
            # DNS rebinding: a page from another name pointing at us is not answered
            status, _ = await a.request("GET", "/r/" + secret, headers={"Host": "evil.example"})
            assert status == 421

    asyncio.run(room())


def test_a_second_sessions_token_is_refused(on: LiveSession, store, library, clock) -> None:
    from tests.core.workshop.conftest import short_plan

    first = on

    async def room() -> None:
        async with Phone(base_of(first)) as a:
            assert (await a.join(secret_of(first), first.code))[0] == 200
            first.phones_off()
            second = LiveSession.start(
                store,
                library,
                short_plan(),
                facilitator="B",
                organisation="O",
                roster=["X Y"],
                clock=clock,
            )
            # the second session on the same address and port: the old cookie is sent
            port = int(base_of_port(a))
            second.phones_on(port, host="127.0.0.1")
            try:
                status, answer = await a.state()
                assert status == 401 and "not joined" in answer["error"]
                key = at_vote(second)
                assert (await a.vote(key, 1))[0] == 401
                assert sum(phone_counts(second)) == 0
            finally:
                second.phones_off()

    def base_of_port(phone: Phone) -> str:
        return phone.base.rsplit(":", 1)[1]

    asyncio.run(room())


def test_a_flooding_phone_is_slowed_and_its_flood_not_served(on: LiveSession) -> None:
    live = on
    base, secret = base_of(live), secret_of(live)

    async def room() -> None:
        async with Phone(base) as flood, Phone(base) as calm:
            await flood.join(secret, live.code)
            await calm.join(secret, live.code)
            key = at_vote(live)
            statuses = [(await flood.vote(key, 1 + i % 2))[0] for i in range(60)]
            assert statuses.count(429) >= 30  # refused, not served
            assert statuses.count(200) <= 25
            assert (await calm.vote(key, 1))[0] == 200  # the others are served as before
            assert sum(phone_counts(live)) == 2

    asyncio.run(room())


def test_a_removed_phone_is_refused_and_its_vote_no_longer_counts(on: LiveSession) -> None:
    live = on
    base, secret = base_of(live), secret_of(live)

    async def room() -> None:
        async with Phone(base) as a, Phone(base) as b:
            await a.join(secret, live.code)
            await b.join(secret, live.code)
            key = at_vote(live)
            await a.vote(key, 1)
            await b.vote(key, 1)
            assert sum(phone_counts(live)) == 2
            live.absorb_phones()
            phones = live.console().phones
            assert phones is not None
            live.remove_phone(phones.phones[0].device_id)
            assert sum(phone_counts(live)) == 1 and live.console().phones.joined == 1
            status, answer = await a.vote(key, 2)
            assert status == 403 and "removed" in answer["error"]
            assert (await a.join(secret, live.code))[0] == 403  # and cannot let itself back in
            assert sum(phone_counts(live)) == 1

    asyncio.run(room())


def test_nothing_listens_once_the_session_has_ended(live: LiveSession) -> None:
    live.phones_on(host="127.0.0.1")
    port = int(base_of(live).rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    live.close()
    assert not live.phones.on
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_phones_rate_and_write_actions_and_the_class_report_counts_them_honestly(
    live: LiveSession, store, library
) -> None:
    from trainer.workshop.closing import ANONYMOUS, class_report

    live.phones_on(host="127.0.0.1", attendance=True)
    base, secret = base_of(live), secret_of(live)
    ana = live.console().roster[0]

    async def room() -> None:
        async with Phone(base) as named:
            status, state = await named.join(secret, live.code, ana.name)
            assert status == 200 and state["phase"] == "ask" and state["ask"]["when"] == "before"
            assert (
                await named.request(
                    "POST", "/api/rate", {"when": "before", "question": 1, "value": 2}
                )
            )[0] == 200
            assert (
                await named.request(
                    "POST", "/api/rate", {"when": "after", "question": 1, "value": 2}
                )
            )[0] == 409
            assert (
                await named.request(
                    "POST", "/api/rate", {"when": "before", "question": 1, "value": 6}
                )
            )[0] == 400
            assert (await named.request("POST", "/api/action", {"text": "x"}))[0] == 409  # not yet
            live.rate(ana.profile_id, "before", 1, 3)  # the console's counts for Ana
            live.go_to_block(2)  # the wrap-up
            status, state = await named.state()
            assert state["ask"]["when"] == "after" and state["ask"]["action"]
            await named.request("POST", "/api/rate", {"when": "after", "question": 1, "value": 5})
            await named.request("POST", "/api/action", {"text": "Call the other unit first."})
        live.phones_off()
        live.phones_on(host="127.0.0.1", attendance=False)  # now anonymous
        async with Phone(base) as anonymous:
            assert (await anonymous.join(secret, live.code))[0] == 200
            await anonymous.request(
                "POST", "/api/rate", {"when": "after", "question": 1, "value": 4}
            )
            await anonymous.request("POST", "/api/action", {"text": "Say no sooner."})
            too_long = {"text": "x" * 700}
            assert (await anonymous.request("POST", "/api/action", too_long))[0] == 400

    try:
        asyncio.run(room())
    finally:
        live.phones_off()
    report = class_report(store, library, live.session_id).workshop
    assert report is not None
    line = report.ratings[0]
    assert (line.before_average, line.before_count) == (3.0, 1)  # Ana once: the console's
    assert (line.after_average, line.after_count) == (4.5, 2)  # Ana's phone + one anonymous
    actions = {(a.participant, a.text) for a in report.actions}
    assert (ana.name, "Call the other unit first.") in actions
    assert (ANONYMOUS, "Say no sooner.") in actions


def test_a_flood_of_idle_connections_from_one_address_leaves_room_for_the_others(
    on: LiveSession,
) -> None:
    from trainer.workshop.room.server import MAX_PER_ADDRESS

    live = on
    port = int(base_of(live).rsplit(":", 1)[1])
    flood = []
    try:
        for _ in range(MAX_PER_ADDRESS + 50):  # from 127.0.0.2, another address on loopback
            sock = socket.socket()
            sock.settimeout(2)
            sock.bind(("127.0.0.2", 0))
            sock.connect(("127.0.0.1", port))
            flood.append(sock)
        closed: set[socket.socket] = set()
        # The ones over the limit are closed as the server accepts them; on a busy
        # machine that can take a while, so wait (bounded) until they all are.
        deadline = time.monotonic() + 20
        while len(flood) - len(closed) > MAX_PER_ADDRESS and time.monotonic() < deadline:
            readable, _, _ = select.select([s for s in flood if s not in closed], [], [], 0.5)
            closed |= {s for s in readable if s.recv(1) == b""}
        kept = len(flood) - len(closed)
        assert kept <= MAX_PER_ADDRESS

        async def other_phone() -> None:
            async with Phone(base_of(live)) as phone:
                assert (await phone.join(secret_of(live), live.code))[0] == 200

        asyncio.run(other_phone())
    finally:
        for sock in flood:
            sock.close()


def test_a_taken_port_is_said_plainly_and_a_resume_moves_to_another(live: LiveSession) -> None:
    from trainer.errors import TrainerError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        with pytest.raises(TrainerError, match=f"port {busy}"):
            live.phones_on(busy, host="127.0.0.1")
        assert not live.phones.on
        live.phones_on(host="127.0.0.1")
        kept = int(base_of(live).rsplit(":", 1)[1])
        live.phones_off()
    with socket.socket() as squatter:  # someone else took the kept port meanwhile
        squatter.bind(("127.0.0.1", kept))
        squatter.listen()
        live.phones_on(host="127.0.0.1")
        try:
            view = live.console().phones
            assert view is not None and view.moved and f":{kept}/" not in view.link
        finally:
            live.phones_off()
