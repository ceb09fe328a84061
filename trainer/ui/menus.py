"""The main window's navigation bar and menus, every action with a key.

Built once, onto the window, from its list of pages; each action calls one
method of the window (or of its flows), so the window stays a registry.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolBar, QWidget

from trainer.ui.startup import set_keys

if TYPE_CHECKING:
    from trainer.ui.main_window import MainWindow


class Bar(NamedTuple):
    """What the window keeps of its navigation: the page actions, the profile label."""

    nav: dict[str, QAction]
    profile: QLabel
    switch: QAction


def _action(window: MainWindow, text: str, key: str = "", checkable: bool = False) -> QAction:
    action = QAction(text, window)
    action.setCheckable(checkable)
    if key:
        set_keys(action, key)
    return action


def build(
    window: MainWindow, pages: Sequence[tuple[str, str, str]], empty_at_first: Sequence[str]
) -> Bar:
    """The navigation bar (pages, the current profile, Switch profile) and the menus."""
    bar = _navigation(window, pages, empty_at_first)
    _menus(window, pages, bar)
    return bar


def _navigation(
    window: MainWindow, pages: Sequence[tuple[str, str, str]], empty_at_first: Sequence[str]
) -> Bar:
    toolbar = QToolBar("Navigation")
    toolbar.setObjectName("navigation")
    toolbar.setMovable(False)
    toolbar.setAccessibleName("Navigation")
    group = QActionGroup(window)
    nav: dict[str, QAction] = {}
    for name, text, key in pages:
        action = _action(window, text.replace("&", ""), key, checkable=True)
        action.setToolTip(f"{text.replace('&', '')} ({key})")
        action.triggered.connect(lambda _=False, n=name: window.show_page(n))
        action.setEnabled(name not in empty_at_first)
        group.addAction(action)
        toolbar.addAction(action)
        # Tool bar buttons take no focus by default: the pages would be out of Tab's reach.
        toolbar.widgetForAction(action).setProperty("focusPolicy", "TabFocus")
        nav[name] = action
    nav[pages[0][0]].setChecked(True)
    spacer = QWidget()  # what follows sits at the right
    QHBoxLayout(spacer).addStretch(1)
    toolbar.addWidget(spacer)
    profile = QLabel()
    profile.setAccessibleName("Current profile")
    toolbar.addWidget(profile)
    switch = _action(window, "Switch profile…", "Ctrl+Shift+P")
    switch.triggered.connect(lambda: window.profiles.ask(first_start=False))
    toolbar.addAction(switch)
    toolbar.widgetForAction(switch).setProperty("focusPolicy", "TabFocus")
    window.addToolBar(toolbar)
    return Bar(nav, profile, switch)


def full_screen(window: QWidget, on: bool) -> None:
    """F11: the window fills the screen (no title bar, no panel), or goes back as it was."""
    if on:
        window.showFullScreen()
    elif window.isFullScreen():
        window.showNormal()  # Qt restores a maximised window as maximised


def _dialogs() -> ModuleType:
    """The help dialogs' module, loaded when one is first opened (~15 ms of start-up)."""
    from trainer.ui.dialogs import common

    return common


def _hand_in() -> ModuleType:
    """The hand-in dialog's module (with the workshop core), loaded on first use."""
    from trainer.ui.dialogs import hand_in

    return hand_in


def _pin() -> ModuleType:
    """The PIN dialogs' module (with the PIN core), loaded on first use."""
    from trainer.ui.dialogs import pin

    return pin


def _handouts() -> ModuleType:
    """The facilitator pack dialog's module (with reportlab), loaded on first use."""
    from trainer.ui.dialogs import handouts

    return handouts


def _reporting() -> ModuleType:
    """The reporting dialog's module (with httpx and keyring), loaded on first use."""
    from trainer.ui.dialogs import reporting

    return reporting


def _menus(window: MainWindow, pages: Sequence[tuple[str, str, str]], bar: Bar) -> None:
    file = window.menuBar().addMenu("&File")
    file.addAction(bar.switch)
    file.addAction("&Organisation…").triggered.connect(window.profiles.ask_organisation)
    file.addAction("Profile &PIN…").triggered.connect(
        lambda: _pin().open_dialog(window.session, window)
    )
    roster = file.addAction("&Certificates from a roster…")
    set_keys(roster, "Ctrl+Shift+R")
    roster.triggered.connect(window.certify_roster)
    file.addAction("&Hand in a result for a workshop…").triggered.connect(
        lambda: _hand_in().open_dialog(window.session, window)
    )
    file.addAction("&Facilitator pack and handouts…").triggered.connect(
        lambda: _handouts().open_dialog(window.session, window)
    )
    file.addAction("&Reporting to a Learning Record Store…").triggered.connect(
        lambda: _reporting().open_dialog(window.session.store, window)
    )
    file.addSeparator()
    quit_action = file.addAction("&Quit")
    set_keys(quit_action, "Ctrl+Q")
    quit_action.triggered.connect(window.close)
    view = window.menuBar().addMenu("&View")
    for name, _text, _key in pages:
        view.addAction(bar.nav[name])
    view.addSeparator()
    for text, key, step in (
        ("&Larger text", "Ctrl++", 1),
        ("&Smaller text", "Ctrl+-", -1),
        ("&Normal text size", "Ctrl+0", 0),
    ):
        action = view.addAction(text)
        set_keys(action, key)
        action.triggered.connect(lambda _=False, s=step: window.text_size.step(s))
        if step == 1:  # Ctrl+= too: the same key without Shift on many layouts
            same_key = _action(window, "", "Ctrl+=")
            same_key.triggered.connect(action.trigger)
            window.addAction(same_key)
    view.addSeparator()
    full = _action(window, "&Full screen", "F11", checkable=True)
    full.toggled.connect(lambda on: full_screen(window, on))
    view.addAction(full)
    help_menu = window.menuBar().addMenu("&Help")
    help_menu.addAction("&Getting started…").triggered.connect(
        lambda: _dialogs().getting_started(window)
    )
    help_menu.addAction("&Keyboard…").triggered.connect(lambda: _dialogs().keys(window))
    help_menu.addSeparator()
    help_menu.addAction("&About Counterpart…").triggered.connect(lambda: _dialogs().about(window))
