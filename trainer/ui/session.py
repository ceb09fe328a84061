"""The app's shared state and the one place that announces changes.

Like Anki's operations gateway: pages never call each other, and never say
by hand that something changed. A page makes one core call through
:meth:`Session.perform`; the call returns a record of what it changed, and
the session emits the matching signals (``profileChanged``,
``organisationChanged``, ``attemptsChanged``, ``certificatesChanged``), from
which every page refreshes. The session holds the core's
:class:`~trainer.app.desk.Desk` (the open store, who is practising, the
content once loaded) and the catalogue shown at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, ParamSpec, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal

from trainer.app.changes import Changes
from trainer.app.desk import Desk
from trainer.scenarios import catalogue
from trainer.scenarios.catalogue import Catalogue
from trainer.store import Attempt, Profile, Store
from trainer.store.connection import keep_responsive

if TYPE_CHECKING:
    from trainer.app import progress
    from trainer.scenarios.context import Context
    from trainer.scenarios.library import Library


class Outcome(Protocol):
    """What a core operation returns: a record with what it changed."""

    @property
    def changes(self) -> Changes: ...


P = ParamSpec("P")
R = TypeVar("R", bound="Outcome | Changes")


class Loaded(NamedTuple):
    """What the background load hands back."""

    library: Library
    catalogue: Catalogue
    tracks: list[progress.Track]
    tracks_problem: str | None


class Session(QObject):
    """The open data file, the trainee, and the content, as the pages see them."""

    profileChanged = Signal()
    organisationChanged = Signal()
    attemptsChanged = Signal()
    certificatesChanged = Signal()
    libraryReady = Signal()
    loadFailed = Signal(str)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        keep_responsive()  # this (the UI) thread never waits long for another program's lock
        self.desk = Desk(store)
        self._key = catalogue.fingerprint()
        self.catalogue: Catalogue | None = catalogue.read_cache(self._key)
        self._cached = self.catalogue  # what the cache file already holds
        self._waiting: list[Callable[[], None]] = []

    # --- the gateway -----------------------------------------------------------
    def perform(self, operation: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run one core operation and announce what it changed.

        The operation returns a :class:`~trainer.app.changes.Changes` or a
        record holding one; a :class:`~trainer.errors.TrainerError` it raises
        reaches the caller, having changed nothing.
        """
        outcome = operation(*args, **kwargs)
        self.announce(outcome if isinstance(outcome, Changes) else outcome.changes)
        return outcome

    def announce(self, changes: Changes) -> None:
        """Emit a signal for each kind of change (for work finished on a worker)."""
        if changes.profile:
            self.profileChanged.emit()
        if changes.organisation:
            self.organisationChanged.emit()
        if changes.attempts:
            self.attemptsChanged.emit()
        if changes.certificates:
            self.certificatesChanged.emit()

    # --- what the pages read ----------------------------------------------------
    @property
    def store(self) -> Store:
        return self.desk.store

    @property
    def profile(self) -> Profile | None:
        return self.desk.profile

    @property
    def anonymous(self) -> bool:
        return self.desk.anonymous

    @property
    def library(self) -> Library | None:
        return self.desk.library

    @property
    def tracks(self) -> list[progress.Track]:
        return self.desk.tracks

    @property
    def tracks_problem(self) -> str | None:
        return self.desk.tracks_problem

    def organisation(self) -> str:
        return self.desk.organisation()

    def context(self) -> Context:
        return self.desk.context()

    def attempts(self) -> list[Attempt]:
        return self.desk.attempts()

    def unfinished(self) -> list[Attempt]:
        return self.desk.unfinished()

    def infos(self) -> list[progress.ScenarioInfo]:
        from trainer.app.progress import ScenarioInfo  # for the progress page, not the library

        cards = self.catalogue.cards if self.catalogue else []
        return [ScenarioInfo(c.id, c.title, c.topic, c.topic_label) for c in cards]

    def title_of(self, scenario_id: str) -> str:
        cards = self.catalogue.cards if self.catalogue else []
        return next((c.title for c in cards if c.id == scenario_id), scenario_id)

    # --- content -----------------------------------------------------------
    def load_content(self) -> None:
        """Load the full library, rubric and tracks on a worker thread."""
        from trainer.ui.worker import run_in_background  # QThread: not needed to show the window

        run_in_background(self._load, self._loaded, self._failed, self)

    def _load(self) -> Loaded:
        from trainer.app.progress import load_tracks
        from trainer.errors import ContentError
        from trainer.scenarios.library import load_library

        library = load_library()
        cat = catalogue.from_library(library)
        if cat != self._cached:  # a new or changed library: the next start shows it at once
            catalogue.write_cache(self._key, cat)
        try:
            tracks, problem = load_tracks(), None
        except ContentError as exc:
            tracks, problem = [], str(exc)
        return Loaded(library, cat, tracks, problem)

    def _loaded(self, loaded: Any) -> None:
        assert isinstance(loaded, Loaded)
        self.desk.library, self.catalogue = loaded.library, loaded.catalogue
        self.desk.tracks, self.desk.tracks_problem = loaded.tracks, loaded.tracks_problem
        self.libraryReady.emit()
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            callback()

    def _failed(self, message: str) -> None:
        self.loadFailed.emit(message)

    def when_loaded(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` now if the library is loaded, else as soon as it is."""
        if self.library is not None:
            callback()
        else:
            self._waiting.append(callback)
