"""A completed track's certificate, written on the app's worker thread.

The progress page gathers a :class:`CertificateJob` (plain values) on the
UI thread and runs :func:`make_track_certificate` on a worker. The trainee
chooses the file (the page offers :func:`suggested_path`); a chosen file is
written in place, since the save dialog has already asked before replacing
it. The organisation is printed only when one was named: an empty one leaves
the line off rather than printing a placeholder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from trainer import paths
from trainer.app.changes import CERTIFICATES, Changes
from trainer.app.progress import TrackProgress
from trainer.errors import ExportError
from trainer.store import Store

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class CertificateJob:
    """Everything the certificate states, gathered on the UI thread."""

    profile_id: int
    name: str
    organisation: str
    track: TrackProgress
    competency_names: dict[str, str]
    folder: Path | None = None
    target: Path | None = None  # the exact file the trainee chose
    pin: str | None = None  # the profile's PIN, if it has one (trainer.app.pin)


def suggested_path(name: str, track_id: str) -> Path:
    """Where the save dialog starts: the exports folder and a file name from the person."""
    from trainer.reports.files import safe_stem

    return paths.default_exports_dir() / f"certificate-{safe_stem(name)}-{track_id}.pdf"


@dataclass(frozen=True, slots=True)
class Issued:
    """A certificate written and registered (so ``trainer verify`` knows it)."""

    path: Path
    changes: Changes = CERTIFICATES


def make_track_certificate(job: CertificateJob, store: Store, progress: Progress) -> Issued:
    """Write the certificate PDF and register it; says which file was written."""
    # Imported here: the progress page loads this module, reportlab can wait.
    from trainer.app.pin import require
    from trainer.reports.certificate import (
        CertificateRequest,
        CompetencyScore,
        CompletedItem,
        check_printable,
        issue_certificate,
    )
    from trainer.reports.certificate_page import certificate_pdf
    from trainer.reports.files import safe_stem, write_atomic, write_new
    from trainer.reports.fonts import default_font_book
    from trainer.reports.register import register_certificates
    from trainer.reports.signing import Issuer

    require(store, job.profile_id, job.pin)  # a profile with a PIN: only with it
    track = job.track
    if not track.complete or track.completed_on is None:
        raise ExportError(f"The track '{track.track.title}' is not complete yet.")
    request = CertificateRequest(
        name=job.name,
        programme=track.track.programme or track.track.title,
        on=track.completed_on.astimezone().date() if track.completed_on else date.today(),
        hours=track.track.hours,
        items=tuple(CompletedItem(title, score) for title, score in track.items),
        competencies=tuple(
            CompetencyScore(job.competency_names.get(cid, cid), score)
            for cid, score in track.competencies
        ),
        organisation=job.organisation,
        # "Assessed" only when every pass counted was an assessment.
        assessed=track.track.mode == "assessment",
    )
    progress(1, 4)
    issuer = Issuer.load_or_create()
    fonts = default_font_book()
    content = check_printable(issue_certificate(request, issuer), fonts)
    progress(2, 4)
    pdf = certificate_pdf([content], fonts)
    progress(3, 4)
    path: Path
    if job.target is not None:
        path = job.target
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(f"Cannot create the folder {path.parent}: {exc.strerror}.") from exc
        write_atomic(path, pdf)
    else:
        folder = job.folder or paths.default_exports_dir()
        stem = f"certificate-{safe_stem(job.name)}-{track.track.id}"
        path = write_new(folder, stem, ".pdf", pdf)
    warning = register_certificates(store, [content], [path], [job.profile_id])
    if warning is not None:
        raise ExportError(f"{warning} (the file is {path})")
    progress(4, 4)
    return Issued(path)
