"""The app's shared state and the one place that announces changes.

Like Anki's operations gateway: pages never call each other. They read from
the session and refresh when it says something changed (``profileChanged``,
``attemptsChanged``, ``libraryReady``). The session holds the open store,
the current profile, the catalogue shown at start-up and, once the worker
has loaded it, the full library with its rubric and tracks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QObject, Signal

from trainer import settings
from trainer.scenarios import catalogue
from trainer.scenarios.catalogue import Catalogue
from trainer.store import Attempt, Profile, Store

if TYPE_CHECKING:
    from trainer.app import progress
    from trainer.scenarios.context import Context
    from trainer.scenarios.library import Library

ANONYMOUS = "Anonymous"
PROFILE_KEY = "profile_id"
CALL_NAME_KEY = "call_name"


class Loaded(NamedTuple):
    """What the background load hands back."""

    library: Library
    catalogue: Catalogue
    tracks: list[progress.Track]
    tracks_problem: str | None


class Session(QObject):
    """The open data file, the trainee, and the content."""

    profileChanged = Signal()
    organisationChanged = Signal()
    attemptsChanged = Signal()
    libraryReady = Signal()
    loadFailed = Signal(str)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        # The profile used last time is current from the start, so the
        # library is built once, with its states, before the window shows.
        self.profile: Profile | None = self.remembered_profile()
        self._key = catalogue.fingerprint()
        self.catalogue: Catalogue | None = catalogue.read_cache(self._key)
        self._cached = self.catalogue  # what the cache file already holds
        self.library: Library | None = None
        self.tracks: list[progress.Track] = []
        self.tracks_problem: str | None = None
        self._waiting: list[Callable[[], None]] = []

    # --- profile ---------------------------------------------------------
    def remembered_profile(self) -> Profile | None:
        """The profile used last time, if it still exists."""
        pid = self.store.get_setting(PROFILE_KEY)
        return next((p for p in self.store.list_profiles() if p.id == pid), None)

    def use_profile(self, profile: Profile) -> None:
        self.profile = profile
        if self.store.get_setting(PROFILE_KEY) != profile.id:
            self.store.set_setting(PROFILE_KEY, profile.id)
        self.profileChanged.emit()

    def use_name(self, name: str) -> Profile:
        """Switch to the profile with this name, creating it if it is new."""
        found = self.store.find_profile(name) or self.store.create_profile(name)
        self.use_profile(found)
        return found

    @property
    def anonymous(self) -> bool:
        return self.profile is not None and self.profile.name == ANONYMOUS

    def organisation(self) -> str:
        """The organisation this installation has named; "" until one is set.

        Certificates print this (and omit the line when it is empty); the
        dialogue falls back to the library's neutral default instead.
        """
        value = self.store.get_setting(settings.ORGANISATION)
        return value.strip() if isinstance(value, str) else ""

    def set_organisation(self, name: str) -> None:
        """Name the organisation for every profile on this computer ("" clears it)."""
        self.store.set_setting(settings.ORGANISATION, " ".join(name.split()))
        self.organisationChanged.emit()

    def context(self) -> Context:
        """Who is playing, as the dialogue addresses them."""
        from trainer.scenarios.context import Context

        organisation = self.organisation() or Context().organisation
        if self.profile is None or self.anonymous:
            return Context(organisation=organisation)
        return Context(trainee=self.call_name(), organisation=organisation)

    def call_name(self) -> str:
        """How the dialogue addresses the trainee: their chosen form, else the full name.

        Asked, not guessed: a "first word" rule would call Nguyễn Thị Phương
        Thảo by her family name. Certificates always print the full name.
        """
        assert self.profile is not None
        value = self.store.get_setting(CALL_NAME_KEY, profile_id=self.profile.id)
        return value if isinstance(value, str) and value.strip() else self.profile.name

    def set_call_name(self, call_name: str) -> None:
        assert self.profile is not None
        self.store.set_setting(
            CALL_NAME_KEY, " ".join(call_name.split()), profile_id=self.profile.id
        )

    # --- attempts ----------------------------------------------------------
    def attempts(self) -> list[Attempt]:
        return self.store.attempts(self.profile.id) if self.profile else []

    def unfinished(self) -> list[Attempt]:
        return self.store.unfinished_attempts(self.profile.id) if self.profile else []

    def infos(self) -> list[progress.ScenarioInfo]:
        from trainer.app.progress import ScenarioInfo  # for the progress page, not the library

        cards = self.catalogue.cards if self.catalogue else []
        return [ScenarioInfo(c.id, c.title, c.topic, c.topic_label) for c in cards]

    def title_of(self, scenario_id: str) -> str:
        cards = self.catalogue.cards if self.catalogue else []
        return next((c.title for c in cards if c.id == scenario_id), scenario_id)

    def changed(self) -> None:
        """Call after anything that adds or finishes an attempt."""
        self.attemptsChanged.emit()

    def set_aside(self, attempt: Attempt) -> None:
        """Give up an unfinished run: it stays in the history as not finished."""
        self.store.abandon_attempt(attempt.id)
        self.changed()

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
        self.library, self.catalogue = loaded.library, loaded.catalogue
        self.tracks, self.tracks_problem = loaded.tracks, loaded.tracks_problem
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
