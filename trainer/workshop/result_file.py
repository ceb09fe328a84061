"""Individual result files: a trainee's run, signed on their machine, imported by the facilitator.

A trainee who plays a block's scenario on their own laptop exports a small
JSON file (:func:`export_result`) naming the workshop's session code, who
played, which scenario at which content hash, and every choice made, signed
with their installation's key exactly as certificates are
(:mod:`trainer.reports.signing`). The signed token's serial is the SHA-256 of
the file's canonical content, so altering any value breaks the signature.

The facilitator's side (:func:`read_result`, :func:`check_against_session`)
refuses, with a reason a person can act on: anything that is not a regular
file of sane size, not JSON, not a Counterpart result file, altered since it
was signed, for another session, for a scenario this installation lacks or
has in another version, or whose stated score does not follow from its
choices. The run is replayed and scored here: the engine is deterministic,
so what is entered is what this installation computes, not what the file
claims.

The file carries its own public key. That proves the file is unchanged since
it was signed by *some* Counterpart installation, not which one: a room of
colleagues is the threat model, not a forger who rebuilds the signing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from trainer.app.runs import result_of
from trainer.errors import PlayError, TrainerError, UnknownIdError
from trainer.reports.files import write_atomic
from trainer.reports.signing import Claims, Issuer, verify
from trainer.scenarios.context import Context
from trainer.scenarios.library import Entry, Library
from trainer.scenarios.playthrough import replay
from trainer.store import Attempt, AttemptResult, Mode, Store

FORMAT = "counterpart-result"
VERSION = 1
SUFFIX = ".counterpart-result.json"
PROGRAMME = "Counterpart individual result"
MAX_BYTES = 256 * 1024
MAX_CHOICES = 500
CODE_SHAPE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}")


class ResultFileError(TrainerError):
    """A result file that cannot be imported; the message says why."""


@dataclass(frozen=True, slots=True)
class ResultFile:
    """A result file's content, its signature checked."""

    session_code: str
    trainee: str
    scenario_id: str
    content_hash: str
    mode: Mode
    choices: tuple[tuple[str, int], ...]
    ending_id: str
    score: int
    passed: bool
    digest: str  # what the signature covers; the same file imported twice has the same digest
    key_id: str


@dataclass(frozen=True, slots=True)
class CheckedResult:
    """A result file that fits this session and library, scored here."""

    entry: Entry
    choices: tuple[tuple[str, int], ...]
    result: AttemptResult


def normalise_code(code: str) -> str:
    """A session code as typed ("k7pq 2xma") in its canonical form ("K7PQ-2XMA")."""
    letters = re.sub(r"[^A-Za-z0-9]", "", code).upper()
    canonical = f"{letters[:4]}-{letters[4:]}"
    if not CODE_SHAPE.fullmatch(canonical):
        raise ResultFileError(
            f"“{code}” is not a session code; it looks like K7PQ-2XMA and is shown on the "
            "facilitator's console."
        )
    return canonical


# --- the trainee's side -----------------------------------------------------------


def export_result(
    store: Store,
    attempt_id: int,
    session_code: str,
    path: Path,
    *,
    issuer: Issuer | None = None,
) -> Path:
    """Write a finished run as a signed result file for the workshop ``session_code``."""
    code = normalise_code(session_code)
    attempt = store.get_attempt(attempt_id)
    if attempt.result is None or attempt.finished is None:
        raise ResultFileError("Only a finished run can be handed in; play it to its ending.")
    trainee = store.get_profile(attempt.profile_id).name
    signer = issuer or Issuer.load_or_create()
    body: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "session": code,
        "trainee": trainee,
        "scenario_id": attempt.scenario_id,
        "content_hash": attempt.content_hash,
        "mode": str(attempt.mode),
        "choices": [[c.node_id, c.choice_index] for c in store.choices(attempt.id)],
        "ending_id": attempt.result.ending_id,
        "score": attempt.result.score,
        "passed": attempt.result.passed,
        "finished": attempt.finished.astimezone(UTC).isoformat(timespec="seconds"),
        "public_key": signer.public_pem(),
    }
    digest = _digest(body)
    token = signer.sign(
        Claims(
            name=trainee,
            programme=PROGRAMME,
            date=attempt.finished.date().isoformat(),
            hours=None,
            serial=digest,
        )
    )
    data = json.dumps({**body, "signature": token}, ensure_ascii=False, indent=1)
    target = Path(path)
    write_atomic(target, (data + "\n").encode("utf-8"))
    return target


def finished_runs(store: Store, profile_id: int, scenario_id: str | None = None) -> list[Attempt]:
    """The person's finished runs that can be handed in, the most recent first."""
    runs = store.attempts(profile_id=profile_id, scenario_id=scenario_id, finished_only=True)
    return sorted(
        (a for a in runs if a.result is not None and a.finished is not None),
        key=lambda a: (a.finished, a.id),
        reverse=True,
    )


def default_name(trainee: str, scenario_id: str) -> str:
    """A file name for the export dialog to suggest."""
    stem = re.sub(r"[^\w-]+", "-", f"{trainee}-{scenario_id}", flags=re.UNICODE).strip("-")
    return f"{stem.lower() or 'result'}{SUFFIX}"


# --- the facilitator's side ---------------------------------------------------------


