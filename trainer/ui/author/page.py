"""The Author page: write a scenario with a live check, a branch map and play-from-here.

The page is a shell around the authoring core (:mod:`trainer.authoring`):

* the editor holds the text exactly as typed; after a pause the
  :class:`~trainer.ui.author.checking.LiveChecker` runs the same check as
  ``trainer validate`` in a process of its own, and its result (problems,
  outline, map layout) is shown without moving the cursor or taking the
  focus; a new map is drawn a few milliseconds at a time, so a key press
  never waits more than a frame for any of it;
* the map follows the text whenever it passes the schema, and greys out
  (keeping the last good map) while it does not; a click on a node moves the
  cursor to it, and moving the cursor rings its node;
* saving is atomic with a ``.bak`` of the previous version, an autosave
  beside the file guards against a crash, and a change made by another
  program is offered for reload in a bar above the editor (never a modal
  box in the middle of typing);
* after a save, a new file or a deletion the library is reloaded
  (``Session.load_content``), so the Library page shows the change.

Bundled scenarios are opened as a copy in the user's content folder: the
copy the user already has, or a new one.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trainer.authoring import files, new_scenario, svg, workspace
from trainer.authoring.document import Checked
from trainer.authoring.layout import Flat
from trainer.authoring.outline import Outline
from trainer.errors import TrainerError, display_path
from trainer.scenarios.context import Context
from trainer.scenarios.model import Rubric, Scenario
from trainer.ui.author.checking import CheckContext, LiveChecker
from trainer.ui.author.editor import YamlEditor
from trainer.ui.author.find_bar import FindBar
from trainer.ui.author.map_view import BranchMapView
from trainer.ui.author.problems import ProblemList
from trainer.ui.messages import show_error
from trainer.ui.session import Session

AUTOSAVE_MS = 3000
_frozen = False


def _freeze_what_lasts() -> None:
    """Put what is here for good out of the garbage collector's sight, once.

    The checker's imports (pydantic, Jinja2, PyYAML: ~35,000 objects) arrive
    with this page, after start-up froze its own objects. While the author
    types, each check's answer and map leave a few thousand objects behind,
    which now and then sets off a full collection; it walked all of those
    imports each time: 60-190 ms with the UI thread stopped, the longest
    stalls measured while typing. One collection now, then a freeze (what
    start-up does, ``trainer.ui.startup.collect_from_now_on``), and the
    full collections walk only what the page itself keeps.
    """
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()
        gc.freeze()


class Banner(QFrame):
    """A bar above the editor with a message and up to two buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Notice")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        row.addWidget(self.label, 1)
        self.yes = QPushButton()
        self.no = QPushButton()
        row.addWidget(self.yes)
        row.addWidget(self.no)
        self.kind = ""
        self.hide()

    def offer(self, kind: str, text: str, yes: str, no: str) -> None:
        self.kind = kind
        self.label.setText(text)
        self.yes.setText(yes)
        self.no.setText(no)
        self.yes.setVisible(bool(yes))
        self.no.setVisible(bool(no))
        self.show()

    def clear(self) -> None:
        self.kind = ""
        self.hide()


