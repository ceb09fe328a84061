"""Keeping data: people, runs, workshops and certificates in one SQLite file.

Pure Python over the standard library's ``sqlite3``; no Qt. Every change is
committed when it is made, so a crash loses nothing already shown, and an
interrupted run or workshop can be resumed. Everything raised is a
:class:`trainer.errors.StoreError` or :class:`trainer.errors.UnknownIdError`.
"""

from trainer.store.migrations import LATEST_VERSION
from trainer.store.records import (
    Attempt,
    AttemptResult,
    ChoiceRecord,
    Mode,
    Profile,
    RoomAnswer,
    RoomDevice,
    RoomSettings,
    Session,
    WorkshopEvent,
)
from trainer.store.store import MODES, Store

__all__ = [
    "LATEST_VERSION",
    "MODES",
    "Attempt",
    "AttemptResult",
    "ChoiceRecord",
    "Mode",
    "Profile",
    "RoomAnswer",
    "RoomDevice",
    "RoomSettings",
    "Session",
    "Store",
    "WorkshopEvent",
]
