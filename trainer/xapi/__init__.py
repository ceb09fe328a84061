"""Reporting to a Learning Record Store (xAPI): statements, the outbox, the sender.

Runs (and workshops, through the same builders) become xAPI statements
(:mod:`~trainer.xapi.statements`), queued in the data file in the same
transaction as what they describe (:mod:`trainer.store.outbox`), and sent
in batches by a background sender (:mod:`~trainer.xapi.sender`) over a
bounded HTTP client (:mod:`~trainer.xapi.client`). Off until an LRS address
is configured (:mod:`~trainer.xapi.config`); credentials live in the
keyring (:mod:`~trainer.xapi.credentials`). See ``docs/xapi.md``.

Importing this package is cheap: httpx and keyring load only when sending
or configuring.
"""

from trainer.xapi.errors import (
    LrsAddressError,
    LrsConfigError,
    LrsCredentialsError,
    LrsError,
    LrsRefusedError,
    LrsServerError,
    LrsTlsError,
)
from trainer.xapi.recording import (
    Reporting,
    RunReporter,
    WorkshopReporter,
    reporting,
    run_reporter,
    start_statements,
    wake,
    workshop_reporter,
)

__all__ = [
    "LrsAddressError",
    "LrsConfigError",
    "LrsCredentialsError",
    "LrsError",
    "LrsRefusedError",
    "LrsServerError",
    "LrsTlsError",
    "Reporting",
    "RunReporter",
    "WorkshopReporter",
    "reporting",
    "run_reporter",
    "start_statements",
    "wake",
    "workshop_reporter",
]
