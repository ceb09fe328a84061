"""The library: scenarios by topic with their level, length and the trainee's state.

Fed by the catalogue (cached at start-up, refreshed when the full library has
loaded) and the trainee's attempts; it refreshes itself from the session's
signals. Enter or double-click practises the selected scenario; the buttons
beside it offer the assessment and, for a run left unfinished, resume.

The buttons only ever act on a scenario the trainee can see: when a filter
hides the selected one, the first visible scenario is selected instead, or
nothing when none is left. A pass made in practice is shown as such; only
assessments count towards tracks. Content files that failed to load are
named with their first error, and "Details…" lists every diagnostic.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trainer.progress import ScenarioState, Status, scenario_states
from trainer.ui import dialogs
from trainer.ui.catalogue import Card

if TYPE_CHECKING:
    from trainer.store import Attempt
    from trainer.ui.session import Session

ID_ROLE = Qt.ItemDataRole.UserRole
LEVELS = {1: "★☆☆  Introductory", 2: "★★☆  Intermediate", 3: "★★★  Advanced"}
STATE_FILTERS = ("Any state", "New", "In progress", "Not passed yet", "Passed")
MODES_EXPLAINED = (
    "<b>Practice</b>: a coaching tip after each choice, and Ctrl+Z takes one back; "
    "it does not count. <b>Assessment</b>: no tips, no undo; a pass counts towards "
    "your tracks and certificates."
)


def state_text(state: ScenarioState | None, best: bool = True) -> str:
    """The trainee's state of one scenario; a practice pass never reads as a counting one."""
    if state is None or state.status is Status.NEW:
        return "New"
    score = f" · best {state.best_score}%" if best and state.best_score is not None else ""
    if state.status is Status.PASSED:
        word = "Passed (assessment)" if state.passed_in_assessment else "Passed in practice"
        return f"✓ {word}{score}"
    if state.status is Status.IN_PROGRESS:
        return f"▶ In progress{score}"
    return f"Tried{score}"


def matches(
    card: Card, text: str, topic: str, level: int, state: str, st: ScenarioState | None
) -> bool:
    """Whether ``card`` passes the search box and the three filters."""
    haystack = " ".join((card.title, card.summary, card.setting, card.topic_label)).lower()
    if text and not all(word in haystack for word in text.lower().split()):
        return False
    if topic and card.topic != topic:
        return False
    if level and card.difficulty != level:
        return False
    status = st.status if st else Status.NEW
    wanted = {
        "New": status is Status.NEW,
        "In progress": status is Status.IN_PROGRESS,
        "Not passed yet": status is not Status.PASSED,
        "Passed": status is Status.PASSED,
    }
    return wanted.get(state, True)


