"""Setting up a workshop: the plan, who runs it, for which organisation, and who comes.

The roster is typed or pasted one name per line (any script: names are
text), or read from a CSV with a ``name`` column, the same files the
roster certificates take. A pasted spreadsheet keeps only its first column
(:func:`parse_roster`): a header row saying "Name" is dropped, and e-mail
addresses or lines of digits are left out with a warning, since every name
becomes a certificate. The names as they will be kept are listed before
Start. Start is one core call,
:meth:`LiveSession.start`; a mistake (an empty roster line is simply
dropped, a name too long is not) shows as a message with nothing started.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import QDir, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trainer.errors import TrainerError
from trainer.scenarios.library import Library
from trainer.scenarios.model import WorkshopPlan
from trainer.ui.messages import show_error

INTRO = (
    "<h2>Run a workshop</h2><p>Choose the plan, say who is facilitating, and list who is "
    "coming. Open it while you set up: the projector shows “Starting soon” and phones can "
    "join, and the first block and its clock start when you press N. Walk-ins can be added "
    "at any time. Everything you do is "
    "saved as you do it: if the laptop crashes or the lid closes, reopening offers to "
    "carry on where you were.</p>"
)


HEADERS = frozenset({"name", "names", "full name", "fullname", "attendee", "participant"})
EMAIL = re.compile(r"\S+@\S+\.\S+")
NOT_A_NAME = re.compile(r"^[\d\s+().#/-]+$")  # digits (a phone, an id), no letters


@dataclass(frozen=True, slots=True)
class Roster:
    """The names kept from a typed or pasted roster, and why any line was left out."""

    names: tuple[str, ...]
    left_out: tuple[str, ...]  # one sentence per line not taken as a name


def _looks_like_csv(line: str) -> bool:
    """A comma is a column break only when the line looks like CSV, not "Okafor, Ada"."""
    fields = [f.strip() for f in line.split(",")]
    if len(fields) < 2:
        return False
    quoted = line.lstrip().startswith('"')
    rest = fields[1:]
    return (
        quoted
        or len(fields) > 2
        or any(EMAIL.search(f) or NOT_A_NAME.match(f) for f in rest if f)
        or fields[0].casefold() in HEADERS
    )


def first_column(line: str) -> str:
    """The first column of a pasted spreadsheet or CSV line (split on tab, ';', CSV ',')."""
    for separator in ("\t", ";"):
        if separator in line:
            return _unquote(line.split(separator, 1)[0])
    if _looks_like_csv(line):
        return _unquote(line.split(",", 1)[0])
    return line.strip()


def _unquote(field: str) -> str:
    field = field.strip()
    if len(field) >= 2 and field[0] == field[-1] == '"':
        field = field[1:-1].replace('""', '"')
    return field.strip()


def name_problem(name: str) -> str | None:
    """Why ``name`` is not someone's name for a certificate (None if it may be)."""
    if EMAIL.search(name):
        return "is an e-mail address, not a name"
    if NOT_A_NAME.match(name):
        return "is only digits, not a name"
    return None


def parse_roster(text: str) -> Roster:
    """Names, one per line: the first column of a paste, no header, no e-mails or digits."""
    names: list[str] = []
    left_out: list[str] = []
    first = True
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name = first_column(line)
        header, first = first and name.casefold() in HEADERS, False
        if header or not name:
            continue
        problem = name_problem(name)
        if problem:
            left_out.append(f"Line {number}, “{name}”, {problem}: left out.")
        else:
            names.append(name)
    return Roster(tuple(names), tuple(left_out))


def roster_lines(text: str) -> list[str]:
    """The names a roster box gives (see :func:`parse_roster`); blank lines dropped."""
    return list(parse_roster(text).names)


