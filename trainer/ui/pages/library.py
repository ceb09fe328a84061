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

The page is on the start-up path (``tests/ui/test_startup_path.py``): it
uses a :class:`QStandardItemModel`, whose items say "not selectable" and
"not editable" with plain booleans, so building it never creates Qt's
``Qt`` namespace (~30 ms of enums); the dialogs are imported when used.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QFont,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from trainer import paths
from trainer.app.states import ScenarioState, Status, scenario_states
from trainer.scenarios.catalogue import Card
from trainer.store import Mode
from trainer.ui.startup import FONT_ROLE, set_alignment, set_keys

if TYPE_CHECKING:
    from trainer.store import Attempt
    from trainer.ui.session import Session

COLUMNS = ("Scenario", "Level", "Minutes", "Your state")
FITTED = (1, 2, 3)  # the columns as wide as their widest visible text
LEVELS = {1: "★☆☆  Introductory", 2: "★★☆  Intermediate", 3: "★★★  Advanced"}
STATE_FILTERS = ("Any state", "New", "In progress", "Not passed yet", "Passed")
MODES_EXPLAINED = (
    ("Practice", "a coaching tip after each choice, and Ctrl+Z takes one back; it does not count."),
    ("Assessment", "no tips, no undo; a pass counts towards your tracks and certificates."),
)


