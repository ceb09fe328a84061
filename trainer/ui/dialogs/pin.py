"""The profile PIN on screen: asking for it, and setting, changing or removing it.

Two dialogs over :mod:`trainer.app.pin`, where the PIN is checked and wrong
tries are counted (a view never decides whether a PIN is right):

- :class:`PinPrompt` asks for the current profile's PIN before something
  that needs it (an assessment, a certificate). :func:`ask_pin` is the one
  entry point: with no PIN on the profile it goes straight on. A wrong PIN
  is said plainly in the dialog, which stays open for another try; after too
  many the core makes the next try wait, and the dialog says for how long.
- :class:`PinSettings` sets, changes or removes the PIN (File ▸ Profile
  PIN…, :func:`open_dialog`). Changing or removing needs the PIN it has.

Both are opened, not exec'd, and hand their answer to a callback.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trainer.app import pin as pins
from trainer.errors import TrainerError
from trainer.ui.session import Session

Clock = pins.Clock


def _pin_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(pins.MAX_DIGITS)
    field.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d*")))
    field.setInputMethodHints(
        Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
    )
    field.setAccessibleName(name)
    return field


def _problem_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName("Problem")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class PinPrompt(QDialog):
    """Asks for a profile's PIN; ``pin`` holds it once the core has accepted it."""

    def __init__(
        self,
        session: Session,
        profile_id: int,
        purpose: str,
        parent: QWidget | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.profile_id = profile_id
        self.clock: Clock = clock or time.time
        self.pin: str | None = None
        profile = session.store.get_profile(profile_id)
        self.setWindowTitle("PIN")
        self.setAccessibleName("Type your PIN")
        col = QVBoxLayout(self)
        self.intro = QLabel(f"“{profile.name}” has a PIN. Type it {purpose}.")
        self.intro.setWordWrap(True)
        col.addWidget(self.intro)
        label = QLabel("&PIN:")
        self.field = _pin_field("PIN")
        label.setBuddy(self.field)
        col.addWidget(label)
        col.addWidget(self.field)
        self.problem = _problem_label()
        col.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setAccessibleName("OK")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        col.addWidget(buttons)
        self.resize(380, self.sizeHint().height())

    def _check(self) -> None:
        """OK: one core call; a wrong PIN keeps the dialog open and says why."""
        text = self.field.text()
        try:
            pins.verify(self.session.store, self.profile_id, text, self.clock)
        except TrainerError as exc:
            self.field.clear()
            self.problem.setText(str(exc))
            self.problem.show()
            self.field.setFocus()
            return
        self.pin = text.strip()
        self.accept()


def needs_pin(session: Session, profile_id: int) -> bool:
    """Whether :func:`ask_pin` would ask (the profile has a PIN)."""
    return pins.has_pin(session.store, profile_id)


def ask_pin(
    parent: QWidget,
    session: Session,
    profile_id: int,
    purpose: str,
    go: Callable[[str | None], None],
    cancelled: Callable[[], None] | None = None,
) -> PinPrompt | None:
    """Ask for the profile's PIN, then ``go(pin)``; with no PIN on it, ``go(None)`` at once.

    ``purpose`` finishes the sentence "Type it …" (e.g. "to start the
    assessment"). Returns the open prompt, or None when nothing was asked.
    """
    if not needs_pin(session, profile_id):
        go(None)
        return None
    prompt = PinPrompt(session, profile_id, purpose, parent)
    prompt.setWindowModality(Qt.WindowModality.WindowModal)
    prompt.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(result: int) -> None:
        parent.window().activateWindow()  # the keys go back to the window it was asked from
        if result == QDialog.DialogCode.Accepted and prompt.pin is not None:
            go(prompt.pin)
        elif cancelled is not None:
            cancelled()

    prompt.finished.connect(answered)
    prompt.open()
    return prompt


class PinSettings(QDialog):
    """Set, change or remove the current profile's PIN."""

    def __init__(
        self, session: Session, parent: QWidget | None = None, clock: Clock | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.clock: Clock = clock or time.time
        profile = session.profile
        if profile is None:
            raise TrainerError("choose who is practising first (File ▸ Switch profile)")
        self.profile_id = profile.id
        has = pins.has_pin(session.store, profile.id)
        self.setWindowTitle("Profile PIN")
        self.setAccessibleName("Profile PIN")
        col = QVBoxLayout(self)
        about = (
            f"“{profile.name}” has a PIN: starting or resuming an assessment and writing "
            "a certificate ask for it. Change it, or remove it."
            if has
            else f"On a shared computer, give “{profile.name}” a PIN of "
            f"{pins.MIN_DIGITS} to {pins.MAX_DIGITS} digits: then starting or resuming an "
            "assessment and writing a certificate ask for it, so nobody else can take "
            "them in your name. Practice never asks."
        )
        intro = QLabel(about)
        intro.setWordWrap(True)
        col.addWidget(intro)
        form = QFormLayout()
        self.current = _pin_field("Current PIN")
        self.new = _pin_field("New PIN")
        self.repeat = _pin_field("New PIN again")
        if has:
            form.addRow(self._label("&Current PIN:", self.current), self.current)
        form.addRow(self._label("&New PIN:", self.new), self.new)
        form.addRow(self._label("New PIN &again:", self.repeat), self.repeat)
        col.addLayout(form)
        self.problem = _problem_label()
        col.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        self.save_button = QPushButton("&Change the PIN" if has else "&Set the PIN")
        self.save_button.setAccessibleName(self.save_button.text().replace("&", ""))
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self._save)
        self.remove_button = QPushButton("&Remove the PIN")
        self.remove_button.setAccessibleName("Remove the PIN")
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.remove_button.setVisible(has)  # after adding: the box shows what it is given
        self.remove_button.clicked.connect(self._remove)
        buttons.rejected.connect(self.reject)
        col.addWidget(buttons)
        self.done_text: str | None = None
        self.resize(460, self.sizeHint().height())

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _save(self) -> None:
        if self.new.text() != self.repeat.text():
            self._refuse("The two new PINs are not the same; type them again.")
            return
        current = self.current.text() if self.current.isVisibleTo(self) else None
        try:
            self.session.perform(
                pins.set_pin,
                self.session.store,
                self.profile_id,
                self.new.text(),
                current,
                self.clock,
            )
        except TrainerError as exc:
            self._refuse(str(exc))
            return
        self.done_text = "The PIN is set."
        self.accept()

    def _remove(self) -> None:
        try:
            self.session.perform(
                pins.remove_pin,
                self.session.store,
                self.profile_id,
                self.current.text(),
                self.clock,
            )
        except TrainerError as exc:
            self._refuse(str(exc))
            return
        self.done_text = "The PIN is removed."
        self.accept()

    def _refuse(self, message: str) -> None:
        for field in (self.current, self.new, self.repeat):
            field.clear()
        self.problem.setText(message)
        self.problem.show()
        (self.current if self.current.isVisibleTo(self) else self.new).setFocus()


def open_dialog(session: Session, parent: QWidget) -> QDialog | None:
    """File ▸ Profile PIN…: the settings for the current profile (a message if there is none)."""
    if session.profile is None or session.anonymous:
        from trainer.ui.messages import show_error

        show_error(
            parent,
            "A PIN protects your own profile. Switch to it first (File ▸ Switch profile); "
            "the Anonymous profile is for anyone and cannot have one.",
        )
        return None
    dialog = PinSettings(session, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
