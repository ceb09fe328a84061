"""A simulated phone for the room server's tests and bench: aiohttp's client, a cookie jar.

Only what a phone's browser does: join with the secret and the room code,
read the state, vote, rate, open the WebSocket. Raw posts are there for
hostile requests.
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from trainer.workshop.live import LiveSession


class Phone:
    """One phone, with its own cookie (its device token)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True),  # cookies for an IP address
            timeout=aiohttp.ClientTimeout(total=10),
        )

    async def __aenter__(self) -> Phone:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self.http.close()

    async def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        sent = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
        if data is not None:
            sent.setdefault("Content-Type", "application/json")
        async with self.http.request(method, self.base + path, data=data, headers=sent) as r:
            text = await r.text()
            try:
                return r.status, json.loads(text)
            except ValueError:
                return r.status, text

    async def join(self, secret: str, code: str, name: str = "") -> tuple[int, Any]:
        return await self.request(
            "POST", "/api/join", {"secret": secret, "code": code, "name": name}
        )

    async def state(self) -> tuple[int, Any]:
        return await self.request("GET", "/api/state")

    async def vote(self, key: str, option: int) -> tuple[int, Any]:
        return await self.request("POST", "/api/vote", {"vote": key, "option": option})


def base_of(live: LiveSession) -> str:
    """The server's address as the tests reach it (they listen on the loopback address)."""
    view = live.console().phones
    assert view is not None
    return view.link.split("/r/")[0]


def secret_of(live: LiveSession) -> str:
    view = live.console().phones
    assert view is not None
    return view.link.rsplit("/", 1)[1]
