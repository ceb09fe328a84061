"""The LRS username and password in the operating system's keyring, and nowhere else.

Kept as one keyring entry per endpoint (service ``Counterpart LRS``, the
endpoint as the entry's user name) holding both as JSON, so changing the
address never pairs an old password with a new LRS.

Where no keyring exists (a headless Linux without a Secret Service, keyring's
``fail`` or ``null`` backend), nothing is stored: :func:`write` says so, and
the credentials must come from ``TRAINER_LRS_USERNAME`` / ``TRAINER_LRS_PASSWORD``.
A keyring that raises is treated the same way; its message never includes
the secret.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

SERVICE = "Counterpart LRS"
NO_KEYRING = (
    "This computer has no keyring (no password store such as Windows Credential "
    "Manager, macOS Keychain or a Secret Service), so the LRS username and password "
    "are not saved. Set TRAINER_LRS_USERNAME and TRAINER_LRS_PASSWORD in the environment."
)


@dataclass(frozen=True, slots=True)
class Found:
    """What the keyring holds for an endpoint, or why it could not be asked."""

    username: str = ""
    password: str = field(default="", repr=False)
    problem: str | None = None


def _backend() -> Any:
    """The usable keyring backend, or None (imported here: the app's start never needs it)."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except Exception:  # a broken keyring install must not stop the app
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return backend


def problem() -> str | None:
    """None when a keyring is there, or the sentence saying there is none."""
    return None if _backend() is not None else NO_KEYRING


def read(endpoint: str) -> Found:
    """The saved credentials for ``endpoint`` (empty if none were saved)."""
    backend = _backend()
    if backend is None:
        return Found(problem=NO_KEYRING)
    try:
        text = backend.get_password(SERVICE, endpoint)
    except Exception as exc:
        return Found(problem=_failed("read", exc))
    if not text:
        return Found()
    try:
        data = json.loads(text)
        return Found(str(data["username"]), str(data["password"]))
    except (ValueError, KeyError, TypeError):
        return Found(problem="The keyring's LRS entry is damaged; enter the password again.")


def write(endpoint: str, username: str, password: str) -> str | None:
    """Save the credentials; None when saved, else why not."""
    backend = _backend()
    if backend is None:
        return NO_KEYRING
    try:
        backend.set_password(
            SERVICE, endpoint, json.dumps({"username": username, "password": password})
        )
    except Exception as exc:
        return _failed("save", exc)
    return None


def forget(endpoint: str) -> None:
    """Remove the entry for ``endpoint``, if there is one and a keyring to remove it from."""
    backend = _backend()
    if backend is None:
        return
    try:
        backend.delete_password(SERVICE, endpoint)
    except Exception:  # nothing saved, or a locked keyring: nothing to tell the user
        return


def _failed(action: str, exc: Exception) -> str:
    # The exception's class only: a backend's message could echo what it was given.
    return (
        f"The keyring could not {action} the LRS credentials ({type(exc).__name__}). "
        "Unlock the keyring and try again, or set TRAINER_LRS_USERNAME and "
        "TRAINER_LRS_PASSWORD in the environment."
    )
