"""From the store to files: the calls the command line and the app make.

Each function reads what it needs from an open :class:`~trainer.store.Store`,
builds plain content with :mod:`trainer.reports.report_content`, and writes
one file under a safe, never-overwriting name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Literal

from trainer import paths
from trainer.errors import ExportError, UnknownIdError
from trainer.reports.certificate import CertificateRequest, CompetencyScore, CompletedItem
from trainer.reports.failures import ExportFileError
from trainer.reports.files import safe_stem, write_atomic, write_new
from trainer.reports.fonts import FontBook, default_font_book
from trainer.reports.report_content import (
    ClassReport,
    ProgressReport,
    ReportRow,
    build_class_report,
    build_progress_report,
    participant_rows,
    title_of,
)
from trainer.reports.report_pdf import class_report_pdf, progress_report_pdf
from trainer.reports.spreadsheet import class_report_table, csv_bytes, report_table
from trainer.store import Store

Format = Literal["pdf", "csv"]


def class_report_from_store(
    store: Store, session_id: int, titles: Mapping[str, str] | None = None
) -> ClassReport:
    """The class report for a workshop session."""
    session = store.get_session(session_id)
    return build_class_report(
        session,
        store.participants(session_id),
        store.attempts(session_id=session_id, finished_only=True),
        titles,
    )


def progress_report_from_store(
    store: Store, name: str, titles: Mapping[str, str] | None = None
) -> ProgressReport:
    """The progress report for the profile called ``name`` (case-insensitive)."""
    profile = store.find_profile(name)
    if profile is None:
        raise UnknownIdError(f"Nobody called “{name}” has a profile; check the spelling.")
    return build_progress_report(
        profile, store.attempts(profile_id=profile.id, finished_only=True), titles
    )


def requests_from_session(
    store: Store,
    session_id: int,
    hours: float | None = None,
    titles: Mapping[str, str] | None = None,
    on: date | None = None,
) -> tuple[list[CertificateRequest], list[int]]:
    """A certificate request for every participant of a session, and their profile ids.

    The programme is the session's title; the items are the scenarios each
    person finished in the session, with their latest score.
    """
    session = store.get_session(session_id)
    attempts = store.attempts(session_id=session_id, finished_only=True)
    people = store.participants(session_id)
    if not people:
        raise ExportError(f"The session “{session.title}” has no participants to certify.")
    requests = []
    for person in people:
        rows = [r for r in participant_rows(person, attempts, titles) if r.scenario_id]
        requests.append(
            CertificateRequest(
                name=person.name,
                programme=session.title,
                on=on or (session.ended or session.started).date(),
                hours=hours,
                items=tuple(CompletedItem(r.scenario, r.score) for r in rows),
                competencies=_competencies(rows),
                facilitator=session.facilitator,
                organisation=session.organisation,
            )
        )
    return requests, [p.id for p in people]


def export_class_report(
    report: ClassReport,
    fmt: Format = "pdf",
    folder: Path | None = None,
    fonts: FontBook | None = None,
) -> Path:
    """Write a class report as PDF or CSV; returns the file written."""
    folder = folder or paths.default_exports_dir()
    stem = f"class-report-{safe_stem(report.title, 'session')}-{report.started.isoformat()}"
    if fmt == "csv":
        return write_new(folder, stem, ".csv", csv_bytes(class_report_table(report)))
    return write_new(folder, stem, ".pdf", class_report_pdf(report, fonts or default_font_book()))


def export_progress_report(
    report: ProgressReport,
    fmt: Format = "pdf",
    folder: Path | None = None,
    fonts: FontBook | None = None,
) -> Path:
    """Write a progress report as PDF or CSV; returns the file written."""
    folder = folder or paths.default_exports_dir()
    stem = f"progress-{safe_stem(report.name)}-{report.generated.isoformat()}"
    if fmt == "csv":
        return write_new(
            folder, stem, ".csv", csv_bytes(report_table(report.rows, report.competency_ids))
        )
    return write_new(
        folder, stem, ".pdf", progress_report_pdf(report, fonts or default_font_book())
    )


def _competencies(rows: Sequence[ReportRow]) -> tuple[CompetencyScore, ...]:
    """Mean of each competency over the person's latest runs."""
    totals: dict[str, list[int]] = {}
    for row in rows:
        for cid, score in row.competencies:
            totals.setdefault(cid, []).append(score)
    return tuple(
        CompetencyScore(title_of(cid), round(sum(v) / len(v))) for cid, v in sorted(totals.items())
    )


def save_progress_report(
    store: Store, name: str, target: Path, titles: Mapping[str, str] | None = None
) -> Path:
    """Write one person's progress report (PDF) to the file they chose, atomically."""
    report = progress_report_from_store(store, name, titles)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportFileError(f"Cannot create the folder {target.parent}: {exc.strerror}.") from exc
    write_atomic(target, progress_report_pdf(report, default_font_book()))
    return target
