"""Phones on the console and the projector: the switch, the QR code, the count, the votes.

The room server is real (on the loopback address only) and the phones are
aiohttp clients on a thread of their own, so the console's GUI thread keeps
running and absorbs what arrives exactly as it does in a workshop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.core.workshop.phone_client import Phone, base_of, secret_of
from tests.ui.workshop.conftest import SCENARIO_BLOCK, texts
from trainer.ui.workshop.console import ConsolePage
from trainer.ui.workshop.controller import WorkshopController


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' room servers listen on the loopback address, never the network."""
    monkeypatch.setattr(WorkshopController, "phones_host", "127.0.0.1")


def in_background(work: Callable[[], Coroutine[Any, Any, Any]]) -> threading.Thread:
    """Run phones on their own thread (and loop), as real phones are."""
    thread = threading.Thread(target=lambda: asyncio.run(work()))
    thread.start()
    return thread


def phones_on(console: ConsolePage, qtbot, names: bool = False) -> None:
    console.phones.names.setChecked(names)
    qtbot.mouseClick(console.phones.switch, Qt.MouseButton.LeftButton)
    assert console.controller.console().phones is not None


def test_phones_join_and_vote_and_the_console_counts_them(qtbot, console) -> None:
    ctl = console.controller
    phones_on(console, qtbot)
    live = ctl.live
    assert live.code in console.phones.where.text()
    projector = console.projector
    assert projector.qr.matrix and projector.join_box.isVisibleTo(projector)
    assert live.code in projector.join_text.text()
    ctl.go_to_block(SCENARIO_BLOCK)
    console.room.start_run()
    ctl.open_vote()
    key = live.phone_view().vote.key  # type: ignore[union-attr]
    base, secret = base_of(live), secret_of(live)

    async def two_phones() -> None:
        async with Phone(base) as a, Phone(base) as b:
            assert (await a.join(secret, live.code))[0] == 200
            assert (await b.join(secret, live.code))[0] == 200
            assert (await a.vote(key, 2))[0] == 200
            assert (await b.vote(key, 2))[0] == 200

    thread = in_background(two_phones)
    qtbot.waitUntil(lambda: "2 votes: 0 hands + 2 phones" in console.room.rows[1].count.text())
    thread.join(10)
    assert "2 phones joined" in console.phones.heading.text()
    assert console.phones.list.count() == 2
    qtbot.keyClick(console, Qt.Key.Key_2)  # and a raised hand
    assert "3 votes: 1 hand + 2 phones" in console.room.rows[1].count.text()
    assert "2 phones joined" in projector.join_line.text()
    assert not projector.vote_results  # hidden until revealed
    qtbot.keyClick(console, Qt.Key.Key_R)
    assert projector.vote_results[1].label == "3 votes: 1 hand + 2 phones"
    assert "3 votes: 1 hand + 2 phones" in projector.play.choice_texts[1].text().replace(
        "&nbsp;", " "
    )
    console.phones.list.setCurrentRow(0)
    qtbot.mouseClick(console.phones.remove, Qt.MouseButton.LeftButton)
    assert console.phones.list.count() == 1
    assert "2 votes: 1 hand + 1 phone" in console.room.rows[1].count.text()
    qtbot.keyClick(console, Qt.Key.Key_M)  # phones off
    assert ctl.console().phones is None and not projector.join_line.isVisibleTo(projector)


def test_the_projector_shows_how_many_joined_never_who(qtbot, console) -> None:
    ctl = console.controller
    phones_on(console, qtbot, names=True)
    live = ctl.live
    base, secret = base_of(live), secret_of(live)
    name = live.console().roster[1].name

    async def named() -> None:
        async with Phone(base) as a:
            status, answer = await a.join(secret, live.code, "Nobody On The Roster")
            assert status == 403 and "roster" in answer["error"]
            assert (await a.join(secret, live.code, name.upper()))[0] == 200

    thread = in_background(named)
    qtbot.waitUntil(lambda: console.phones.list.count() == 1)
    thread.join(10)
    assert console.phones.list.item(0).text() == name  # the console knows who
    seen = " | ".join(texts(console.projector))
    assert name not in seen and "1 phone joined" in seen  # the projector only how many
    ctl.phones_off()


def test_resuming_a_workshop_switches_its_phones_back_on(qtbot, open_page, store_path) -> None:
    page = open_page(store_path)
    page.setup.start.emit(page.session.library.plans["half-day"], "Sam", "Org", ["Ana Lima"])
    assert page.controller is not None
    page.controller.phones_on()
    link = page.controller.console().phones.link  # type: ignore[union-attr]
    session_id = page.controller.session_id
    page.shut()  # the app quits with the workshop open: the phones will come back
    page.close()
    again = open_page(store_path)
    again.resume(session_id)
    assert again.controller is not None
    resumed = again.controller.console().phones
    assert resumed is not None and resumed.link == link  # same address: phones find it again
    again.controller.phones_off()


def test_a_phone_voting_does_not_cancel_the_facilitators_second_press(qtbot, console) -> None:
    ctl = console.controller
    phones_on(console, qtbot)
    live = ctl.live
    ctl.go_to_block(SCENARIO_BLOCK)
    console.room.start_run()
    ctl.open_vote()
    key = live.phone_view().vote.key  # type: ignore[union-attr]
    qtbot.keyClick(console, Qt.Key.Key_N)  # the run is unfinished: "press N again"
    assert console.notice.isVisibleTo(console)
    base, secret = base_of(live), secret_of(live)

    async def vote() -> None:
        async with Phone(base) as a:
            await a.join(secret, live.code)
            assert (await a.vote(key, 1))[0] == 200

    thread = in_background(vote)
    qtbot.waitUntil(lambda: "1 phone" in console.room.rows[0].count.text())
    thread.join(10)
    qtbot.keyClick(console, Qt.Key.Key_N)  # the second press still moves on
    assert ctl.console().current == SCENARIO_BLOCK + 1
    ctl.phones_off()