def read_result(path: Path) -> ResultFile:
    """Read and check a result file's form and signature (not yet against a session)."""
    raw = _read_bounded(path)
    try:
        body = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ResultFileError(
            f"{path.name} is not a Counterpart result file (it is not JSON text)."
        ) from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise ResultFileError(f"{path.name} is not a Counterpart result file.")
    if body.get("version") != VERSION:
        raise ResultFileError(
            f"{path.name} was written by another version of Counterpart (result format "
            f"{body.get('version')!r}); ask the trainee to export it again from this version."
        )
    try:
        return _checked(body, path)
    except (KeyError, TypeError, ValueError) as exc:
        raise ResultFileError(
            f"{path.name} is damaged or was altered ({_reason(exc)}); ask the trainee to "
            "export it again."
        ) from None


def check_against_session(result: ResultFile, code: str, library: Library) -> CheckedResult:
    """The result replayed and scored here; refused if it belongs elsewhere or does not add up."""
    if result.session_code != code:
        raise ResultFileError(
            f"This result of {result.trainee} is for another workshop (session "
            f"{result.session_code}); this session's code is {code}."
        )
    try:
        entry = library.get(result.scenario_id)
    except UnknownIdError:
        raise ResultFileError(
            f"{result.trainee} played “{result.scenario_id}”, which this installation does not "
            "have; add the scenario to the library first."
        ) from None
    if entry.content_hash != result.content_hash:
        raise ResultFileError(
            f"{result.trainee} played another version of “{entry.scenario.title}” than this "
            "installation has; both must use the same scenario file."
        )
    try:
        run = replay(entry.scenario, [i for _, i in result.choices], Context(), entry.content_hash)
    except PlayError:
        raise ResultFileError(
            f"The choices in {result.trainee}'s result do not fit “{entry.scenario.title}”."
        ) from None
    if [s.node_id for s in run.steps] != [n for n, _ in result.choices] or not run.finished:
        raise ResultFileError(
            f"The choices in {result.trainee}'s result do not follow “{entry.scenario.title}” "
            "to an ending."
        )
    scored = result_of(run)
    if (scored.score, scored.passed, scored.ending_id) != (
        result.score,
        result.passed,
        result.ending_id,
    ):
        raise ResultFileError(
            f"The score in {result.trainee}'s result does not follow from its choices; the file "
            "was altered."
        )
    return CheckedResult(entry, result.choices, scored)


def _read_bounded(path: Path) -> bytes:
    """A regular file's bytes, at most MAX_BYTES; a folder, device or pipe is refused unopened."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ResultFileError(f"Cannot read {path}: {exc.strerror}.") from None
    if not stat.S_ISREG(info.st_mode):
        raise ResultFileError(f"{path.name} is not a file; choose a result file.")
    if info.st_size > MAX_BYTES:
        raise ResultFileError(
            f"{path.name} is too large to be a result file ({info.st_size:,} bytes)."
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise ResultFileError(f"{path.name} is not a file; choose a result file.")
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ResultFileError(f"Cannot read {path}: {exc.strerror}.") from None
    if len(data) > MAX_BYTES:
        raise ResultFileError(f"{path.name} is too large to be a result file.")
    return data


def _checked(body: dict[str, Any], path: Path) -> ResultFile:
    """Types first, then the signature over exactly what was read."""
    signature = _text(body["signature"], 4096)
    unsigned = {k: v for k, v in body.items() if k != "signature"}
    key = _public_key(_text(unsigned["public_key"], 4096))
    verdict = verify(signature, key)
    if not verdict.valid or verdict.claims is None:
        raise ResultFileError(
            f"{path.name} has been altered since it was signed ({verdict.reason}); it cannot "
            "be imported."
        )
    digest = _digest(unsigned)
    trainee = _text(unsigned["trainee"], 400).strip()
    if verdict.claims.serial != digest or verdict.claims.name != trainee:
        raise ResultFileError(
            f"{path.name} has been altered since it was signed; it cannot be imported."
        )
    if not trainee:
        raise ValueError("no trainee name")
    choices = _list(unsigned["choices"])
    if len(choices) > MAX_CHOICES:
        raise ValueError("too many choices")
    mode = _text(unsigned["mode"], 16)
    if mode not in tuple(Mode):
        raise ValueError(f"unknown mode {mode!r}")
    return ResultFile(
        session_code=_text(unsigned["session"], 16),
        trainee=trainee,
        scenario_id=_text(unsigned["scenario_id"], 64),
        content_hash=_text(unsigned["content_hash"], 128),
        mode=Mode(mode),
        choices=tuple(_choice(c) for c in choices),
        ending_id=_text(unsigned["ending_id"], 64),
        score=_int(unsigned["score"], 0, 100),
        passed=_bool(unsigned["passed"]),
        digest=digest,
        key_id=verdict.claims.key_id,
    )


def _digest(body: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces): what the signature vouches for."""
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    raw = hashlib.sha256(text.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _public_key(pem: str) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem.encode("ascii"))
    except (ValueError, TypeError, UnicodeEncodeError):
        raise ValueError("its key is damaged") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("its key is not a Counterpart key")
    return key


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"'{exc.args[0]}' is missing"
    return str(exc) or "a value has the wrong type"


def _choice(value: object) -> tuple[str, int]:
    items = _list(value)
    if len(items) != 2:
        raise ValueError("a choice is not [node, index]")
    return _text(items[0], 64), _int(items[1], 0, 99)


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _text(value: object, limit: int) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise TypeError("expected text")
    return value


def _int(value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError("a number is out of range")
    return value


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected true or false")
    return value
