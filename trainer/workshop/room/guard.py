"""The room server's defences, kept apart so they read (and test) on their own.

* :class:`RateLimit`: a token bucket per device (or per address before a
  device has joined). A phone tapping as fast as a person can stays well
  inside it; a script flooding requests is answered 429 with a
  ``Retry-After`` and does not reach the handlers.
* :func:`read_object`: a request body as one small JSON object with exactly
  the fields expected, of the types expected, or a :class:`Refused` naming
  what is wrong.
* tokens: a device's token is random; the store keeps only its hash.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import socket
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

MAX_BODY = 4096  # bytes: the largest body is a written action of MAX_ACTION characters
MAX_ACTION = 600
MAX_BUCKETS = 5000  # remembered senders; the oldest are forgotten first


class Refused(Exception):
    """A request that is refused with ``status`` and a plain sentence, and changes nothing."""

    def __init__(self, status: int, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


class RateLimit:
    """At most ``burst`` requests at once and ``per_second`` after that, per sender key."""

    def __init__(
        self,
        per_second: float,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_second = per_second
        self.burst = burst
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def check(self, key: str) -> None:
        """Spend one request of ``key``'s allowance, or raise a 429 saying when to retry."""
        now = self.clock()
        bucket = self._buckets.pop(key, None) or _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.per_second)
        bucket.at = now
        self._buckets[key] = bucket  # most recent last, so the oldest go first
        if len(self._buckets) > MAX_BUCKETS:
            del self._buckets[next(iter(self._buckets))]
        if bucket.tokens < 1:
            wait = (1 - bucket.tokens) / self.per_second
            raise Refused(429, "Too many requests from this phone; wait a moment.", wait)
        bucket.tokens -= 1


def read_object(body: bytes, fields: Mapping[str, type]) -> dict[str, object]:
    """``body`` as a JSON object with exactly ``fields`` (name -> int or str), or Refused."""
    if len(body) > MAX_BODY:
        raise Refused(413, "That request is too large.")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refused(400, "That request is not valid JSON.") from None
    if not isinstance(data, dict):
        raise Refused(400, "That request must be a JSON object.")
    if set(data) != set(fields):
        raise Refused(400, f"That request must have exactly: {', '.join(sorted(fields))}.")
    for name, kind in fields.items():
        value = data[name]
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise Refused(400, f"'{name}' must be a whole number.")
        if kind is str and not isinstance(value, str):
            raise Refused(400, f"'{name}' must be text.")
    return data


def clean_text(text: str, limit: int) -> str:
    """Typed text as kept: composed, control characters dropped, within ``limit`` or Refused."""
    composed = unicodedata.normalize("NFC", text).replace("\r\n", "\n")
    kept = "".join(c for c in composed if unicodedata.category(c) != "Cc" or c == "\n")
    kept = "\n".join(" ".join(line.split()) for line in kept.splitlines()).strip()
    if len(kept) > limit:
        raise Refused(400, f"That text is {len(kept)} characters long; at most {limit} fit.")
    return kept


def normal_code(typed: str) -> str:
    """A typed room code as compared: capitals, no spaces or dashes ("k7pq 2xma" -> "K7PQ2XMA")."""
    return "".join(c for c in typed.upper() if c.isalnum())[:32]


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the store keeps of a token: a leaked data file gives no working token."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def lan_address() -> str:
    """This machine's address on the local network (the one a default route would use).

    Connecting a UDP socket sends nothing; it only picks the interface. With
    no network at all the loopback address is all there is.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"
