"""What can go wrong reporting to an LRS, as members of the one ``TrainerError`` family.

httpx's, ssl's and keyring's exceptions become these at the boundary
(:mod:`trainer.xapi.client`, :mod:`trainer.xapi.credentials`), each with a
sentence that says what failed and what to do. ``transient`` tells the
sender whether trying again later may help.
"""

from __future__ import annotations

from trainer.errors import TrainerError


class LrsError(TrainerError):
    """Statements could not be delivered to the Learning Record Store."""

    transient = True


class LrsConfigError(LrsError):
    """The reporting settings are incomplete or not valid."""

    transient = False


class LrsAddressError(LrsError):
    """The LRS's address could not be reached (no such host, refused, timed out)."""


class LrsTlsError(LrsError):
    """The secure connection to the LRS failed (certificate, TLS version)."""


class LrsCredentialsError(LrsError):
    """The LRS refused the username and password, or their rights."""


class LrsRefusedError(LrsError):
    """The LRS refused the statements themselves (its own error is in the message)."""

    transient = False

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class LrsServerError(LrsError):
    """The LRS failed, or answered with something that is not a valid xAPI answer."""
