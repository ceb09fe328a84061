"""Certificates for a whole class: one PDF each plus one combined PDF.

Every certificate is signed, cleaned and laid out before the first file is
written. A person whose certificate cannot be printed (a name with a letter
no font has, say) is left out and reported with the roster line it came
from, and everybody else's certificate is written: one name never stops a
class's batch. Only when nobody can be certified is nothing written. The
work runs happily on a worker thread: it touches no UI and reports progress
through a callback.

Roster CSV columns (header row required, names case-insensitive, comma,
semicolon or tab separated, UTF-8 with or without BOM):

``name``          required; printed exactly as written
``email``         optional; kept for the facilitator, not printed
``hours``         optional; overrides ``--hours`` for that person
``programme``     optional; overrides ``--programme``
``date``          optional, YYYY-MM-DD; defaults to today
``facilitator``   optional; overrides ``--facilitator``
``organisation``  optional; overrides the organisation
``scores``        optional; ``Scenario title: 85; Another scenario: 92``
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from trainer import paths
from trainer.errors import ExportError
from trainer.reports.certificate import (
    CertificateContent,
    CertificateRequest,
    CompletedItem,
    check_printable,
    issue_certificate,
)
from trainer.reports.certificate_page import certificate_pdf
from trainer.reports.failures import ExportFileError
from trainer.reports.files import safe_stem, write_new
from trainer.reports.fonts import FontBook, default_font_book
from trainer.reports.signing import Issuer

ProgressCallback = Callable[[int, int], None]
COLUMNS = ("name", "email", "hours", "programme", "date", "facilitator", "organisation", "scores")


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One person from a roster file, with the line it came from."""

    line: int
    name: str
    email: str = ""
    hours: float | None = None
    programme: str = ""
    on: date | None = None
    facilitator: str = ""
    organisation: str = ""
    scores: tuple[CompletedItem, ...] = ()


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a batch wrote: one file per person (in roster order) and the combined file.

    ``skipped`` says, one line each, who got no certificate and why (with the
    roster's file and line when the batch came from a roster);
    ``skipped_indexes`` are their positions among the requests.
    """

    files: tuple[Path, ...]
    combined: Path
    certificates: tuple[CertificateContent, ...]
    skipped: tuple[str, ...] = ()
    skipped_indexes: tuple[int, ...] = ()


def read_roster(path: Path) -> list[RosterRow]:
    """People from a roster CSV; every malformed row is reported at once."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ExportFileError(f"Cannot read the roster {path}: {exc.strerror}.") from exc
    return parse_roster(_decode(raw, path), str(path))


def parse_roster(text: str, source: str = "roster") -> list[RosterRow]:
    """Roster rows from CSV text (see the module docstring for the columns)."""
    text = text.removeprefix("\ufeff")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [h.strip().lower().replace(" ", "_") for h in next(reader, [])]
    if "name" not in header:
        raise ExportError(f"{source}: the first row must name the columns, including 'name'.")
    rows: list[RosterRow] = []
    problems: list[str] = []
    for cells in reader:
        line = reader.line_num
        record = dict(zip(header, (c.strip() for c in cells), strict=False))
        if not any(record.values()):
            continue
        try:
            rows.append(_row(line, record))
        except ExportError as exc:
            problems.append(f"{source}:{line}: {exc.message}")
    if problems:
        raise ExportError("\n".join(problems))
    if not rows:
        raise ExportError(f"{source}: the roster has no names.")
    return rows


def requests_from_roster(
    rows: Sequence[RosterRow], base: CertificateRequest
) -> list[CertificateRequest]:
    """One request per person: the roster's values where given, ``base``'s otherwise."""
    return [
        replace(
            base,
            name=row.name,
            programme=row.programme or base.programme,
            on=row.on or base.on,
            hours=row.hours if row.hours is not None else base.hours,
            facilitator=row.facilitator or base.facilitator,
            organisation=row.organisation or base.organisation,
            items=row.scores or base.items,
        )
        for row in rows
    ]


def certify_batch(
    requests: Sequence[CertificateRequest],
    issuer: Issuer,
    folder: Path | None = None,
    *,
    fonts: FontBook | None = None,
    progress: ProgressCallback | None = None,
    labels: Sequence[str] | None = None,
) -> BatchResult:
    """Sign, check and write every certificate that can be printed, then the combined PDF.

    ``progress(done, total)`` is called after each file, ``total`` being the
    number of certificates written plus one for the combined PDF. Safe to
    call from a worker thread; it never touches the UI. Raises ExportError
    only when no certificate at all can be printed.
    """
    if not requests:
        raise ExportError("The batch has nobody in it; add at least one name.")
    book = fonts or default_font_book()
    prepared = prepare_batch(requests, issuer, book, labels)
    contents = prepared.contents
    folder = folder or paths.default_exports_dir()
    total = len(contents) + 1
    files: list[Path] = []
    for done, content in enumerate(contents, start=1):
        pdf = certificate_pdf([content], book)
        files.append(write_new(folder, f"certificate-{safe_stem(content.name)}", ".pdf", pdf))
        if progress is not None:
            progress(done, total)
    combined = write_new(
        folder, _combined_stem(contents[0]), ".pdf", certificate_pdf(contents, book)
    )
    if progress is not None:
        progress(total, total)
    return BatchResult(tuple(files), combined, tuple(contents), prepared.problems, prepared.skipped)


@dataclass(frozen=True, slots=True)
class PreparedBatch:
    """The certificates that can be printed, and who was left out and why."""

    contents: list[CertificateContent]
    problems: tuple[str, ...]
    skipped: tuple[int, ...]


def prepare_batch(
    requests: Sequence[CertificateRequest],
    issuer: Issuer,
    fonts: FontBook,
    labels: Sequence[str] | None = None,
) -> PreparedBatch:
    """Every certificate signed and laid out; a bad row is left out, with its reason.

    Raises one ExportError listing every row only when no row can be printed.
    """
    contents: list[CertificateContent] = []
    problems: list[str] = []
    skipped: list[int] = []
    for index, request in enumerate(requests):
        try:
            contents.append(check_printable(issue_certificate(request, issuer), fonts))
        except ExportFileError:
            raise  # a missing font or logo fails every row alike
        except ExportError as exc:
            label = labels[index] if labels else f"person {index + 1}"
            problems.append(f"{label}: {exc.message}")
            skipped.append(index)
    if not contents:
        raise ExportError("No certificates were written:\n" + "\n".join(problems))
    return PreparedBatch(contents, tuple(problems), tuple(skipped))


def _combined_stem(first: CertificateContent) -> str:
    return f"certificates-{safe_stem(first.programme, 'programme')}"


def _decode(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM) as spreadsheets export it; Windows-1252 as a last resort."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ExportFileError(
                f"{path} is not a text file; save the roster as CSV UTF-8."
            ) from exc