class SetupPage(QWidget):
    """The form; ``start(plan, facilitator, organisation, names)`` when Start is pressed."""

    start = Signal(object, str, str, list)

    def __init__(self, organisation: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.own_plan: WorkshopPlan | None = None
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.plans = QComboBox()
        self.plans.setAccessibleName("Workshop plan")
        self.plan_summary = QLabel()
        self.plan_summary.setWordWrap(True)
        self.plan_summary.setAccessibleName("About the plan")
        own = QPushButton("Open a plan &file…")
        own.setAccessibleName("Open your own plan file")
        own.clicked.connect(self.choose_plan_file)
        self.facilitator = QLineEdit()
        self.facilitator.setAccessibleName("Facilitator's name")
        self.organisation = QLineEdit(organisation())
        self.organisation.setAccessibleName("Organisation")
        self.roster = QPlainTextEdit()
        self.roster.setAccessibleName("Roster: one name per line")
        self.roster.setPlaceholderText(
            "One name per line: type them, or paste a column from a spreadsheet"
        )
        self.roster.setTabChangesFocus(True)
        self.count = QLabel()
        self.count.setAccessibleName("How many on the roster")
        self.parsed = QLabel()
        self.parsed.setWordWrap(True)
        self.parsed.setTextFormat(Qt.TextFormat.RichText)
        self.parsed.setAccessibleName("The names as they will go on the certificates")
        csv = QPushButton("Read a &CSV of names…")
        csv.setAccessibleName("Read the roster from a CSV file")
        csv.clicked.connect(self.choose_csv)
        self.start_button = QPushButton("&Open the workshop")
        self.start_button.setAccessibleName("Open the workshop")
        self.start_button.setToolTip(
            "Opens the console and the projector; the first block and the clock start "
            "when you press N, once the room is ready."
        )
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._start)
        plan_row = QHBoxLayout()
        plan_row.addWidget(self.plans, 1)
        plan_row.addWidget(own)
        roster_row = QHBoxLayout()
        roster_row.addWidget(self.count, 1)
        roster_row.addWidget(csv)
        form = QFormLayout()
        plan_label = QLabel("&Plan:")
        plan_label.setBuddy(self.plans)
        form.addRow(plan_label, plan_row)
        form.addRow("", self.plan_summary)
        form.addRow("Facilitator's &name:", self.facilitator)
        form.addRow("&Organisation:", self.organisation)
        form.addRow("&Roster:", self.roster)
        form.addRow("", roster_row)
        form.addRow("", self.parsed)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form, 1)
        column.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignRight)
        self.plans.currentIndexChanged.connect(self._describe_plan)
        self.roster.textChanged.connect(self._count)
        self._count()

    def show_plans(self, library: Library) -> None:
        """The bundled plans (and the trainer's own, found in their content folder)."""
        self.plans.clear()
        for plan in sorted(library.plans.values(), key=lambda p: p.title):
            self.plans.addItem(
                f"{plan.title} ({plan.minutes} min, {len(plan.blocks)} blocks)", plan
            )
        if self.own_plan is not None:
            self._add_own(self.own_plan)
        self._describe_plan()

    def plan(self) -> WorkshopPlan | None:
        chosen = self.plans.currentData()
        return chosen if isinstance(chosen, WorkshopPlan) else None

    def _describe_plan(self) -> None:
        plan = self.plan()
        self.plan_summary.setText(
            plan.summary or "" if plan else "No plan found: open a plan file."
        )
        self.start_button.setEnabled(plan is not None)

    def _count(self) -> None:
        """How many, who (as the certificates will name them), and any line left out."""
        roster = parse_roster(self.roster.toPlainText())
        n = len(roster.names)
        self.count.setText(f"{n} {'person' if n == 1 else 'people'} on the roster")
        parts = []
        if roster.names:
            parts.append("Names as they go on the certificates: " + escape(", ".join(roster.names)))
        parts += [f"<b>{escape(line)}</b>" for line in roster.left_out]
        self.parsed.setText("<br>".join(parts))
        self.parsed.setVisible(bool(parts))

    # --- files ---------------------------------------------------------------
    def choose_plan_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Workshop plan", QDir.homePath(), "Workshop plans (*.yaml *.yml);;All files (*)"
        )
        if chosen:
            self.load_plan_file(Path(chosen))

    def load_plan_file(self, path: Path) -> None:
        from trainer.scenarios.loader import load

        try:
            plan = load(path, WorkshopPlan)
        except TrainerError as exc:
            self.message = show_error(self, str(exc))
            return
        self.own_plan = plan
        self._add_own(plan)

    def _add_own(self, plan: WorkshopPlan) -> None:
        self.plans.addItem(f"{plan.title} (your file, {plan.minutes} min)", plan)
        self.plans.setCurrentIndex(self.plans.count() - 1)

    def choose_csv(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Roster file", QDir.homePath(), "CSV files (*.csv *.txt);;All files (*)"
        )
        if chosen:
            self.read_csv(Path(chosen))

    def read_csv(self, path: Path) -> None:
        """Add the CSV's names (a ``name`` column) to the roster box."""
        from trainer.reports.batch import read_roster

        try:
            rows = read_roster(path)
        except TrainerError as exc:
            self.message = show_error(self, str(exc))
            return
        have = roster_lines(self.roster.toPlainText())
        self.roster.setPlainText("\n".join([*have, *(r.name for r in rows if r.name not in have)]))

    def _start(self) -> None:
        plan = self.plan()
        if plan is None:
            return
        names = roster_lines(self.roster.toPlainText())
        self.start.emit(plan, self.facilitator.text(), self.organisation.text(), names)

    def take_focus(self) -> None:
        (self.facilitator if not self.facilitator.text() else self.roster).setFocus()
