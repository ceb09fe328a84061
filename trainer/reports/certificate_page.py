"""Drawing a certificate with reportlab: the thin last step.

Everything here takes a :class:`CertificateContent` that
:func:`~trainer.reports.certificate.check_printable` has already resolved, so
drawing never has to decide anything that could fail halfway through a file.
Text is drawn as laid-out lines (:mod:`trainer.reports.shaping`) or with
``drawString``, never parsed as markup, so a name such as ``<img src="x">``
prints literally.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from trainer.reports.certificate import (
    NAME_LARGEST,
    NAME_SMALLEST,
    NAME_WIDTH,
    CertificateContent,
    check_printable,
)
from trainer.reports.failures import ExportFileError
from trainer.reports.files import write_atomic
from trainer.reports.fonts import FontBook, default_font_book, fit_size
from trainer.reports.qr import QrMatrix, qr_matrix
from trainer.reports.shaping import Line, Run, draw_line
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
    resolved = content if content.lines else check_printable(content, book)
    write_atomic(path, certificate_pdf([resolved], book))
    return path


def draw_certificate(canvas: Canvas, content: CertificateContent, fonts: FontBook) -> None:
    """One landscape page: frame, heading, name, programme, scores, signatures, code."""
    lines = content.lines
    sans, sans_bold = fonts.primary("sans"), fonts.primary("sans-bold")
    serif = fonts.primary("serif")
    _frame(canvas)
    if content.organisation:
        organisation = lines["organisation"]
        size = fit_size(organisation, 700, 10, 6, 2.2)
        canvas.setFillColor(BRONZE)
        draw_line(canvas, organisation, CENTRE, 530, size, "centre", 2.2)
    _spaced(canvas, 488, "CERTIFICATE OF COMPLETION", serif, 25, 3.0, NAVY)
    _rule(canvas, 472, 64, BRONZE, 1.2)
    _centred(canvas, 444, "This certifies that", sans, 12, GREY)
    _name(canvas, lines["name"])
    _centred(canvas, 358, content.phrase, sans, 12, GREY)
    size = fit_size(lines["programme"], 640, 21, 11)
    canvas.setFillColor(NAVY)
    draw_line(canvas, lines["programme"], CENTRE, 330, size, "centre")
    details = "  ·  ".join(t for t in (content.date_text, content.hours_text) if t)
    _centred(canvas, 307, details, sans, 11.5, INK)
    _achievements(canvas, content, sans, sans_bold, fonts)
    _signature(canvas, content, lines["facilitator"], sans)
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


def _name(canvas: Canvas, name: Line) -> None:
    """The name, as large as fits, on a bronze rule."""
    size = fit_size(name, NAME_WIDTH, NAME_LARGEST, NAME_SMALLEST)
    canvas.setFillColor(INK)
    draw_line(canvas, name, CENTRE, 392 - (NAME_LARGEST - size) * 0.3, size, "centre")
    _rule(canvas, 379, 230, BRONZE, 0.8)


def _achievements(
    canvas: Canvas, content: CertificateContent, sans: str, bold: str, fonts: FontBook
) -> None:
    """Completed scenarios with scores, in one or two columns, then competencies."""
    rows: list[tuple[Line, str]] = [
        (content.lines[f"item{i}"], "" if item.score is None else f"{item.score}%")
        for i, item in enumerate(content.items)
    ]
    if content.more_items:
        more = f"and {content.more_items} more scenarios"
        rows.append((Line(more, (Run(sans, more, stringWidth(more, sans, 1000), True),)), ""))
    top = 276.0
    if rows:
        _spaced(canvas, top, content.items_heading, bold, 7.5, 1.6, BRONZE)
        _rows(canvas, rows, top - 17, bold, fonts)
        top -= 17 + 14 * ((len(rows) + 1) // 2 if len(rows) > 5 else len(rows))
    if content.competencies:
        line = content.lines["competencies"]
        size = fit_size(line, 540, 9.5, 6)
        _spaced(canvas, top - 4, "COMPETENCIES", bold, 7.5, 1.6, BRONZE)
        canvas.setFillColor(INK)
        draw_line(canvas, line, CENTRE, top - 19, size, "centre")


def _rows(
    canvas: Canvas, rows: list[tuple[Line, str]], top: float, bold: str, fonts: FontBook
) -> None:
    """Title left, score right, dotted leader between; two columns past five rows."""
    columns = 2 if len(rows) > 5 else 1
    width = 300.0 if columns == 2 else 380.0
    gap = 36.0
    left0 = CENTRE - (columns * width + (columns - 1) * gap) / 2
    per_column = (len(rows) + 1) // 2 if columns == 2 else len(rows)
    for index, (title, score) in enumerate(rows):
        column, row = divmod(index, per_column)
        left = left0 + column * (width + gap)
        y = top - 14 * row
        score_width = pdfmetrics.stringWidth(score, bold, 9.5)
        room = width - score_width - 24
        size = fit_size(title, room, 9.5, 7)
        shown = _ellipsis(title, size, room, fonts)
        canvas.setFillColor(INK)
        drawn = draw_line(canvas, shown, left, y, size)
        canvas.setFont(bold, 9.5)
        canvas.drawRightString(left + width, y, score)
        if score:
            _leader(canvas, left + drawn + 6, left + width - score_width - 6, y)


def _leader(canvas: Canvas, start: float, end: float, y: float) -> None:
    """Dots leading the eye from a title to its score."""
    if end - start < 8:
        return
    canvas.setStrokeColor(LIGHT)
    canvas.setLineWidth(0.6)
    canvas.setDash(0.6, 2.4)
    canvas.line(start, y + 1.5, end, y + 1.5)
    canvas.setDash()


def _signature(canvas: Canvas, content: CertificateContent, name: Line, sans: str) -> None:
    """The facilitator's signature line, name and role, bottom left."""
    left, right, y = 80.0, 300.0, 112.0
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.7)
    canvas.line(left, y, right, y)
    middle = (left + right) / 2
    if content.facilitator:
        size = fit_size(name, right - left, 11, 7)
        canvas.setFillColor(INK)
        draw_line(canvas, name, middle, y - 15, size, "centre")
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


def _ellipsis(line: Line, size: float, width: float, fonts: FontBook) -> Line:
    """Cut a title at a word with an ellipsis so it fits ``width`` (never a name)."""
    if line.width(size) <= width:
        return line
    words = line.text.split(" ")
    while len(words) > 1:
        words.pop()
        shorter = fonts.line(" ".join(words).rstrip(" ,;:-–") + "…", "sans")
        if shorter.width(size) <= width:
            return shorter
    text = line.text
    while len(text) > 1:  # one long word: cut letters (a title, so legibility wins)
        text = text[:-1]
        shorter = fonts.line(text + "…", "sans")
        if shorter.width(size) <= width:
            return shorter
    return line


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
    canvas.drawCentredString(x, y, text, charSpace=spacing)  # ASCII labels only


def _spaced(
    canvas: Canvas, y: float, text: str, font: str, size: float, spacing: float, colour: Color
) -> None:
    """Letter-spaced capitals, centred (headings and the organisation)."""
    _centred(canvas, y, text, font, size, colour, CENTRE, spacing)


def _rule(canvas: Canvas, y: float, half: float, colour: Color, width: float) -> None:
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(width)
    canvas.line(CENTRE - half, y, CENTRE + half, y)
