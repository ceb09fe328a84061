"""A workshop reaches the LRS: the session, its blocks, the room's choices with their votes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from lrs_helpers import Lrs

from trainer.scenarios.library import load_library
from trainer.scenarios.model import Block, WorkshopPlan
from trainer.store import Store
from trainer.store.outbox import Outbox
from trainer.workshop.clock import ManualClock
from trainer.workshop.live import LiveSession
from trainer.xapi import config as xconfig
from trainer.xapi import vocabulary as v
from trainer.xapi.sender import send_now

PLAN = WorkshopPlan(
    format=1,
    id="short",
    title="Short workshop",
    minutes=30,
    blocks=[
        Block(title="Welcome", minutes=5, kind="welcome"),
        Block(title="The towed car", minutes=20, kind="scenario", scenarios=["towed-car"]),
        Block(title="Wrap-up", minutes=5, kind="wrap-up"),
    ],
)


def open_session(store: Store, clock: ManualClock) -> LiveSession:
    return LiveSession.start(
        store,
        load_library(),
        PLAN,
        facilitator="Maria Lopez",
        organisation="City of Riverton",
        roster=("Ana Souza", "Дмитрий Иванов", "Siobhán O'Neill"),
        clock=clock,
    )


def test_nothing_is_queued_while_reporting_is_off(tmp_path: Path) -> None:
    clock = ManualClock()
    with Store.open(tmp_path / "off.sqlite3") as store:
        live = open_session(store, clock)
        live.next_block()
        live.start_room_run("towed-car")
        live.count(1, 2)
        live.take()
        live.close()
        assert Outbox(store).status().waiting == 0


def test_a_compressed_workshop_arrives(tmp_path: Path, lrs: Lrs) -> None:
    clock = ManualClock()
    with Store.open(tmp_path / "workshop.sqlite3") as store:
        assert (
            xconfig.save(
                store, lrs.endpoint, "https://intranet.example.org", lrs.username, lrs.password
            )
            is None
        )
        live = open_session(store, clock)
        clock.advance(240)
        live.next_block()  # the welcome: done, 4 of 5 minutes
        live.start_room_run("towed-car")
        votes: list[list[int]] = []
        while live._run is not None and not live._run.finished:
            options = len(live._run.playthrough.options())
            live.count(1, 3)
            if options > 1:
                live.count(2, 1)
            votes.append([3, 1] + [0] * (options - 2) if options > 1 else [3])
            clock.advance(60)
            live.take()
        live.skip_block()  # the scenario block: the room run ended, the wrap-up skipped next
        live.skip_block()
        live.close()
        key = f"{xconfig.installation_id(store)}:{live.session_id}"
        assert Outbox(store).status().waiting > 0
        report = send_now(store)
        assert report.error is None and Outbox(store).status().waiting == 0

    arrived = [
        s
        for s in lrs.statements(ascending="true")
        if s["actor"].get("account", {}).get("name") == key
    ]
    verbs = Counter(s["verb"]["id"] for s in arrived)
    assert verbs[v.INITIALIZED] == 2  # the session and the room's run
    assert verbs[v.TERMINATED] == 1
    assert verbs[v.SELECTED] == len(votes)
    assert verbs[v.COMPLETED] == 2  # the welcome block, and the room's run reaching its ending
    assert verbs[v.SKIPPED] == 2
    assert verbs[v.PASSED] + verbs[v.FAILED] == 1
    for s in arrived:
        assert s["actor"]["objectType"] == "Group"
        assert s["actor"]["account"] == {"homePage": "https://intranet.example.org", "name": key}
    chosen = sorted(
        (s for s in arrived if s["verb"]["id"] == v.SELECTED), key=lambda s: s["timestamp"]
    )
    assert [s["result"]["extensions"][v.EXT_VOTES] for s in chosen] == [
        {str(n): c for n, c in enumerate(split, start=1)} for split in votes
    ]
    welcome = next(s for s in arrived if s["object"]["id"].endswith(":block:0"))
    assert welcome["verb"]["id"] == v.COMPLETED
    assert welcome["result"]["duration"] == "PT240.00S"
    assert welcome["result"]["extensions"][v.EXT_PLANNED_DURATION] == "PT300.00S"
    # The room's run reads back whole under its own registration.
    run_registration = chosen[0]["context"]["registration"]
    run = lrs.statements(registration=run_registration)
    assert Counter(s["verb"]["id"] for s in run)[v.SELECTED] == len(votes)
    assert len(run) == len(votes) + 3  # initialized, the choices, completed, passed/failed
