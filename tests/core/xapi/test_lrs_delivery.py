"""Runs reach a real LRS (Ralph): once each, whatever happens on the way.

Every test plays or queues statements in a real data file, sends them with
the real sender over HTTP, and reads back from Ralph what a learning team
would see there.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lrs_helpers import Lrs, MemoryKeyring, Proxy, free_port

from trainer.app.runs import KeptRun, start_run
from trainer.scenarios.library import Library, load_library
from trainer.store import Mode, Store
from trainer.store.outbox import Outbox
from trainer.xapi import config as xconfig
from trainer.xapi import statements as st
from trainer.xapi import vocabulary as v
from trainer.xapi.client import LrsClient
from trainer.xapi.errors import LrsAddressError, LrsCredentialsError
from trainer.xapi.sender import send_now

SCENARIO = "bounced-resident"
PROJECT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def configure(store: Store, endpoint: str, password: str) -> None:
    problem = xconfig.save(
        store, endpoint, "https://intranet.example.org", "counterpart-test", password
    )
    assert problem is None


def play(store: Store, library: Library, name: str, pick: int = 1) -> KeptRun:
    profile = store.find_profile(name) or store.create_profile(name)
    entry = library.get(SCENARIO)
    run = start_run(store, profile.id, entry, mode=Mode.ASSESSMENT, rubric=library.rubric)
    while not run.finished:  # option ``pick`` as written (an assessment shuffles them)
        written = sorted(run.playthrough.options(), key=lambda o: o.index)
        run.choose(written[min(pick, len(written)) - 1].number)
    return run


def registration(store: Store, run: KeptRun) -> str:
    return st.registration_for(xconfig.installation_id(store), "attempt", run.attempt.id)


BULK = "6f1b2c3d-0000-4000-8000-000000000000"  # the registration of queue_many's statements


def queue_many(store: Store, count: int) -> list[str]:
    """``count`` small valid statements, queued as a run's would be."""
    items = [
        st.encode(
            {
                "id": f"6f1b2c3d-{n:04x}-4000-8000-{n:012x}",
                "actor": st.Actor(f"bulk-{n % 7}", "https://intranet.example.org").as_json(),
                "verb": {"id": v.SELECTED},
                "object": {"objectType": "Activity", "id": f"{v.SCENARIO}bulk:{n}"},
                "context": {"registration": BULK},
                "timestamp": "2024-05-01T10:00:00.000+00:00",
            }
        )
        for n in range(count)
    ]
    Outbox(store).add(items)
    return [i.statement_id for i in items]


def test_a_played_run_arrives_with_its_verbs_scores_and_registration(
    store: Store, library: Library, lrs: Lrs
) -> None:
    configure(store, lrs.endpoint, lrs.password)
    run = play(store, library, "Ada Lovelace")
    assert run.debrief is not None
    result = run.debrief.result

    report = send_now(store)

    assert report.error is None
    got = lrs.statements(registration=registration(store, run))
    verbs = [s["verb"]["id"] for s in sorted(got, key=lambda s: s["timestamp"])]
    choices = len(run.playthrough.steps)
    assert verbs[0] == v.INITIALIZED
    assert verbs[1 : 1 + choices] == [v.SELECTED] * choices
    assert sorted(verbs[1 + choices :]) == sorted(
        [v.COMPLETED, v.PASSED if result.passed else v.FAILED]
    )
    judged = next(s for s in got if s["verb"]["id"] in (v.PASSED, v.FAILED))
    assert judged["result"]["score"]["scaled"] == pytest.approx(result.score / 100)
    assert judged["result"]["success"] is result.passed
    assert judged["result"]["extensions"][v.EXT_COMPETENCIES] == {
        c.id: {"percent": c.percent, "earned": c.earned, "attainable": c.attainable}
        for c in result.competencies
    }
    assert judged["result"]["extensions"][v.EXT_OUTCOME] == result.outcome
    actor = got[0]["actor"]
    assert actor["account"] == {"homePage": "https://intranet.example.org", "name": "Ada Lovelace"}
    assert "mbox" not in actor
    assert {s["object"]["id"] for s in got if s["verb"]["id"] == v.INITIALIZED} == {
        v.SCENARIO + SCENARIO
    }
    assert Outbox(store).status().waiting == 0


def test_a_critical_choice_is_flagged(store: Store, library: Library, lrs: Lrs) -> None:
    critical = [
        (entry, node_id, i)
        for entry in (library.get(sid) for sid in sorted(library.scenarios))
        for node_id, node in entry.scenario.nodes.items()
        for i, c in enumerate(node.choices)
        if c.critical
    ]
    assert critical, "the bundled library has no critical choice to report"
    entry, node_id, index = critical[0]
    facts = st.RunFacts(
        st.Actor("Ada", "https://intranet.example.org"),
        entry.scenario,
        entry.content_hash,
        "6f1b2c3d-aaaa-4000-8000-000000000001",
        "practice",
    )
    statement = st.choice_selected(facts, node_id, index, datetime.now(UTC))
    configure(store, lrs.endpoint, lrs.password)
    Outbox(store).add([st.encode(statement)])
    assert send_now(store).error is None
    (back,) = lrs.statements(registration=facts.registration)
    assert back["result"]["success"] is False
    assert (
        back["result"]["extensions"][v.EXT_CRITICAL]
        == entry.scenario.nodes[node_id].choices[index].critical
    )


def test_nothing_is_queued_or_sent_until_an_lrs_is_configured(
    store: Store, library: Library
) -> None:
    play(store, library, "Grace Hopper")
    assert Outbox(store).status().waiting == 0
    assert send_now(store).error == "Reporting is off: no LRS address is set."


