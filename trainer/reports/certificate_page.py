"""Drawing a certificate with reportlab: the thin last step.

Everything here takes a :class:`CertificateContent` that
:func:`~trainer.reports.certificate.check_printable` has already resolved, so
drawing never has to decide anything that could fail halfway through a file.
Text is drawn with ``drawString``, never parsed as markup, so a name such as
``<img src="x">`` prints literally.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from trainer.reports.certificate import (
    NAME_LARGEST,
    NAME_SMALLEST,
    NAME_WIDTH,
    CertificateContent,
    check_printable,
    competency_line,
)
from trainer.reports.failures import ExportFileError
from trainer.reports.files import write_atomic
from trainer.reports.fonts import FontBook, default_font_book, fit_size, printable
from trainer.reports.qr import QrMatrix, qr_matrix
from trainer.reports.signing import pdf_keywords

PAGE = landscape(A4)
WIDTH, HEIGHT = PAGE
CENTRE = WIDTH / 2
INK = HexColor("#1d2b3a")
NAVY = HexColor("#1f3a5f")
BRONZE = HexColor("#a8844f")
GREY = HexColor("#5f6b76")
LIGHT = HexColor("#8a949d")
TOKEN_FONT = "Courier"


def certificate_pdf(contents: Sequence[CertificateContent], fonts: FontBook) -> bytes:
    """One PDF with a page per certificate, token(s) in the keywords."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, invariant=False)
    first = contents[0]
    title = "Certificate" if len(contents) > 1 else f"Certificate — {first.name}"
    canvas.setTitle(title)
    canvas.setAuthor(first.organisation or "Counterpart")
    canvas.setSubject(first.programme)
    canvas.setCreator("Counterpart")
    canvas.setKeywords(" ".join(pdf_keywords(c.token) for c in contents))
    for content in contents:
        draw_certificate(canvas, content, fonts)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_certificate_pdf(
    content: CertificateContent, path: Path, fonts: FontBook | None = None
) -> Path:
    """Write one certificate to ``path`` (replacing it atomically)."""
    book = fonts or default_font_book()
    resolved = content if content.fonts else check_printable(content, book)
    write_atomic(path, certificate_pdf([resolved], book))
    return path


def draw_certificate(canvas: Canvas, content: CertificateContent, fonts: FontBook) -> None:
    """One landscape page: frame, heading, name, programme, scores, signatures, code."""
    f = content.fonts
    sans, sans_bold = fonts.primary("sans"), fonts.primary("sans-bold")
    serif = fonts.primary("serif")
    _frame(canvas)
    if content.organisation:
        _spaced(canvas, 530, content.organisation.upper(), f["organisation"], 10, 2.2, BRONZE)
    _spaced(canvas, 488, "CERTIFICATE OF COMPLETION", serif, 25, 3.0, NAVY)
    _rule(canvas, 472, 64, BRONZE, 1.2)
    _centred(canvas, 444, "This certifies that", sans, 12, GREY)
    _name(canvas, content, f["name"])
    _centred(canvas, 358, "has successfully completed", sans, 12, GREY)
    size = fit_size(content.programme, f["programme"], 640, 21, 11)
    _centred(canvas, 330, content.programme, f["programme"], size, NAVY)
    details = "  ·  ".join(t for t in (content.date_text, content.hours_text) if t)
    _centred(canvas, 307, details, sans, 11.5, INK)
    _achievements(canvas, content, sans, sans_bold)
    _signature(canvas, content, f["facilitator"], sans)
    _seal_or_logo(canvas, content, sans_bold)
    _verification(canvas, content, sans, sans_bold)


def _frame(canvas: Canvas) -> None:
    """A double border with small corner squares, like engraved certificates."""
    canvas.setFillColor(HexColor("#fdfbf6"))
    canvas.rect(0, 0, WIDTH, HEIGHT, stroke=0, fill=1)
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(3)
    canvas.rect(20, 20, WIDTH - 40, HEIGHT - 40)
    canvas.setStrokeColor(BRONZE)
    canvas.setLineWidth(0.8)
    canvas.rect(28, 28, WIDTH - 56, HEIGHT - 56)
    canvas.setFillColor(BRONZE)
    for x in (24, WIDTH - 24):
        for y in (24, HEIGHT - 24):
            canvas.rect(x - 5, y - 5, 10, 10, stroke=0, fill=1)


