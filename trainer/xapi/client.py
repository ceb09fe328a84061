"""Talking to the LRS over HTTP: bounded in time and size, and suspicious of every answer.

httpx rather than urllib: one :class:`httpx.Timeout` bounds connecting,
writing, each read and the wait for a pooled connection; responses are
streamed, so an answer is read only up to :data:`MAX_ANSWER_BYTES` and
then dropped; redirects are not followed (a redirected POST would resend
credentials to a host the user never named); and its exception types tell
a refused address from a TLS failure without parsing messages. Every
request also has an overall deadline, checked while the answer trickles in.

The LRS's answers are treated as hostile: only their status code decides
anything; a body is read only for an error to show, cut short, and stripped
of control characters before it reaches a screen or a log.
"""

from __future__ import annotations

import json
import ssl
import time
from collections.abc import Sequence
from types import TracebackType
from typing import Self

import httpx

from trainer.xapi.config import LrsConfig
from trainer.xapi.errors import (
    LrsAddressError,
    LrsConfigError,
    LrsCredentialsError,
    LrsError,
    LrsRefusedError,
    LrsServerError,
    LrsTlsError,
)

XAPI_VERSION = "1.0.3"
MAX_ANSWER_BYTES = 65_536
MAX_SHOWN_CHARS = 300
CONNECT_S = 5.0
READ_S = 15.0
DEADLINE_S = 30.0


