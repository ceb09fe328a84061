"""THE SEAM FOR THE CERTIFICATES WORK: a completed track's certificate.

The progress page calls :func:`make_track_certificate` on a worker thread.
It builds a :class:`trainer.reports.CertificateRequest` from the track's
progress (plain values) and hands it to ``trainer.reports`` to sign, check,
draw and write, then records it in the store's certificate register. If
``trainer.reports`` (written in parallel) does not offer what this needs,
:func:`available` says so and the page shows a plain "not available yet"
message instead of failing.

The trainee chooses the file (the page offers :func:`suggested_path`); a
chosen file is written in place, since the save dialog has already asked
before replacing it. The organisation is printed only when one was named:
an empty one leaves the line off rather than printing a placeholder.

No Qt here, so the whole job can run off the UI thread.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from trainer import paths
from trainer.errors import ExportError
from trainer.progress import TrackProgress
from trainer.store import Store

NEEDED = (
    "CertificateRequest",
    "CompletedItem",
    "CompetencyScore",
    "Issuer",
    "issue_certificate",
    "check_printable",
    "certificate_pdf",
    "default_font_book",
    "write_new",
    "safe_stem",
    "write_atomic",
)
UNAVAILABLE = (
    "Certificates are not available yet in this version of Counterpart. "
    "Your completed track is recorded, so you can print the certificate "
    "once an update adds them."
)
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


def available() -> bool:
    """Whether trainer.reports offers everything a track certificate needs."""
    try:
        reports = importlib.import_module("trainer.reports")
    except ImportError:
        return False
    return all(hasattr(reports, name) for name in NEEDED)


def suggested_path(name: str, track_id: str) -> Path:
    """Where the save dialog starts: the exports folder and a file name from the person."""
    reports = importlib.import_module("trainer.reports")
    return paths.default_exports_dir() / f"certificate-{reports.safe_stem(name)}-{track_id}.pdf"


def make_track_certificate(job: CertificateJob, store: Store, progress: Progress) -> Path:
    """Write the certificate PDF and register it; returns the file written."""
    if not available():
        raise ExportError(UNAVAILABLE)
    reports = importlib.import_module("trainer.reports")
    track = job.track
    if not track.complete or track.completed_on is None:
        raise ExportError(f"The track '{track.track.title}' is not complete yet.")
    request = reports.CertificateRequest(
        name=job.name,
        programme=track.track.programme or track.track.title,
        on=track.completed_on.astimezone().date() if track.completed_on else date.today(),
        hours=track.track.hours,
        items=tuple(reports.CompletedItem(title, score) for title, score in track.items),
        competencies=tuple(
            reports.CompetencyScore(job.competency_names.get(cid, cid), score)
            for cid, score in track.competencies
        ),
        organisation=job.organisation,
    )
    progress(1, 4)
    issuer = reports.Issuer.load_or_create()
    fonts = reports.default_font_book()
    content = reports.check_printable(reports.issue_certificate(request, issuer), fonts)
    progress(2, 4)
    pdf = reports.certificate_pdf([content], fonts)
    progress(3, 4)
    path: Path
    if job.target is not None:
        path = job.target
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(f"Cannot create the folder {path.parent}: {exc.strerror}.") from exc
        reports.write_atomic(path, pdf)
    else:
        folder = job.folder or paths.default_exports_dir()
        stem = f"certificate-{reports.safe_stem(job.name)}-{track.track.id}"
        path = reports.write_new(folder, stem, ".pdf", pdf)
    store.record_certificate(job.profile_id, job.name, request.programme, content.token, str(path))
    progress(4, 4)
    return path
