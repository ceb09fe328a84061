"""Report rows as CSV that spreadsheet programs open cleanly and safely.

UTF-8 with a byte-order mark so Excel shows accents and Greek correctly,
CRLF line ends and quoting as Excel writes them, one column per competency.
A text cell that starts like a formula (``=``, ``+``, ``-``, ``@``, tab or
carriage return) gets a leading apostrophe, so a participant named
``=HYPERLINK(...)`` stays a name instead of becoming a live formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from trainer.reports.report_content import ClassReport, ReportRow, WorkshopRecord

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | None


def neutralise(cell: Cell) -> Cell:
    """A text cell made inert; numbers and empty cells pass through."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def report_table(rows: Sequence[ReportRow], competency_ids: Sequence[str]) -> list[list[Cell]]:
    """Header plus one line per participant and scenario, as plain cells."""
    header: list[Cell] = [
        "participant",
        "scenario_id",
        "scenario",
        "attempts",
        "score",
        "best",
        "passed",
        *competency_ids,
        "critical",
        "last_played",
    ]
    modes = any(row.mode for row in rows)  # a progress report: practice and assessment apart
    if modes:
        header.append("mode")
    table = [header]
    for row in rows:
        scores = dict(row.competencies)
        table.append(
            [
                row.participant,
                row.scenario_id,
                row.scenario,
                row.attempts,
                row.score,
                row.best,
                "" if row.passed is None else ("yes" if row.passed else "no"),
                *(scores.get(cid) for cid in competency_ids),
                "; ".join(row.critical),
                row.last_played.isoformat() if row.last_played else "",
                *([row.mode] if modes else []),
            ]
        )
    return table


def csv_bytes(table: Sequence[Sequence[Cell]]) -> bytes:
    """The table as Excel-style CSV in UTF-8 with BOM, every text cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel", quoting=csv.QUOTE_MINIMAL)
    for line in table:
        writer.writerow(["" if c is None else neutralise(c) for c in line])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def class_report_table(report: ClassReport) -> list[list[Cell]]:
    """The class report as one sheet: the participant rows first (as before), then, for a
    workshop run in facilitator mode, one section per part, each under its own header row
    and after a blank line."""
    table = report_table(report.rows, report.competency_ids)
    if report.workshop is not None:
        for section in workshop_sections(report.workshop):
            table += [[], *section]
    return table


def workshop_sections(record: WorkshopRecord) -> list[list[list[Cell]]]:
    """Attendance, agenda, the room's decisions, ratings, actions, imports: header + lines each."""
    attendance: list[list[Cell]] = [["attendance", "participant", "walk_in", "present"]]
    attendance += [["", a.participant, _yes(a.walk_in), _yes(a.present)] for a in record.attendance]
    agenda: list[list[Cell]] = [
        [
            "agenda",
            "block",
            "kind",
            "planned_start_min",
            "planned_min",
            "extended_min",
            "actual_start_min",
            "actual_min",
            "state",
        ]
    ]
    agenda += [
        [
            "",
            line.title,
            line.kind,
            line.planned_start // 60,
            line.planned_minutes,
            line.extended_minutes,
            None if line.actual_start is None else line.actual_start // 60,
            None if line.actual_seconds is None else round(line.actual_seconds / 60),
            line.state,
        ]
        for line in record.agenda
    ]
    room: list[list[Cell]] = [
        [
            "room_run",
            "scenario",
            "ending",
            "score",
            "passed",
            "decision",
            "heard",
            "chosen",
            "option_taken",
            "votes",
            "majority",
            "what_if",
        ]
    ]
    for run in record.room_runs:
        for d in run.decisions:
            room.append(
                [
                    "",
                    run.scenario,
                    run.ending if run.finished else "(left before an ending)",
                    run.score,
                    "" if run.passed is None else _yes(run.passed),
                    d.number,
                    d.heard,
                    d.chosen,
                    d.taken,
                    " / ".join(str(c) for c in d.counts),
                    d.majority,
                    _yes(d.what_if),
                ]
            )
    ratings: list[list[Cell]] = [
        [
            "self_rating",
            "question",
            "before_average",
            "before_count",
            "after_average",
            "after_count",
        ]
    ]
    ratings += [
        [
            "",
            r.question,
            _number(r.before_average),
            r.before_count,
            _number(r.after_average),
            r.after_count,
        ]
        for r in record.ratings
    ]
    actions: list[list[Cell]] = [["action", "participant", "text"]]
    actions += [["", a.participant, a.text] for a in record.actions]
    imported: list[list[Cell]] = [["imported_result", "participant", "scenario", "score", "passed"]]
    imported += [
        ["", i.participant, i.scenario, i.score, "" if i.passed is None else _yes(i.passed)]
        for i in record.imported
    ]
    return [attendance, agenda, room, ratings, actions, imported]


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"
