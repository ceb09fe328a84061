"""Certificates and reports: signed, Unicode-safe PDFs and class reports (no Qt).

Content is built as plain values first (:func:`build_certificate_content`,
:func:`build_class_report`, :func:`build_progress_report`) and drawn with
reportlab only as the last step. Everything raised is a
:class:`trainer.errors.ExportError` or :class:`trainer.errors.VerificationError`.
"""

from __future__ import annotations

from trainer.lazy import exports

# Names are imported on first use (PEP 562), so that defining the command line
# or starting the app does not load reportlab.
_HOME = {
    "BatchResult": "batch",
    "CertificateContent": "certificate",
    "CertificateRequest": "certificate",
    "Claims": "signing",
    "ClassReport": "report_content",
    "CompetencyScore": "certificate",
    "CompletedItem": "certificate",
    "FontBook": "fonts",
    "Issuer": "signing",
    "ProgressCallback": "batch",
    "ProgressReport": "report_content",
    "ReportRow": "report_content",
    "RosterRow": "batch",
    "VerificationResult": "signing",
    "build_certificate_content": "certificate",
    "build_class_report": "report_content",
    "build_progress_report": "report_content",
    "certificate_pdf": "certificate_page",
    "certify_batch": "batch",
    "certify_roster": "batch",
    "check_printable": "certificate",
    "class_report_from_store": "exports",
    "csv_bytes": "spreadsheet",
    "default_font_book": "fonts",
    "describe": "signing",
    "export_class_report": "exports",
    "export_progress_report": "exports",
    "issue_certificate": "certificate",
    "load_public_key": "signing",
    "neutralise": "spreadsheet",
    "parse_roster": "batch",
    "prepare_batch": "batch",
    "progress_report_from_store": "exports",
    "read_roster": "batch",
    "render_certificate_pdf": "certificate_page",
    "report_table": "spreadsheet",
    "requests_from_roster": "batch",
    "requests_from_session": "exports",
    "safe_stem": "files",
    "tokens_from_pdf": "signing",
    "verify": "signing",
    "write_atomic": "files",
    "write_new": "files",
}


__getattr__ = exports("trainer.reports", _HOME, globals())

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
    "certify_roster",
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
