"""Where the statements go: the LRS's address, the actor's home page, the credentials.

Set by environment (``TRAINER_LRS_ENDPOINT``, ``TRAINER_LRS_USERNAME``,
``TRAINER_LRS_PASSWORD``, ``TRAINER_LRS_HOMEPAGE``) or in the app (File →
Reporting…). The environment wins, field by field, so a learning team can
roll one configuration out to many laptops and a trainer can still see it.

Reporting is off until an endpoint is set: nothing is queued and nothing
goes on the network. The address and home page are kept in the data file;
the username and password only in the operating system's keyring
(:mod:`trainer.xapi.credentials`) or the environment, never in the file.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from trainer.store import Store
from trainer.xapi.errors import LrsConfigError

ENV_ENDPOINT = "TRAINER_LRS_ENDPOINT"
ENV_USERNAME = "TRAINER_LRS_USERNAME"
ENV_PASSWORD = "TRAINER_LRS_PASSWORD"
ENV_HOMEPAGE = "TRAINER_LRS_HOMEPAGE"

SETTING_ENDPOINT = "xapi.endpoint"
SETTING_HOMEPAGE = "xapi.homepage"
SETTING_INSTALLATION = "xapi.installation"
MAX_URL = 2000


@dataclass(frozen=True, slots=True)
class Target:
    """Where statements go and whom they name; enough to queue them (no credentials)."""

    endpoint: str  # ends with "/"; "" means reporting is off
    homepage: str
    from_environment: bool = False

    @property
    def enabled(self) -> bool:
        return bool(self.endpoint)


@dataclass(frozen=True, slots=True)
class LrsConfig:
    """A target with its credentials: enough to send."""

    target: Target
    username: str = ""
    password: str = field(default="", repr=False)
    credentials_from: str = "none"  # "environment", "keyring" or "none"
    keyring_problem: str | None = None  # why the keyring could not be used, if it could not

    @property
    def endpoint(self) -> str:
        return self.target.endpoint

    @property
    def statements_url(self) -> str:
        return self.target.endpoint + "statements"


def normalise_endpoint(text: str) -> str:
    """The LRS's xAPI endpoint as stored: http(s), a host, ending in "/"; "" for none."""
    text = text.strip()
    if not text:
        return ""
    if len(text) > MAX_URL or any(c.isspace() or ord(c) < 32 for c in text):
        raise LrsConfigError(f"The LRS address {text[:80]!r} is not a web address.")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LrsConfigError(
            f"The LRS address {text!r} must start with https:// (or http:// on a local "
            "network) and name a host, e.g. https://lrs.example.org/xAPI/."
        )
    if parts.username or parts.password:
        raise LrsConfigError(
            "Put the LRS username and password in their own fields, not in the address."
        )
    if parts.query or parts.fragment:
        raise LrsConfigError(f"The LRS address {text!r} must not carry a query or a fragment.")
    return text if text.endswith("/") else text + "/"


def normalise_homepage(text: str) -> str:
    """The organisation's home page, the namespace trainee accounts live in."""
    text = text.strip()
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(text) > MAX_URL:
        raise LrsConfigError(
            f"The home page {text!r} must be a web address such as https://intranet.example.org."
        )
    return text


def default_homepage(endpoint: str) -> str:
    """With no home page given, accounts live on the LRS's own site."""
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


def target(store: Store) -> Target:
    """Where this installation reports now: the environment, else the app's settings."""
    env_endpoint = os.environ.get(ENV_ENDPOINT, "").strip()
    saved = store.get_setting(SETTING_ENDPOINT, "")
    endpoint = normalise_endpoint(env_endpoint or (saved if isinstance(saved, str) else ""))
    if not endpoint:
        return Target("", "")
    env_home = os.environ.get(ENV_HOMEPAGE, "").strip()
    saved_home = store.get_setting(SETTING_HOMEPAGE, "")
    homepage = normalise_homepage(env_home or (saved_home if isinstance(saved_home, str) else ""))
    return Target(endpoint, homepage or default_homepage(endpoint), bool(env_endpoint))


def load(store: Store) -> LrsConfig:
    """The target and its credentials: the environment's, else the keyring's."""
    from trainer.xapi import credentials

    where = target(store)
    username = os.environ.get(ENV_USERNAME, "")
    password = os.environ.get(ENV_PASSWORD, "")
    if username or password:
        return LrsConfig(where, username, password, "environment")
    if not where.enabled:
        return LrsConfig(where)
    found = credentials.read(where.endpoint)
    if found.problem is not None:
        return LrsConfig(where, keyring_problem=found.problem)
    if found.username or found.password:
        return LrsConfig(where, found.username, found.password, "keyring")
    return LrsConfig(where)


def save(store: Store, endpoint: str, homepage: str, username: str, password: str) -> str | None:
    """Keep the app's configuration; the credentials go to the keyring.

    Returns None when all was kept, or a sentence saying why the credentials
    were not (no keyring here): they must then come from the environment.
    """
    from trainer.xapi import credentials

    endpoint = normalise_endpoint(endpoint)
    homepage = normalise_homepage(homepage)
    before = store.get_setting(SETTING_ENDPOINT, "")
    store.set_setting(SETTING_ENDPOINT, endpoint)
    store.set_setting(SETTING_HOMEPAGE, homepage)
    if isinstance(before, str) and before and before != endpoint:
        credentials.forget(before)
    if not endpoint:
        return None
    installation_id(store)
    if not username and not password:
        return None
    return credentials.write(endpoint, username, password)


def installation_id(store: Store) -> str:
    """This installation's own UUID, made once: it keeps registrations apart across laptops."""
    value = store.get_setting(SETTING_INSTALLATION)
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        made = str(uuid.uuid4())
        store.set_setting(SETTING_INSTALLATION, made)
        return made
