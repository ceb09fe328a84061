"""Signed certificate tokens that another installation can check.

A token is ``base64url(JSON claims) + "." + base64url(Ed25519 signature)``.
The signature covers the exact payload bytes, so changing any letter of any
field (the name, a score, the date) makes verification fail. The signature
is checked on those bytes before anything in them is decompressed or
parsed, and parsing is bounded (size, nesting), so a hostile code costs no
more than a genuine one and is refused in one line. The issuing
installation's key pair lives in the data folder, readable by its owner
only; the public half can be exported for managers or other installations.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import re
import secrets
import shlex
import stat
import tempfile
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from trainer import paths
from trainer.errors import VerificationError
from trainer.reports.failures import ExportFileError
from trainer.reports.files import sync_folder
from trainer.visible_text import shown_safely

TOKEN_VERSION = 1
KEY_FILE = "issuer_ed25519.pem"
MAX_CLAIMS_BYTES = 16_384
MAX_TOKEN_CHARS = 24_000  # far above any genuine code (a QR code holds under 3,000)
MAX_NESTING = 4  # the claims are an object of lists of pairs: three levels
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{40,}")
_TOKEN_IN_PDF = re.compile(rb"counterpart-token:(" + TOKEN_SHAPE.pattern.encode() + rb")")
_key_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Claims:
    """What a certificate states; every field is covered by the signature."""

    name: str
    programme: str
    date: str
    hours: float | None
    scores: tuple[tuple[str, int], ...] = ()
    competencies: tuple[tuple[str, int], ...] = ()
    facilitator: str = ""
    issuer: str = ""
    serial: str = ""
    key_id: str = ""
    assessed: bool = False  # the scores are assessment passes, not practice


@dataclass(frozen=True, slots=True)
class VerificationResult:
    """The answer to "is this certificate genuine?" and, if so, what it says."""

    valid: bool
    reason: str
    claims: Claims | None = None


def key_id_of(public_key: Ed25519PublicKey) -> str:
    """A short, stable name for a public key, written into every token."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return _b64(hashlib.sha256(raw).digest()[:8])


def new_serial() -> str:
    """A random certificate number, so two identical certificates differ."""
    return _b64(secrets.token_bytes(6))


class Issuer:
    """This installation's signing key."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._private_key = private_key
        self.public_key = private_key.public_key()
        self.key_id = key_id_of(self.public_key)

    @classmethod
    def load_or_create(cls, folder: Path | None = None) -> Issuer:
        """The key pair in ``folder`` (default: the data folder), created on first use."""
        folder = folder or issuer_dir()
        with _key_lock:
            path = folder / KEY_FILE
            if not path.exists():
                _create_key_file(folder, path)
            return cls(_read_private_key(path))

    def sign(self, claims: Claims) -> str:
        """A token stating ``claims`` under this issuer's key id."""
        payload = _encode_claims(claims, self.key_id)
        signature = self._private_key.sign(payload.encode("ascii"))
        return f"{payload}.{_b64(signature)}"

    def public_pem(self) -> str:
        """The public key as PEM text, for ``trainer issuer export``."""
        return public_key_pem(self.public_key)


def issuer_dir() -> Path:
    """Where the issuer key pair is kept."""
    return paths.data_dir() / "issuer"


def public_key_pem(public_key: Ed25519PublicKey) -> str:
    """PEM text for a public key (SubjectPublicKeyInfo, readable by OpenSSL)."""
    data = public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return data.decode("ascii")


def own_public_key(folder: Path | None = None) -> Ed25519PublicKey | None:
    """This installation's public key, or None if it has never issued anything."""
    path = (folder or issuer_dir()) / KEY_FILE
    if not path.exists():
        return None
    return _read_private_key(path).public_key()


