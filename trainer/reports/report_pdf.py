"""Progress and class reports as PDF tables (reportlab platypus).

Platypus paragraphs parse a small markup language, so every piece of text is
escaped before it becomes a paragraph: a participant called ``</para>`` or
``<img src="x">`` prints literally and no file is ever opened. Each cell gets
a font that has all its letters (see :class:`~trainer.reports.fonts.FontBook`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from trainer.reports.certificate import long_date
from trainer.reports.fonts import FontBook, Role, printable
from trainer.reports.report_content import ClassReport, ProgressReport, ReportRow, title_of

NAVY = HexColor("#1f3a5f")
RULE = HexColor("#c9ced3")
STRIPE = HexColor("#f3f5f7")


class _Writer:
    """Makes escaped paragraphs in the right font; one per document."""

    def __init__(self, fonts: FontBook) -> None:
        self.fonts = fonts
        self._styles: dict[tuple[str, float], ParagraphStyle] = {}

    def para(self, text: str, role: Role = "sans", size: float = 8.5) -> Paragraph:
        """Text as a paragraph, never as markup."""
        text = printable(text)
        font = self.fonts.font_for(text, role)
        key = (font, size)
        if key not in self._styles:
            self._styles[key] = ParagraphStyle(
                f"s{len(self._styles)}", fontName=font, fontSize=size, leading=size * 1.25
            )
        return Paragraph(escape(text), self._styles[key])

    def heading(self, text: str, size: float = 16) -> Paragraph:
        return self.para(text, "serif-bold", size)


def class_report_pdf(report: ClassReport, fonts: FontBook) -> bytes:
    """The class report: header, per-scenario summary, then every participant's rows."""
    w = _Writer(fonts)
    period = long_date(report.started)
    if report.ended and report.ended != report.started:
        period += f" – {long_date(report.ended)}"
    story: list[Flowable] = [
        w.heading(f"Class report: {report.title}"),
        Spacer(1, 2 * mm),
        w.para(
            "  ·  ".join(
                t
                for t in (
                    report.organisation,
                    f"Facilitator: {report.facilitator}" if report.facilitator else "",
                    period,
                    f"{report.participants} participants",
                )
                if t
            ),
            size=9.5,
        ),
        Spacer(1, 5 * mm),
    ]
    if report.summaries:
        story += [w.heading("By scenario", 12), Spacer(1, 2 * mm)]
        summary = [["Scenario", "Participants", "Average score", "Passed"]] + [
            [s.scenario, str(s.participants), f"{s.average}%", f"{s.pass_rate}%"]
            for s in report.summaries
        ]
        story += [_table(w, summary, [110 * mm, 30 * mm, 30 * mm, 25 * mm]), Spacer(1, 6 * mm)]
    story += [w.heading("By participant", 12), Spacer(1, 2 * mm)]
    story.append(_rows_table(w, report.rows, report.competency_ids, participant=True))
    story.append(Spacer(1, 4 * mm))
    story.append(w.para(f"Generated {long_date(report.generated)} by Counterpart.", size=7.5))
    return _build(story, f"Class report — {report.title}", wide=True)


def progress_report_pdf(report: ProgressReport, fonts: FontBook) -> bytes:
    """One person's report: standing per scenario, competencies, then full history."""
    w = _Writer(fonts)
    story: list[Flowable] = [
        w.heading(f"Progress report: {report.name}"),
        Spacer(1, 2 * mm),
        w.para(
            f"Practising since {long_date(report.since)}  ·  "
            f"{len(report.history)} finished runs  ·  {len(report.rows)} scenarios",
            size=9.5,
        ),
        Spacer(1, 5 * mm),
        w.heading("Scenarios", 12),
        Spacer(1, 2 * mm),
    ]
    if report.rows:
        story.append(_rows_table(w, report.rows, report.competency_ids, participant=False))
    else:
        story.append(w.para("No scenario finished yet."))
    if report.competencies:
        story += [Spacer(1, 6 * mm), w.heading("Competencies (latest run of each scenario)", 12)]
        data = [["Competency", "Average"]] + [
            [title_of(cid), f"{score}%"] for cid, score in report.competencies
        ]
        story += [Spacer(1, 2 * mm), _table(w, data, [80 * mm, 25 * mm])]
    if report.history:
        story += [Spacer(1, 6 * mm), w.heading("History", 12), Spacer(1, 2 * mm)]
        data = [["Date", "Scenario", "Mode", "Score", "Passed"]] + [
            [h.played.isoformat(), h.scenario, h.mode, f"{h.score}%", "yes" if h.passed else "no"]
            for h in report.history
        ]
        story.append(_table(w, data, [25 * mm, 85 * mm, 25 * mm, 18 * mm, 18 * mm]))
    story += [
        Spacer(1, 4 * mm),
        w.para(f"Generated {long_date(report.generated)} by Counterpart.", size=7.5),
    ]
    return _build(story, f"Progress report — {report.name}", wide=False)


def _rows_table(
    w: _Writer, rows: Sequence[ReportRow], competency_ids: Sequence[str], participant: bool
) -> Table:
    """Participant/scenario rows with one column per competency."""
    head = (["Participant"] if participant else []) + ["Scenario", "Runs", "Score", "Best", "Pass"]
    head += [title_of(cid) for cid in competency_ids]
    data: list[list[str]] = [head]
    for row in rows:
        scores = dict(row.competencies)
        line = [row.participant] if participant else []
        line += [
            row.scenario or "(no scenario finished)",
            str(row.attempts) if row.attempts else "",
            _pct(row.score),
            _pct(row.best),
            "" if row.passed is None else ("yes" if row.passed else "no"),
        ]
        line += [_pct(scores.get(cid)) for cid in competency_ids]
        data.append(line)
    fixed = 5 * [14 * mm]
    usable = (277 if participant else 180) * mm - len(competency_ids) * 18 * mm - sum(fixed[1:])
    text_cols = [usable * 0.4, usable * 0.6] if participant else [usable]
    widths = text_cols + fixed[1:] + len(competency_ids) * [18 * mm]
    return _table(w, data, widths)


def _table(w: _Writer, data: Sequence[Sequence[str]], widths: Sequence[float]) -> Table:
    """A striped table whose cells are escaped paragraphs; header repeats per page."""
    cells = [
        [w.para(text, "sans-bold" if r == 0 else "sans", 8 if r == 0 else 8.5) for text in line]
        for r, line in enumerate(data)
    ]
    table = Table(cells, colWidths=list(widths), repeatRows=1)
    style = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    style += [("BACKGROUND", (0, r), (-1, r), STRIPE) for r in range(2, len(data), 2)]
    table.setStyle(TableStyle(style))
    return table


def _build(story: list[Flowable], title: str, wide: bool) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4) if wide else A4,
        leftMargin=10 * mm if wide else 15 * mm,
        rightMargin=10 * mm if wide else 15 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=title,
        author="Counterpart",
        creator="Counterpart",
    )
    doc.build(story)
    return buffer.getvalue()


def _pct(score: int | None) -> str:
    return "" if score is None else f"{score}%"