def _row(line: int, record: dict[str, str]) -> RosterRow:
    """One row's values, checked; the error says which value is wrong."""
    if not record.get("name"):
        raise ExportError("the name is empty")
    return RosterRow(
        line=line,
        name=record["name"],
        email=record.get("email", ""),
        hours=_hours(record.get("hours", "")),
        programme=record.get("programme", ""),
        on=_date(record.get("date", "")),
        facilitator=record.get("facilitator", ""),
        organisation=record.get("organisation", ""),
        scores=parse_scores(record.get("scores", "")),
    )


def _hours(text: str) -> float | None:
    if not text:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise ExportError(f"hours must be a number, not {text!r}") from None


def _date(text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ExportError(f"the date must look like 2025-03-07, not {text!r}") from None


def parse_scores(text: str) -> tuple[CompletedItem, ...]:
    """``Title: 85; Other title: 92`` as completed items (a bare title has no score)."""
    items: list[CompletedItem] = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        title, colon, score = part.rpartition(":")
        if not colon:
            items.append(CompletedItem(part))
            continue
        try:
            items.append(CompletedItem(title.strip(), int(score.strip().rstrip("%"))))
        except ValueError:
            raise ExportError(f"the score in {part!r} must be a whole number") from None
    return tuple(items)


def certify_roster(
    roster: Path,
    base: CertificateRequest,
    folder: Path | None = None,
    *,
    issuer: Issuer | None = None,
    progress: ProgressCallback | None = None,
) -> BatchResult:
    """A whole roster in one call: what the app's roster dialog runs on its worker."""
    rows = read_roster(roster)
    requests = requests_from_roster(rows, base)
    labels = [f"{roster.name}:{row.line} ({row.name})" for row in rows]
    return certify_batch(
        requests, issuer or Issuer.load_or_create(), folder, progress=progress, labels=labels
    )
