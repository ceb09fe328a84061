"""Offering the run someone left unfinished: resume it, keep it for later, or discard it.

Discarding asks again, then sets the run aside in one core call
(:meth:`trainer.app.desk.Desk.set_aside`); resuming is the play page's job,
so the flow only says which run (``resume``).

The offer waits for the library: only then can it name the scenario by its
title, and tell a run that is truly unfinished from one that reached its
ending just before the app stopped. That one is saved as finished first
(:func:`trainer.app.runs.recover_ended`) and offered to be seen, with its
debrief; there is nothing to discard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from trainer.errors import TrainerError, UnknownIdError
from trainer.store import Attempt
from trainer.ui.session import Session

if TYPE_CHECKING:  # the message box's class loads when one first opens
    from PySide6.QtWidgets import QMessageBox


class ResumeFlow(QObject):
    """Offers the current trainee's unfinished run, if there is one."""

    resume = Signal(object)  # the Attempt to resume

    def __init__(self, session: Session, window: QWidget) -> None:
        super().__init__(window)
        self.session = session
        self.window = window
        self.prompt: QMessageBox | None = None
        self.question: QMessageBox | None = None

    def offer(self) -> None:
        if self.session.unfinished():
            self.session.when_loaded(self._offer)

    def _offer(self) -> None:
        if self.prompt is not None and self.prompt.isVisible():
            return
        from trainer.app import runs  # the engine and scoring: loaded with the library

        try:
            recovered = self.session.perform(runs.recover_ended, self.session.desk).attempts
        except TrainerError:
            recovered = ()  # offered as unfinished; resuming saves it or says why
        unfinished = self.session.unfinished()
        if not recovered and not unfinished:
            return
        from trainer.ui.dialogs.resume import ResumePrompt

        attempt = recovered[0] if recovered else unfinished[0]
        made = self.session.desk.choices_made(attempt)
        title = self._title(attempt.scenario_id)
        prompt = ResumePrompt(attempt, title, made, self.window, ended=bool(recovered))
        prompt.finished.connect(lambda _result: self._answered(prompt))
        self.prompt = prompt
        prompt.open()

    def _title(self, scenario_id: str) -> str:
        """The scenario's title from the loaded library (the catalogue may not be cached)."""
        library = self.session.library
        if library is not None:
            try:
                return library.get(scenario_id).scenario.title
            except UnknownIdError:
                pass
        return self.session.title_of(scenario_id)

    def _answered(self, prompt: QMessageBox) -> None:
        from trainer.ui.dialogs.resume import ResumePrompt

        assert isinstance(prompt, ResumePrompt)
        if prompt.choice == ResumePrompt.RESUME:
            self.resume.emit(prompt.attempt)
        elif prompt.choice == ResumePrompt.DISCARD:
            self._confirm_discard(prompt.attempt)

    def _confirm_discard(self, attempt: Attempt) -> None:
        from trainer.ui.dialogs import common as dialogs

        self.question = dialogs.ask(
            self.window,
            "Discard this run",
            "Discard this unfinished run?",
            "You will not be able to resume it. It stays in your history as not finished.",
            "&Discard the run",
            lambda: self._discard(attempt),
        )

    def _discard(self, attempt: Attempt) -> None:
        self.session.perform(self.session.desk.set_aside, attempt)
