"""The trainee's desk: the open store, who is practising, and what they can resume.

One :class:`Desk` per open data file, used by the desktop app (through its
UI session) and usable from scripts and tests the same way. Queries return
plain values; operations return a :class:`~trainer.app.changes.Changes` or
a small record holding one. The run operations (start, resume, choose,
undo, finish) are in :mod:`trainer.app.runs`, which needs the engine; this
module is on the app's start-up path and needs nothing heavy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from trainer.app import organisation as org
from trainer.app.changes import ATTEMPTS, Changes
from trainer.reports.names import check_name
from trainer.scenarios.context import Context
from trainer.store import Attempt, Profile, Store

if TYPE_CHECKING:
    from trainer.app.progress import Track
    from trainer.scenarios.library import Library

ANONYMOUS = "Anonymous"
PROFILE_KEY = "profile_id"
CALL_NAME_KEY = "call_name"


class Switched(NamedTuple):
    """Who is practising now, and whether it is someone else than before."""

    profile: Profile
    someone_else: bool
    changes: Changes


class Desk:
    """Everything one person at this computer acts on."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # The profile used last time is current from the start, so the
        # library can show its states before the window does.
        self.profile: Profile | None = self._remembered_profile()
        self.library: Library | None = None  # once loaded (the app loads it off the UI thread)
        self.tracks: list[Track] = []
        self.tracks_problem: str | None = None

    # --- who is practising ---------------------------------------------------
    def _remembered_profile(self) -> Profile | None:
        pid = self.store.get_setting(PROFILE_KEY)
        return next((p for p in self.store.list_profiles() if p.id == pid), None)

    def profiles(self) -> list[Profile]:
        return self.store.list_profiles()

    @property
    def anonymous(self) -> bool:
        return self.profile is not None and self.profile.name == ANONYMOUS

    def switch_profile(self, name: str, call_name: str = "") -> Switched:
        """Practise as ``name`` (created if new); remembered for the next start.

        ``call_name``, if given, is how the dialogue addresses them. A new
        name that a certificate could not print is refused
        (:class:`~trainer.reports.names.UnprintableName`, an ExportError).
        """
        before = self.profile
        profile = self.store.find_profile(name)
        if profile is None:
            if name.strip():  # an empty name gets the store's own message
                check_name(name)  # said now, not when the certificate is due
            profile = self.store.create_profile(name)
        self.profile = profile
        if self.store.get_setting(PROFILE_KEY) != profile.id:
            self.store.set_setting(PROFILE_KEY, profile.id)
        if call_name:
            self.set_call_name(call_name)
        someone_else = before is None or before.id != profile.id
        return Switched(profile, someone_else, Changes(profile=True))

    def call_name(self) -> str:
        """How the dialogue addresses the trainee: their chosen form, else the full name.

        Asked, not guessed: a "first word" rule would call Nguyễn Thị Phương
        Thảo by her family name. Certificates always print the full name.
        """
        if self.profile is None:
            return ""
        value = self.store.get_setting(CALL_NAME_KEY, profile_id=self.profile.id)
        return value if isinstance(value, str) and value.strip() else self.profile.name

    def set_call_name(self, call_name: str) -> Changes:
        if self.profile is None:
            return Changes()
        checked = org.checked(call_name, "name the dialogue calls you")
        self.store.set_setting(CALL_NAME_KEY, checked, profile_id=self.profile.id)
        return Changes(profile=True)

    # --- the organisation ----------------------------------------------------
    def organisation(self) -> str:
        """The organisation's name as certificates print it; "" until one is set."""
        return org.organisation(self.store)

    def name_organisation(self, name: str) -> Changes:
        return org.name_organisation(self.store, name)

    def context(self) -> Context:
        """Who is playing, as the dialogue addresses them."""
        organisation = self.organisation() or Context().organisation
        if self.profile is None or self.anonymous:
            return Context(organisation=organisation)
        return Context(trainee=self.call_name(), organisation=organisation)

    # --- runs ------------------------------------------------------------------
    def attempts(self) -> list[Attempt]:
        return self.store.attempts(self.profile.id) if self.profile else []

    def unfinished(self) -> list[Attempt]:
        return self.store.unfinished_attempts(self.profile.id) if self.profile else []

    def unfinished_of(self, scenario_id: str) -> Attempt | None:
        """The scenario's one resumable run, if it has one (starting again sets it aside)."""
        return next((a for a in self.unfinished() if a.scenario_id == scenario_id), None)

    def choices_made(self, attempt: Attempt) -> int:
        return len(self.store.choices(attempt.id))

    def set_aside(self, attempt: Attempt) -> Changes:
        """Give up an unfinished run: it stays in the history as not finished."""
        self.store.abandon_attempt(attempt.id)
        return ATTEMPTS
