"""Names read the same everywhere: direction controls refused, joiners kept where they join."""

from __future__ import annotations

import pytest

from trainer.app import organisation
from trainer.errors import ExportError, StoreError
from trainer.reports.certificate import clean_text
from trainer.store import Store
from trainer.visible_text import keep_meaningful_joiners

CONTROLS = ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]
CONTROLS += ["\u2066", "\u2067", "\u2068", "\u2069", "\u206a"]
PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # mi-khaham: a ZWNJ after "mi"
DEVANAGARI = "\u0915\u094d\u200d\u0937"  # a half form asked for with ZWJ
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji, joined


@pytest.mark.parametrize("control", CONTROLS)
def test_direction_controls_are_refused_in_names_and_printed_text(
    store: Store, control: str
) -> None:
    name = f"Anna{control}adnI"
    with pytest.raises(StoreError, match=f"U\\+{ord(control):04X}"):
        store.create_profile(name)
    with pytest.raises(ExportError, match="direction control"):
        clean_text(name, "name")
    with pytest.raises(StoreError, match="direction control"):
        organisation.name_organisation(store, f"City of {control}Riverton")
    assert store.list_profiles() == []


@pytest.mark.parametrize("name", [PERSIAN, DEVANAGARI, FAMILY])
def test_joiners_that_join_letters_are_kept(store: Store, name: str) -> None:
    assert store.create_profile(name).name == name
    assert clean_text(name, "name") == name


def test_joiners_that_join_nothing_are_dropped_and_never_make_a_second_person(
    store: Store,
) -> None:
    assert keep_meaningful_joiners("\u200dAnna \u200cLee\u200d") == "Anna Lee"
    assert keep_meaningful_joiners("a\u200d\u200db") == "a\u200db"
    store.create_profile("Anna")
    with pytest.raises(StoreError, match="already exists"):
        store.create_profile("An\u200dna")
    assert store.find_profile("A\u200cnna") is not None


def test_control_characters_in_a_name_are_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="control characters"):
        store.create_profile("Ada\x1b[31m")
    assert store.create_profile("Ada\tLovelace\n").name == "Ada Lovelace"
