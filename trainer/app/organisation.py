"""The organisation's name: one setting for everyone on this computer.

It is printed on certificates and spoken in the dialogue. The app and
``trainer certify`` both read and write it here, so they normalise it the
same way: inner runs of spaces, tabs and line breaks become one space.
"""

from __future__ import annotations

from trainer import settings
from trainer.app.changes import Changes
from trainer.errors import StoreError
from trainer.store import Store
from trainer.visible_text import direction_problem, keep_meaningful_joiners


def normalise(name: str) -> str:
    """The name as it is stored and printed: trimmed, single spaces."""
    return " ".join(name.split())


def checked(name: str, what: str = "organisation's name") -> str:
    """A name about to be saved, normalised; one with hidden direction controls is refused.

    See :mod:`trainer.visible_text`: the name must read the same on a
    certificate, in the dialogue and in a terminal. Joiners that join
    nothing are dropped.
    """
    problem = direction_problem(name, what)
    if problem is not None:
        raise StoreError(problem)
    return keep_meaningful_joiners(normalise(name))


def organisation(store: Store) -> str:
    """The organisation this installation has named; "" until one is set."""
    value = store.get_setting(settings.ORGANISATION)
    return normalise(value) if isinstance(value, str) else ""


def name_organisation(store: Store, name: str) -> Changes:
    """Name the organisation for every profile on this computer ("" clears it)."""
    new = checked(name)
    if new == organisation(store):
        return Changes()
    store.set_setting(settings.ORGANISATION, new)
    return Changes(organisation=True)
