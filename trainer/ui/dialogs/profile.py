"""Who is practising: asked on first start, changeable later.

The name is used in the dialogue ("Listen, Ada…") and on certificates.
Continuing anonymously keeps runs under a shared "Anonymous" profile; the
dialogue then addresses the trainee generically and no certificate is made.
On first start the dialog also asks, optionally, for the organisation that
certificates name (File ▸ Organisation… changes it later).

Keys: Enter in a text field continues with the typed name; Enter on a
focused button presses that button. Esc cancels Switch profile, but at first
start it does nothing, so a typed name is never swapped for "Anonymous"
without the trainee choosing "Continue anonymously".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trainer.store import Profile

ANONYMOUS = "Anonymous"
MAX_NAME = 100
MAX_ORGANISATION = 120


class ProfileDialog(QDialog):
    """Type a name, pick an existing profile, or continue anonymously.

    After ``accepted``, :attr:`chosen_name` holds the name to use and
    :attr:`organisation` what was typed as the organisation ("" if nothing).
    """

    def __init__(
        self,
        profiles: list[Profile],
        first_start: bool,
        parent: QWidget | None = None,
        current: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Counterpart" if first_start else "Switch profile")
        self.setAccessibleName(self.windowTitle())
        self.first_start = first_start
        self.chosen_name = ""
        col = QVBoxLayout(self)
        intro = (
            "Practise tough conversations from public service. What is your name?\n"
            "It is used in the conversations and on your certificates, and keeps "
            "your progress apart from other people using this computer."
            if first_start
            else "Continue as someone listed, or type a new name."
            + (f"\nCurrently: {current}." if current else "")
        )
        text = QLabel(intro)
        text.setWordWrap(True)
        col.addWidget(text)
        named = [p for p in profiles if p.name != ANONYMOUS]
        self.list = QListWidget()
        self.list.setAccessibleName("Existing profiles")
        for profile in named:
            self.list.addItem(profile.name)
        self.list.itemActivated.connect(lambda item: self._finish(item.text()))
        # Selection, not the current item: Tab into the list makes the first
        # item current without selecting it, and must not overwrite a typed name.
        self.list.itemSelectionChanged.connect(self._picked)
        self.list.setVisible(bool(named))
        col.addWidget(self.list)
        label = QLabel("&Your name:")
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_NAME)
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("e.g. Ada Lovelace")
        label.setBuddy(self.name)
        col.addWidget(label)
        col.addWidget(self.name)
        # Said as the name is entered: a name no certificate could print (see
        # trainer.reports.names) is not found out when the certificate is due.
        self.name_problem = QLabel()
        self.name_problem.setWordWrap(True)
        self.name_problem.setAccessibleName("Problem with this name")
        self.name_problem.hide()
        col.addWidget(self.name_problem)
        self.known = {p.name.casefold() for p in profiles}
        call_label = QLabel("What should people in the conversations &call you? (optional)")
        call_label.setWordWrap(True)
        self.call_edit = QLineEdit()
        self.call_edit.setMaxLength(MAX_NAME)
        self.call_edit.setAccessibleName("What people in the conversations call you (optional)")
        self.call_edit.setPlaceholderText("e.g. Ada — your full name stays on certificates")
        call_label.setBuddy(self.call_edit)
        col.addWidget(call_label)
        col.addWidget(self.call_edit)
        self.organisation_edit = QLineEdit()
        self.organisation_edit.setMaxLength(MAX_ORGANISATION)
        self.organisation_edit.setAccessibleName("Organisation, for certificates (optional)")
        self.organisation_edit.setPlaceholderText("Optional, e.g. Riverside Borough Council")
        if first_start:
            org_label = QLabel("&Organisation (for certificates):")
            org_label.setBuddy(self.organisation_edit)
            col.addWidget(org_label)
            col.addWidget(self.organisation_edit)
        else:
            self.organisation_edit.hide()
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("&Continue", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setAccessibleName("Continue with this name")
        self.anonymous = QPushButton("Continue &anonymously")
        self.anonymous.setAccessibleName("Continue anonymously")
        buttons.addButton(self.anonymous, QDialogButtonBox.ButtonRole.ActionRole)
        if not first_start:
            cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
            cancel.setAccessibleName("Cancel: keep the current profile")
            buttons.rejected.connect(self.reject)
        self.ok.clicked.connect(lambda: self._finish(self.name.text()))
        self.anonymous.clicked.connect(lambda: self._finish(ANONYMOUS))
        self.name.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        self.ok.setEnabled(False)
        col.addWidget(buttons)
        # Only once the button is inside the dialog does QDialog record it as
        # the default that Enter returns to after focus leaves another button;
        # set earlier, the last button tabbed past took Enter from the name field.
        self.ok.setDefault(True)
        for edit in (self.name, self.call_edit, self.organisation_edit):
            # Room for the whole example at any text size; "MM" covers frame and margins.
            example = edit.placeholderText() + "MM"
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(example))
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def call_name(self) -> str:
        """How the dialogue addresses this person ("" to use the full name)."""
        return " ".join(self.call_edit.text().split())

    @property
    def organisation(self) -> str:
        return " ".join(self.organisation_edit.text().split())

    def _picked(self) -> None:
        selected = self.list.selectedItems()
        if selected:
            self.name.setText(selected[0].text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.first_start and event.matches(QKeySequence.StandardKey.Cancel):
            event.accept()  # see the module docstring: no silent "Anonymous"
            return
        super().keyPressEvent(event)

    def _finish(self, name: str) -> None:
        name = " ".join(name.split())
        if not name:
            return
        if name != ANONYMOUS and name.casefold() not in self.known:
            from trainer.reports.names import name_problem  # loads fonts: only when asked

            problem = name_problem(name)
            if problem is not None:
                self.name_problem.setText(problem)
                self.name_problem.show()
                self.name.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.chosen_name = name
        self.accept()
