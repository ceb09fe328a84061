"""The room server: aiohttp on a thread of its own, serving one page and six JSON routes.

Routes, all fixed (nothing is served by path, there is no folder behind it):

========================  ==================================================
``GET  /``                a page saying to scan the projector's code
``GET  /r/{secret}``      the phone page (the join link; a wrong secret is 404)
``GET  /room.css|.js``    the page's style and script, from package data
``GET  /favicon.ico``     nothing (204), so browsers stop asking
``POST /api/join``        ``{secret, code, name}``: a device token (cookie)
``GET  /api/state``       what this phone should show now (the polling fallback)
``POST /api/vote``        ``{vote, option}``: this phone's vote
``POST /api/rate``        ``{when, question, value}``: a confidence self-rating
``POST /api/action``      ``{text}``: the written action
``GET  /api/ws``          a WebSocket that pushes the state whenever it changes
========================  ==================================================

Every request passes :func:`_guard` first: a rate limit per device (per
address before joining), the body size, JSON only, the page's own origin
only, and the security headers on every answer. A refused request gets a
plain JSON ``{"error": ...}`` and changes nothing.

Each accepted vote is committed by the server's own :class:`Store` (its own
SQLite connection, used only on one worker thread, so the loop never waits
on the disk) while holding :class:`Gate`'s lock: the live session takes
that lock to close a vote before it reads the final counts, so no vote can
be counted after the room has taken an option. Votes that arrive while one
commit is being written go together in the next (one sync of the disk for
a room tapping at once); each phone hears back only once its vote is on
disk.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import threading
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from aiohttp import WSMsgType, web

from trainer.errors import StoreError, TrainerError
from trainer.store import RoomDevice, Store
from trainer.store.store import name_key
from trainer.workshop.room.gate import Gate
from trainer.workshop.room.guard import (
    MAX_ACTION,
    MAX_BODY,
    RateLimit,
    Refused,
    clean_text,
    new_token,
    normal_code,
    read_object,
    token_hash,
)
from trainer.workshop.room.view import PhoneView, VoteOffer

for _name in ("aiohttp.server", "aiohttp.web", "aiohttp.access"):
    # A malformed request is answered 400 and is no news: nothing to print on the console.
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False

COOKIE = "counterpart_room"
COOKIE_AGE = 12 * 3600  # a workshop day
SECRET_PATTERN = "[A-Z0-9]{4,32}"
START_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 5.0
PAGES = ("page.html", "room.css", "room.js")
MAX_DEVICES = 400  # phones per workshop: a room of 30, many times over
MAX_SOCKETS = 3  # open WebSockets per phone (a reload opens a new one before the old closes)
# Open connections in all: a room of 30 needs a few each; a flood of idle ones must not take
# every file the app may open (the data file, its PDFs).
MAX_CONNECTIONS = 300
MAX_PER_ADDRESS = 100  # ... and from one address (the load test's 60 phones share one)
KEEPALIVE_S = 30.0  # an idle connection is closed after this long
T = TypeVar("T")
_Queued = tuple[int, VoteOffer, int, "asyncio.Future[str]"]  # device, vote, option, outcome


class RoomServer:
    """One workshop's room server. :meth:`start` it, :meth:`publish` views, :meth:`stop` it."""

    def __init__(
        self,
        store_path: Path,
        view: PhoneView,
        secret: str,
        *,
        host: str,
        port: int,
        attendance: bool,
        gate: Gate,
        on_change: Callable[[], None],
        device_limit: RateLimit | None = None,
        address_limit: RateLimit | None = None,
    ) -> None:
        self.store_path = store_path
        self.session_id = view.session_id
        self.secret = secret
        self.host = host
        self.port = port
        self.attendance = attendance
        self.gate = gate
        self.on_change = on_change
        self.device_limit = device_limit or RateLimit(per_second=5, burst=20)
        self.address_limit = address_limit or RateLimit(per_second=10, burst=150)
        self._view = view
        self._assets = {name: _asset(name) for name in PAGES}
        self._devices: dict[str, RoomDevice] = {}  # by token hash
        self._mine: dict[int, int] = {}  # device id -> option, on the vote in progress
        self._mine_key: str | None = None
        self._answers: dict[int, dict[str, object]] = {}  # device id -> its ratings, action
        self._sockets: dict[int, set[web.WebSocketResponse]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._db: ThreadPoolExecutor | None = None
        self._store: Store | None = None
        self._failure: BaseException | None = None
        self._tasks: set[asyncio.Future[None]] = set()
        self._queued: list[_Queued] = []  # votes waiting for the next commit
        self._writer: asyncio.Future[None] | None = None

    # --- from the UI's thread --------------------------------------------------
    def start(self) -> int:
        """Listen; returns the port (the OS's pick when ``port`` was 0). TrainerError if not."""
        self._db = ThreadPoolExecutor(1, thread_name_prefix="room-db")
        try:
            self._store = self._db.submit(Store.open, self.store_path).result()
            self._load(self._store)
        except BaseException:
            self._db.shutdown()
            raise
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), name="room-server")
        self._thread.daemon = True
        self._thread.start()
        if not ready.wait(START_TIMEOUT_S) or self._failure is not None:
            failure = self._failure
            self._close_db()
            if isinstance(failure, OSError):
                raise TrainerError(
                    f"The room server could not listen on port {self.port}: "
                    f"{failure.strerror or failure}. Choose another port, or leave it empty "
                    "to let the computer pick one."
                ) from None
            raise TrainerError("The room server did not start; try switching phones on again.")
        return self.port

    def stop(self) -> None:
        """Close every phone's connection and stop listening; nothing listens after this."""
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None and thread.is_alive():
            future = asyncio.run_coroutine_threadsafe(self._close(), loop)
            try:
                future.result(STOP_TIMEOUT_S)
            finally:
                loop.call_soon_threadsafe(loop.stop)
                thread.join(STOP_TIMEOUT_S)
        self._loop = self._thread = None
        self._close_db()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def publish(self, view: PhoneView) -> None:
        """Hand the server what phones should see now (safe from any thread)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._take_view, view)

    def drop(self, device_id: int) -> None:
        """A device the console removed: its token stops working now (from any thread)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(lambda: self._spawn(self._dropped(device_id)))

    # --- the server's thread ---------------------------------------------------
    def _load(self, store: Store) -> None:
        for device in store.room_devices(self.session_id):
            self._devices[device.token_hash] = device
        for answer in store.room_answers(self.session_id):
            mine = self._answers.setdefault(answer.device_id, {})
            mine[f"{answer.kind}:{answer.question}"] = (
                answer.text if answer.kind == "action" else answer.value
            )
        vote = self._view.vote
        if vote is not None:
            self._mine = store.room_votes(self.session_id, vote.attempt_id, vote.decision)
            self._mine_key = vote.key

    def _run(self, ready: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._open())
        except BaseException as exc:  # reported by start() on the UI's thread
            self._failure = exc
            ready.set()
            loop.close()
            return
        self._loop = loop
        ready.set()
        try:
            loop.run_forever()
        finally:
            left = asyncio.all_tasks(loop)  # connections still being read when it stopped
            for task in left:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _open(self) -> None:
        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._guard])
        app.router.add_get("/", self._home)
        app.router.add_get(f"/r/{{secret:{SECRET_PATTERN}}}", self._page)
        app.router.add_get("/room.css", self._css)
        app.router.add_get("/room.js", self._js)
        app.router.add_get("/favicon.ico", self._no_icon)
        app.router.add_post("/api/join", self._join)
        app.router.add_get("/api/state", self._state_route)
        app.router.add_post("/api/vote", self._vote)
        app.router.add_post("/api/rate", self._rate)
        app.router.add_post("/api/action", self._action)
        app.router.add_get("/api/ws", self._socket)
        runner = web.AppRunner(
            app,
            access_log=None,
            handle_signals=False,
            shutdown_timeout=1.0,
            keepalive_timeout=KEEPALIVE_S,
        )
        await runner.setup()
        _limit_connections(runner)
        try:
            site = web.TCPSite(runner, self.host, self.port, backlog=128)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = int(runner.addresses[0][1])

    async def _close(self) -> None:
        await self._broadcast()  # the last word: "the workshop has ended", or a stop
        sockets = [ws for group in self._sockets.values() for ws in group]
        self._sockets.clear()
        await asyncio.gather(
            *(ws.close(code=1001, message=b"The room server stopped") for ws in sockets),
            return_exceptions=True,
        )
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _close_db(self) -> None:
        if self._db is not None:
            store = self._store
            if store is not None:
                self._db.submit(store.close).result()
            self._db.shutdown()
        self._db = self._store = None

    async def _in_db(self, work: Callable[[Store], T]) -> T:
        """Run ``work`` with the server's own store on its one database thread."""
        store, db = self._store, self._db
        if store is None or db is None:
            raise Refused(503, "The room server is stopping.")
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(db, work, store)
        except StoreError:
            raise Refused(
                503, "The facilitator's computer could not save that; try again."
            ) from None

    async def _record_vote(self, device_id: int, vote: VoteOffer, option: int) -> str:
        """Queue a vote for the next commit; its outcome once it is on disk."""
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._queued.append((device_id, vote, option, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.ensure_future(self._write_votes())
        return await future

    async def _write_votes(self) -> None:
        """Commit the queued votes in batches: whatever arrived while the last was written."""
        while self._queued:
            batch, self._queued = self._queued, []

            def work(store: Store, batch: list[_Queued] = batch) -> list[str]:
                with self.gate.lock:  # the live session closes the vote under this lock
                    key = self.gate.key
                    wanted = [
                        (d, v.attempt_id, v.decision, o) for d, v, o, _ in batch if v.key == key
                    ]
                    written = iter(store.record_room_votes(self.session_id, wanted))
                    return [next(written) if v.key == key else "shut" for _, v, _, _ in batch]

            try:
                outcomes = await self._in_db(work)
            except Refused as refused:
                for *_, future in batch:
                    if not future.done():
                        future.set_exception(refused)
                continue
            for (*_, future), outcome in zip(batch, outcomes, strict=True):
                if not future.done():
                    future.set_result(outcome)

    def _changed(self) -> None:
        with suppress(Exception):  # the listener is the UI's; it must never stop the server
            self.on_change()

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` on the loop, keeping it referenced until it is done."""
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- views and devices -------------------------------------------------------
    def _take_view(self, view: PhoneView) -> None:
        self._view = view
        self._spawn(self._after_view(view))

    async def _after_view(self, view: PhoneView) -> None:
        vote = view.vote
        key = None if vote is None else vote.key
        if key != self._mine_key:
            self._mine = {}
            self._mine_key = key
            if vote is not None:
                votes = await self._in_db(
                    lambda s: s.room_votes(self.session_id, vote.attempt_id, vote.decision)
                )
                if self._mine_key == key:
                    self._mine = {**votes, **self._mine}
        await self._broadcast()

    async def _broadcast(self) -> None:
        sends = []
        for device in self._devices.values():
            group = self._sockets.get(device.id)
            if group:
                state = self._state(device)
                sends += [ws.send_json(state) for ws in list(group) if not ws.closed]
        await asyncio.gather(*sends, return_exceptions=True)

    async def _dropped(self, device_id: int) -> None:
        for hashed, device in list(self._devices.items()):
            if device.id == device_id:
                self._devices[hashed] = device._replace(removed=True)
        self._mine.pop(device_id, None)
        for ws in self._sockets.pop(device_id, set()):
            await ws.send_json({"phase": "removed"})
            await ws.close(code=1008, message=b"Removed by the facilitator")

    def _device(self, request: web.Request) -> RoomDevice | None:
        token = request.cookies.get(COOKIE)
        return None if token is None else self._devices.get(token_hash(token))

    def _joined(self, request: web.Request) -> RoomDevice:
        """The device this request comes from, if it joined this session and is still in."""
        device = self._device(request)
        if device is None or device.session_id != self.session_id:
            raise Refused(
                401, "This phone has not joined this workshop: open the link on the projector."
            )
        if device.removed:
            raise Refused(403, "The facilitator removed this phone from the workshop.")
        return device

    def joined_count(self) -> int:
        return sum(1 for d in self._devices.values() if not d.removed)

    def _state(self, device: RoomDevice) -> dict[str, object]:
        """What this phone shows: waiting, a vote, a rating, the end."""
        view = self._view
        if device.removed:
            return {"phase": "removed"}
        if view.closed:
            return {"phase": "closed", "title": view.title}
        state: dict[str, Any] = {
            "phase": "waiting",
            "title": view.title,
            "label": device.label,
            "joined": self.joined_count(),
        }
        vote, ask = view.vote, view.ask
        if vote is not None:
            state["phase"] = "vote"
            state["vote"] = {
                "key": vote.key,
                "options": list(vote.options),
                "mine": self._mine.get(device.id) if self._mine_key == vote.key else None,
                "revealed": vote.revealed,
                "counts": list(vote.counts) if vote.revealed else None,
            }
        elif ask is not None:
            mine = self._answers.get(device.id, {})
            state["phase"] = "ask"
            state["ask"] = {
                "when": ask.when,
                "questions": list(ask.questions),
                "ratings": [mine.get(f"{ask.when}:{q}") for q in range(1, len(ask.questions) + 1)],
                "action": ask.action,
                "text": mine.get("action:0") or "",
            }
        return state

    # --- the guard -----------------------------------------------------------------
    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        try:
            device = self._device(request)
            if device is not None:
                self.device_limit.check(f"d{device.id}")
            else:
                self.address_limit.check(f"a{request.remote}")
            _our_host(request)
            if request.method == "POST":
                _same_origin(request)
            response = await handler(request)
        except Refused as refused:
            response = _error(refused.status, refused.message, refused.retry_after)
        except web.HTTPException as exc:  # 404, 405, 413 and the like: plain JSON too
            response = _error(exc.status, _plain(exc.status))
        if not response.prepared:
            _secure(response, request)
        return response

    # --- routes ----------------------------------------------------------------------
    async def _home(self, request: web.Request) -> web.StreamResponse:
        return web.Response(text=HOME, content_type="text/html", charset="utf-8")

    async def _page(self, request: web.Request) -> web.StreamResponse:
        if not _equal(request.match_info["secret"], self.secret):
            raise Refused(404, "There is no such page: open the link on the projector.")
        return web.Response(
            body=self._assets["page.html"], content_type="text/html", charset="utf-8"
        )

    async def _css(self, request: web.Request) -> web.StreamResponse:
        return web.Response(body=self._assets["room.css"], content_type="text/css", charset="utf-8")

    async def _js(self, request: web.Request) -> web.StreamResponse:
        return web.Response(
            body=self._assets["room.js"], content_type="text/javascript", charset="utf-8"
        )

    async def _no_icon(self, request: web.Request) -> web.StreamResponse:
        return web.Response(status=204)  # browsers ask; there is none, and that is fine

    async def _body(self, request: web.Request, fields: dict[str, type]) -> dict[str, object]:
        if request.content_type != "application/json":
            raise Refused(415, "Send the request as JSON.")
        if request.content_length is not None and request.content_length > MAX_BODY:
            raise Refused(413, "That request is too large.")
        return read_object(await request.read(), fields)

    async def _join(self, request: web.Request) -> web.StreamResponse:
        data = await self._body(request, {"secret": str, "code": str, "name": str})
        view = self._view
        if not _equal(str(data["secret"]), self.secret):
            raise Refused(
                403, "This link is not for the workshop on now: scan the projector's code."
            )
        if normal_code(str(data["code"])) != normal_code(view.code):
            raise Refused(403, "That is not the room code: check it on the projector.")
        if view.closed:
            raise Refused(409, "The workshop has ended.")
        known = self._device(request)
        if known is not None and known.session_id == self.session_id:
            if known.removed:  # removed by the facilitator: it does not let itself back in
                raise Refused(403, "The facilitator removed this phone from the workshop.")
            return web.json_response(self._state(known))  # joined already: the same phone
        profile_id = None
        if self.attendance:
            name = clean_text(str(data["name"]), 100)
            profile_id = view.roster.get(name_key(name)) if name else None
            if profile_id is None:
                raise Refused(
                    403, "That name is not on the roster: type it as the facilitator has it."
                )
        if len(self._devices) >= MAX_DEVICES:
            raise Refused(409, "The room is full; ask the facilitator.")
        token = new_token()
        hashed = token_hash(token)
        device = await self._in_db(lambda s: s.join_room(self.session_id, hashed, profile_id))
        if device is None:
            raise Refused(409, "Someone has already joined with that name; ask the facilitator.")
        self._devices[hashed] = device
        self._changed()
        response = web.json_response(self._state(device))
        response.set_cookie(
            COOKIE, token, max_age=COOKIE_AGE, path="/", httponly=True, samesite="Strict"
        )
        self._spawn(self._broadcast())  # the others' "joined" count
        return response

    async def _state_route(self, request: web.Request) -> web.StreamResponse:
        device = self._device(request)
        if device is None or device.session_id != self.session_id:
            message = "This phone has not joined this workshop: type the room code."
            return web.json_response({"error": message, "names": self.attendance}, status=401)
        return web.json_response(self._state(self._joined(request)))

    async def _vote(self, request: web.Request) -> web.StreamResponse:
        device = self._joined(request)
        data = await self._body(request, {"vote": str, "option": int})
        vote = self._view.vote
        if vote is None or data["vote"] != vote.key or self._view.closed:
            raise Refused(409, "That vote has closed; your phone now shows what is on.")
        option = int(str(data["option"]))
        if not 1 <= option <= len(vote.options):
            raise Refused(400, f"Choose an option from 1 to {len(vote.options)}.")

        outcome = await self._record_vote(device.id, vote, option)
        _refuse(outcome, "That vote is already counted.")
        if self._mine_key == vote.key:
            self._mine[device.id] = option
        self._changed()
        return web.json_response(self._state(device))

    async def _rate(self, request: web.Request) -> web.StreamResponse:
        device = self._joined(request)
        data = await self._body(request, {"when": str, "question": int, "value": int})
        ask = self._view.ask
        if ask is None or data["when"] != ask.when or self._view.vote is not None:
            raise Refused(409, "No self-rating is asked for now.")
        question, value = int(str(data["question"])), int(str(data["value"]))
        if not 1 <= question <= len(ask.questions):
            raise Refused(400, f"Rate a question from 1 to {len(ask.questions)}.")
        if not 1 <= value <= 5:
            raise Refused(400, "A self-rating runs from 1 (not at all) to 5 (very).")
        when = ask.when
        outcome = await self._in_db(
            lambda s: s.record_room_answer(self.session_id, device.id, when, question, value, None)
        )
        _refuse(outcome, "")
        self._answers.setdefault(device.id, {})[f"{when}:{question}"] = value
        self._changed()
        return web.json_response(self._state(device))

    async def _action(self, request: web.Request) -> web.StreamResponse:
        device = self._joined(request)
        data = await self._body(request, {"text": str})
        ask = self._view.ask
        if ask is None or not ask.action or self._view.vote is not None:
            raise Refused(409, "No written action is asked for now.")
        text = clean_text(str(data["text"]), MAX_ACTION)
        outcome = await self._in_db(
            lambda s: s.record_room_answer(self.session_id, device.id, "action", 0, None, text)
        )
        _refuse(outcome, "")
        self._answers.setdefault(device.id, {})["action:0"] = text
        self._changed()
        return web.json_response(self._state(device))

    async def _socket(self, request: web.Request) -> web.StreamResponse:
        device = self._joined(request)
        _same_origin(request)
        if len(self._sockets.get(device.id, ())) >= MAX_SOCKETS:
            raise Refused(429, "This phone has too many connections open; reload the page.")
        ws = web.WebSocketResponse(heartbeat=15.0, max_msg_size=256)
        await ws.prepare(request)
        self._sockets.setdefault(device.id, set()).add(ws)
        try:
            await ws.send_json(self._state(device))
            async for message in ws:  # phones only ping; anything else is counted and ignored
                if message.type is not WSMsgType.TEXT:
                    break
                try:
                    self.device_limit.check(f"d{device.id}")
                except Refused:
                    await ws.close(code=1008, message=b"Too many messages")
                    break
        finally:
            self._sockets.get(device.id, set()).discard(ws)
        return ws


HOME = (
    "<!doctype html><html lang='en'><meta charset='utf-8'>"
    "<meta name='viewport' content='width=device-width, initial-scale=1'>"
    "<title>Counterpart room</title><link rel='stylesheet' href='/room.css'>"
    "<main><h1>Counterpart room</h1><p>Scan the code on the projector, or type the whole "
    "address shown under it, to join the room's vote.</p></main></html>"
)

_PLAIN = {
    400: "That request is not one this server understands.",
    404: "There is no such page: open the link on the projector.",
    405: "That is not allowed here.",
    413: "That request is too large.",
}


def _plain(status: int) -> str:
    return _PLAIN.get(status, "That request was refused.")


def _error(status: int, message: str, retry_after: float | None = None) -> web.Response:
    response = web.json_response({"error": message}, status=status)
    if retry_after is not None:
        response.headers["Retry-After"] = str(max(1, round(retry_after + 0.5)))
    return response


def _refuse(outcome: str, same: str) -> None:
    """Turn the store's answer about a vote into a refusal, unless it was counted."""
    if outcome == "counted":
        return
    if outcome == "same":
        raise Refused(409, same)
    if outcome == "removed":
        raise Refused(403, "The facilitator removed this phone from the workshop.")
    if outcome == "closed":
        raise Refused(409, "The workshop has ended.")
    raise Refused(409, "That vote has closed; your phone now shows what is on.")


def _secure(response: web.StreamResponse, request: web.Request) -> None:
    headers = response.headers
    headers["Content-Security-Policy"] = (
        f"default-src 'self'; connect-src 'self' ws://{request.headers.get('Host', '')}; "
        "img-src 'self'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    headers["Cache-Control"] = "no-store"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "no-referrer"  # the join link carries the session's secret


def _limit_connections(runner: web.AppRunner) -> None:
    """Close a new connection at once while too many are open, in all or from its address."""
    server = runner.server
    assert server is not None
    accept = server.connection_made

    def peer(transport: asyncio.BaseTransport | None) -> object:
        name = None if transport is None else transport.get_extra_info("peername")
        return name[0] if isinstance(name, tuple) and name else None

    def connection_made(handler: Any, transport: asyncio.Transport) -> None:
        accept(handler, transport)
        here = peer(transport)
        open_now = server.connections
        mine = sum(1 for h in open_now if peer(h.transport) == here)
        if len(open_now) > MAX_CONNECTIONS or mine > MAX_PER_ADDRESS:
            # On the next turn: closing inside this call trips aiohttp's own start-up.
            asyncio.get_running_loop().call_soon(transport.close)

    server.connection_made = connection_made  # type: ignore[method-assign]


def _our_host(request: web.Request) -> None:
    """Phones reach us by an IP address: a name in Host means DNS rebinding, so it is refused."""
    given = request.headers.get("Host", "")  # (request.host would look the name up)
    host = given.rsplit(":", 1)[0].strip("[]") if given.count(":") <= 1 else given.strip("[]")
    host = host.rsplit("]", 1)[0].lstrip("[") if given.startswith("[") else host
    if host == "localhost":
        return
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise Refused(421, "This server answers only at the address on the projector.") from None


def _same_origin(request: web.Request) -> None:
    """Only our own page may post or open the socket (another site's page is refused)."""
    origin = request.headers.get("Origin")
    if origin is not None and origin != f"http://{request.headers.get('Host', '')}":
        raise Refused(403, "Requests must come from the room's own page.")


def _equal(given: str, secret: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), secret.encode("utf-8"))


def _asset(name: str) -> bytes:
    return resources.files("trainer").joinpath("assets", "room", name).read_bytes()