def _name(canvas: Canvas, content: CertificateContent, font: str) -> None:
    """The name, as large as fits, on a bronze rule."""
    size = fit_size(content.name, font, NAME_WIDTH, NAME_LARGEST, NAME_SMALLEST)
    _centred(canvas, 392 - (NAME_LARGEST - size) * 0.3, content.name, font, size, INK)
    _rule(canvas, 379, 230, BRONZE, 0.8)


def _achievements(canvas: Canvas, content: CertificateContent, sans: str, bold: str) -> None:
    """Completed scenarios with scores, in one or two columns, then competencies."""
    rows: list[tuple[str, str, str]] = [
        (item.title, "" if item.score is None else f"{item.score}%", content.fonts[f"item{i}"])
        for i, item in enumerate(content.items)
    ]
    if content.more_items:
        rows.append((f"and {content.more_items} more scenarios", "", sans))
    top = 276.0
    if rows:
        _spaced(canvas, top, "SCENARIOS COMPLETED", bold, 7.5, 1.6, BRONZE)
        _rows(canvas, rows, top - 17, bold)
        top -= 17 + 14 * ((len(rows) + 1) // 2 if len(rows) > 5 else len(rows))
    if content.competencies:
        size = fit_size(competency_line(content), content.fonts["competencies"], 540, 9.5, 6)
        _spaced(canvas, top - 4, "COMPETENCIES", bold, 7.5, 1.6, BRONZE)
        _centred(
            canvas, top - 19, competency_line(content), content.fonts["competencies"], size, INK
        )


def _rows(canvas: Canvas, rows: list[tuple[str, str, str]], top: float, bold: str) -> None:
    """Title left, score right, dotted leader between; two columns past five rows."""
    columns = 2 if len(rows) > 5 else 1
    width = 300.0 if columns == 2 else 380.0
    gap = 36.0
    left0 = CENTRE - (columns * width + (columns - 1) * gap) / 2
    per_column = (len(rows) + 1) // 2 if columns == 2 else len(rows)
    for index, (title, score, font) in enumerate(rows):
        column, row = divmod(index, per_column)
        left = left0 + column * (width + gap)
        y = top - 14 * row
        score_width = pdfmetrics.stringWidth(score, bold, 9.5)
        size = fit_size(title, font, width - score_width - 24, 9.5, 7)
        shown = _ellipsis(title, font, size, width - score_width - 24)
        canvas.setFillColor(INK)
        canvas.setFont(font, size)
        canvas.drawString(left, y, printable(shown))
        canvas.setFont(bold, 9.5)
        canvas.drawRightString(left + width, y, score)
        if score:
            _leader(
                canvas,
                left + pdfmetrics.stringWidth(shown, font, size) + 6,
                left + width - score_width - 6,
                y,
            )


def _leader(canvas: Canvas, start: float, end: float, y: float) -> None:
    """Dots leading the eye from a title to its score."""
    if end - start < 8:
        return
    canvas.setStrokeColor(LIGHT)
    canvas.setLineWidth(0.6)
    canvas.setDash(0.6, 2.4)
    canvas.line(start, y + 1.5, end, y + 1.5)
    canvas.setDash()


def _signature(canvas: Canvas, content: CertificateContent, font: str, sans: str) -> None:
    """The facilitator's signature line, name and role, bottom left."""
    left, right, y = 80.0, 300.0, 112.0
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.7)
    canvas.line(left, y, right, y)
    middle = (left + right) / 2
    if content.facilitator:
        size = fit_size(content.facilitator, font, right - left, 11, 7)
        _centred(canvas, y - 15, content.facilitator, font, size, INK, middle)
    _centred(canvas, y - 28, "Facilitator", sans, 8.5, GREY, middle)


def _seal_or_logo(canvas: Canvas, content: CertificateContent, bold: str) -> None:
    """The organisation's logo if configured, otherwise a bronze seal."""
    x, y = CENTRE, 98.0
    if content.logo is not None:
        _logo(canvas, content.logo, x, y)
        return
    canvas.setStrokeColor(BRONZE)
    canvas.setFillColor(HexColor("#f4ecdd"))
    canvas.setLineWidth(1.6)
    canvas.circle(x, y, 34, stroke=1, fill=1)
    canvas.setLineWidth(0.6)
    canvas.circle(x, y, 29, stroke=1, fill=0)
    _centred(canvas, y + 3, "VERIFIED", bold, 8, BRONZE, x, 1.4)
    _centred(canvas, y - 9, content.date_text[-4:], bold, 7, BRONZE, x, 1.0)


