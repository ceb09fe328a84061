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

from trainer.reports.report_content import ReportRow

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
