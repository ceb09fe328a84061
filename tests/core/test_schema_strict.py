"""The JSON Schema refuses what the checker refuses, wherever a schema can say it.

Each broken file below is refused by both: jsonschema (as an editor's YAML
plugin would, from a standard YAML parser) and the checker. Every key carries
a description, for an editor's hover text. ``trainer schema --out`` puts the
schemas where a ``$schema`` comment in the user's own scenarios finds them.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from trainer import paths
from trainer.cli import main as cli
from trainer.scenarios.checker import check_text
from trainer.scenarios.library import bundled_rubric
from trainer.scenarios.schema import SCHEMA_FILES, schema_for

MINI = yaml.safe_load((Path(__file__).parent / "data" / "mini.yaml").read_text(encoding="utf-8"))
Change = Callable[[dict[str, Any]], None]


def _choice(n: int) -> dict[str, Any]:
    return {"text": f"Option {n}", "to": "good", "scores": {"ownership": 1}, "feedback": "Fine."}


def _set(*keys: Any, value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        for key in keys[:-1]:
            data = data[key]
        data[keys[-1]] = value

    return change


def _rename_node(data: dict[str, Any]) -> None:
    data["nodes"]["Hot Node"] = data["nodes"].pop("n3_hot")


def _drop_way_on(data: dict[str, Any]) -> None:
    del data["nodes"]["n2"]["routes"]


BROKEN: dict[str, Change] = {
    "a node id with capitals and a space": _rename_node,
    "a meter id that is not an id": _set("meters", "Tension!", value={"label": "T", "start": 1}),
    "a score key that is not an id": _set(
        "nodes", "n1", "choices", 0, "scores", value={"Listening Skills": 1}
    ),
    "an effect key that is not an id": _set(
        "nodes", "n1", "choices", 0, "effects", value={"the tension": 5}
    ),
    "format 2": _set("format", value=2),
    "ten choices": _set("nodes", "n3_calm", "choices", value=[_choice(n) for n in range(10)]),
    "an empty list of choices": _set("nodes", "n3_hot", "choices", value=[]),
    "an empty list of routes": _set("nodes", "n2", "routes", value=[]),
    "choices and next": _set("nodes", "n3_hot", "next", value="good"),
    "routes and next": _set("nodes", "n2", "next", value="n3_calm"),
    "no way on": _drop_way_on,
    "a score of 3": _set("nodes", "n1", "choices", 0, "scores", value={"listening": 3}),
    "an unknown key": _set("nodes", "n1", "speeker", value="customer"),
    "an unknown topic": _set("topic", value="turff"),
    "an unknown manner": _set("nodes", "n1", "manner", value="furious"),
    "an unknown outcome": _set("endings", "good", "outcome", value="won"),
    "difficulty 4": _set("difficulty", value=4),
    "no objectives": _set("objectives", value=[]),
    "a boundary step that is not one": _set(
        "nodes", "n1", "choices", 0, "boundary_steps", value=["shout"]
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_file_is_refused_by_the_schema_and_the_checker(name: str) -> None:
    data = copy.deepcopy(MINI)
    BROKEN[name](data)
    validator = jsonschema.Draft202012Validator(schema_for("scenario"))
    assert list(validator.iter_errors(data)), f"the schema accepts {name}"
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    assert check_text(text, "s.yaml", bundled_rubric()).errors, f"the checker accepts {name}"


def test_the_unbroken_file_passes_both() -> None:
    jsonschema.validate(MINI, schema_for("scenario"), cls=jsonschema.Draft202012Validator)
    text = yaml.safe_dump(MINI, sort_keys=False, allow_unicode=True)
    assert not check_text(text, "s.yaml", bundled_rubric()).errors


def _properties(schema: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(schema, dict):
        for key, value in (schema.get("properties") or {}).items():
            yield f"{where}.{key}", value
        for key, value in schema.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from _properties(value, f"{where}[{i}]")


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_every_key_has_a_description_for_hover_text(kind: str) -> None:
    found = list(_properties(schema_for(kind)))
    assert len(found) > 3
    missing = [where for where, prop in found if not prop.get("description")]
    assert missing == []


def test_map_keys_must_be_ids() -> None:
    nodes = schema_for("scenario")["properties"]["nodes"]
    assert nodes["propertyNames"]["pattern"] == "^[a-z0-9][a-z0-9_-]*$"
    assert "patternProperties" not in json.dumps(schema_for("scenario"))


def test_schema_out_writes_into_the_users_content_folder(
    isolated_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["schema", "--out"]) == 0
    out, err = capsys.readouterr()
    folder = paths.user_content_dir() / "schema"
    assert sorted(p.name for p in folder.iterdir()) == sorted(SCHEMA_FILES.values())
    assert len(out.splitlines()) == len(SCHEMA_FILES)
    assert "$schema=../schema/scenario.schema.json" in err
    for kind, name in SCHEMA_FILES.items():
        assert json.loads((folder / name).read_text(encoding="utf-8")) == schema_for(kind)
        bundled = paths.bundled_content_dir() / "schema" / name
        assert (folder / name).read_text(encoding="utf-8") == bundled.read_text(encoding="utf-8")
    # The comment the message suggests, in a scenario where 'trainer new' puts it, finds it.
    scenario = paths.user_content_dir() / "scenarios" / "mine.yaml"
    assert (scenario.parent / "../schema/scenario.schema.json").resolve().is_file()


def test_schema_out_dir_and_a_folder_that_cannot_be_made(
    tmp_path: Path, isolated_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["schema", "--out", str(tmp_path / "s")]) == 0
    assert (tmp_path / "s" / "scenario.schema.json").is_file()
    capsys.readouterr()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert cli.main(["schema", "--out", str(tmp_path / "file" / "s")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "cannot create the folder" in err