class LrsClient:
    """One LRS, one connection pool; use as a context manager or call :meth:`close`."""

    def __init__(
        self,
        config: LrsConfig,
        *,
        deadline_s: float = DEADLINE_S,
        transport: httpx.BaseTransport | None = None,
        connect_s: float = CONNECT_S,
        read_s: float = READ_S,
    ) -> None:
        if not config.endpoint:
            raise LrsConfigError("No LRS address is set, so reporting is off.")
        self._config = config
        self._deadline_s = deadline_s
        auth = (config.username, config.password) if config.username or config.password else None
        self._http = httpx.Client(
            auth=auth,
            timeout=httpx.Timeout(read_s, connect=connect_s, pool=connect_s),
            follow_redirects=False,
            headers={
                "X-Experience-API-Version": XAPI_VERSION,
                "User-Agent": "Counterpart",
                # Answers are read raw and bounded; a compressed one could expand past the bound.
                "Accept-Encoding": "identity",
            },
            transport=transport,
            trust_env=False,  # no proxy or .netrc credentials picked up behind the user's back
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- the two things we ask ------------------------------------------------

    def post(self, bodies: Sequence[str]) -> None:
        """Store these statements (JSON texts); returns when the LRS holds all of them.

        An LRS that already holds a statement with the same id keeps its copy
        (xAPI's rule, which Ralph follows with 204), so a resend is harmless.
        """
        content = ("[" + ",".join(bodies) + "]").encode("utf-8")
        status, body = self._request(
            "POST",
            self._config.statements_url,
            content=content,
            headers={"Content-Type": "application/json"},
        )
        if status in (200, 204):
            return
        raise self._failure(status, body)

    def check(self) -> str:
        """Ask for one statement with the credentials; a sentence saying all is well, or raise.

        A read needs the same address, TLS and credentials as a write, and
        writes nothing. An LRS whose user may write but not read answers 403,
        which is reported as it is.
        """
        if not (self._config.username or self._config.password):
            if self._config.keyring_problem:
                raise LrsConfigError(self._config.keyring_problem)
            raise LrsConfigError(
                "No LRS username and password are set. Enter them in File → Reporting…, "
                "or set TRAINER_LRS_USERNAME and TRAINER_LRS_PASSWORD."
            )
        status, body = self._request("GET", self._config.statements_url, params={"limit": "1"})
        if status != 200:
            raise self._failure(status, body)
        try:
            answer = json.loads(body)
        except ValueError:
            answer = None
        if not isinstance(answer, dict) or not isinstance(answer.get("statements"), list):
            raise LrsServerError(
                f"{self._where()} answered, but not as an xAPI LRS does (no list of "
                "statements). Check that the address is the LRS's xAPI endpoint, "
                "usually ending in /xAPI/."
            )
        return f"Connected to the LRS at {self._config.endpoint}; the credentials were accepted."

    # -- the wire ---------------------------------------------------------------

    def _request(
        self,
        method: str,
        url: str,
        *,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        """Status and at most MAX_ANSWER_BYTES of body, within the deadline; ours on failure."""
        deadline = time.monotonic() + self._deadline_s
        try:
            with self._http.stream(
                method, url, content=content, headers=headers, params=params
            ) as response:
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_raw():
                    size += len(chunk)
                    if size > MAX_ANSWER_BYTES:
                        break  # enough to judge; the rest is not read
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        raise LrsServerError(
                            f"{self._where()} took more than {self._deadline_s:.0f} s to "
                            "answer; trying again later."
                        )
                return response.status_code, b"".join(chunks)
        except LrsError:
            raise
        except httpx.ConnectTimeout:
            raise LrsAddressError(
                f"{self._where()} did not answer within {CONNECT_S:.0f} s. Check the "
                "address and the network (a firewall or a VPN you are not connected to)."
            ) from None
        except httpx.ConnectError as exc:
            raise self._connect_failure(exc) from None
        except httpx.TimeoutException:
            raise LrsServerError(
                f"{self._where()} stopped answering (no reply within {READ_S:.0f} s); "
                "trying again later."
            ) from None
        except httpx.HTTPError as exc:
            raise LrsServerError(
                f"The connection to {self._where()} failed: {_shown(str(exc))}."
            ) from None

    def _where(self) -> str:
        return f"The LRS at {self._config.endpoint}"

    def _connect_failure(self, exc: httpx.ConnectError) -> LrsError:
        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, ssl.SSLCertVerificationError):
                return LrsTlsError(
                    f"{self._where()} presented a certificate that cannot be trusted "
                    f"({_shown(cause.verify_message or str(cause))}). Check the address, or ask "
                    "the LRS's administrator for a certificate from a recognised authority."
                )
            if isinstance(cause, ssl.SSLError):
                return LrsTlsError(
                    f"The secure connection to {self._where()} failed ({_shown(str(cause))}). "
                    "If the LRS does not use TLS, its address starts with http://."
                )
            cause = cause.__cause__ or cause.__context__
        text = str(exc)
        if (
            "Name or service not known" in text
            or "nodename nor servname" in text
            or ("getaddrinfo" in text)
        ):
            return LrsAddressError(
                f"The LRS's host in {self._config.endpoint} could not be found. Check the address."
            )
        return LrsAddressError(
            f"{self._where()} could not be reached ({_shown(text) or 'connection refused'}). "
            "Check the address, and that the LRS is running."
        )

    def _failure(self, status: int, body: bytes) -> LrsError:
        said = _their_words(body)
        told = f" It said: {said}" if said else ""
        if status in (401, 403):
            what = "refused the username and password" if status == 401 else "refused access"
            return LrsCredentialsError(
                f"{self._where()} {what} (HTTP {status}). Check the credentials in "
                f"File → Reporting… or TRAINER_LRS_USERNAME / TRAINER_LRS_PASSWORD.{told}"
            )
        if 300 <= status < 400:
            return LrsAddressError(
                f"{self._where()} redirects elsewhere (HTTP {status}); enter the address "
                "it redirects to."
            )
        if status == 404:
            return LrsAddressError(
                f"{self._where()} has no statements resource (HTTP 404). The address "
                "should be the LRS's xAPI endpoint, usually ending in /xAPI/."
            )
        if status in (400, 409, 413, 422):
            return LrsRefusedError(
                f"{self._where()} refused the statements (HTTP {status}).{told}", status
            )
        return LrsServerError(f"{self._where()} failed (HTTP {status}).{told}")


def _their_words(body: bytes) -> str:
    """The LRS's own error, made safe to show: decoded, flattened, cut short."""
    text = body[:4096].decode("utf-8", "replace")
    try:
        data = json.loads(text)
    except ValueError:
        return _shown(text)
    if isinstance(data, dict):
        for key in ("detail", "message", "error", "errors"):
            if key in data:
                detail = data[key]
                return _shown(detail if isinstance(detail, str) else json.dumps(detail))
    return _shown(json.dumps(data))


def _shown(text: str) -> str:
    flat = "".join(c if c.isprintable() else " " for c in text)
    flat = " ".join(flat.split())
    return flat if len(flat) <= MAX_SHOWN_CHARS else flat[: MAX_SHOWN_CHARS - 1] + "…"
