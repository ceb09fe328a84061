"""What File → Reporting… and ``trainer lrs status`` show, and the connection test.

Plain values only (no secret among them), so the dialog and the command
line show the same thing and tests read it without a screen.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from trainer.store import Store
from trainer.store.outbox import Outbox
from trainer.xapi import config as xconfig
from trainer.xapi.errors import LrsConfigError


def _when(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat(timespec="seconds")


def overview(store: Store) -> dict[str, Any]:
    """Where statements go, where the credentials come from, what waits and since when."""
    problem = None
    try:
        settings = xconfig.load(store)
        target = settings.target
        credentials = settings.credentials_from
        problem = settings.keyring_problem if credentials == "none" else None
    except LrsConfigError as exc:
        target, credentials, problem = xconfig.Target("", ""), "none", str(exc)
    outbox = Outbox(store).status()
    return {
        "reporting": "on" if target.enabled else "off",
        "endpoint": target.endpoint or None,
        "configured_by": ("environment" if target.from_environment else "app")
        if target.enabled
        else None,
        "homepage": target.homepage or None,
        "credentials": credentials,
        "problem": problem,
        "waiting": outbox.waiting,
        "refused": outbox.refused,
        "sent": outbox.sent,
        "last_sent": _when(outbox.last_sent),
        "last_error": outbox.last_error,
        "next_try": _when(outbox.next_try),
    }


def check_connection(config: xconfig.LrsConfig) -> str:
    """Try the LRS with these settings: a sentence saying it works, or an LrsError saying why."""
    from trainer.xapi.client import LrsClient

    with LrsClient(config) as client:
        return client.check()


def summary(view: dict[str, Any]) -> str:
    """One line for a status bar: how many wait, and when the last send succeeded."""
    if view["reporting"] == "off":
        return "Reporting is off."
    last = view["last_sent"] or "never"
    line = f"{view['waiting']} statement(s) waiting; last sent: {last}."
    if view["refused"]:
        line += f" {view['refused']} refused by the LRS."
    return line
