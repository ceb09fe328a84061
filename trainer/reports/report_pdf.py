"""Progress and class reports as PDF tables (reportlab platypus).

Every piece of text is a :class:`ShapedText`: laid out by the font book
(shaped, in visual order, in the fonts of its scripts, see
:mod:`trainer.reports.shaping`) and never parsed as markup, so a participant
called ``</para>`` or ``<img src="x">`` prints literally and no file is ever
opened. Text wraps between words only: when a word is wider than its column
(a long competency name in a narrow column) the cell's text gets smaller
until the word fits, so no word is broken across lines and nothing runs past
the margin. Columns are sized so that every heading word fits; only a word
longer than a column even in 5.5 pt type is cut (:meth:`ShapedText._pieces`).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from trainer.reports.certificate import long_date
from trainer.reports.fonts import FontBook, Role, UnprintableText, one_line
from trainer.reports.reading_order import starts_right_to_left
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
from trainer.reports.shaping import Line, draw_line

NAVY = HexColor("#1f3a5f")
RULE = HexColor("#c9ced3")
STRIPE = HexColor("#f3f5f7")
CELL_PADDING = 6  # reportlab's default left and right cell padding, in points
SMALLEST = 5.5  # a word that does not fit its column shrinks, down to this size


class ShapedText(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A paragraph of plain text, wrapped between words, drawn as laid-out lines."""

    def __init__(self, text: str, role: Role, size: float, fonts: FontBook) -> None:
        super().__init__()
        self.text, self.role, self.size, self.fonts = text, role, size, fonts
        self.right = starts_right_to_left(text)
        self.lines: list[Line] = []
        self.drawn_size = size
        self.width = self.height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        words = [w for w in self.text.split(" ") if w]
        size = self.size
        widest = max((self._width(w, size) for w in words), default=0.0)
        if widest > avail_width > 0:
            size = max(SMALLEST, int(size * avail_width / widest * 2) / 2)
        self.drawn_size = size
        if widest * size / self.size > avail_width > 0:  # a word longer than any column
            words = [part for word in words for part in self._pieces(word, size, avail_width)]
        lines: list[list[str]] = []
        for word in words:
            if lines and self._width(" ".join([*lines[-1], word]), size) <= avail_width:
                lines[-1].append(word)
            else:
                lines.append([word])
        self.lines = [self.fonts.line(" ".join(line), self.role) for line in lines]
        self.width = avail_width
        self.height = max(len(self.lines), 1) * size * 1.25
        return self.width, self.height

    def _width(self, text: str, size: float) -> float:
        return self.fonts.line(text, self.role).width(size)

    def _pieces(self, word: str, size: float, width: float) -> list[str]:
        """A word too long for its column even in the smallest type, cut between letters.

        The one case where a word is broken (a 40-letter word in a narrow
        column): better than text running over the next column. Never cut
        before a combining mark, so a letter keeps its accents.
        """
        pieces = [""]
        for char in word:
            joined = pieces[-1] + char
            fits = self._width(joined, size) <= width
            if fits or not pieces[-1] or unicodedata.category(char)[0] == "M":
                pieces[-1] = joined
            else:
                pieces.append(char)
        return pieces

    def draw(self) -> None:
        size = self.drawn_size
        for index, line in enumerate(self.lines):
            y = self.height - (index + 1) * size * 1.25 + size * 0.3
            if self.right:
                draw_line(self.canv, line, self.width, y, size, "right")
            else:
                draw_line(self.canv, line, 0, y, size)


class Writer:
    """Makes text flowables in the right fonts; one per document."""

    def __init__(self, fonts: FontBook) -> None:
        self.fonts = fonts
        self.stood_in = 0

    def para(self, text: str, role: Role = "sans", size: float = 8.5) -> ShapedText:
        """Text as a wrapped paragraph, never as markup.

        A piece no installed font can print (a letter none of the bundled or
        installed fonts has) does not stop the report: its letters are shown
        as "?" and :meth:`stand_in_note` says so at the end, since the CSV
        written beside the PDF has every name in full.
        """
        text = one_line(text)
        try:
            self.fonts.line(text, role)
        except UnprintableText:
            self.stood_in += 1
            text = self.fonts.stand_in(text, role)
        return ShapedText(text, role, size, self.fonts)

    def heading(self, text: str, size: float = 16) -> ShapedText:
        return self.para(text, "serif-bold", size)

    def stand_in_note(self) -> list[Flowable]:
        """A line saying that some text was shown with "?", when it was."""
        if not self.stood_in:
            return []
        return [
            self.para(
                f"{self.stood_in} piece(s) of text, such as names with a letter no installed "
                'font has, are shown with "?" in this PDF; the CSV report has them in full.',
                size=7.5,
            )
        ]


def class_report_pdf(report: ClassReport, fonts: FontBook) -> bytes:
    """The class report: header, per-scenario summary, then every participant's rows."""
    w = Writer(fonts)
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
    story.append(_rows_table(w, report.rows, report.competency_ids))
    story.append(Spacer(1, 4 * mm))
    story.append(w.para(f"Generated {long_date(report.generated)} by Counterpart.", size=7.5))
    story += w.stand_in_note()
    return _build(story, f"Class report — {report.title}", wide=True)


