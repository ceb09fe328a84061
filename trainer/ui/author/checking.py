"""The live check: after a pause in typing, the checker runs on a worker thread.

Two jobs, one after the other: the check (problems, outline), whose result
is shown at once, then, when the text passed the schema, the map's layout on
a second worker, so a big map never delays the problem list. At most one
check runs at a time. Text typed while one runs is checked as
soon as it finishes (only the newest text: the ones in between are skipped),
and a result for text that has since changed is still shown, then replaced,
because seeing slightly old problems beats seeing none. Each result carries
the generation of the text it checked, so the page knows which it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from trainer.authoring import branch_map, document, layout
from trainer.authoring.document import Checked
from trainer.authoring.layout import Layout
from trainer.scenarios.model import Rubric, Scenario
from trainer.ui.worker import Worker

PAUSE_MS = 350


class LiveChecker(QObject):
    """``checked(Checked)`` for each finished check, ``mapped(Layout)`` for its map.

    ``failed(message)`` if a job broke (a bug: the checker reports problems, never raises).
    """

    checked = Signal(object)
    mapped = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        text: Callable[[], str],
        context: Callable[[], tuple[str, Rubric | None, Mapping[str, str]]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._text = text
        self._context = context
        self.generation = 0
        self.pause_ms = PAUSE_MS
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.check_now)
        self._worker: Worker | None = None
        self._pending = False
        self._mapper: Worker | None = None
        self._to_map: Scenario | None = None
        self.paused_at = 0.0  # when the last pause ended (the benchmark measures from here)

    @property
    def running(self) -> bool:
        return self._worker is not None

    def text_changed(self) -> None:
        """The text changed: check it once the author pauses."""
        self.generation += 1
        self._timer.start(self.pause_ms)

    def check_now(self) -> None:
        self._timer.stop()
        self.paused_at = time.perf_counter()
        if self._worker is not None:
            self._pending = True
            return
        text = self._text()
        path, rubric, others = self._context()
        generation = self.generation

        def job() -> Checked:
            return document.check(text, path, rubric, others, generation=generation, with_map=False)

        self._worker = Worker(job, self)
        self._worker.done.connect(self._done)
        self._worker.failed.connect(self._failed)
        self._worker.start()

    def _done(self, result: Any) -> None:
        self._worker = None
        if isinstance(result, Checked):
            self.checked.emit(result)
            if result.scenario is not None:
                self._to_map = result.scenario
                self._map_next()
        self._next()

    def _map_next(self) -> None:
        if self._mapper is not None or self._to_map is None:
            return
        scenario, self._to_map = self._to_map, None

        def job() -> Layout:
            return layout.place(branch_map.build(scenario))

        self._mapper = Worker(job, self)
        self._mapper.done.connect(self._placed)
        self._mapper.failed.connect(self._map_failed)
        self._mapper.start()

    def _placed(self, result: Any) -> None:
        self._mapper = None
        if isinstance(result, Layout):
            self.mapped.emit(result)
        self._map_next()

    def _map_failed(self, message: str) -> None:
        self._mapper = None
        self.failed.emit(message)
        self._map_next()

    def _failed(self, message: str) -> None:
        self._worker = None
        self.failed.emit(message)
        self._next()

    def _next(self) -> None:
        if self._pending:
            self._pending = False
            self.check_now()
