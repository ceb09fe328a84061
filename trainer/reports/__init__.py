"""Certificates and reports: signed, Unicode-safe PDFs and class reports (no Qt).

Content is built as plain values first (:mod:`.certificate`,
:mod:`.report_content`) and drawn with reportlab only as the last step
(:mod:`.certificate_page`, :mod:`.report_pdf`). Everything raised is a
:class:`trainer.errors.ExportError` or :class:`trainer.errors.VerificationError`.
Import from the module that holds a name: this package re-exports nothing,
so defining the command line loads no reportlab.
"""
