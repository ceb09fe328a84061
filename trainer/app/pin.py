"""An optional PIN per profile, for a computer several people share.

Without a PIN anyone at the computer can pick a profile and take its
assessments, so a colleague could earn someone else's certificate. With
one, starting or resuming an assessment and writing a certificate under
that profile ask for it (:func:`require`); practising never does -- a
practice run counts for nothing, and asking would only get in the way.

This is a lock on a shared desk, not a vault: the data file is the
person's own, and whoever can edit it can remove the PIN. So it is kept
simply but properly: 4 to 8 digits, stored as a salted scrypt hash (from
the standard library) in the profile's settings, never as the digits.
Wrong tries are counted in the same settings, so restarting the app does
not reset them: after :data:`MAX_TRIES` wrong ones in a row each further try
waits :data:`WAIT_SECONDS` from the last wrong one, until a right one
clears the count. Time comes from an injectable ``clock`` (seconds since the
epoch), so tests drive the wait without sleeping; a clock set back makes
the wait start again rather than last for ever.

Every operation here is one call a view makes; each raises a
:class:`PinError` with a plain sentence when it refuses.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from collections.abc import Callable
from typing import Any

from trainer.app.changes import NOTHING, Changes
from trainer.app.desk import ANONYMOUS
from trainer.errors import TrainerError
from trainer.store import Store

PIN_KEY = "pin"
TRIES_KEY = "pin_tries"
MIN_DIGITS = 4
MAX_DIGITS = 8
MAX_TRIES = 5
WAIT_SECONDS = 30

# scrypt's cost: ~50 ms and 16 MiB a check, so guessing from a copy of the
# data file is slow too; kept with each hash so it can be raised later.
_COST = {"n": 2**14, "r": 8, "p": 1}
_SALT_BYTES = 16
_HASH_BYTES = 32

Clock = Callable[[], float]


class PinError(TrainerError):
    """A PIN that is missing, malformed or wrong, or tried too often."""


class PinNeeded(PinError):
    """The profile has a PIN and none was given."""


class WrongPin(PinError):
    """The PIN given is not the profile's."""


class PinLocked(PinError):
    """Too many wrong PINs: the next try must wait."""

    def __init__(self, message: str, seconds: int) -> None:
        super().__init__(message)
        self.seconds = seconds


def has_pin(store: Store, profile_id: int) -> bool:
    """Whether starting an assessment or writing a certificate for this profile asks for a PIN."""
    return _saved(store, profile_id) is not None


def checked(pin: str) -> str:
    """The PIN if it is 4 to 8 digits (surrounding spaces ignored), else a plain refusal."""
    text = pin.strip()
    if not (text.isascii() and text.isdigit()) or not MIN_DIGITS <= len(text) <= MAX_DIGITS:
        raise PinError(f"A PIN is {MIN_DIGITS} to {MAX_DIGITS} digits (0-9); type it again.")
    return text


def set_pin(
    store: Store,
    profile_id: int,
    new: str,
    current: str | None = None,
    clock: Clock = time.time,
) -> Changes:
    """Give the profile a PIN, or change it (then ``current`` must be the PIN it has)."""
    profile = store.get_profile(profile_id)
    if profile.name == ANONYMOUS:
        raise PinError(
            "The Anonymous profile is for anyone at this computer, so it cannot have a PIN. "
            "Switch to your own profile first."
        )
    digits = checked(new)
    if has_pin(store, profile_id):
        verify(store, profile_id, current, clock)
    store.set_setting(PIN_KEY, _hashed(digits), profile_id=profile_id)
    return Changes(profile=True)


def remove_pin(
    store: Store, profile_id: int, current: str | None, clock: Clock = time.time
) -> Changes:
    """Take the PIN off the profile; the PIN it has is needed to do that."""
    if not has_pin(store, profile_id):
        return NOTHING
    verify(store, profile_id, current, clock)
    store.set_setting(PIN_KEY, None, profile_id=profile_id)
    store.set_setting(TRIES_KEY, None, profile_id=profile_id)
    return Changes(profile=True)


def require(store: Store, profile_id: int, pin: str | None, clock: Clock = time.time) -> None:
    """Refuse unless the profile has no PIN or ``pin`` is it.

    What starting or resuming an assessment and writing a certificate call.
    """
    if has_pin(store, profile_id):
        verify(store, profile_id, pin, clock)


