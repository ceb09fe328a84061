"""Verifying a certificate *file*: does the page show what its signed code states?

A genuine code proves what the issuing installation signed, not what a file
shows: a code can be copied into a text file, or a certificate's printed
name edited while its code stays intact. So a file verifies only when

- it is a PDF, read within fixed limits (a regular file, at most
  ``MAX_FILE_BYTES``, at most ``MAX_PAGES`` pages): never a device or a pipe;
- a page prints a verification code, and that code is genuine;
- the same page prints the name, programme, date (and hours) and serial
  number the code states, in the places a certificate prints them;
- every code the file's metadata carries is printed on one of its pages.

The code is read from the page's text, not from the metadata, so a genuine
certificate re-saved by another PDF program (which often drops or rewrites
the metadata) still verifies. What is compared is the page's *text*: a
forger can still paint over it (a picture of another name on top), so the
result lists what the code states, for a person to compare with the paper.

Text is read with pypdf, imported only here and only when a file is checked.
"""

from __future__ import annotations

import io
import logging
import os
import re
import stat
import unicodedata
import warnings
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from trainer.errors import VerificationError, display_path
from trainer.reports.certificate import ASSESSED_PHRASE, COMPLETED_PHRASE, hours_text, long_date
from trainer.reports.reading_order import reading_text
from trainer.reports.signing import TOKEN_SHAPE, Claims, claim_lines, verify
from trainer.visible_text import shown_safely, without_joiners

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_PAGES = 500
_META_TOKEN = re.compile(r"counterpart-token:(" + TOKEN_SHAPE.pattern + r")")
_CODE_LINE = re.compile(r"[A-Za-z0-9_.-]+")
_INVISIBLE = frozenset("\u200b\u2060\ufeff") | frozenset(chr(c) for c in range(0xFE00, 0xFE10))
_BEFORE_NAME = "This certifies that"


@dataclass(frozen=True, slots=True)
class PageCheck:
    """One certificate page: its code's verdict and which printed fields match it."""

    page: int
    valid: bool
    reason: str
    claims: Claims | None = None
    matched: tuple[str, ...] = ()
    differs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FileCheck:
    """The verdict on a whole file: valid only if every certificate page in it is."""

    path: Path
    pages: tuple[PageCheck, ...]
    problems: tuple[str, ...] = field(default=())

    @property
    def valid(self) -> bool:
        return bool(self.pages) and not self.problems and all(p.valid for p in self.pages)


def read_certificate_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is refused.

    Opened without blocking and checked on the open file, so a named pipe
    or a device (``/dev/zero``) is refused at once instead of read forever.
    """
    shown = shown_safely(display_path(path))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a file name"
        raise VerificationError(
            f"{_short(str(path))!r} is neither a verification code nor a file that can be "
            f"read ({why}). Give the code printed on the certificate, or the certificate PDF."
        ) from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise VerificationError(f"{shown} is a folder; give a certificate PDF in it.")
        if not stat.S_ISREG(info.st_mode):
            raise VerificationError(
                f"{shown} is not an ordinary file (a device or a pipe); save the certificate "
                "as a PDF file and verify that."
            )
        if info.st_size > limit:
            raise VerificationError(_too_big(shown, limit))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise VerificationError(f"Cannot read {shown}: {exc.strerror or exc}.") from exc
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise VerificationError(_too_big(shown, limit))
    return data


def check_certificate_file(
    path: Path, data: bytes, public_key: Ed25519PublicKey | None = None
) -> FileCheck:
    """Verify every certificate page in a PDF's ``data`` against its printed text."""
    shown = shown_safely(display_path(path))
    if data.find(b"%PDF-", 0, 1024) < 0:
        raise VerificationError(
            f"{shown} is not a PDF, so it is not a certificate (a code copied into another "
            "file proves nothing about it). Verify the certificate PDF, or the code itself: "
            "trainer verify <code>."
        )
    texts, keywords = _read_pdf(data, shown)
    pages: list[PageCheck] = []
    printed: set[str] = set()
    for number, text in enumerate(texts, start=1):
        token = printed_code(text)
        if token is None:
            continue
        printed.add(token)
        pages.append(_check_page(number, text, token, public_key))
    problems = [
        "its metadata carries a verification code that none of its pages prints"
        for token in _META_TOKEN.findall(keywords)
        if token not in printed
    ][:1]
    if not pages and not problems:
        raise VerificationError(
            f"No Counterpart verification code is printed in {shown}. If it is a scan or a "
            "photo of a certificate, type the code printed under the QR code instead."
        )
    return FileCheck(path, tuple(pages), tuple(problems))


def describe_file(check: FileCheck) -> list[str]:
    """Lines a person can read: for each page, what matched, and what the code states."""
    name = shown_safely(check.path.name)
    lines = [f"INVALID: {name}: {problem}." for problem in check.problems]
    several = len(check.pages) > 1
    for page in check.pages:
        where = f"{name}, page {page.page}" if several or page.page != 1 else name
        if page.valid:
            lines.append(
                f"VALID: {where} is a genuine certificate: its verification code is genuine "
                f"and the {_listed(page.matched)} printed on it match what the code states."
            )
        elif page.claims is not None and page.differs:
            same = f"; the {_listed(page.matched)} match" if page.matched else ""
            lines.append(
                f"INVALID: {where} was altered: its verification code is genuine, but the "
                f"{_listed(page.differs)} printed on it {'do' if len(page.differs) > 1 else 'does'}"
                f" not match what the code states{same}."
            )
        else:
            lines.append(f"INVALID: {where}: {page.reason}.")
        if page.claims is not None:
            lines.append("  the code states:")
            lines.extend(claim_lines(page.claims))
    return lines


