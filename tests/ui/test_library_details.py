"""The library's details say where a scenario's rules apply, as its file states."""

from __future__ import annotations

from trainer.scenarios import catalogue
from trainer.scenarios.library import Library
from trainer.ui.pages.library import details_html


def test_details_show_the_rules_a_scenario_assumes(library: Library) -> None:
    cards = {c.id: c for c in catalogue.from_library(library).cards}
    towed = cards["towed-car"]
    assert towed.jurisdiction  # every bundled scenario states it
    html = details_html(towed, None)
    assert "Rules assumed:" in html and towed.assumes[0].split()[0] in html
    assert all(card.jurisdiction for card in cards.values())