class AuthorPage(QWidget):
    """Edit one scenario file. ``fileSaved(path)`` after each successful save."""

    fileSaved = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.path: Path | None = None
        self.source = files.Source("")
        self.fingerprint: files.Fingerprint | None = None
        self.outline = Outline()
        self.last: Checked | None = None
        self.shown_at = 0.0  # when the last problems were shown (the benchmark reads it)
        self.mapped_at = 0.0  # when the last map was drawn
        self._rubric: Rubric | None = None
        self._loading = False
        self._pending_autosave: str | None = None
        self._copied_from: Path | None = None  # the bundled file the open copy was made from
        self.test_runs: list[QWidget] = []
        self._build()
        self.checker = LiveChecker(self.editor.toPlainText, self._check_context, self)
        self.checker.checked.connect(self._checked)
        self.checker.mapped.connect(self._mapped)
        self.checker.unchanged.connect(self._map_unchanged)
        self.checker.failed.connect(self._check_failed)
        self.map.drawn.connect(self._map_drawn)
        self._played: tuple[int, Scenario | None] | None = None  # the unpacked scenario, by check
        self.editor.textChanged.connect(self._edited)
        self.editor.lineChanged.connect(self._line_changed)
        self.editor.modificationChanged.connect(self._show_title)
        self.autosave_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._changed_on_disk)
        session.libraryReady.connect(self._fill_picker)
        self._fill_picker()
        self._show_title()
        self._show_open()
        self.checker.start()  # the checker's process starts while the page is first shown
        _freeze_what_lasts()

    # --- layout --------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.picker = QComboBox()
        self.picker.setAccessibleName("Open a scenario")
        self.picker.setMinimumContentsLength(28)
        self.picker.activated.connect(self._picked)
        bar.addWidget(self.picker, 1)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot, tip in (
            ("open", "Open file…", self.choose_file, "Open a scenario file"),
            ("new", "New…", self.new_scenario, "Create a scenario from a template"),
            ("save", "Save", self.save, "Save (Ctrl+S); the previous version is kept as .bak"),
            ("play", "Play from here", self.play_from_here, "Test-play from the node (F5)"),
            ("fit", "Fit map", self._fit, "Fit the whole map in view (F in the map)"),
            ("export", "Export map…", self.choose_export, "Save the map as SVG or PNG"),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[name] = button
        outer.addLayout(bar)
        self.banner = Banner()
        self.banner.yes.clicked.connect(self._banner_yes)
        self.banner.no.clicked.connect(self._banner_no)
        outer.addWidget(self.banner)
        self.editor = YamlEditor()
        self.find_bar = FindBar(self.editor)
        left = QWidget()
        lcol = QVBoxLayout(left)
        lcol.setContentsMargins(0, 0, 0, 0)
        self.file_label = QLabel()
        self.file_label.setAccessibleName("File")
        lcol.addWidget(self.file_label)
        lcol.addWidget(self.editor, 1)
        lcol.addWidget(self.find_bar)
        self.map = BranchMapView()
        self.map.nodeClicked.connect(self.go_to_node)
        self.problems = ProblemList()
        self.problems.goTo.connect(self.go_to)
        self.status = QLabel("No scenario open")
        self.status.setAccessibleName("Check status")
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.map)
        low = QWidget()
        low_col = QVBoxLayout(low)
        low_col.setContentsMargins(0, 0, 0, 0)
        low_col.addWidget(self.status)
        low_col.addWidget(self.problems, 1)
        right.addWidget(low)
        self.map.setMinimumHeight(220)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setSizes([480, 260])
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        outer.addWidget(split, 1)
        for keys, slot in (
            (QKeySequence.StandardKey.Save, self.save),
            (QKeySequence.StandardKey.Find, lambda: self.find_bar.open()),
            (QKeySequence.StandardKey.Replace, lambda: self.find_bar.open(replace=True)),
            ("Ctrl+H", lambda: self.find_bar.open(replace=True)),
            ("F5", self.play_from_here),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def take_focus(self) -> None:
        self.editor.setFocus()

    # --- opening ---------------------------------------------------------------
    def _fill_picker(self) -> None:
        self.picker.clear()
        self.picker.addItem("Open a scenario…", None)
        library = self.session.library
        if library is None:
            return
        rows: list[tuple[str, str]] = []
        listed: set[str] = set()
        for entry in library.scenarios.values():
            where = "bundled" if workspace.is_bundled(Path(entry.path)) else "yours"
            rows.append((f"{entry.scenario.title} — {entry.id} ({where})", entry.path))
            listed.add(entry.path)
        for report in library.reports:
            if report.path not in listed and report.kind in (None, "scenario") and report.errors:
                rows.append((f"{Path(report.path).name} (has errors)", report.path))
        for label, path in sorted(rows):
            self.picker.addItem(label, path)

    def _picked(self, index: int) -> None:
        path = self.picker.itemData(index)
        self.picker.setCurrentIndex(0)
        if isinstance(path, str):
            self.open_file(Path(path))

    def choose_file(self) -> None:
        if not self.confirm_discard():
            return
        start = str(workspace.scenarios_dir())
        name, _ = QFileDialog.getOpenFileName(self, "Open a scenario", start, "YAML (*.yaml *.yml)")
        if name:
            self.open_file(Path(name), confirmed=True)

    def open_file(self, path: Path, *, confirmed: bool = False, new_copy: bool = False) -> bool:
        """Open ``path`` for editing; False if it could not be.

        A bundled file opens as the user's copy of it: the one they already
        have, or (none yet, or ``new_copy``) a new one.
        """
        if not confirmed and not self.confirm_discard():
            return False
        note, fresh = "", ""
        try:
            if workspace.is_bundled(path):
                copy = None if new_copy else workspace.latest_copy(path)
                if copy is not None:
                    note = (
                        f"You already have a copy of this bundled scenario, "
                        f"{display_path(copy)}: this is it, as you left it."
                    )
                    fresh = "Make a fresh copy"
                    self._copied_from = path
                else:
                    copy = workspace.copy_for_editing(path, self._ids())
                    note = (
                        f"Bundled scenarios are not edited in place: this is your copy, "
                        f"{display_path(copy)}, with the id '{copy.stem}'."
                    )
                    self.session.load_content()
                path = copy
            source, fingerprint = files.read(path)
        except TrainerError as exc:
            show_error(self, str(exc))
            return False
        self._stop_watching()
        self.path, self.source, self.fingerprint = path, source, fingerprint
        self._show_open()
        self._loading = True
        self.editor.set_text(source.text)
        self._loading = False
        self.outline, self.last = Outline(), None
        self.map.clear_map()
        self.checker.forget_map()
        self.banner.clear()
        self.watcher.addPath(str(path))
        self._pending_autosave = files.pending_autosave(path)
        if self._pending_autosave is not None:
            self.banner.offer(
                "autosave",
                "Unsaved changes to this file were kept when Counterpart last closed "
                "unexpectedly. Restore them?",
                "Restore",
                "Discard",
            )
        elif note:
            self.banner.offer("copy" if fresh else "note", note, fresh, "OK")
        self._show_title()
        self.checker.generation += 1
        self.checker.check_now()
        return True

    def open_scenario(self, scenario_id: str) -> bool:
        library = self.session.library
        if library is None or scenario_id not in library.scenarios:
            show_error(self, f"no scenario with id '{scenario_id}' is loaded")
            return False
        return self.open_file(Path(library.scenarios[scenario_id].path))

    def new_scenario(self) -> None:
        from trainer.ui.author.new_dialog import NewScenarioDialog

        if not self.confirm_discard():
            return
        folder = workspace.scenarios_dir()
        files_there = {p.stem for p in folder.glob("*.yaml")} if folder.is_dir() else set()
        dialog = NewScenarioDialog(self, taken=self._ids() | files_there)
        if dialog.exec() == NewScenarioDialog.DialogCode.Accepted:
            self.create_scenario(dialog.scenario_id, dialog.result_text)

    def create_scenario(self, scenario_id: str, text: str) -> Path | None:
        """Write a new scenario file in the user's folder and open it."""
        if scenario_id in self._ids():
            show_error(self, f"the id '{scenario_id}' is already used; choose another")
            return None
        try:
            path = new_scenario.create(workspace.scenarios_dir(), scenario_id, text)
        except TrainerError as exc:
            show_error(self, str(exc))
            return None
        self.open_file(path, confirmed=True)
        self.session.load_content()
        return path

    # --- saving -----------------------------------------------------------------
    def save(self) -> bool:
        if self.path is None:
            return False
        self._stop_watching()
        try:
            self.fingerprint = files.save(self.path, self.source.encode(self.editor.toPlainText()))
        except TrainerError as exc:
            show_error(self, str(exc))
            return False
        finally:
            self.watcher.addPath(str(self.path))
        files.discard_autosave(self.path)
        self.autosave_timer.stop()
        self.editor.document().setModified(False)
        if self.banner.kind in ("outside", "autosave"):
            self.banner.clear()
        self.fileSaved.emit(str(self.path))
        self.session.load_content()  # the library follows
        return True

    def autosave(self) -> None:
        if self.path is not None and self.editor.document().isModified():
            files.write_autosave(self.path, self.source, self.editor.toPlainText())

    def delete_file(self) -> bool:
        """Delete the open file (its .bak stays) and take it out of the library."""
        if self.path is None:
            return False
        try:
            self._stop_watching()
            files.delete(self.path)
        except TrainerError as exc:
            show_error(self, str(exc))
            return False
        self.path = None
        self.editor.set_text("")
        self._show_title()
        self._show_open()
        self.session.load_content()
        return True

    @property
    def modified(self) -> bool:
        return self.editor.document().isModified()

    def confirm_discard(self) -> bool:
        """Ask before unsaved changes are lost; True to go on."""
        if not self.modified or self.path is None:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Unsaved changes",
            f"Save the changes to {self.path.name}?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            files.discard_autosave(self.path)
            self.editor.document().setModified(False)
            return True
        return False

    def maybe_close(self) -> bool:
        """For the main window's ``closeEvent``: True when it may close (saved, discarded, clean).

        A page is not sent a close event when its window closes, so the window asks.
        """
        return self.confirm_discard()

    # --- outside changes and the autosave bar --------------------------------------
    def _stop_watching(self) -> None:
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())

    def _changed_on_disk(self, _name: str = "") -> None:
        if self.path is None:
            return
        if self.path.exists() and str(self.path) not in self.watcher.files():
            self.watcher.addPath(str(self.path))  # a program that saves by renaming
        self.check_outside()

    def check_outside(self) -> bool:
        """Offer a reload if another program changed the file; True if it did."""
        if self.path is None or not files.changed_outside(self.path, self.fingerprint):
            return False
        if self.path.exists():
            text = "This file was changed by another program."
            if self.modified:
                text += " Reloading drops your unsaved changes here."
            self.banner.offer("outside", text, "Reload", "Keep mine")
        else:
            self.banner.offer(
                "outside", "This file was deleted or moved by another program.", "", "Keep mine"
            )
        return True

    def reload(self) -> None:
        if self.path is None:
            return
        try:
            source, fingerprint = files.read(self.path)
        except TrainerError as exc:
            show_error(self, str(exc))
            return
        self.source, self.fingerprint = source, fingerprint
        line = self.editor.current_line()
        self.editor.set_text(source.text)
        self.editor.go_to(line)
        self.banner.clear()

    def _banner_yes(self) -> None:
        kind = self.banner.kind
        if kind == "outside":
            self.reload()
        elif kind == "autosave" and self._pending_autosave is not None:
            self.restore_autosave()
        elif kind == "copy" and self._copied_from is not None:
            self.banner.clear()
            self.open_file(self._copied_from, new_copy=True)
            return
        self.banner.clear()

    def _banner_no(self) -> None:
        kind = self.banner.kind
        if kind == "outside" and self.path is not None:
            self.fingerprint = files.fingerprint(self.path)  # don't ask again for this change
            self.editor.document().setModified(True)
        elif kind == "autosave" and self.path is not None:
            files.discard_autosave(self.path)
            self._pending_autosave = None
        self.banner.clear()

    def restore_autosave(self) -> None:
        """Put the autosaved text in the editor, as an unsaved change (undoable)."""
        if self._pending_autosave is None:
            return
        cursor = self.editor.textCursor()
        cursor.select(cursor.SelectionType.Document)
        cursor.insertText(self._pending_autosave)
        self._pending_autosave = None
        self.editor.document().setModified(True)
        self.banner.clear()

    # --- the live check ----------------------------------------------------------
    def _edited(self) -> None:
        if self._loading:
            return
        self.checker.text_changed()
        self.autosave_timer.start()

    def _ids(self) -> set[str]:
        library = self.session.library
        return set(library.scenarios) if library else set()

    def _check_context(self) -> CheckContext:
        library = self.session.library
        if library is not None and library.rubric is not None:
            rubric: Rubric | None = library.rubric
        else:
            if self._rubric is None:
                from trainer.scenarios.library import bundled_rubric

                self._rubric = bundled_rubric()
            rubric = self._rubric
        path = self.path or Path("untitled.yaml")
        entries = {e.id: e.path for e in library.scenarios.values()} if library else {}
        local = workspace.local_rules(library)
        try:
            who = self.session.context()  # names on the map as this trainee would read them
        except TrainerError:
            who = Context()  # the store has closed under a last check: default names
        return CheckContext(display_path(path), rubric, workspace.others(entries, path), local, who)

    def _checked(self, result: Checked) -> None:
        self.last = result
        self.editor.show_problems(result.diagnostics)
        self.problems.show_problems(result.diagnostics)
        if result.outline is not None and result.outline.blocks:
            self.outline = result.outline
        if not result.passed and self.map.flat_shown is not None:
            self.map.set_stale(True)  # the last good map stays, greyed; a valid text's follows
        self._line_changed(self.editor.current_line())
        errors, warnings = len(result.errors), len(result.warnings)
        if errors or warnings:
            text = f"{errors} error(s), {warnings} warning(s)"
        elif not result.complete:
            text = "No problems so far"
        else:
            text = "No problems: ready to play"
        if not result.complete:
            text += "; still checking every path play can take…"
        if self.checker.fallback is not None:
            text += f" (checked in the app: {self.checker.fallback})"
        self.status.setText(text)
        self.shown_at = time.perf_counter()

    def _mapped(self, placed: Flat) -> None:
        self.map.show_layout(placed, sliced=True)  # ``_map_drawn`` when it is complete

    def _map_unchanged(self) -> None:
        if not self.map.building:
            self.map.set_stale(False)
            self.mapped_at = time.perf_counter()

    def _map_drawn(self) -> None:
        self._line_changed(self.editor.current_line())
        self.mapped_at = time.perf_counter()

    def _check_failed(self, message: str) -> None:
        self.problems.show_message(f"The check could not run: {message}")
        self.status.setText(f"The check could not run: {message}")

    # --- node ↔ line ----------------------------------------------------------------
    def _line_changed(self, line: int) -> None:
        self.map.highlight(self.outline.node_at(line))

    def node_under_cursor(self) -> str | None:
        return self.outline.node_at(self.editor.current_line())

    def go_to(self, line: int, column: int = 1) -> None:
        self.editor.go_to(line, column)
        self.editor.setFocus()

    def go_to_node(self, node_id: str) -> None:
        block = self.outline.block(node_id)
        if block is not None:
            self.go_to(block.first, block.column + 1)

    # --- play from here ---------------------------------------------------------------
    def playable(self) -> Scenario | None:
        """The scenario as checked, if its text has no errors; else None (and says why).

        It comes from the checker's process packed, and is unpacked here once
        per check, only when the author plays.
        """
        last = self.last
        if last is None or not last.passed or last.errors:
            self.status.setText("Fix the errors before playing: the engine needs a valid scenario")
            return None
        if self._played is None or self._played[0] != last.generation:
            self._played = (last.generation, last.model())
        return self._played[1]

    def play_from_here(self) -> None:
        from trainer.ui.author.play_here import StartDialog

        scenario = self.playable()
        if scenario is None:
            return
        node_id = self.node_under_cursor() or scenario.start
        dialog = StartDialog(scenario, node_id, self, context=self.session.context())
        if dialog.exec() == StartDialog.DialogCode.Accepted:
            meters, flags = dialog.values()
            self.start_test_run(node_id, meters, flags)

    def start_test_run(
        self, node_id: str, meters: dict[str, int], flags: frozenset[str]
    ) -> QWidget | None:
        from trainer.ui.author.play_here import TrialRunWindow

        scenario = self.playable()
        if scenario is None:
            return None
        try:
            window = TrialRunWindow(scenario, node_id, meters, flags, self.session.context(), self)
        except TrainerError as exc:
            show_error(self, str(exc))
            return None
        self.test_runs = [w for w in self.test_runs if w.isVisible()] + [window]
        window.show()
        return window

    # --- the map ------------------------------------------------------------------------
    def _fit(self) -> None:
        self.map.fit()

    def choose_export(self) -> None:
        if self.map.layout_shown is None:
            self.status.setText("There is no map to export yet")
            return
        from trainer import paths

        folder = paths.default_exports_dir()
        suggested = folder / f"{self.map.layout_shown.map.scenario_id}-map.svg"
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the map", str(suggested), "SVG picture (*.svg);;PNG picture (*.png)"
        )
        if name:
            self.export_map(Path(name))

    def export_map(self, path: Path) -> bool:
        layout = self.map.layout_shown
        if layout is None:
            return False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix.lower() == ".png":
                self.map.render_png(path)
            else:
                files.save(path, svg.to_svg(layout).encode("utf-8"), backup=False)
        except (TrainerError, OSError) as exc:
            show_error(self, str(exc))
            return False
        self.status.setText(f"Map saved as {display_path(path)}")
        return True

    def _show_open(self) -> None:
        """With no file open there is nothing to type into: what is typed could not be saved."""
        is_open = self.path is not None
        self.editor.setReadOnly(not is_open)
        self.editor.setPlaceholderText(
            ""
            if is_open
            else "No scenario is open. Pick one in “Open a scenario…” above, "
            "or click New… to start one from a template that already passes every check."
        )
        for name in ("save", "play"):
            self.buttons[name].setEnabled(is_open)

    def _show_title(self, _modified: bool = False) -> None:
        if self.path is None:
            self.file_label.setText("No file open: pick one above, or make a new one")
            return
        star = " •" if self.editor.document().isModified() else ""
        self.file_label.setText(f"{display_path(self.path)}{star}")
