"""The phone page in a real browser: Debian's Chromium, headless, 360 px wide.

It opens the join link, types the room code, votes with a tap, and the
console's count changes; after the facilitator reveals the vote the phone
shows the split too. When the room server goes away and comes back on the
same address (as after a crash and resume), the page finds it again by
itself. ``scripts/bootstrap.sh test`` installs ``chromium`` and
``chromium-driver`` when they are missing (as it does Qt's libraries), so
this test fails rather than skips without them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

from tests.ui.workshop.conftest import SCENARIO_BLOCK
from trainer.ui.workshop.controller import WorkshopController

PHONE_WIDTH = 360
WAIT_S = 15


def chromium() -> webdriver.Chrome:
    browser = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    assert browser and driver, "Chromium is missing: run scripts/bootstrap.sh test"
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=600,900",
        "--no-first-run",
        "--disable-extensions",
    ):
        options.add_argument(flag)
    # A phone's screen: headless windows are at least 500 px wide, so emulate one.
    options.add_experimental_option(
        "mobileEmulation",
        {"deviceMetrics": {"width": PHONE_WIDTH, "height": 740, "pixelRatio": 2.0}},
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


@pytest.fixture
def phone() -> Iterator[webdriver.Chrome]:
    made = chromium()
    try:
        yield made
    finally:
        made.quit()


def test_a_phone_joins_with_the_code_votes_and_the_console_counts_it(
    qtbot, console, phone, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(WorkshopController, "phones_host", "127.0.0.1")
    ctl = console.controller
    assert ctl.phones_on()
    ctl.go_to_block(SCENARIO_BLOCK)
    console.room.start_run()
    ctl.open_vote()
    link = ctl.console().phones.link  # type: ignore[union-attr]
    wait = WebDriverWait(phone, WAIT_S)
    try:
        phone.get(link)
        code = wait.until(seen.visibility_of_element_located((By.ID, "code")))
        assert phone.execute_script("return window.innerWidth") == PHONE_WIDTH
        code.send_keys(ctl.live.code.lower())
        phone.find_element(By.CSS_SELECTOR, "#join-form button[type=submit]").click()
        wait.until(seen.visibility_of_element_located((By.CSS_SELECTOR, "#options .option")))
        qtbot.waitUntil(lambda: "1 phone joined" in console.phones.heading.text(), timeout=5000)
        buttons = phone.find_elements(By.CSS_SELECTOR, "#options button.option")
        assert len(buttons) == len(ctl.console().scene.options)  # type: ignore[union-attr]
        assert all(b.size["width"] <= PHONE_WIDTH for b in buttons)  # no sideways scrolling
        assert phone.execute_script("return document.documentElement.scrollWidth") <= PHONE_WIDTH
        buttons[1].click()
        wait.until(lambda d: buttons[1].get_attribute("aria-pressed") == "true")
        qtbot.waitUntil(lambda: "1 phone" in console.room.rows[1].count.text(), timeout=5000)
        assert "option 2" in phone.find_element(By.ID, "status").text
        assert not phone.find_element(By.ID, "results").is_displayed()  # hidden until revealed
        ctl.reveal()
        wait.until(seen.visibility_of_element_located((By.ID, "results")))
        assert "Option 2: 1 vote" in phone.find_element(By.ID, "result-list").text
        # The app goes away (as in a crash) and comes back on the same address: the page
        # notices, keeps trying, and carries on by itself with its token.
        ctl.phones_off()
        status = phone.find_element(By.ID, "status")
        wait.until(lambda d: "Cannot reach the room" in status.text)
        assert ctl.phones_on()
        assert ctl.console().phones.link == link  # type: ignore[union-attr]
        wait.until(lambda d: "revealed" in status.text)
        ctl.take(1)
        wait.until(lambda d: "Waiting for the next vote" in status.text)
        errors = [  # a CSP refusal or a script error would show here
            e["message"]
            for e in phone.get_log("browser")
            if e.get("level") == "SEVERE"
            and "/api/state - " not in e["message"]
            and "ERR_CONNECTION_REFUSED" not in e["message"]
        ]  # (a 401: the page asking whether it has joined; refused: while the app was away)
        assert errors == []
    finally:
        ctl.phones_off()