def bold() -> QFont:
    """Bold, nothing else set: size and family follow the widget's as the text size changes."""
    font = QFont()
    font.setBold(True)
    return font


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
    words = (card.title, card.summary, card.setting, card.topic_label, *card.objectives)
    cast = (text for member in card.cast for text in member)
    haystack = " ".join((*words, *cast, *card.content_warnings)).lower()
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
        # Topic rows hold their scenarios; a scenario's id is column 0's data.
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        first = self.model.horizontalHeaderItem(0)
        if first is not None:
            first.setToolTip("⚠ marks a scenario with a content warning.")
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Scenarios by topic")
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Titles wrap, so large text on a projector loses nothing (see _fit_titles).
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Level, Minutes and State fit their text (see fit_columns): measured
        # when the rows or the text size change, not at every layout as
        # ResizeToContents does, which cost ~2 ms of each start.
        for col in FITTED:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        # Checked once the columns settle (see _fit_titles), not at each step of
        # a layout: while the window first shows, the title column is briefly
        # far narrower than it ends up, and every start would pay for wrapping
        # titles that fit. The timer is the page's, so it dies with the page.
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_titles)
        header.sectionResized.connect(lambda *_: self._fit_timer.start())
        self._titles_wrap = False
        # After a text size change the view takes its new font a moment later.
        self._columns_timer = QTimer(self)
        self._columns_timer.setSingleShot(True)
        self._columns_timer.setInterval(0)
        self._columns_timer.timeout.connect(self.fit_columns)
        selection = self.tree.selectionModel()
        selection.currentChanged.connect(lambda current, _: self._show_details(self._at(current)))
        self.tree.activated.connect(lambda *_: self._open())
        split.addWidget(self.tree)
        split.addWidget(self._details())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        # Three fifths to the list and two to the details, whatever the
        # details' texts would ask for.
        split.setSizes([3000, 2000])
        outer.addWidget(split, 1)
        notice_row = QHBoxLayout()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Library notice")
        notice_row.addWidget(self.notice, 1)
        self.details_button = QPushButton("&Details…")
        self.details_button.setAccessibleName("Details of the content problems")
        self.details_button.clicked.connect(self.show_problems)
        self.details_button.hide()
        notice_row.addWidget(self.details_button)
        outer.addLayout(notice_row)
        # Ctrl+F as an action of the page: active only while the page shows
        # (QAction is made anyway for the menus; a QShortcut cost ~0.7 ms more).
        find = QAction(self)
        set_keys(find, "Ctrl+F")
        find.triggered.connect(lambda: self.search.setFocus())
        self.addAction(find)

    def take_focus(self) -> None:
        """The list: arrows browse and Enter opens at once; Ctrl+F searches."""
        self.tree.setFocus()

    def _fit_titles(self) -> None:
        """Once a title is too long for its column, make titles wrap (and stay so)."""
        tree = self.tree
        if self._titles_wrap:
            tree.scheduleDelayedItemsLayout()  # the rows' heights follow the width
        elif tree.sizeHintForColumn(0) > tree.columnWidth(0):
            from trainer.ui.widgets.title_wrap import WrappingTitles

            self._titles_wrap = True
            tree.setItemDelegateForColumn(0, WrappingTitles(tree))

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search scenarios (Ctrl+F)")
        self.search.setAccessibleName("Search scenarios")
        # Qt shows the clear button only while there is text, so it is made
        # with the first letter typed: its icon costs start-up ~1.5 ms.
        self.search.textChanged.connect(self._offer_clear)
        self.search.textChanged.connect(self._apply_filters)
        self.search.returnPressed.connect(self._focus_first)
        self.topic = self._combo("Topic", [("All topics", "")])
        self.level = self._combo("Level", [("All levels", 0), *((v, k) for k, v in LEVELS.items())])
        self.state = self._combo("State", [(s, s) for s in STATE_FILTERS])
        row.addWidget(self.search, 2)
        for combo in (self.topic, self.level, self.state):
            row.addWidget(combo, 1)
        return row

    def _offer_clear(self) -> None:
        if self.search.isClearButtonEnabled():
            return
        from PySide6.QtWidgets import QToolButton

        self.search.setClearButtonEnabled(True)
        for inner in self.search.findChildren(QToolButton):
            inner.setAccessibleName("Clear the search")

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
        # Read-only rich text that scrolls, and can be selected and read by keyboard.
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Scenario details")
        col.addWidget(self.detail, 1)
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
        # The modes, explained under their buttons: plain labels in a grid, the
        # names bold. One word-wrapped rich-text label cost ~7 M instructions
        # of every start: Qt lays a rich text's document out twice for each
        # width it tries.
        grid = QGridLayout()
        for row, (mode, text) in enumerate(MODES_EXPLAINED):
            name = QLabel(mode)
            name.setObjectName("mode-name")
            name.setFont(bold())
            set_alignment(name, "AlignLeft|AlignTop")
            grid.addWidget(name, row, 0)
            explained = QLabel(text)
            explained.setWordWrap(True)
            set_alignment(explained, "AlignLeft|AlignTop")
            grid.addWidget(explained, row, 1)
        grid.setColumnStretch(1, 1)
        col.addLayout(grid)
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
        self.model.removeRows(0, self.model.rowCount())
        if cat is None:
            self.notice.setText("Loading the scenarios…")
            self._show_details(None)  # nothing to practise yet
            return
        head_font = bold()
        heads = []
        for _topic, label, group in cat.groups:
            head = QStandardItem(label)
            head.setData(head_font, FONT_ROLE)
            head.setToolTip(label)
            head.setSelectable(False)
            head.setEditable(False)
            for card in group:
                head.appendRow(self._row(card))
            heads.append(head)
        # All rows in one insertion, expanded, then spanned: the view lays its
        # rows out once (each span set after an insertion lays them all out again).
        self.model.invisibleRootItem().appendRows(heads)
        self.tree.expandAll()
        for head in heads:
            self.tree.setFirstColumnSpanned(head.row(), QModelIndex(), True)
        self.notice.setText(broken_notice(cat.broken_files, cat.problems))
        self.details_button.setVisible(bool(cat.broken_files))
        self._apply_filters()
        self._select(current)

    def _fill_topics(self) -> None:
        if self.topic.count() > 1 or self.session.catalogue is None:
            return
        for topic, label, _ in self.session.catalogue.groups:
            self.topic.addItem(label, topic)

    def _row(self, card: Card) -> list[QStandardItem]:
        state = self.states.get(card.id)
        warn = "  ⚠" if card.content_warnings else ""
        texts = (
            card.title + warn,
            LEVELS[card.difficulty][:3],
            f"{card.minutes} min",
            state_text(state, best=False),
        )
        row = [QStandardItem(text) for text in texts]
        for item in row:
            item.setEditable(False)
        row[0].setData(card.id)  # the default user role: the scenario's id
        tip = card.summary
        if warn:
            tip += "\n⚠ Content warning: " + "; ".join(card.content_warnings)
        row[0].setToolTip(tip)
        row[3].setToolTip(state_text(state))
        return row

    def _apply_filters(self) -> None:
        text = self.search.text().strip()
        topic, level = self.topic.currentData(), self.level.currentData()
        state = self.state.currentData()
        cat = self.session.catalogue
        cards = {c.id: c for c in (cat.cards if cat else [])}
        for head in self._heads():
            shown = 0
            for item in _children(head):
                sid = item.data()
                ok = matches(cards[sid], text, topic, level, state, self.states.get(sid))
                self.tree.setRowHidden(item.row(), head.index(), not ok)
                shown += ok
            self.tree.setRowHidden(head.row(), QModelIndex(), shown == 0)
        self.fit_columns()
        if self.selected_id() is None:
            self._focus_first(select_only=True)

    def fit_columns(self) -> None:
        """Level, Minutes and State as wide as their widest visible text (and heading)."""
        for col in FITTED:
            self.tree.resizeColumnToContents(col)

    def text_size_changed(self) -> None:
        self._columns_timer.start()

    def _focus_first(self, select_only: bool = False) -> None:
        """Select the first visible scenario; with none visible, select nothing."""
        for item in self.visible_items():
            self.tree.setCurrentIndex(item.index())
            if not select_only:
                self.tree.setFocus()
            return
        self.tree.setCurrentIndex(QModelIndex())
        self.tree.clearSelection()
        self._show_details(None)

    def _heads(self) -> list[QStandardItem]:
        items = (self.model.item(i) for i in range(self.model.rowCount()))
        return [item for item in items if item is not None]

    def topic_labels(self) -> list[str]:
        return [head.text() for head in self._heads()]

    def scenario_items(self) -> list[QStandardItem]:
        """Column 0 of every scenario row, shown or not."""
        return [item for head in self._heads() for item in _children(head)]

    def visible_items(self) -> list[QStandardItem]:
        return [item for item in self.scenario_items() if not self._hidden(item)]

    def row_texts(self, scenario_id: str) -> list[str]:
        """What the list shows for one scenario, column by column."""
        for item in self.scenario_items():
            if item.data() == scenario_id:
                parent = item.parent()
                cells = (parent.child(item.row(), c) for c in range(len(COLUMNS)))
                return [cell.text() if cell is not None else "" for cell in cells]
        return []

    def _hidden(self, item: QStandardItem) -> bool:
        parent = item.parent()
        root = QModelIndex()
        if parent is None:
            return self.tree.isRowHidden(item.row(), root)
        return self.tree.isRowHidden(item.row(), parent.index()) or self.tree.isRowHidden(
            parent.row(), root
        )

    def _at(self, index: QModelIndex) -> QStandardItem | None:
        """Column 0 of the row at ``index``."""
        return self.model.itemFromIndex(index.siblingAtColumn(0)) if index.isValid() else None

    def _select(self, scenario_id: str | None) -> None:
        for item in self.scenario_items():
            if item.data() == scenario_id and not self._hidden(item):
                self.tree.setCurrentIndex(item.index())
                return

    def selected_id(self) -> str | None:
        """The selected scenario, if it is one the trainee can see."""
        item = self._at(self.tree.currentIndex())
        if item is None or self._hidden(item):
            return None
        return item.data() or None

    def _show_details(self, item: QStandardItem | None) -> None:
        sid = item.data() if item is not None else None
        cards = self.session.catalogue.cards if self.session.catalogue else []
        card = next((c for c in cards if c.id == sid), None) if sid else None
        for b in (self.practise_button, self.assess_button):
            b.setEnabled(card is not None)
        self.resume_button.setVisible(card is not None and self._unfinished(card.id) is not None)
        self.detail.setHtml(
            details_html(card, self.states.get(card.id), self._names())
            if card
            else "<p>Loading the scenarios…</p>"
            if self.session.catalogue is None
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
    def _open(self) -> None:
        """Enter or a double-click: resume the scenario's unfinished run, else practise."""
        sid = self.selected_id()
        if sid and self._unfinished(sid) is not None:
            self._resume()
        else:
            self._practise()

    def _practise(self) -> None:
        if sid := self.selected_id():
            self._start(sid, Mode.PRACTICE)

    def _assess(self) -> None:
        if sid := self.selected_id():
            self._start(sid, Mode.ASSESSMENT)

    def _start(self, sid: str, mode: Mode) -> None:
        """Start a run, asking first for an assessment or over an unfinished run.

        Starting again sets the scenario's unfinished run aside (the core's
        rule, so that one scenario never has two runs to resume); this asks first.
        """
        from trainer.ui.dialogs import common as dialogs

        unfinished = self._unfinished(sid)

        def start() -> None:  # starting sets the unfinished run aside (trainer.app.runs.start)
            self.play.emit(sid, mode)

        aside = (
            f"Your unfinished {unfinished.mode} run of it is set aside: it stays in your "
            "history as not finished."
            if unfinished is not None
            else ""
        )
        title = self.session.title_of(sid)
        if mode == Mode.ASSESSMENT:
            self.question = dialogs.confirm_assessment(self, title, start, aside)
        elif unfinished is not None:
            self.question = dialogs.ask(
                self,
                "Start again",
                f"Start a new run of “{title}”?",
                f"{aside} To carry on with it instead, choose Resume where you left off.",
                "Start &again",
                start,
            )
        else:
            start()

    def show_problems(self) -> None:
        """List every diagnostic from the library load, with the folders searched."""
        from trainer.ui.dialogs import common as dialogs

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

    folders = "\n".join(f"  {root}" for root in paths.content_roots())
    head = f"Content folders:\n{folders}\n\n"
    if session.library is not None:
        found = [str(d) for d in session.library.diagnostics]
    else:
        cat = session.catalogue
        found = list(cat.problems) if cat else []
    body = "\n".join(found) if found else "No problems were reported."
    return head + body + "\n\nFix the files (or remove them) and restart Counterpart."


def _children(head: QStandardItem) -> list[QStandardItem]:
    items = (head.child(j) for j in range(head.rowCount()))
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
    """The right-hand panel for one scenario."""
    names = names or {}
    parts = [
        f"<h2>{escape(card.title)}</h2>",
        f"<p><b>{escape(card.topic_label)}</b> · {LEVELS[card.difficulty]} · "
        f"about {card.minutes} minutes · pass mark {card.pass_mark}%</p>",
    ]
    if card.setting:
        # Labelled rather than in italics: an italic face is one more font to
        # find and load before the first paint (~1.5 ms of start-up).
        parts.append(f"<p><b>Setting:</b> {escape(_filled(card.setting, names))}</p>")
    if card.jurisdiction:
        parts.append(f"<p><b>Rules assumed:</b> {escape(card.jurisdiction)}</p>")
        if card.assumes:
            parts.append("<ul>" + "".join(f"<li>{escape(a)}</li>" for a in card.assumes) + "</ul>")
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
