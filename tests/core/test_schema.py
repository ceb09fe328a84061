"""The committed JSON Schemas match the models, and an independent validator accepts them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from trainer.paths import bundled_content_dir
from trainer.scenarios.schema import SCHEMA_FILES, schema_for

SCHEMA_DIR = bundled_content_dir() / "schema"


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_committed_schema_is_current(kind: str) -> None:
    committed = json.loads((SCHEMA_DIR / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))
    assert committed == schema_for(kind), (
        f"content/schema/{SCHEMA_FILES[kind]} is stale: run "
        f"'trainer schema --kind {kind} > content/schema/{SCHEMA_FILES[kind]}'"
    )


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema_for(kind))


def _files(pattern: str) -> list[Path]:
    return sorted(bundled_content_dir().glob(pattern))


@pytest.mark.parametrize("path", _files("scenarios/*.yaml"), ids=lambda p: p.name)
def test_bundled_scenarios_pass_the_schema(path: Path) -> None:
    # An editor's YAML plugin reads files with a standard parser: use one here too.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema_for("scenario"), cls=jsonschema.Draft202012Validator)


def test_schema_rejects_what_the_loader_rejects() -> None:
    validator = jsonschema.Draft202012Validator(schema_for("scenario"))
    data = yaml.safe_load(_files("scenarios/*.yaml")[0].read_text(encoding="utf-8"))
    data["speeker"] = "x"
    data["topic"] = "turff"
    messages = " ".join(e.message for e in validator.iter_errors(data))
    assert "speeker" in messages and "turff" in messages


def test_rubric_and_plans_pass_their_schemas() -> None:
    rubric = yaml.safe_load((bundled_content_dir() / "rubric.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(rubric, schema_for("rubric"), cls=jsonschema.Draft202012Validator)
    for path in _files("workshops/*.yaml"):
        plan = yaml.safe_load(path.read_text(encoding="utf-8"))
        jsonschema.validate(plan, schema_for("workshop"), cls=jsonschema.Draft202012Validator)
