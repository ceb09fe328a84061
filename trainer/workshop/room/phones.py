"""The live session's side of the room server: switch it on and off, and read what arrived.

:class:`Phones` belongs to one :class:`~trainer.workshop.live.LiveSession`
and is used on the UI's thread only. It owns the server's secret and port
(kept in the store, so a resumed session serves the same address and the
phones reconnect by themselves), the :class:`~trainer.workshop.room.server.Gate`
the server votes through, and the counts it reads back from the store.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING

from trainer.errors import TrainerError
from trainer.store import RoomDevice, RoomSettings, Store
from trainer.workshop.room.gate import Gate
from trainer.workshop.room.guard import lan_address
from trainer.workshop.room.view import PhoneView

if TYPE_CHECKING:
    from trainer.workshop.room.server import RoomServer

SECRET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # as the room code: typed from the screen
SECRET_LENGTH = 8
ANY_ADDRESS = "0.0.0.0"  # as trainer.workshop.live says


def new_secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


class Phones:
    """One session's phones: the server while it is on, the devices, their counts."""

    def __init__(self, store: Store, session_id: int) -> None:
        self.store = store
        self.session_id = session_id
        self.gate = Gate()
        self.server: RoomServer | None = None
        self.settings: RoomSettings | None = None
        self.host_shown = ""
        self.moved = False  # the kept port was taken: the phones must scan the new code
        self.devices: tuple[RoomDevice, ...] = ()
        # Called on the server's thread whenever a phone changed something; the UI
        # sets it to post a call of LiveSession.absorb_phones to its own thread.
        self.listener: Callable[[], None] | None = None

    @property
    def on(self) -> bool:
        return self.server is not None

    def was_on(self) -> bool:
        """Whether the phones were on when the app last stopped (a resume switches them on)."""
        settings = self.store.room_settings(self.session_id)
        return settings is not None and settings.running

    def start(
        self, view: PhoneView, *, port: int | None, host: str, attendance: bool | None
    ) -> None:
        """Listen on ``port`` (None: the one kept for this session, else the OS's pick)."""
        if self.server is not None:
            return
        kept = self.store.room_settings(self.session_id)
        secret = kept.secret if kept is not None else new_secret()
        wanted = port if port is not None else (kept.port if kept is not None else 0)
        names = attendance if attendance is not None else (kept is not None and kept.attendance)
        self.gate.set(_key(view))
        server = self._server(view, secret, host, wanted, names)
        self.moved = False
        try:
            bound = server.start()
        except TrainerError:
            if port is not None or wanted == 0:
                raise
            server = self._server(view, secret, host, 0, names)  # the kept port is taken
            bound = server.start()
            self.moved = True
        self.server = server
        try:
            self.settings = self.store.save_room(self.session_id, secret, bound, names, True)
        except TrainerError:
            self.stop(keep_on=True)
            raise
        self.host_shown = lan_address() if host in (ANY_ADDRESS, "") else host
        self.refresh()

    def _server(
        self, view: PhoneView, secret: str, host: str, port: int, attendance: bool
    ) -> RoomServer:
        from trainer.workshop.room.server import RoomServer  # aiohttp: only once phones are on

        return RoomServer(
            self.store.path,
            view,
            secret,
            host=host,
            port=port,
            attendance=attendance,
            gate=self.gate,
            on_change=self._heard,
        )

    def stop(self, *, keep_on: bool = False) -> None:
        """Stop listening; ``keep_on`` (the app quitting) lets a resume switch it back on."""
        server, self.server = self.server, None
        self.gate.set(None)
        if server is not None:
            server.stop()
        if not keep_on:
            self.store.set_room_running(self.session_id, False)

    def publish(self, view: PhoneView) -> None:
        """Tell the phones what is on now; the gate opens or closes with the vote."""
        self.gate.set(_key(view))
        if self.server is not None:
            self.server.publish(view)

    def close_gate(self) -> None:
        """No more phone votes on the vote in progress (waits for one being saved)."""
        self.gate.set(None)

    def refresh(self) -> bool:
        """Read the devices again; True if the list changed (someone joined or was removed)."""
        devices = tuple(self.store.room_devices(self.session_id))
        changed = devices != self.devices
        self.devices = devices
        return changed

    def remove(self, device_id: int) -> bool:
        if not self.store.remove_room_device(self.session_id, device_id):
            return False
        if self.server is not None:
            self.server.drop(device_id)
        self.refresh()
        return True

    def tally(self, attempt_id: int, decision: int, options: int) -> tuple[int, ...]:
        """The phones' votes per option on a decision (removed phones' left out)."""
        counts = [0] * options
        for number in self.store.room_votes(self.session_id, attempt_id, decision).values():
            if 1 <= number <= options:
                counts[number - 1] += 1
        return tuple(counts)

    def joined(self) -> tuple[RoomDevice, ...]:
        return tuple(d for d in self.devices if not d.removed)

    def link(self) -> str:
        settings = self.settings
        if settings is None:
            return ""
        return f"http://{self.host_shown}:{settings.port}/r/{settings.secret}"

    def _heard(self) -> None:
        listener = self.listener
        if listener is not None:
            listener()


def _key(view: PhoneView) -> str | None:
    return None if view.vote is None or view.closed else view.vote.key