def printed_code(text: str) -> str | None:
    """The verification code printed on a page (split over lines), or None.

    The code is the longest run of consecutive code-only lines that has the
    shape of a code; the year on the seal or a serial number never does.
    """
    lines = [line.strip() for line in text.splitlines()]
    best: str | None = None
    start = 0
    while start < len(lines):
        if not _CODE_LINE.fullmatch(lines[start]):
            start += 1
            continue
        end = start
        while end < len(lines) and _CODE_LINE.fullmatch(lines[end]):
            end += 1
        for i in range(start, end):
            for j in range(end, i, -1):
                joined = "".join(lines[i:j])
                if TOKEN_SHAPE.fullmatch(joined) and (best is None or len(joined) > len(best)):
                    best = joined
        start = end
    return best


def _check_page(
    number: int, text: str, token: str, public_key: Ed25519PublicKey | None
) -> PageCheck:
    """The code's verdict, then each signed field against the page's text."""
    result = verify(token, public_key)
    if not result.valid or result.claims is None:
        return PageCheck(number, False, f"its verification code is not genuine: {result.reason}")
    matched, differs = compare_claims(result.claims, text)
    if differs:
        return PageCheck(number, False, "altered", result.claims, matched, differs)
    return PageCheck(number, True, "genuine", result.claims, matched, ())


def compare_claims(claims: Claims, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Which of the signed fields the page's text shows where a certificate prints them.

    Compared without spaces, line breaks and invisible characters, which
    PDF programs lay out differently; every letter still counts. The name
    must be exactly what stands between "This certifies that" and "has
    successfully completed" (or "has been assessed and has passed", for a
    certificate of assessment passes: the code says which), and that phrase
    must appear once. A name mixing right-to-left and left-to-right letters
    is read back with its runs in the order the page shows them
    (:func:`~trainer.reports.reading_order.reading_text`); either order matches.
    """
    page = _squeezed(text)
    phrase = ASSESSED_PHRASE if claims.assessed else COMPLETED_PHRASE
    before, after = _squeezed(_BEFORE_NAME), _squeezed(phrase)
    programme = _squeezed(claims.programme)
    names = {_squeezed(claims.name), _squeezed(reading_text(claims.name))}
    checks: dict[str, bool] = {
        "name": page.count(before) == 1 and any(f"{before}{n}{after}" in page for n in names),
        "programme": f"{after}{programme}" in page,
    }
    on = _date_or_none(claims.date)
    shown_date = _squeezed(long_date(on)) if on is not None else None
    checks["date"] = shown_date is not None and f"{programme}{shown_date}" in page
    if claims.hours is not None:
        checks["hours"] = f"·{_squeezed(hours_text(claims.hours))}" in page
    if claims.serial:
        checks["serial number"] = f"No.{_squeezed(claims.serial)}" in page
    checks["code"] = True  # read from this very page
    matched = tuple(k for k, ok in checks.items() if ok)
    return matched, tuple(k for k, ok in checks.items() if not ok)


def _read_pdf(data: bytes, shown: str) -> tuple[list[str], str]:
    """Each page's text and the metadata keywords, or a one-line refusal."""
    try:
        from pypdf import PdfReader
    except ImportError as exc:
        raise VerificationError(
            "Checking a certificate PDF needs the pypdf package, which is not installed "
            "(pip install pypdf); or verify the code printed on it: trainer verify <code>."
        ) from exc
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise VerificationError(
                    f"{shown} is encrypted; a Counterpart certificate never is. Verify the "
                    "original certificate, or the code printed on it."
                )
            count = len(reader.pages)
            if count > MAX_PAGES:
                raise VerificationError(
                    f"{shown} has {count} pages; a certificate file has at most {MAX_PAGES}. "
                    "Verify the certificates one file at a time."
                )
            texts = [page.extract_text() or "" for page in reader.pages]
            metadata = reader.metadata
            keywords = str(metadata.get("/Keywords", "") or "") if metadata is not None else ""
    except VerificationError:
        raise
    except Exception as exc:  # pypdf raises many types (and RecursionError) for broken files
        raise VerificationError(
            f"{shown} is damaged or is not a PDF that can be read ({type(exc).__name__}); "
            "verify the original certificate, or the code printed on it."
        ) from exc
    finally:
        quiet.setLevel(level)
    return texts, keywords


def _squeezed(text: str) -> str:
    """Text compared letter by letter: composed, without spaces or invisible characters."""
    composed = without_joiners(unicodedata.normalize("NFC", text))
    return "".join(c for c in composed if not c.isspace() and c not in _INVISIBLE)


def _date_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _listed(fields: tuple[str, ...]) -> str:
    if len(fields) <= 1:
        return "".join(fields)
    return ", ".join(fields[:-1]) + " and " + fields[-1]


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def _too_big(shown: str, limit: int) -> str:
    return (
        f"{shown} is larger than {limit // (1024 * 1024)} MB; a certificate PDF is far "
        "smaller. Check that this is the certificate."
    )
