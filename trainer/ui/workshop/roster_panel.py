"""Who is in the room: the roster with a "present" tick each, walk-ins, ratings and actions.

Ticking or unticking is one core call (``set_present``); the list is then
redrawn from the snapshot, so what is ticked is always what the store holds.
Walk-ins and each person's self-ratings and action are entered in small
dialogs (:mod:`trainer.ui.workshop.people`), opened by A and C.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from trainer.ui.workshop.controller import WorkshopController
from trainer.workshop.views import Attendee

PROFILE_ROLE = Qt.ItemDataRole.UserRole


def _rated(values: tuple[int | None, ...]) -> bool:
    return any(v is not None for v in values)


def describe(person: Attendee) -> str:
    """A roster line: the name, and what has been entered for them."""
    marks = []
    if person.walk_in:
        marks.append("walk-in")
    if _rated(person.before):
        marks.append("rated before")
    if _rated(person.after):
        marks.append("after")
    if person.action:
        marks.append("action")
    return person.name + (f"   ({', '.join(marks)})" if marks else "")


class RosterPanel(QWidget):
    """The roster's list; ticking a name says they are here."""

    def __init__(self, controller: WorkshopController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.roster: tuple[Attendee, ...] = ()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setAccessibleName("Attendance")
        column.addWidget(self.heading)
        self.list = QListWidget()
        self.list.setAccessibleName("Roster: tick who is present")
        self.list.itemChanged.connect(self._ticked)
        column.addWidget(self.list, 1)

    def current_profile(self) -> int | None:
        item = self.list.currentItem()
        value = item.data(PROFILE_ROLE) if item is not None else None
        return value if isinstance(value, int) else None

    def show_roster(self, roster: tuple[Attendee, ...]) -> None:
        if roster == self.roster:
            return
        keep = self.current_profile()
        self.roster = roster
        self.list.blockSignals(True)
        self.list.clear()
        for person in roster:
            item = QListWidgetItem(describe(person))
            item.setData(PROFILE_ROLE, person.profile_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if person.present else Qt.CheckState.Unchecked)
            self.list.addItem(item)
            if person.profile_id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        here = sum(p.present for p in roster)
        self.heading.setText(f"<h3>Attendance: {here} of {len(roster)} present</h3>")

    def _ticked(self, item: QListWidgetItem) -> None:
        profile = item.data(PROFILE_ROLE)
        if isinstance(profile, int):
            present = item.checkState() == Qt.CheckState.Checked
            self.controller.set_present(profile, present)