def load_public_key(path: Path) -> Ed25519PublicKey:
    """Read an exported public key; a wrong or damaged file is a VerificationError."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise VerificationError(f"Cannot read the key file {path}: {exc.strerror}.") from exc
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise VerificationError(
            f"{path} is not a public key; export one with `trainer issuer export`."
        ) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise VerificationError(f"{path} is not a Counterpart issuer key (Ed25519).")
    return key


def verify(token: str, public_key: Ed25519PublicKey | None = None) -> VerificationResult:
    """Check a token against ``public_key`` (default: this installation's key).

    The signature is checked first, on the payload's bytes; only a payload
    that this key signed is parsed for what it states. A refused token is
    read only to tell "another issuer's key" from "altered", and reading it
    may fail without consequence.
    """
    key = public_key if public_key is not None else own_public_key()
    if key is None:
        return VerificationResult(
            False, "this installation has not issued certificates; pass the issuer's key"
        )
    try:
        payload, signature = _split_token(token.strip())
    except VerificationError as exc:
        return VerificationResult(False, exc.message)
    try:
        key.verify(signature, payload.encode("ascii"))
    except InvalidSignature:
        stated = _claims_or_none(payload)
        if stated is not None and stated.key_id != key_id_of(key):
            return VerificationResult(False, "signed by another issuer's key", stated)
        return VerificationResult(False, "the signature does not match; it was altered")
    try:
        claims = _claims_from_payload(payload)
    except VerificationError as exc:
        return VerificationResult(False, exc.message)
    if claims.key_id != key_id_of(key):
        return VerificationResult(False, "signed by another issuer's key", claims)
    return VerificationResult(True, "genuine", claims)


def tokens_from_pdf(data: bytes) -> list[str]:
    """The tokens a Counterpart PDF carries in its keywords (one per certificate page).

    Read from the raw bytes, so verifying needs no PDF library; a PDF that
    another program re-saved may have lost them, and the message says what to do.
    """
    found = list(dict.fromkeys(m.group(1).decode("ascii") for m in _TOKEN_IN_PDF.finditer(data)))
    if not found:
        raise VerificationError(
            "No Counterpart verification code in this PDF; type the code printed on it instead."
        )
    return found


def pdf_keywords(token: str) -> str:
    """The PDF keywords entry that carries a token (read back by :func:`token_from_pdf`)."""
    return f"counterpart-token:{token}"


def describe(result: VerificationResult) -> list[str]:
    """Lines a person can read: valid or not, and what the certificate states."""
    head = "VALID" if result.valid else "INVALID"
    lines = [f"{head}: {result.reason}"]
    if result.claims is None or not result.valid:
        return lines
    return lines + claim_lines(result.claims)


def claim_lines(claims: Claims) -> list[str]:
    """What a verified code states, one field a line, safe to print in a terminal.

    Codes signed by another installation (or an older version) were not
    cleaned by this one, so control and direction characters are shown as
    ``<U+XXXX>`` rather than sent to the terminal.
    """
    safe = shown_safely
    lines = [
        f"  name:        {safe(claims.name)}",
        f"  programme:   {safe(claims.programme)}",
        f"  date:        {safe(claims.date)}",
    ]
    if claims.hours is not None:
        lines.append(f"  hours:       {claims.hours:g}")
    done = "assessed:   " if claims.assessed else "completed:  "
    lines.extend(f"  {done} {safe(title)} — {score}%" for title, score in claims.scores)
    lines.extend(f"  competency:  {safe(title)} — {score}%" for title, score in claims.competencies)
    if claims.facilitator:
        lines.append(f"  facilitator: {safe(claims.facilitator)}")
    if claims.issuer:
        lines.append(f"  issuer:      {safe(claims.issuer)}")
    lines.append(f"  certificate: {safe(claims.serial)} (key {safe(claims.key_id)})")
    return lines


def _encode_claims(claims: Claims, key_id: str) -> str:
    """Compact JSON, deflated: short keys and compression keep the QR code scannable."""
    body: dict[str, Any] = {
        "v": TOKEN_VERSION,
        "k": key_id,
        "i": claims.serial,
        "n": claims.name,
        "p": claims.programme,
        "d": claims.date,
    }
    if claims.hours is not None:
        body["h"] = claims.hours
    if claims.scores:
        body["s"] = [[title, score] for title, score in claims.scores]
    if claims.competencies:
        body["c"] = [[title, score] for title, score in claims.competencies]
    if claims.facilitator:
        body["f"] = claims.facilitator
    if claims.issuer:
        body["o"] = claims.issuer
    if claims.assessed:
        body["a"] = True
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return _b64(packer.compress(text.encode("utf-8")) + packer.flush())


def _split_token(token: str) -> tuple[str, bytes]:
    """The payload text and the signature bytes; anything malformed is a VerificationError."""
    if len(token) > MAX_TOKEN_CHARS:
        raise VerificationError("not a Counterpart verification code (far too long)")
    parts = token.split(".")
    if len(parts) != 2 or not all(parts):
        raise VerificationError("not a Counterpart verification code")
    payload, signature = parts
    _unb64(payload)  # the right alphabet, one spelling: checked before the signature
    return payload, _unb64(signature)


def _claims_from_payload(payload: str) -> Claims:
    """Decompress and parse a payload, bounded in size and nesting."""
    try:
        text = _inflate(_unb64(payload)).decode("utf-8")
        if _nesting(text) > MAX_NESTING:
            raise ValueError("nested too deeply")
        return _claims_from(json.loads(text))
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, zlib.error, RecursionError) as exc:
        raise VerificationError("the verification code is damaged") from exc


def _claims_or_none(payload: str) -> Claims | None:
    """What an unverified payload claims, if it can be read at all (for the message only)."""
    try:
        return _claims_from_payload(payload)
    except VerificationError:
        return None


def _nesting(text: str) -> int:
    """How deeply JSON ``text`` nests arrays and objects (stops counting past the limit)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_NESTING:
                return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def _inflate(data: bytes) -> bytes:
    """Undo the deflate, refusing anything that expands beyond a sane size."""
    unpacker = zlib.decompressobj(-15)
    text = unpacker.decompress(data, MAX_CLAIMS_BYTES)
    if unpacker.unconsumed_tail or not unpacker.eof:
        raise ValueError("claims too large or truncated")
    return text


def _claims_from(body: Any) -> Claims:
    """Claims from decoded JSON, checking every type (the input is untrusted)."""
    if not isinstance(body, dict) or body.get("v") != TOKEN_VERSION:
        raise ValueError("unknown token version")
    hours = body.get("h")
    if hours is not None and not isinstance(hours, int | float):
        raise TypeError("hours")
    return Claims(
        name=_text(body["n"]),
        programme=_text(body["p"]),
        date=_text(body["d"]),
        hours=float(hours) if hours is not None else None,
        scores=_pairs(body.get("s", [])),
        competencies=_pairs(body.get("c", [])),
        facilitator=_text(body.get("f", "")),
        issuer=_text(body.get("o", "")),
        serial=_text(body["i"]),
        key_id=_text(body["k"]),
        assessed=body.get("a", False) is True,
    )


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _pairs(value: Any) -> tuple[tuple[str, int], ...]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    out: list[tuple[str, int]] = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], int)):
            raise TypeError("expected [title, score]")
        out.append((_text(item[0]), item[1]))
    return tuple(out)