class LibraryPage(QWidget):
    """Scenarios to choose from; emits ``play(id, mode)`` and ``resume(attempt)``."""

    play = Signal(str, str)
    resume = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.states: dict[str, ScenarioState] = {}
        self.question: QWidget | None = None
        self.problems_dialog: QWidget | None = None
        self._build()
        session.libraryReady.connect(self.refresh)
        session.attemptsChanged.connect(self.refresh)
        session.profileChanged.connect(self.refresh)
        session.organisationChanged.connect(self.refresh)
        session.loadFailed.connect(self._load_failed)
        self.refresh()

    # --- layout --------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.addLayout(self._filters())
        split = QSplitter()
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Scenarios by topic")
        self.tree.setHeaderLabels(["Scenario", "Level", "Minutes", "Your state"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Titles wrap rather than elide, so large text on a projector loses nothing.
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.headerItem().setToolTip(0, "⚠ marks a scenario with a content warning.")
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.tree.currentItemChanged.connect(self._show_details)
        self.tree.itemActivated.connect(lambda *_: self._practise())
        split.addWidget(self.tree)
        split.addWidget(self._details())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        outer.addWidget(split, 1)
        notice_row = QHBoxLayout()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Library notice")
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        notice_row.addWidget(self.notice, 1)
        self.details_button = QPushButton("&Details…")
        self.details_button.setAccessibleName("Details of the content problems")
        self.details_button.clicked.connect(self.show_problems)
        self.details_button.hide()
        notice_row.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(notice_row)
        QShortcut(QKeySequence("Ctrl+F"), self).activated.connect(self.search.setFocus)

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search scenarios (Ctrl+F)")
        self.search.setAccessibleName("Search scenarios")
        self.search.setClearButtonEnabled(True)
        for inner in self.search.findChildren(QToolButton):
            inner.setAccessibleName("Clear the search")
        self.search.textChanged.connect(self._apply_filters)
        self.search.returnPressed.connect(self._focus_first)
        self.topic = self._combo("Topic", [("All topics", "")])
        self.level = self._combo("Level", [("All levels", 0), *((v, k) for k, v in LEVELS.items())])
        self.state = self._combo("State", [(s, s) for s in STATE_FILTERS])
        row.addWidget(self.search, 2)
        for combo in (self.topic, self.level, self.state):
            row.addWidget(combo, 1)
        return row

    def _combo(self, name: str, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(f"Filter by {name.lower()}")
        for text, data in items:
            combo.addItem(text, data)
        combo.currentIndexChanged.connect(self._apply_filters)
        return combo

    def _details(self) -> QWidget:
        panel = QWidget()
        col = QVBoxLayout(panel)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail.setAccessibleName("Scenario details")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidget(self.detail)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        col.addWidget(scroll, 1)
        self.resume_button = self._button("&Resume where you left off", "Resume the unfinished run")
        self.resume_button.clicked.connect(self._resume)
        self.practise_button = self._button("&Practise  (Enter)", "Practise: tips and undo")
        self.practise_button.setToolTip(
            "Practice: a coaching tip after each choice and Ctrl+Z to undo. "
            "It does not count towards tracks."
        )
        self.practise_button.clicked.connect(self._practise)
        self.assess_button = self._button(
            "Take the &assessment…", "Assessment: no tips, no undo; it counts"
        )
        self.assess_button.setToolTip(
            "Assessment: no tips and no undo. A pass counts towards your tracks and certificates."
        )
        self.assess_button.clicked.connect(self._assess)
        for b in (self.resume_button, self.practise_button, self.assess_button):
            col.addWidget(b)
        self.modes_label = QLabel(MODES_EXPLAINED)
        self.modes_label.setWordWrap(True)
        self.modes_label.setTextFormat(Qt.TextFormat.RichText)
        self.modes_label.setAccessibleName("Practice and assessment")
        col.addWidget(self.modes_label)
        return panel

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setMinimumHeight(36)
        return button

    # --- content ---------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild the list from the catalogue and the trainee's attempts."""
        cat = self.session.catalogue
        cards = cat.cards if cat else []
        self.states = scenario_states(self.session.attempts(), [c.id for c in cards])
        self._fill_topics()
        current = self.selected_id()
        self.tree.clear()
        if cat is None:
            self.notice.setText("Loading the scenarios…")
            return
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for topic, label, group in cat.groups:
            head = QTreeWidgetItem([label])
            head.setFont(0, bold)
            head.setToolTip(0, label)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setData(0, ID_ROLE, "")
            head.setData(1, ID_ROLE, topic)
            self.tree.addTopLevelItem(head)
            head.setFirstColumnSpanned(True)
            for card in group:
                head.addChild(self._item(card))
            head.setExpanded(True)
        self.notice.setText(broken_notice(cat.broken_files, cat.problems))
        self.details_button.setVisible(bool(cat.broken_files))
        self._apply_filters()
        self._select(current)

    def _fill_topics(self) -> None:
        if self.topic.count() > 1 or self.session.catalogue is None:
            return
        for topic, label, _ in self.session.catalogue.groups:
            self.topic.addItem(label, topic)

    def _item(self, card: Card) -> QTreeWidgetItem:
        state = self.states.get(card.id)
        warn = "  ⚠" if card.content_warnings else ""
        item = QTreeWidgetItem(
            [
                card.title + warn,
                LEVELS[card.difficulty][:3],
                f"{card.minutes} min",
                state_text(state, best=False),
            ]
        )
        item.setData(0, ID_ROLE, card.id)
        tip = card.summary
        if warn:
            tip += "\n⚠ Content warning: " + "; ".join(card.content_warnings)
        item.setToolTip(0, tip)
        item.setToolTip(3, state_text(state))
        return item

    def _apply_filters(self) -> None:
        text = self.search.text().strip()
        topic, level = self.topic.currentData(), self.level.currentData()
        state = self.state.currentData()
        cat = self.session.catalogue
        cards = {c.id: c for c in (cat.cards if cat else [])}
        for head in self._heads():
            shown = 0
            for item in _children(head):
                sid = item.data(0, ID_ROLE)
                ok = matches(cards[sid], text, topic, level, state, self.states.get(sid))
                item.setHidden(not ok)
                shown += ok
            head.setHidden(shown == 0)
        if self.selected_id() is None:
            self._focus_first(select_only=True)

    def _focus_first(self, select_only: bool = False) -> None:
        """Select the first visible scenario; with none visible, select nothing."""
        for item in self.visible_items():
            self.tree.setCurrentItem(item)
            if not select_only:
                self.tree.setFocus()
            return
        self.tree.setCurrentIndex(QModelIndex())
        self.tree.clearSelection()
        self._show_details(None)

    def _heads(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def scenario_items(self) -> list[QTreeWidgetItem]:
        return [item for head in self._heads() for item in _children(head)]

    def visible_items(self) -> list[QTreeWidgetItem]:
        return [
            item
            for head in self._heads()
            if not head.isHidden()
            for item in _children(head)
            if not item.isHidden()
        ]

    def _select(self, scenario_id: str | None) -> None:
        for item in self.scenario_items():
            if item.data(0, ID_ROLE) == scenario_id and not item.isHidden():
                self.tree.setCurrentItem(item)
                return

    def selected_id(self) -> str | None:
        """The selected scenario, if it is one the trainee can see."""
        item = self.tree.currentItem()
        if item is None or _hidden(item):
            return None
        return item.data(0, ID_ROLE) or None

    def _show_details(self, item: QTreeWidgetItem | None, *_: object) -> None:
        sid = item.data(0, ID_ROLE) if item is not None else None
        cards = self.session.catalogue.cards if self.session.catalogue else []
        card = next((c for c in cards if c.id == sid), None) if sid else None
        for b in (self.practise_button, self.assess_button):
            b.setEnabled(card is not None)
        self.resume_button.setVisible(card is not None and self._unfinished(card.id) is not None)
        self.detail.setText(
            details_html(card, self.states.get(card.id), self._names())
            if card
            else "<p>Choose a scenario on the left.</p>"
            if self.visible_items()
            else "<p>No scenario matches the search and filters.</p>"
        )

    def _names(self) -> dict[str, str]:
        context = self.session.context()
        return {"trainee": context.trainee, "organisation": context.organisation}

    def _unfinished(self, scenario_id: str) -> Attempt | None:
        return next((a for a in self.session.unfinished() if a.scenario_id == scenario_id), None)

    # --- actions -------------------------------------------------------------
    def _practise(self) -> None:
        if self.selected_id():
            self.play.emit(self.selected_id(), "practice")

    def _assess(self) -> None:
        """Ask before an assessment: it has no tips or undo, and it counts."""
        sid = self.selected_id()
        if not sid:
            return
        self.question = dialogs.ask(
            self,
            "Take the assessment",
            f"Start the assessment of “{self.session.title_of(sid)}”?",
            "No tips, no undo; it counts towards tracks. Practise first if you are not ready.",
            "&Start the assessment",
            lambda: self.play.emit(sid, "assessment"),
        )

    def show_problems(self) -> None:
        """List every diagnostic from the library load, with the folders searched."""
        self.problems_dialog = dialogs.show_text(
            self, "Content problems", problems_text(self.session)
        )

    def _resume(self) -> None:
        sid = self.selected_id()
        attempt = self._unfinished(sid) if sid else None
        if attempt is not None:
            self.resume.emit(attempt)

    def _load_failed(self, message: str) -> None:
        self.notice.setText(f"The scenarios could not be loaded: {message}")


def _hidden(item: QTreeWidgetItem) -> bool:
    parent = item.parent()
    return item.isHidden() or (parent is not None and parent.isHidden())


def broken_notice(files: tuple[str, ...], problems: tuple[str, ...]) -> str:
    """One line naming the broken files and the first error of each."""
    if not files:
        return ""
    count = "1 content file has" if len(files) == 1 else f"{len(files)} content files have"
    first = problems or files
    listed = "; ".join(first[:3]) + ("; …" if len(first) > 3 else "")
    return f"{count} errors and {'is' if len(files) == 1 else 'are'} not listed: {listed}"


def problems_text(session: Session) -> str:
    """Everything the library load reported, as ``file:line:col: severity: message``."""
    from trainer.ui.catalogue import content_roots

    folders = "\n".join(f"  {root}" for root in content_roots())
    head = f"Content folders:\n{folders}\n\n"
    if session.library is not None:
        found = [str(d) for d in session.library.diagnostics]
    else:
        cat = session.catalogue
        found = list(cat.problems) if cat else []
    body = "\n".join(found) if found else "No problems were reported."
    return head + body + "\n\nFix the files (or remove them) and restart Counterpart."


def _children(head: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    items = (head.child(j) for j in range(head.childCount()))
    return [item for item in items if item is not None]


def _filled(text: str, names: dict[str, str]) -> str:
    """A catalogue line with the trainee's and organisation's names filled in.

    The template engine is only imported for the rare line that needs it,
    keeping it off the start-up path.
    """
    if "{" not in text:
        return text
    from trainer.errors import TemplateError
    from trainer.scenarios import templates

    try:
        return templates.render(text, names)
    except TemplateError:
        return text


def details_html(
    card: Card, state: ScenarioState | None, names: dict[str, str] | None = None
) -> str:
    names = names or {}
    """The right-hand panel for one scenario."""
    parts = [
        f"<h2>{escape(card.title)}</h2>",
        f"<p><b>{escape(card.topic_label)}</b> · {LEVELS[card.difficulty]} · "
        f"about {card.minutes} minutes · pass mark {card.pass_mark}%</p>",
    ]
    if card.setting:
        parts.append(f"<p><i>{escape(_filled(card.setting, names))}</i></p>")
    parts.append(f"<p>{escape(card.summary)}</p>")
    if card.content_warnings:
        warnings = "; ".join(escape(w) for w in card.content_warnings)
        parts.append(f"<p><b>⚠ Content warning:</b> {warnings}</p>")
    parts.append("<p><b>You will practise</b></p><ul>")
    parts += [f"<li>{escape(o)}</li>" for o in card.objectives]
    parts.append("</ul><p><b>In the conversation</b></p><ul>")
    parts += [
        f"<li>{escape(_filled(name, names))} — {escape(_filled(role, names))}</li>"
        for name, role in card.cast
    ]
    parts.append(f"</ul><p><b>Your state:</b> {escape(state_text(state))}")
    if state and state.attempts:
        parts.append(f" ({state.attempts} finished run{'s' if state.attempts != 1 else ''})")
    parts.append("</p>")
    return "".join(parts)
