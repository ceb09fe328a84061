"""Small dialogs the pages and the menus share: a question, the organisation, help.

Each is opened, not exec'd (no nested event loop), and hands its answer to a
callback, so the caller's slot stays one call long and tests can click the
real buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from trainer import __version__, paths

MAX_ORGANISATION = 120

GETTING_STARTED = """\
<h3>Getting started</h3>
<p><b>1. Pick a scenario</b> in the Library. Each one is a short conversation
from public service: an upset resident, a colleague guarding their patch, a
request you should refuse.</p>
<p><b>2. Practise first.</b> In <b>practice</b> you get a coaching tip after
every choice and Ctrl+Z takes a choice back. Practice runs never count
towards tracks or certificates.</p>
<p><b>3. Take the assessment</b> when you are ready: no tips and no undo.
A passed assessment counts towards your <b>tracks</b> on the Progress page.</p>
<p><b>4. Read the debrief</b> after each run: each decision as you saw it,
the best next move where you went wrong, and what to take away. Reopen an
earlier debrief by double-clicking it in Progress ▸ Latest runs.</p>
<p><b>5. Get your certificate</b> on the Progress page once a track is
complete. Set your organisation under File ▸ Organisation… so it is printed
on the certificate.</p>
<p>Runs are saved after every choice: leave with Esc and resume later.
Several people can share this computer; each uses their own profile
(File ▸ Switch profile) and can protect its assessments and certificates
with a PIN (File ▸ Profile PIN…).</p>
"""


def ask(
    parent: QWidget,
    title: str,
    text: str,
    informative: str,
    yes: str,
    on_yes: Callable[[], None],
) -> QMessageBox:
    """A yes/cancel question; ``on_yes`` runs only if the yes button was clicked."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton)
    box.setParent(parent, box.windowFlags())
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setInformativeText(informative)
    box.setAccessibleName(title)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    yes_button.setAccessibleName(yes.replace("&", ""))
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    cancel.setAccessibleName("Cancel")
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.yes_button = yes_button  # type: ignore[attr-defined]
    box.finished.connect(lambda _r: on_yes() if box.clickedButton() is yes_button else None)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def confirm_assessment(
    parent: QWidget, title: str, on_yes: Callable[[], None], also: str = ""
) -> QMessageBox:
    """Ask before an assessment run: it has no tips or undo, and it counts."""
    rules = "No tips, no undo; it counts towards tracks. Practise first if you are not ready."
    return ask(
        parent,
        "Take the assessment",
        f"Start the assessment of “{title}”?",
        f"{rules} {also}".strip(),
        "&Start the assessment",
        on_yes,
    )


class OrganisationDialog(QDialog):
    """Name the organisation printed on certificates and used in the dialogue."""

    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Organisation")
        self.setAccessibleName("Organisation")
        col = QVBoxLayout(self)
        intro = QLabel(
            "The organisation is printed on every certificate made on this computer "
            "and named in the conversations. Leave it empty to print none."
        )
        intro.setWordWrap(True)
        col.addWidget(intro)
        label = QLabel("&Organisation:")
        self.name = QLineEdit(current)
        self.name.setMaxLength(MAX_ORGANISATION)
        self.name.setAccessibleName("Organisation")
        self.name.setPlaceholderText("e.g. Riverside Borough Council")
        label.setBuddy(self.name)
        col.addWidget(label)
        col.addWidget(self.name)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        col.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    @property
    def organisation(self) -> str:
        return " ".join(self.name.text().split())


def show_text(parent: QWidget, title: str, text: str) -> QDialog:
    """A resizable window of selectable plain text (diagnostics, paths) with a Close button."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    col = QVBoxLayout(dialog)
    body = QPlainTextEdit(text)
    body.setReadOnly(True)
    body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    body.setAccessibleName(title)
    col.addWidget(body)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
    col.addWidget(buttons)
    dialog.resize(760, 420)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def getting_started(parent: QWidget) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Information, "Getting started", GETTING_STARTED, parent=parent
    )
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setAccessibleName("Getting started")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


KEYS = (
    "Library: arrows to pick, Enter to practise (or resume a run in progress), "
    "Ctrl+F to search.\n"
    "Play: 1–9 choose (or Tab to a choice and Enter), Enter continues, Ctrl+Z "
    "undoes (practice), Page Up and Page Down scroll the conversation, Esc leaves "
    "(the run is kept); at the end, Enter or Esc shows the debrief.\n"
    "Progress: Enter or double-click on a run reopens its debrief.\n"
    "Tab and Shift+Tab move between controls (the page buttons at the top too); "
    "Space or Enter presses the focused button; "
    "Alt with an underlined letter presses that button or goes to that field.\n"
    "Switch profile: Ctrl+Shift+P.\n"
    "Pages: Ctrl+1 Library, Ctrl+2 Play, Ctrl+3 Debrief, Ctrl+4 Progress, "
    "Ctrl+5 Workshop, Ctrl+6 Author.\n"
    "Text size: Ctrl+plus, Ctrl+minus, Ctrl+0. Full screen: F11."
)


def workshop_keys() -> str:
    """The workshop console's keys, from the table the console itself uses."""
    from trainer.ui.workshop import keys as console

    listed = [f"{key.shown} {key.text}" for key in console.KEYS]
    listed += [f"{shown} {text}" for shown, text in console.COUNTING]
    return "Workshop console: " + "; ".join(listed) + "."


def keys(parent: QWidget) -> QMessageBox:
    """Help ▸ Keyboard: every key the app answers to."""
    text = f"{KEYS}\n{workshop_keys()}"
    box = QMessageBox(QMessageBox.Icon.Information, "Keyboard", text, parent=parent)
    box.setAccessibleName("Keyboard")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def finishing(parent: QWidget, text: str) -> QProgressDialog:
    """A modal "Finishing…" with no Cancel (Esc only hides it; the work goes on)."""
    box = QProgressDialog(text, "", 0, 0, parent)
    box.setWindowTitle("Finishing…")
    box.setCancelButton(None)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setMinimumDuration(0)
    box.setAccessibleName("Finishing")
    box.setAutoClose(False)
    box.setAutoReset(False)
    return box


def about_text() -> str:
    """What About shows: the version and where the app keeps things."""
    return (
        f"Counterpart {__version__}\n"
        "Practise tough conversations from public service.\n\n"
        f"Your data (profiles, runs): {paths.data_dir()}\n"
        f"Your own scenarios: {paths.user_content_dir()}\n"
        f"Certificates are offered to save in: {paths.default_exports_dir()}"
    )


def about(parent: QWidget) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Information, "About Counterpart", about_text(), parent=parent
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAccessibleName("About Counterpart")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def open_local(path: Path) -> None:
    """Open a file or folder with the system's default application."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