def test_the_lrs_down_then_back_loses_nothing(
    store: Store, library: Library, lrs: Lrs, proxy: Proxy
) -> None:
    configure(store, proxy.endpoint, lrs.password)
    proxy.down()
    run = play(store, library, "Alan Turing")

    report = send_now(store)

    assert report.sent == 0
    assert report.error is not None and "could not be reached" in report.error
    status = Outbox(store).status()
    assert status.waiting == len(run.playthrough.steps) + 3
    assert status.last_error == report.error and status.next_try is not None

    proxy.up()
    assert send_now(store).error is None
    got = lrs.statements(registration=registration(store, run))
    assert len(got) == len(run.playthrough.steps) + 3
    assert Outbox(store).status().waiting == 0


def test_wrong_credentials_say_so_and_nothing_is_lost(
    store: Store, library: Library, lrs: Lrs
) -> None:
    configure(store, lrs.endpoint, "not the password")
    with LrsClient(xconfig.load(store)) as client, pytest.raises(LrsCredentialsError) as caught:
        client.check()
    assert "refused the username and password (HTTP 401)" in str(caught.value)
    assert "not the password" not in str(caught.value)
    run = play(store, library, "Katherine Johnson")
    report = send_now(store)
    assert report.sent == 0 and report.error is not None and "HTTP 401" in report.error
    assert Outbox(store).status().waiting == len(run.playthrough.steps) + 3

    configure(store, lrs.endpoint, lrs.password)
    assert send_now(store).error is None
    assert len(lrs.statements(registration=registration(store, run))) == (
        len(run.playthrough.steps) + 3
    )


def test_test_connection_names_what_failed(store: Store, lrs: Lrs) -> None:
    configure(store, lrs.endpoint, lrs.password)
    with LrsClient(xconfig.load(store)) as client:
        assert "credentials were accepted" in client.check()
    closed = f"http://127.0.0.1:{free_port()}/xAPI/"
    configure(store, closed, lrs.password)
    with LrsClient(xconfig.load(store)) as client, pytest.raises(LrsAddressError) as caught:
        client.check()
    assert closed in str(caught.value) and "could not be reached" in str(caught.value)
    configure(store, lrs.endpoint.replace("/xAPI/", "/nothing/"), lrs.password)
    with LrsClient(xconfig.load(store)) as client, pytest.raises(LrsAddressError) as caught:
        client.check()
    assert "HTTP 404" in str(caught.value)


def test_a_sender_killed_mid_batch_leaves_every_statement_arriving_once(
    tmp_path: Path, lrs: Lrs, proxy: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "killed"
    with Store.open(data / "counterpart.sqlite3") as store:
        ids = queue_many(store, 250)
    env = {
        **os.environ,
        "TRAINER_HOME": str(data),
        xconfig.ENV_ENDPOINT: proxy.endpoint,
        xconfig.ENV_USERNAME: lrs.username,
        xconfig.ENV_PASSWORD: lrs.password,
    }
    proxy.hold_after = 1  # the first batch's answer goes through; the second's never does
    sender = subprocess.Popen(
        [sys.executable, "-m", "trainer", "lrs", "send"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert proxy.held.wait(60), "the sender never sent its second batch"
        sender.send_signal(signal.SIGKILL)
    finally:
        sender.wait(30)
    with Store.open(data / "counterpart.sqlite3") as store:
        assert Outbox(store).status().waiting == 150  # the LRS holds 200; we know of 100
        proxy.hold_after = -1
        monkeypatch.setenv(xconfig.ENV_ENDPOINT, proxy.endpoint)
        monkeypatch.setenv(xconfig.ENV_USERNAME, lrs.username)
        monkeypatch.setenv(xconfig.ENV_PASSWORD, lrs.password)
        assert send_now(store).error is None
        assert Outbox(store).status().waiting == 0
    arrived = Counter(
        s["id"] for s in lrs.statements(registration="6f1b2c3d-0000-4000-8000-000000000000")
    )
    assert set(arrived) == set(ids)
    assert set(arrived.values()) == {1}


def test_credentials_never_reach_the_data_file(
    store: Store, lrs: Lrs, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    configure(store, lrs.endpoint, lrs.password)
    store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("data.sqlite3*"))
    assert lrs.password.encode() not in raw
    assert any(lrs.password in value for value in memory_keyring.entries.values())


def test_the_background_sender_delivers_what_a_run_queues_and_stops(
    store: Store, library: Library, lrs: Lrs
) -> None:
    """The app's sender: started with the store open, woken by each queued statement."""
    import threading

    from trainer.xapi.sender import BackgroundSender

    configure(store, lrs.endpoint, lrs.password)
    rounds: list[object] = []
    played = threading.Event()  # the run's last statements are queued
    delivered = threading.Event()

    def all_sent() -> bool:
        status = Outbox(store).status()
        return status.waiting == 0 and status.sent > 0

    def after_round(report: object) -> None:
        rounds.append(report)
        # A round while the run is still being played can empty the outbox before the
        # end-of-run statements are queued: only a round after them counts.
        if played.is_set() and all_sent():
            delivered.set()

    sender = BackgroundSender(store, poll_s=30, on_round=after_round)
    sender.start()
    try:
        run = play(store, library, "Grace Hopper")
        played.set()
        if all_sent():  # the last round ran before the flag was up
            delivered.set()
        assert delivered.wait(20), f"not delivered after {len(rounds)} rounds"
    finally:
        sender.stop()
    got = lrs.statements(registration=registration(store, run))
    assert len(got) == len(run.playthrough.steps) + 3  # initialized, each choice, two at the end
