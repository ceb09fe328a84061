"""The console's phones: switch the room server on and off, where to join, who has joined.

Switching on is one controller slot (with the port typed, or any, and
whether to ask for names); so is switching off and removing a phone. The
rest is drawn from the console's snapshot: the join address and room code
(what the projector shows too), the number of phones, and each phone's
label ("Phone 3", or a name with attendance on) to remove one that should
not be there.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trainer.ui.workshop.controller import WorkshopController
from trainer.ui.workshop.room_panel import button
from trainer.workshop.views import PhonesView

DEVICE_ROLE = Qt.ItemDataRole.UserRole


def phones(count: int) -> str:
    return f"{count} phone{'' if count == 1 else 's'}"


class PhonesPanel(QWidget):
    """Phone voting on the local network: off, or on with its address and its phones."""

    def __init__(self, controller: WorkshopController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.view: PhonesView | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.heading = QLabel("<b>Phones</b>")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        top.addWidget(self.heading, 1)
        self.switch = button("Phones on", "M", self.toggle, "Switch phone voting on or off")
        top.addWidget(self.switch)
        column.addLayout(top)
        self.settings = QWidget()
        form = QHBoxLayout(self.settings)
        form.setContentsMargins(0, 0, 0, 0)
        self.names = QCheckBox("Ask for names (attendance)")
        self.names.setAccessibleName("Phones ask for a name on the roster")
        self.port = QLineEdit()
        self.port.setPlaceholderText("any port")
        self.port.setValidator(QIntValidator(1024, 65535, self.port))
        self.port.setMaximumWidth(90)
        self.port.setAccessibleName("Port for the phones (empty: the computer picks one)")
        form.addWidget(self.names, 1)
        form.addWidget(QLabel("Port:"))
        form.addWidget(self.port)
        column.addWidget(self.settings)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setTextFormat(Qt.TextFormat.RichText)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where.setAccessibleName("Where phones join")
        column.addWidget(self.where)
        self.list = QListWidget()
        self.list.setAccessibleName("Phones in the room")
        self.list.setMaximumHeight(120)
        column.addWidget(self.list)
        self.remove = button("Remove phone", "", self.remove_current, "Remove the chosen phone")
        column.addWidget(self.remove)
        self._shown = False  # show_view draws even the first "off" (self.view starts as None)

    def toggle(self) -> None:
        if self.view is not None:
            self.controller.phones_off()
            return
        typed = self.port.text().strip()
        port = int(typed) if typed.isdigit() else None
        self.controller.phones_on(port, self.names.isChecked())

    def remove_current(self) -> None:
        item = self.list.currentItem()
        device = item.data(DEVICE_ROLE) if item is not None else None
        if isinstance(device, int):
            self.controller.remove_phone(device)

    def show_view(self, view: PhonesView | None) -> None:
        if view == self.view and self._shown:
            return
        self.view, self._shown = view, True
        on = view is not None
        self.switch.setText("Phones off  [M]" if on else "Phones on  [M]")
        self.settings.setVisible(not on)
        self.list.setVisible(on)
        self.remove.setVisible(on)
        if view is None:
            self.heading.setText("<b>Phones</b>: off")
            self.where.setText(
                "Switch phones on to let the room vote from their phones on this network."
            )
            self.list.clear()
            return
        self.heading.setText(f"<b>Phones</b>: {phones(view.joined)} joined")
        moved = (
            "<br><b>The address changed</b> (the old port was taken): phones must scan again."
            if view.moved
            else ""
        )
        names = " · names asked" if view.attendance else " · anonymous"
        self.where.setText(
            f"Join at <b>{escape(view.address)}</b><br>Room code <b>{escape(view.code)}</b>"
            f"{names}{moved}"
        )
        chosen = self.list.currentItem()
        keep = chosen.data(DEVICE_ROLE) if chosen is not None else None
        self.list.clear()
        for phone in view.phones:
            item = QListWidgetItem(phone.label)
            item.setData(DEVICE_ROLE, phone.device_id)
            self.list.addItem(item)
            if phone.device_id == keep:
                self.list.setCurrentItem(item)
        self.remove.setEnabled(bool(view.phones))
