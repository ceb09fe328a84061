"""Certificates and reports: signed, Unicode-safe PDFs and class reports (no Qt).

Content is built as plain values first (:func:`build_certificate_content`,
:func:`build_class_report`, :func:`build_progress_report`) and drawn with
reportlab only as the last step. Everything raised is a
:class:`trainer.errors.ExportError` or :class:`trainer.errors.VerificationError`.
"""

from trainer.reports.batch import (
    BatchResult,
    ProgressCallback,
    RosterRow,
    certify_batch,
    parse_roster,
    prepare_batch,
    read_roster,
    requests_from_roster,
)
from trainer.reports.certificate import (
    CertificateContent,
    CertificateRequest,
    CompetencyScore,
    CompletedItem,
    build_certificate_content,
    check_printable,
    issue_certificate,
)
from trainer.reports.certificate_page import certificate_pdf, render_certificate_pdf
from trainer.reports.exports import (
    class_report_from_store,
    export_class_report,
    export_progress_report,
    progress_report_from_store,
    requests_from_session,
)
from trainer.reports.files import safe_stem, write_atomic, write_new
from trainer.reports.fonts import FontBook, default_font_book
from trainer.reports.report_content import (
    ClassReport,
    ProgressReport,
    ReportRow,
    build_class_report,
    build_progress_report,
)
from trainer.reports.signing import (
    Claims,
    Issuer,
    VerificationResult,
    describe,
    load_public_key,
    tokens_from_pdf,
    verify,
)
from trainer.reports.spreadsheet import csv_bytes, neutralise, report_table

__all__ = [
    "BatchResult",
    "CertificateContent",
    "CertificateRequest",
    "Claims",
    "ClassReport",
    "CompetencyScore",
    "CompletedItem",
    "FontBook",
    "Issuer",
    "ProgressCallback",
    "ProgressReport",
    "ReportRow",
    "RosterRow",
    "VerificationResult",
    "build_certificate_content",
    "build_class_report",
    "build_progress_report",
    "certificate_pdf",
    "certify_batch",
    "check_printable",
    "class_report_from_store",
    "csv_bytes",
    "default_font_book",
    "describe",
    "export_class_report",
    "export_progress_report",
    "issue_certificate",
    "load_public_key",
    "neutralise",
    "parse_roster",
    "prepare_batch",
    "progress_report_from_store",
    "read_roster",
    "render_certificate_pdf",
    "report_table",
    "requests_from_roster",
    "requests_from_session",
    "safe_stem",
    "tokens_from_pdf",
    "verify",
    "write_atomic",
    "write_new",
]