def _logo(canvas: Canvas, path: Path, x: float, y: float) -> None:
    """Draw the logo centred on (x, y), at most 150 × 70 points, keeping its shape."""
    try:
        image = ImageReader(str(path))
        width, height = image.getSize()
    except Exception as exc:  # reportlab/Pillow raise many types for bad images
        raise ExportFileError(f"The logo {path} cannot be read as an image: {exc}.") from exc
    scale = min(150 / width, 70 / height)
    w, h = width * scale, height * scale
    canvas.drawImage(image, x - w / 2, y - h / 2, w, h, mask="auto")


def _verification(canvas: Canvas, content: CertificateContent, sans: str, bold: str) -> None:
    """QR code bottom right, and the full code in small print along the bottom."""
    size, right, bottom = 96.0, WIDTH - 66, 62.0
    _qr(canvas, qr_matrix(content.token), right - size, bottom, size)
    label_x = right - size - 10
    canvas.setFillColor(GREY)
    canvas.setFont(bold, 8)
    canvas.drawRightString(label_x, bottom + 62, "Verify this certificate")
    canvas.setFont(sans, 7.5)
    canvas.drawRightString(label_x, bottom + 50, "Scan the code, or run")
    canvas.drawRightString(label_x, bottom + 40, "trainer verify <code>")
    if content.serial:
        canvas.drawRightString(label_x, bottom + 26, f"No. {content.serial}")
    _token_text(canvas, content.token)


def _token_text(canvas: Canvas, token: str) -> None:
    """The verification code in small monospace lines, so it can be copied."""
    size = 4.6
    per_line = int(770 / pdfmetrics.stringWidth("M", TOKEN_FONT, size))
    lines = [token[i : i + per_line] for i in range(0, len(token), per_line)]  # all of it
    canvas.setFillColor(LIGHT)
    canvas.setFont(TOKEN_FONT, size)
    y = 36 + 5.6 * (len(lines) - 1)
    for line in lines:
        canvas.drawCentredString(CENTRE, y, line)
        y -= 5.6


def _qr(canvas: Canvas, matrix: QrMatrix, x: float, y: float, size: float) -> None:
    """The QR code on a white square, drawn in module units as one filled path.

    One ``re`` operator per horizontal run of dark modules, written as a
    literal in integer module coordinates: thousands of rectangles cost a
    string join instead of thousands of reportlab path calls.
    """
    count = len(matrix)
    quiet = 2
    module = size / (count + 2 * quiet)
    canvas.setFillColor(HexColor("#ffffff"))
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.saveState()
    canvas.translate(x + quiet * module, y + size - quiet * module)
    canvas.scale(module, -module)
    canvas.setFillColor(HexColor("#000000"))
    canvas.addLiteral(" ".join(qr_runs(matrix)) + " f")
    canvas.restoreState()


def qr_runs(matrix: QrMatrix) -> list[str]:
    """PDF rectangles (column, row, length, 1) for each run of dark modules."""
    runs: list[str] = []
    for r, row in enumerate(matrix):
        start = -1
        for c, dark in enumerate((*row, False)):
            if dark and start < 0:
                start = c
            elif not dark and start >= 0:
                runs.append(f"{start} {r} {c - start} 1 re")
                start = -1
    return runs


def _ellipsis(text: str, font: str, size: float, width: float) -> str:
    """Cut ``text`` with an ellipsis so it fits ``width`` (titles only, never names)."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _centred(
    canvas: Canvas,
    y: float,
    text: str,
    font: str,
    size: float,
    colour: Color,
    x: float = CENTRE,
    spacing: float = 0,
) -> None:
    canvas.setFillColor(colour)
    canvas.setFont(font, size)
    canvas.drawCentredString(x, y, printable(text), charSpace=spacing)  # joiners: not drawn


def _spaced(
    canvas: Canvas, y: float, text: str, font: str, size: float, spacing: float, colour: Color
) -> None:
    """Letter-spaced capitals, centred (headings and the organisation)."""
    _centred(canvas, y, text, font, size, colour, CENTRE, spacing)


def _rule(canvas: Canvas, y: float, half: float, colour: Color, width: float) -> None:
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(width)
    canvas.line(CENTRE - half, y, CENTRE + half, y)
