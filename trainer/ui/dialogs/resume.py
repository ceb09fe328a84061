"""On start, offer to resume a run the app was closed (or killed) in the middle of."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from trainer.store import Attempt


class ResumePrompt(QMessageBox):
    """Resume / not now / discard. Read :attr:`choice` after ``finished``.

    "Not now" keeps the run for later; "Discard this run…" is the one that
    gives it up, and the window asks again before doing so. A run that had
    reached its ending (``ended``) is already saved as finished: it is
    offered to be seen, with its debrief, and there is nothing to discard.
    """

    RESUME, LATER, DISCARD = "resume", "later", "discard"

    def __init__(
        self,
        attempt: Attempt,
        title: str,
        choices: int,
        parent: QWidget | None = None,
        *,
        ended: bool = False,
    ) -> None:
        super().__init__(parent)
        self.attempt = attempt
        self.choice = self.LATER
        started = attempt.started.astimezone()
        made = f"{choices} choice{'s' if choices != 1 else ''} made"
        self.discard_button: QAbstractButton | None = None
        if ended:
            self._ended(attempt, title, f"{started:%d %B at %H:%M}")
            return
        self.setWindowTitle("Unfinished run")
        self.setAccessibleName("Unfinished run")
        self.setText(
            f"You have an unfinished {attempt.mode} run of “{title}” "
            f"from {started:%d %B at %H:%M} ({made})."
        )
        self.setInformativeText(
            "Resume it where you left off? Nothing you saw was lost.\n"
            "“Not now” keeps it: you can resume it later from the library. "
            "“Discard this run” gives it up for good."
        )
        self.resume_button = self.addButton("&Resume", QMessageBox.ButtonRole.AcceptRole)
        self.later_button = self.addButton("&Not now", QMessageBox.ButtonRole.RejectRole)
        self.discard_button = self.addButton(
            "&Discard this run…", QMessageBox.ButtonRole.DestructiveRole
        )
        self.resume_button.setAccessibleName("Resume the run")
        self.later_button.setAccessibleName("Not now; keep the run for later")
        self.later_button.setToolTip("Keep the run; resume it later from the library.")
        self.discard_button.setAccessibleName("Discard this run")
        self.discard_button.setToolTip("Give the run up; you will be asked to confirm.")
        self.setDefaultButton(self.resume_button)
        self.buttonClicked.connect(self._clicked)

    def _ended(self, attempt: Attempt, title: str, started: str) -> None:
        """The run reached its ending before the app stopped; its result is saved now."""
        self.setWindowTitle("Finished run")
        self.setAccessibleName("Finished run")
        self.setText(
            f"Your {attempt.mode} run of “{title}” from {started} reached its ending just "
            "before Counterpart closed. Its result has been saved."
        )
        self.setInformativeText(
            "Open it to see how it ended and read the debrief? "
            "“Not now” keeps it in your progress, where the debrief is too."
        )
        self.resume_button = self.addButton("&Show how it ended", QMessageBox.ButtonRole.AcceptRole)
        self.later_button = self.addButton("&Not now", QMessageBox.ButtonRole.RejectRole)
        self.resume_button.setAccessibleName("Show how the run ended and its debrief")
        self.later_button.setAccessibleName("Not now; the result is saved")
        self.setDefaultButton(self.resume_button)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button: object) -> None:
        if button is self.resume_button:
            self.choice = self.RESUME
        elif button is self.discard_button:
            self.choice = self.DISCARD
        else:
            self.choice = self.LATER
