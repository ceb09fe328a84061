"""Offering the run someone left unfinished: resume it, keep it for later, or discard it.

Discarding asks again, then sets the run aside in one core call
(:meth:`trainer.app.desk.Desk.set_aside`); resuming is the play page's job,
so the flow only says which run (``resume``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from trainer.store import Attempt
from trainer.ui.session import Session


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
        unfinished = self.session.unfinished()
        if not unfinished:
            return
        from trainer.ui.dialogs.resume import ResumePrompt

        attempt = unfinished[0]
        made = self.session.desk.choices_made(attempt)
        title = self.session.title_of(attempt.scenario_id)
        prompt = ResumePrompt(attempt, title, made, self.window)
        prompt.finished.connect(lambda _result: self._answered(prompt))
        self.prompt = prompt
        prompt.open()

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