def verify(store: Store, profile_id: int, pin: str | None, clock: Clock = time.time) -> None:
    """Check ``pin`` against the profile's, counting a wrong one; raise if it does not match."""
    saved = _saved(store, profile_id)
    if saved is None:
        return
    if pin is None or not pin.strip():
        raise PinNeeded("This profile has a PIN: type it to go on.")
    wait = seconds_to_wait(store, profile_id, clock)
    if wait:
        raise PinLocked(_wait_message(wait), wait)
    if _matches(pin.strip(), saved):
        if _tries(store, profile_id)[0]:
            store.set_setting(TRIES_KEY, None, profile_id=profile_id)
        return
    wrong = _tries(store, profile_id)[0] + 1
    store.set_setting(TRIES_KEY, {"wrong": wrong, "at": clock()}, profile_id=profile_id)
    left = MAX_TRIES - wrong
    if left > 0:
        tries = "try" if left == 1 else "tries"
        raise WrongPin(
            f"That PIN is not right. {left} {tries} left before a {WAIT_SECONDS}-second wait."
        )
    raise PinLocked(
        f"That PIN is not right. Wait {WAIT_SECONDS} seconds, then try again.", WAIT_SECONDS
    )


def seconds_to_wait(store: Store, profile_id: int, clock: Clock = time.time) -> int:
    """How long before the next try is taken (0: now), after too many wrong ones."""
    wrong, at = _tries(store, profile_id)
    if wrong < MAX_TRIES:
        return 0
    now = clock()
    if now < at:  # the clock was set back: the wait starts again from now
        store.set_setting(TRIES_KEY, {"wrong": wrong, "at": now}, profile_id=profile_id)
        return WAIT_SECONDS
    left = WAIT_SECONDS - (now - at)
    return max(0, int(left + 0.999))


def _wait_message(seconds: int) -> str:
    unit = "second" if seconds == 1 else "seconds"
    return f"Too many wrong PINs. Wait {seconds} {unit}, then try again."


def _hashed(digits: str) -> dict[str, Any]:
    salt = os.urandom(_SALT_BYTES)
    digest = _digest(digits, salt, _COST)
    return {"scheme": "scrypt", "salt": salt.hex(), "hash": digest.hex(), **_COST}


def _digest(digits: str, salt: bytes, cost: dict[str, int]) -> bytes:
    return hashlib.scrypt(
        digits.encode("ascii"),
        salt=salt,
        n=cost["n"],
        r=cost["r"],
        p=cost["p"],
        maxmem=64 * 1024 * 1024,
        dklen=_HASH_BYTES,
    )


def _matches(pin: str, saved: dict[str, Any]) -> bool:
    if not (pin.isascii() and pin.isdigit()):
        return False
    cost = {k: int(saved[k]) for k in ("n", "r", "p")}
    digest = _digest(pin, bytes.fromhex(saved["salt"]), cost)
    return hmac.compare_digest(digest, bytes.fromhex(saved["hash"]))


def _saved(store: Store, profile_id: int) -> dict[str, Any] | None:
    """The profile's saved PIN hash; a damaged record is refused, never read as "no PIN"."""
    value = store.get_setting(PIN_KEY, profile_id=profile_id)
    if value is None:
        return None
    try:
        if value["scheme"] != "scrypt":
            raise ValueError(value["scheme"])
        bytes.fromhex(value["salt"])
        bytes.fromhex(value["hash"])
        cost = {k: int(value[k]) for k in ("n", "r", "p")}
        n, r, p = cost["n"], cost["r"], cost["p"]
        if not (2 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
            raise ValueError(cost)
    except (TypeError, KeyError, ValueError):
        raise PinError(
            "This profile's PIN is damaged in the data file, so it cannot be checked. "
            "Restore the file from a backup, or ask whoever looks after this computer."
        ) from None
    return dict(value)


def _tries(store: Store, profile_id: int) -> tuple[int, float]:
    """Wrong tries in a row and when the last one was (a damaged count reads as locked)."""
    value = store.get_setting(TRIES_KEY, profile_id=profile_id)
    if value is None:
        return 0, 0.0
    try:
        return max(0, int(value["wrong"])), float(value["at"])
    except (TypeError, KeyError, ValueError):
        return MAX_TRIES, 0.0
