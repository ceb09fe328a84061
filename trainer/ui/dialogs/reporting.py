"""File → Reporting…: where runs are reported (an xAPI Learning Record Store).

The fields are the LRS's address, the organisation's home page (trainees
are accounts on it) and the credentials, which Save puts in the operating
system's keyring, never in the data file. *Test connection* tries what is
typed, before saving, and says exactly what failed; *Send now* sends what
waits. Both run on a worker: the network never holds up the window.

The core does the work (:mod:`trainer.xapi.config`, :mod:`trainer.xapi.overview`,
:func:`trainer.xapi.sender.send_now`); this dialog only shows it.
"""

from __future__ import annotations

import os

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

from trainer.errors import TrainerError
from trainer.store import Store
from trainer.ui.worker import run_in_background
from trainer.xapi import config as xconfig
from trainer.xapi.overview import check_connection, overview, summary

EXPLAINED = (
    "Send every run to your organisation's Learning Record Store (xAPI), where the "
    "learning team sees all laptops together. Off until an address is set. Runs are "
    "kept here first and sent in the background, so nothing is lost while offline."
)


class ReportingDialog(QDialog):
    """The LRS settings, a connection test, and what waits to be sent."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.saved_problem: str | None = None  # why Save could not keep the credentials
        self.setWindowTitle("Reporting")
        self.setAccessibleName("Reporting to a Learning Record Store")
        outer = QVBoxLayout(self)
        intro = QLabel(EXPLAINED)
        intro.setWordWrap(True)
        outer.addWidget(intro)
        form = QFormLayout()
        self.endpoint = self._field("LRS address", "https://lrs.example.org/xAPI/")
        self.homepage = self._field("Home page", "https://intranet.example.org")
        self.username = self._field("Username", "")
        self.password = self._field("Password", "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("LRS &address:", self.endpoint)
        form.addRow("&Home page:", self.homepage)
        form.addRow("&Username:", self.username)
        form.addRow("&Password:", self.password)
        outer.addLayout(form)
        self.environment = QLabel()
        self.environment.setWordWrap(True)
        outer.addWidget(self.environment)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Reporting status")
        outer.addWidget(self.status)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("Connection test result")
        outer.addWidget(self.outcome)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.test_button = QPushButton("&Test connection")
        self.send_button = QPushButton("Send &now")
        self.buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.test_button.clicked.connect(self._on_test)
        self.send_button.clicked.connect(self._on_send)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._fill()
        self.resize(620, 420)

    def _field(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    def _fill(self) -> None:
        saved = self.store.get_setting(xconfig.SETTING_ENDPOINT, "")
        home = self.store.get_setting(xconfig.SETTING_HOMEPAGE, "")
        self.endpoint.setText(saved if isinstance(saved, str) else "")
        self.homepage.setText(home if isinstance(home, str) else "")
        view = overview(self.store)
        if view["credentials"] == "keyring":
            self.password.setPlaceholderText("(kept in the keyring; type to change)")
        set_by_env = [
            name
            for name in (
                xconfig.ENV_ENDPOINT,
                xconfig.ENV_HOMEPAGE,
                xconfig.ENV_USERNAME,
                xconfig.ENV_PASSWORD,
            )
            if os.environ.get(name)
        ]
        self.environment.setText(
            "Set in the environment, and used instead of what is typed here: "
            + ", ".join(set_by_env)
            if set_by_env
            else ""
        )
        self.environment.setVisible(bool(set_by_env))
        self._show_status(view)

    def _show_status(self, view: dict[str, object]) -> None:
        text = summary(view)
        if view.get("problem"):
            text += f"\n{view['problem']}"
        if view.get("waiting") and view.get("last_error"):
            text += f"\nLast error: {view['last_error']}"
        self.status.setText(text)

    def _typed(self) -> xconfig.LrsConfig:
        """What is typed, as a configuration (the keyring's password if none is typed)."""
        endpoint = xconfig.normalise_endpoint(self.endpoint.text())
        homepage = xconfig.normalise_homepage(self.homepage.text())
        saved = xconfig.load(self.store)
        username, password = self.username.text(), self.password.text()
        if not username and not password and saved.endpoint == endpoint:
            username, password = saved.username, saved.password
        where = xconfig.Target(endpoint, homepage or xconfig.default_homepage(endpoint))
        return xconfig.LrsConfig(where, username, password, "typed", saved.keyring_problem)

    # -- slots -----------------------------------------------------------------

    def _on_test(self) -> None:
        try:
            typed = self._typed()
        except TrainerError as exc:
            self.outcome.setText(str(exc))
            return
        if not typed.endpoint:
            self.outcome.setText("Type the LRS's address first.")
            return
        self.outcome.setText("Testing the connection…")
        self.test_button.setEnabled(False)
        run_in_background(lambda: check_connection(typed), self._on_tested, self._on_tested, self)

    def _on_tested(self, message: object) -> None:
        self.test_button.setEnabled(True)
        self.outcome.setText(str(message))

    def _on_send(self) -> None:
        from trainer.xapi.sender import send_now

        self.send_button.setEnabled(False)
        self.outcome.setText("Sending…")
        run_in_background(lambda: send_now(self.store), self._on_sent, self._on_tested, self)

    def _on_sent(self, report: object) -> None:
        self.send_button.setEnabled(True)
        error = getattr(report, "error", None)
        self.outcome.setText(error or f"Sent {getattr(report, 'sent', 0)} statement(s).")
        self._show_status(overview(self.store))

    def _on_save(self) -> None:
        try:
            problem = xconfig.save(
                self.store,
                self.endpoint.text(),
                self.homepage.text(),
                self.username.text(),
                self.password.text(),
            )
        except TrainerError as exc:
            self.outcome.setText(str(exc))
            return
        self.saved_problem = problem
        if problem is not None:
            self.outcome.setText(problem)  # saved, but the credentials could not be kept
            self._show_status(overview(self.store))
            return
        self.accept()


def open_dialog(store: Store, parent: QWidget) -> ReportingDialog:
    dialog = ReportingDialog(store, parent)
    dialog.open()
    return dialog
