"""On start, offer to resume a run the app was closed (or killed) in the middle of."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from trainer.store import Attempt


class ResumePrompt(QMessageBox):
    """Resume / not now / set it aside. Read :attr:`choice` after ``finished``."""

    RESUME, LATER, DISCARD = "resume", "later", "discard"

    def __init__(
        self, attempt: Attempt, title: str, choices: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.attempt = attempt
        self.choice = self.LATER
        self.setWindowTitle("Unfinished run")
        self.setAccessibleName("Unfinished run")
        started = attempt.started.astimezone()
        made = f"{choices} choice{'s' if choices != 1 else ''} made"
        self.setText(
            f"You have an unfinished {attempt.mode} run of “{title}” "
            f"from {started:%d %B at %H:%M} ({made})."
        )
        self.setInformativeText("Resume it where you left off? Nothing you saw was lost.")
        self.resume_button = self.addButton("&Resume", QMessageBox.ButtonRole.AcceptRole)
        self.later_button = self.addButton("&Not now", QMessageBox.ButtonRole.RejectRole)
        self.discard_button = self.addButton(
            "&Set it aside", QMessageBox.ButtonRole.DestructiveRole
        )
        self.resume_button.setAccessibleName("Resume the run")
        self.later_button.setAccessibleName("Not now")
        self.discard_button.setAccessibleName("Set the run aside")
        self.setDefaultButton(self.resume_button)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button: object) -> None:
        if button is self.resume_button:
            self.choice = self.RESUME
        elif button is self.discard_button:
            self.choice = self.DISCARD
        else:
            self.choice = self.LATER
