"""Saving an author's file safely, and noticing what happened to it meanwhile.

* **Atomic save.** The new text goes to a temporary file beside the target,
  is flushed to disk, and replaces the target in one rename, so a crash
  leaves the old file or the new one, never half of either. The previous
  version is kept as ``NAME.bak`` (written the same way) before it is
  replaced.
* **Byte for byte.** The editor works on text with ``\\n`` line ends; the
  file's own line ends and byte-order mark are remembered on opening and
  put back on saving, so opening and saving an untouched file changes
  nothing, comments and spacing included.
* **Outside changes.** A :class:`Fingerprint` (modification time, size and a
  hash) taken on opening and saving tells whether another program has
  changed the file since.
* **Autosave.** Unsaved text is written every few seconds to a hidden
  ``.NAME.autosave`` beside the file; it is removed on saving, so one that is
  still there on the next opening means the app did not close cleanly, and
  the editor offers it. Neither ``.bak`` nor ``.autosave`` ends in ``.yaml``,
  so the library never loads them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from trainer.errors import ContentError, FileAccessError, Location, display_path
from trainer.scenarios import yaml_source

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a file looked like when we last read or wrote it."""

    mtime_ns: int
    size: int
    digest: str


@dataclass(frozen=True, slots=True)
class Source:
    """A file's text as the editor holds it, and how to write it back."""

    text: str
    newline: str = "\n"
    bom: bool = False

    def encode(self, text: str | None = None) -> bytes:
        body = self.text if text is None else text
        if self.newline != "\n":
            body = body.replace("\n", self.newline)
        return (BOM if self.bom else b"") + body.encode("utf-8")


def decode(raw: bytes, shown: str) -> Source:
    bom = raw.startswith(BOM)
    try:
        text = raw[len(BOM) if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError:
        raise ContentError(
            "this is not UTF-8 text; save the file as UTF-8", Location(shown)
        ) from None
    newline = "\r\n" if "\r\n" in text else "\n"
    return Source(text.replace("\r\n", "\n"), newline, bom)


def read(path: Path) -> tuple[Source, Fingerprint]:
    """Open a file for editing: its text and its fingerprint."""
    yaml_source.read_text(path)  # the same refusals as the loader (size, pipes, encoding)
    raw = _read_bytes(path)
    return decode(raw, display_path(path)), _fingerprint(path, raw)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FileAccessError(
            f"cannot be read: {exc.strerror or exc}", Location(display_path(path))
        ) from None


def _fingerprint(path: Path, raw: bytes) -> Fingerprint:
    st = path.stat()
    return Fingerprint(st.st_mtime_ns, st.st_size, hashlib.sha256(raw).hexdigest())


def fingerprint(path: Path) -> Fingerprint | None:
    """The file's fingerprint now; None if it is gone."""
    try:
        return _fingerprint(path, path.read_bytes())
    except OSError:
        return None


def changed_outside(path: Path, known: Fingerprint | None) -> bool:
    """True when the file differs from what we last read or wrote (or has gone)."""
    if known is None:
        return False
    try:
        st = path.stat()
    except OSError:
        return True
    if (st.st_mtime_ns, st.st_size) == (known.mtime_ns, known.size):
        return False
    now = fingerprint(path)
    return now is None or now.digest != known.digest


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def autosave_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.autosave")


def save(path: Path, data: bytes, *, backup: bool = True) -> Fingerprint:
    """Write ``data`` to ``path`` atomically, keeping the previous version as ``.bak``."""
    shown = display_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if backup and path.is_file():
            _atomic_write(backup_path(path), path.read_bytes())
        _atomic_write(path, data)
        return _fingerprint(path, data)
    except OSError as exc:
        raise FileAccessError(
            f"cannot be saved: {exc.strerror or exc}; your text is still in the editor",
            Location(shown),
        ) from None


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
        with contextlib.suppress(OSError):
            fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def write_autosave(path: Path, source: Source, text: str) -> None:
    """Keep unsaved ``text`` beside ``path`` (errors are ignored: this is a safety net)."""
    with contextlib.suppress(OSError):
        _atomic_write(autosave_path(path), source.encode(text))


def pending_autosave(path: Path) -> str | None:
    """Text left by an autosave that differs from the file, if any (a crash, most likely)."""
    auto = autosave_path(path)
    try:
        raw = auto.read_bytes()
    except OSError:
        return None
    try:
        current = path.read_bytes()
    except OSError:
        current = b""
    if raw == current:
        discard_autosave(path)
        return None
    try:
        return decode(raw, display_path(auto)).text
    except ContentError:
        return None


def discard_autosave(path: Path) -> None:
    with contextlib.suppress(OSError):
        autosave_path(path).unlink()


def delete(path: Path) -> None:
    """Remove a scenario file (its backup stays, as a way back)."""
    try:
        if path.is_file():
            save(backup_path(path), path.read_bytes(), backup=False)
        path.unlink()
    except OSError as exc:
        raise FileAccessError(
            f"cannot be deleted: {exc.strerror or exc}", Location(display_path(path))
        ) from None
    discard_autosave(path)
