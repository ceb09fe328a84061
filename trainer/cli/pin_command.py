"""The profile PIN on the command line: ``trainer play`` asks for it before an assessment.

An assessment played in a terminal counts as one played in the app, so a
profile with a PIN (set in the app, File ▸ Profile PIN…) needs it here too.
The PIN is read with :func:`getpass.getpass` from the terminal itself, never
from standard input (which carries the choices) and never echoed; with no
terminal to ask on (a pipe, a cron job) the run is refused with a plain
reason rather than guessed. The check is the core's
(:func:`trainer.app.pin.require`), wrong tries and the wait included.
"""

from __future__ import annotations

import getpass
import warnings
from collections.abc import Callable

from trainer import paths
from trainer.app import pin as pins
from trainer.errors import StoreError
from trainer.store import Profile, Store

Ask = Callable[[str], str]


def ask_on_terminal(prompt: str) -> str:
    """The PIN typed on the controlling terminal; refused when there is none."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", getpass.GetPassWarning)
        try:
            return getpass.getpass(prompt)
        except (getpass.GetPassWarning, EOFError, OSError):
            raise pins.PinNeeded(
                "this profile has a PIN and there is no terminal to type it in; run "
                "'trainer play' in a terminal, or add --practice (practice never asks)"
            ) from None


def check_play(name: str | None, practice: bool, ask: Ask = ask_on_terminal) -> None:
    """Before ``trainer play``: an assessment under a profile with a PIN needs it.

    The profile is found as the play command finds it (``--name``, else the
    one the app remembers); a name not yet in the data file is a new profile,
    with no PIN. Raises :class:`~trainer.app.pin.PinError` to refuse.
    """
    if practice:
        return
    path = paths.database_path()
    if not path.exists():
        return
    try:
        store = Store.open(path)
    except StoreError:
        return  # the play command says the run is not saved; there is nothing to protect
    with store:
        profile = _profile(store, name)
        if profile is None or not pins.has_pin(store, profile.id):
            return
        pins.require(store, profile.id, ask(f"PIN for {profile.name}: "))


def _profile(store: Store, name: str | None) -> Profile | None:
    from trainer.app.desk import PROFILE_KEY

    if name:
        return store.find_profile(name)
    pid = store.get_setting(PROFILE_KEY)
    return next((p for p in store.list_profiles() if p.id == pid), None)
