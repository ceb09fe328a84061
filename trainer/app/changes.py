"""What an operation changed, so that every view showing it can refresh.

Each operation in :mod:`trainer.app` returns a record carrying a
:class:`Changes`; the desktop app's session turns it into signals (one per
kind of change), and the command line ignores it. Nothing else announces a
change: a page never says by hand that the attempts changed.
"""

from __future__ import annotations

from typing import NamedTuple


class Changes(NamedTuple):
    """Which kinds of data an operation changed."""

    profile: bool = False  # who is practising, or what they are called
    organisation: bool = False  # the organisation's name
    attempts: bool = False  # a run started, finished, was set aside or took a choice back
    certificates: bool = False  # a certificate was issued and registered

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.profile or other.profile,
            self.organisation or other.organisation,
            self.attempts or other.attempts,
            self.certificates or other.certificates,
        )

    def __bool__(self) -> bool:
        return self.profile or self.organisation or self.attempts or self.certificates


NOTHING = Changes()
ATTEMPTS = Changes(attempts=True)
CERTIFICATES = Changes(certificates=True)
