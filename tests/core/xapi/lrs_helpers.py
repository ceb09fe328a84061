"""What the LRS tests share: an in-memory keyring, Ralph's account, and a relay to it."""

from __future__ import annotations

import contextlib
import socket
import threading
from dataclasses import dataclass
from typing import Any

import httpx

USERNAME = "counterpart-test"
PASSWORD = "correct horse battery staple"


class MemoryKeyring:
    """A keyring backend holding its entries in a dict (keyring's own interface)."""

    priority = 1

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Lrs:
    """The running Ralph: its xAPI endpoint and the one account it accepts."""

    endpoint: str
    username: str = USERNAME
    password: str = PASSWORD

    def statements(self, **params: str) -> list[dict[str, Any]]:
        """Every statement matching ``params``, following Ralph's ``more`` links."""
        found: list[dict[str, Any]] = []
        url: str | None = self.endpoint + "statements"
        query: dict[str, str] | None = {"limit": "100", **params}
        base = self.endpoint.split("/xAPI/")[0]
        with httpx.Client(auth=(self.username, self.password), timeout=10) as http:
            while url:
                answer = http.get(url, params=query)
                answer.raise_for_status()
                data = answer.json()
                found.extend(data["statements"])
                more = data.get("more")
                url, query = (base + more, None) if more else (None, None)
        return found


class Proxy:
    """A TCP relay to the LRS that can go down, come back, or hold the LRS's answers."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = upstream_port
        self.port = free_port()
        self.hold_after = -1  # answers to let through before holding the rest (-1: never)
        self.answers = 0
        self.held = threading.Event()
        self._server: socket.socket | None = None
        self._closing = threading.Event()
        self.up()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def up(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(16)
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def down(self) -> None:
        if self._server is not None:
            with contextlib.suppress(OSError):
                self._server.shutdown(socket.SHUT_RDWR)  # wakes accept() and stops listening
            self._server.close()
            self._server = None

    def close(self) -> None:
        self._closing.set()
        self.down()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream))
            threading.Thread(target=self._pump, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, True), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, answers: bool) -> None:
        try:
            while data := source.recv(65536):
                if answers and data.startswith(b"HTTP/"):  # the start of an answer
                    if self.hold_after >= 0 and self.answers >= self.hold_after:
                        self.held.set()
                        self._closing.wait(30)  # never forwarded
                        return
                    self.answers += 1
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
            source.close()  # each socket is the source of exactly one pump
