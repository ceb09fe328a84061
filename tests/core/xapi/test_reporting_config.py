"""Configuration, credentials, hostile answers and refusals, without a network.

The LRS here is an ``httpx.MockTransport``: it answers what a broken or
hostile server might, and the tests check what the user is told and that
no statement is lost or resent for ever.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest
from lrs_helpers import MemoryKeyring

from trainer.store import Store
from trainer.store.outbox import Outbox, OutboxItem
from trainer.xapi import config as xconfig
from trainer.xapi import credentials
from trainer.xapi.client import MAX_ANSWER_BYTES, LrsClient
from trainer.xapi.errors import LrsConfigError, LrsServerError
from trainer.xapi.sender import retry_delay, send_pending

ENDPOINT = "https://lrs.example.org/xAPI/"


def items(count: int) -> list[OutboxItem]:
    return [
        OutboxItem(f"00000000-0000-4000-8000-{n:012x}", json.dumps({"n": n})) for n in range(count)
    ]


def respond(status: int, body: object = None, **kwargs: object) -> httpx.Response:
    """An answer streamed as a server's is (the client reads it raw, bounded)."""
    data = body if isinstance(body, bytes) else b"" if body is None else json.dumps(body).encode()
    return httpx.Response(status, stream=httpx.ByteStream(data), **kwargs)  # type: ignore[arg-type]


def client_for(store: Store, handler: httpx.MockTransport) -> LrsClient:
    return LrsClient(xconfig.load(store), transport=handler)


def test_reporting_is_off_until_an_endpoint_is_set(store: Store) -> None:
    assert not xconfig.target(store).enabled
    assert xconfig.load(store).credentials_from == "none"


def test_the_environment_wins_and_the_homepage_defaults_to_the_lrs_site(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    xconfig.save(store, "https://app.example.org/xAPI", "", "", "")
    monkeypatch.setenv(xconfig.ENV_ENDPOINT, ENDPOINT)
    monkeypatch.setenv(xconfig.ENV_USERNAME, "env-user")
    monkeypatch.setenv(xconfig.ENV_PASSWORD, "env-secret")
    settings = xconfig.load(store)
    assert settings.endpoint == ENDPOINT and settings.target.from_environment
    assert settings.target.homepage == "https://lrs.example.org"
    assert (settings.username, settings.credentials_from) == ("env-user", "environment")
    assert "env-secret" not in repr(settings)


@pytest.mark.parametrize(
    "address",
    ["lrs.example.org", "ftp://lrs.example.org/", "https://u:p@lrs.example.org/", "https://"],
)
def test_an_address_that_cannot_work_is_refused_with_a_reason(store: Store, address: str) -> None:
    with pytest.raises(LrsConfigError):
        xconfig.save(store, address, "", "", "")


def test_without_a_keyring_the_credentials_are_not_kept_and_the_user_is_told(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("trainer.xapi.credentials._backend", lambda: None)
    problem = xconfig.save(store, ENDPOINT, "", "someone", "s3cret")
    assert problem == credentials.NO_KEYRING and "TRAINER_LRS_PASSWORD" in problem
    assert xconfig.load(store).keyring_problem == credentials.NO_KEYRING
    assert "s3cret" not in json.dumps(
        [store.get_setting(k) for k in (xconfig.SETTING_ENDPOINT, xconfig.SETTING_HOMEPAGE)]
    )


def test_keyring_credentials_follow_the_endpoint(
    store: Store, memory_keyring: MemoryKeyring
) -> None:
    xconfig.save(store, ENDPOINT, "", "someone", "s3cret")
    assert xconfig.load(store).password == "s3cret"
    xconfig.save(store, "https://other.example.org/xAPI/", "", "", "")
    assert xconfig.load(store).password == ""
    assert memory_keyring.entries == {}


def test_an_oversized_or_garbled_answer_is_not_trusted(store: Store) -> None:
    xconfig.save(store, ENDPOINT, "", "u", "p")
    huge = httpx.MockTransport(lambda r: respond(200, b"x" * (4 * MAX_ANSWER_BYTES)))
    with client_for(store, huge) as client, pytest.raises(LrsServerError) as caught:
        client.check()
    assert "not as an xAPI LRS does" in str(caught.value)
    noisy = httpx.MockTransport(
        lambda r: respond(502, {"detail": "\x1b[31mboom\x1b[0m" + "!" * 5000})
    )
    with client_for(store, noisy) as client, pytest.raises(LrsServerError) as caught:
        client.post(["{}"])
    message = str(caught.value)
    assert "HTTP 502" in message and "\x1b" not in message and len(message) < 500


def test_a_redirect_is_not_followed(store: Store) -> None:
    xconfig.save(store, ENDPOINT, "", "u", "p")
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return respond(307, headers={"Location": "https://elsewhere.example.org/"})

    with client_for(store, httpx.MockTransport(answer)) as client:
        Outbox(store).add(items(3))
        report = send_pending(store, client)
    assert report.error is not None and "redirects elsewhere" in report.error
    assert seen == [ENDPOINT + "statements"]
    assert Outbox(store).status().waiting == 3


def test_one_invalid_statement_is_set_aside_and_the_rest_are_sent(store: Store) -> None:
    xconfig.save(store, ENDPOINT, "", "u", "p")
    stored: list[int] = []

    def answer(request: httpx.Request) -> httpx.Response:
        batch = json.loads(request.content)
        if any(s["n"] == 5 for s in batch):
            return respond(400, {"detail": "statement 5 is invalid"})
        stored.extend(s["n"] for s in batch)
        return respond(200, [])

    Outbox(store).add(items(12))
    with client_for(store, httpx.MockTransport(answer)) as client:
        report = send_pending(store, client, batch=8)
    assert (report.sent, report.refused, report.error) == (11, 1, None)
    assert sorted(stored) == [n for n in range(12) if n != 5]
    status = Outbox(store).status()
    assert (status.waiting, status.refused) == (0, 1)
    assert "statement 5 is invalid" in (status.last_error or "")


def test_failures_back_off_and_the_schedule_is_kept(store: Store) -> None:
    xconfig.save(store, ENDPOINT, "", "u", "p")
    failing = httpx.MockTransport(lambda r: respond(503))
    Outbox(store).add(items(2))
    with client_for(store, failing) as client:
        assert send_pending(store, client).error is not None
        assert send_pending(store, client).sent == 0  # not due yet: nothing was tried
    status = Outbox(store).status()
    assert status.next_try is not None and status.next_try > datetime.now(UTC)
    assert retry_delay(1) < retry_delay(3) < retry_delay(30) <= 900 * 1.2
