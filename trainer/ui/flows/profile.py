"""Who is practising: the first-start question, Switch profile, and the organisation.

Switching while a run is open asks first (the run is kept for its owner).
The switch itself is one core call, :meth:`trainer.app.desk.Desk.switch_profile`;
``switched`` fires only when someone else now practises, so the window can go
back to the library and offer that person's unfinished run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from trainer.app.desk import ANONYMOUS
from trainer.ui.session import Session

if TYPE_CHECKING:  # the dialogs' classes load when one first opens
    from PySide6.QtWidgets import QDialog, QMessageBox


class ProfileFlow(QObject):
    """Asks who is practising and switches to them."""

    switched = Signal()

    def __init__(self, session: Session, window: QWidget, run_open: Callable[[], bool]) -> None:
        super().__init__(window)
        self.session = session
        self.window = window
        self.run_open = run_open  # whether a run is open on the play page
        self.dialog: QDialog | None = None
        self.question: QMessageBox | None = None
        self.organisation_dialog: QDialog | None = None

    def ask(self, first_start: bool) -> None:
        """Choose who is practising; if a run is open, ask before leaving it."""
        profile = self.session.profile
        if not first_start and self.run_open() and profile is not None:
            from trainer.ui.dialogs import common as dialogs

            self.question = dialogs.ask(
                self.window,
                "Switch profile",
                f"Leave {profile.name}'s run?",
                f"It is kept and can be resumed by {profile.name}.",
                "&Leave the run",
                lambda: self._open(first_start),
            )
        else:
            self._open(first_start)

    def _open(self, first_start: bool) -> None:
        from trainer.ui.dialogs.profile import ProfileDialog

        current = self.session.profile
        dialog = ProfileDialog(
            self.session.desk.profiles(),
            first_start,
            self.window,
            current=current.name if current else "",
        )
        dialog.accepted.connect(lambda: self.choose(dialog.chosen_name, dialog.call_name))
        if first_start:
            dialog.accepted.connect(lambda: self._name_organisation(dialog.organisation))
            dialog.rejected.connect(lambda: self.choose(ANONYMOUS))
        self.dialog = dialog
        dialog.open()

    def choose(self, name: str, call_name: str = "") -> None:
        """Practise as ``name``: what the dialog does when someone is picked."""
        switched = self.session.perform(self.session.desk.switch_profile, name, call_name)
        if switched.someone_else:
            self.switched.emit()

    def _name_organisation(self, organisation: str) -> None:
        if organisation:
            self.session.perform(self.session.desk.name_organisation, organisation)

    def ask_organisation(self) -> None:
        """File ▸ Organisation…: the name printed on certificates and used in dialogue."""
        from trainer.ui.dialogs import common as dialogs

        dialog = dialogs.OrganisationDialog(self.session.organisation(), self.window)
        dialog.accepted.connect(
            lambda: self.session.perform(self.session.desk.name_organisation, dialog.organisation)
        )
        self.organisation_dialog = dialog
        dialog.open()
