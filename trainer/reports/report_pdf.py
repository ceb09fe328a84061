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

from trainer.errors import ExportError
from trainer.reports.certificate import long_date
from trainer.reports.fonts import FontBook, Role, printable
from trainer.reports.report_content import (
    ClassReport,
    ProgressReport,
    ReportRow,
    RoomRun,
    WorkshopRecord,
    clock_text,
    duration_text,
    title_of,
)

NAVY = HexColor("#1f3a5f")
RULE = HexColor("#c9ced3")
STRIPE = HexColor("#f3f5f7")


class _Writer:
    """Makes escaped paragraphs in the right font; one per document."""

    def __init__(self, fonts: FontBook) -> None:
        self.fonts = fonts
        self.stood_in = 0
        self._styles: dict[tuple[str, float], ParagraphStyle] = {}

    def para(self, text: str, role: Role = "sans", size: float = 8.5) -> Paragraph:
        """Text as a paragraph, never as markup.

        A piece no installed font can print (a name in a script the bundled
        fonts lack) does not stop the report: its letters are shown as "?"
        and :meth:`stand_in_note` says so at the end, since the CSV written
        beside the PDF has every name in full.
        """
        text = printable(text)
        try:
            font = self.fonts.font_for(text, role)
        except ExportError:
            self.stood_in += 1
            text = self.fonts.stand_in(text, role)
            font = self.fonts.primary(role)
        key = (font, size)
        if key not in self._styles:
            self._styles[key] = ParagraphStyle(
                f"s{len(self._styles)}", fontName=font, fontSize=size, leading=size * 1.25
            )
        return Paragraph(escape(text), self._styles[key])

    def heading(self, text: str, size: float = 16) -> Paragraph:
        return self.para(text, "serif-bold", size)

    def stand_in_note(self) -> list[Flowable]:
        """A line saying that some text was shown with "?", when it was."""
        if not self.stood_in:
            return []
        return [
            self.para(
                f"{self.stood_in} piece(s) of text, such as names in a script no installed "
                'font has, are shown with "?" in this PDF; the CSV report has them in full.',
                size=7.5,
            )
        ]


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
    if report.workshop is not None:
        story += _workshop_story(w, report.workshop)
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
    story += w.stand_in_note()
    return _build(story, f"Class report — {report.title}", wide=True)


def _workshop_story(w: _Writer, record: WorkshopRecord) -> list[Flowable]:
    """Attendance, the agenda as run, the room's runs, self-ratings, actions, imported results."""
    absent = [a.participant for a in record.attendance if not a.present]
    walk_ins = [a.participant for a in record.attendance if a.walk_in and a.present]
    summary = f"Present: {record.present} of {len(record.attendance)} on the roster"
    summary += f" (walk-ins: {', '.join(walk_ins)})" if walk_ins else ""
    summary += f". Absent: {', '.join(absent)}." if absent else "."
    story: list[Flowable] = [
        w.heading("Attendance", 12),
        Spacer(1, 2 * mm),
        w.para(summary, size=9),
    ]
    story += [Spacer(1, 5 * mm), w.heading("Agenda as run", 12), Spacer(1, 1 * mm)]
    story.append(
        w.para(
            f"Planned {record.planned_minutes} min; ran {duration_text(record.actual_seconds)}.",
            size=9,
        )
    )
    agenda = [["Block", "Planned start", "Planned", "Added", "Actual start", "Actual", "State"]]
    agenda += [
        [
            line.title,
            clock_text(line.planned_start),
            f"{line.planned_minutes} min",
            f"{line.extended_minutes:+d} min" if line.extended_minutes else "",
            clock_text(line.actual_start),
            duration_text(line.actual_seconds),
            "not run" if line.state == "coming" else line.state,
        ]
        for line in record.agenda
    ]
    widths = [120 * mm, 25 * mm, 22 * mm, 20 * mm, 25 * mm, 22 * mm, 22 * mm]
    story += [Spacer(1, 2 * mm), _table(w, agenda, widths), Spacer(1, 6 * mm)]
    if record.room_runs:
        story += [w.heading("The room's runs", 12), Spacer(1, 2 * mm)]
        for run in record.room_runs:
            story += _room_run_story(w, run)
    if record.ratings:
        story += [w.heading("Confidence self-ratings (1-5)", 12), Spacer(1, 2 * mm)]
        ratings = [["Question", "Before", "After", "Change"]] + [
            [
                f"Question {r.question}",
                _average(r.before_average, r.before_count),
                _average(r.after_average, r.after_count),
                _change(r.before_average, r.after_average),
            ]
            for r in record.ratings
        ]
        story += [_table(w, ratings, [40 * mm, 40 * mm, 40 * mm, 25 * mm]), Spacer(1, 6 * mm)]
    if record.actions:
        story += [w.heading("Actions", 12), Spacer(1, 2 * mm)]
        actions = [["Participant", "Action"]] + [[a.participant, a.text] for a in record.actions]
        story += [_table(w, actions, [60 * mm, 217 * mm]), Spacer(1, 6 * mm)]
    if record.imported:
        story += [w.heading("Individual results handed in", 12), Spacer(1, 2 * mm)]
        imported = [["Participant", "Scenario", "Score", "Passed"]] + [
            [i.participant, i.scenario, _pct(i.score), _yes_no(i.passed)] for i in record.imported
        ]
        widths = [70 * mm, 110 * mm, 20 * mm, 20 * mm]
        story += [_table(w, imported, widths), Spacer(1, 6 * mm)]
    return story


def _room_run_story(w: _Writer, run: RoomRun) -> list[Flowable]:
    """One room run: how it ended, each decision with its vote, the debrief points."""
    if run.finished:
        verdict = f"{run.ending} ({run.outcome}), {_pct(run.score)}"
        verdict += ", passed" if run.passed else ", not passed"
    else:
        verdict = "left before an ending"
    story: list[Flowable] = [w.para(f"{run.scenario}: {verdict}", "sans-bold", 10)]
    data = [["#", "They heard", "The room chose", "Votes", "Followed"]]
    for d in run.decisions:
        votes = " / ".join(f"{n}: {c}" for n, c in enumerate(d.counts, start=1))
        if not d.counts:
            followed = ""
        elif d.what_if:
            followed = f"no: tried {d.taken} over {d.majority}"
        else:
            followed = "yes" if d.majority is not None else "tie"
        data.append([str(d.number), d.heard, f"{d.taken}. {d.chosen}", votes, followed])
    story += [
        Spacer(1, 1 * mm),
        _table(w, data, [8 * mm, 100 * mm, 100 * mm, 35 * mm, 34 * mm]),
    ]
    if run.debrief_points:
        story.append(Spacer(1, 2 * mm))
        story += [w.para(f"• {point}", size=8.5) for point in run.debrief_points]
    story.append(Spacer(1, 5 * mm))
    return story


def _average(value: float | None, count: int) -> str:
    return "" if value is None else f"{value:.1f} (n={count})"


def _change(before: float | None, after: float | None) -> str:
    return "" if before is None or after is None else f"{after - before:+.1f}"


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


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
        *w.stand_in_note(),
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