def _create_key_file(folder: Path, path: Path) -> None:
    """Write a new private key readable by the owner only, atomically."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        fd, temp = tempfile.mkstemp(prefix=".issuer-", dir=folder)
        try:
            os.chmod(temp, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
                handle.flush()
                os.fsync(handle.fileno())  # a key lost in a power cut voids every certificate
            _link_without_overwrite(temp, path)
            sync_folder(folder)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
    except OSError as exc:
        raise ExportFileError(
            f"Cannot create the issuer key in {folder}: {exc.strerror}. "
            "Check that the data folder is writable."
        ) from exc


def _link_without_overwrite(temp: str, path: Path) -> None:
    """Put the new key in place unless another process just did (theirs wins)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        return
    except OSError:  # file systems without hard links
        if not path.exists():
            os.replace(temp, path)


def _read_private_key(path: Path) -> Ed25519PrivateKey:
    """Load the issuer key; a damaged or exposed file is an ExportError naming it.

    The key must be readable by its owner only, as it was created: a copy
    restored from a backup or another machine often is not, and then anyone
    else on the computer could sign certificates. Such a key is refused until
    its permissions are repaired.
    """
    try:
        data = _read_owner_only(path)
    except OSError as exc:
        raise ExportFileError(f"Cannot read the issuer key {path}: {exc.strerror}.") from exc
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise ExportFileError(
            f"The issuer key {path} is damaged; restore it from a backup. "
            "Certificates signed with it can no longer be verified without it."
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ExportFileError(f"The issuer key {path} is not an Ed25519 key.")
    return key


def _read_owner_only(path: Path) -> bytes:
    """The key file's bytes, after checking that only its owner can read or change it.

    Checked on the open file, so the file read is the file checked. Windows
    has no such permission bits (its folders' access lists protect the key),
    so the check is skipped there.
    """
    with path.open("rb") as handle:
        mode = stat.S_IMODE(os.fstat(handle.fileno()).st_mode)
        if os.name != "nt" and mode & 0o077:
            raise ExportFileError(
                f"The issuer key {path} can be read or changed by other users "
                f"(permissions {mode:03o}), so they could sign certificates in your name. "
                f"Make it private with: chmod 600 {shlex.quote(str(path))} and try again."
            )
        return handle.read()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise VerificationError("the verification code has characters it cannot contain")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise VerificationError("the verification code is damaged") from exc
    if _b64(data) != text:  # another spelling of the same bytes is still an alteration
        raise VerificationError("the verification code is damaged")
    return data