def _workshop_story(w: Writer, record: WorkshopRecord) -> list[Flowable]:
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


def _room_run_story(w: Writer, run: RoomRun) -> list[Flowable]:
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
    """One person's report: assessments and practice apart, competencies, then history."""
    w = Writer(fonts)
    story: list[Flowable] = [
        w.heading(f"Progress report: {report.name}"),
        Spacer(1, 2 * mm),
        w.para(
            f"Practising since {long_date(report.since)}  ·  "
            f"{len(report.history)} finished runs  ·  {len({r.scenario_id for r in report.rows})} "
            "scenarios",
            size=9.5,
        ),
    ]
    if not report.rows:
        story += [Spacer(1, 5 * mm), w.para("No scenario finished yet.")]
    for mode, heading in (("assessment", "Assessments"), ("practice", "Practice")):
        rows = report.rows_in(mode)
        if rows:
            story += [Spacer(1, 5 * mm), w.heading(heading, 12), Spacer(1, 2 * mm)]
            story.append(_progress_table(w, rows))
    if report.competencies_by_mode:
        story += [Spacer(1, 6 * mm), w.heading("Competencies (latest run of each scenario)", 12)]
        data = [["Competency", "In assessments", "In practice"]] + [
            [title_of(cid), _pct(assessed), _pct(practised)]
            for cid, assessed, practised in report.competencies_by_mode
        ]
        story += [Spacer(1, 2 * mm), _table(w, data, [80 * mm, 30 * mm, 30 * mm])]
    if report.history:
        story += [Spacer(1, 6 * mm), w.heading("History", 12), Spacer(1, 2 * mm)]
        data = [["Date", "Scenario", "Mode", "Score", "Passed"]] + [
            [h.played.isoformat(), h.scenario, h.mode, f"{h.score}%", "yes" if h.passed else "no"]
            for h in report.history
        ]
        story.append(_table(w, data, [25 * mm, 90 * mm, 25 * mm, 18 * mm, 18 * mm]))
    story += [
        Spacer(1, 4 * mm),
        w.para(f"Generated {long_date(report.generated)} by Counterpart.", size=7.5),
        *w.stand_in_note(),
    ]
    return _build(story, f"Progress report — {report.name}", wide=False)


def _progress_table(w: Writer, rows: Sequence[ReportRow]) -> Table:
    """One mode's scenarios on a portrait page: competencies as a wrapped list, not columns."""
    data: list[list[str]] = [["Scenario", "Runs", "Latest", "Best", "Passed", "Competencies"]]
    for row in rows:
        data.append(
            [
                row.scenario,
                str(row.attempts),
                _pct(row.score),
                _pct(row.best),
                "" if row.passed is None else ("yes" if row.passed else "no"),
                ",  ".join(f"{title_of(cid)} {score}%" for cid, score in row.competencies),
            ]
        )
    widths = [58 * mm, 12 * mm, 15 * mm, 13 * mm, 15 * mm, 67 * mm]  # 180 mm: A4 less margins
    return _table(w, data, widths)


def _rows_table(w: Writer, rows: Sequence[ReportRow], competency_ids: Sequence[str]) -> Table:
    """Participant/scenario rows with one column per competency (landscape class report).

    Competency columns share what the participant and scenario columns leave
    (at least 100 mm), 18 mm each at most.
    """
    head = ["Participant", "Scenario", "Runs", "Score", "Best", "Pass"]
    head += [title_of(cid) for cid in competency_ids]
    data: list[list[str]] = [head]
    for row in rows:
        scores = dict(row.competencies)
        line = [row.participant]
        line += [
            row.scenario or "(no scenario finished)",
            str(row.attempts) if row.attempts else "",
            _pct(row.score),
            _pct(row.best),
            "" if row.passed is None else ("yes" if row.passed else "no"),
        ]
        line += [_pct(scores.get(cid)) for cid in competency_ids]
        data.append(line)
    fixed = 4 * [14 * mm]
    wanted = [_word_room(w, title_of(cid)) for cid in competency_ids]
    spare = 277 * mm - sum(fixed) - 100 * mm  # the participant and scenario keep 100 mm
    if sum(wanted) > spare:  # many long names: share alike (the cells' text then shrinks)
        wanted = [spare / len(wanted)] * len(wanted)
    usable = 277 * mm - sum(fixed) - sum(wanted)
    widths = [usable * 0.4, usable * 0.6, *fixed, *wanted]
    return _table(w, data, widths)


def _word_room(w: Writer, heading: str) -> float:
    """A column wide enough for the longest word of its heading (and a score), 14-40 mm."""
    words = heading.split() or [heading]
    widest = max(w.fonts.line(word, "sans-bold").width(8) for word in words)
    return float(min(40 * mm, max(14 * mm, widest + 2 * CELL_PADDING + 1)))


def _table(w: Writer, data: Sequence[Sequence[str]], widths: Sequence[float]) -> Table:
    """A striped table whose cells are shaped text; the header repeats on every page."""
    cells = [
        [w.para(text, "sans-bold" if r == 0 else "sans", 8 if r == 0 else 8.5) for text in line]
        for r, line in enumerate(data)
    ]
    table = Table(cells, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
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
