"""JSON Schemas for authors' editors, generated from the loader's own models.

The committed copies in ``content/schema/`` let an editor's YAML plugin
autocomplete keys; a test regenerates them and fails if they drifted.
"""

from __future__ import annotations

from typing import Any

from trainer.scenarios.loader import MODELS, Kind

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILES: dict[Kind, str] = {
    "scenario": "scenario.schema.json",
    "rubric": "rubric.schema.json",
    "workshop": "workshop.schema.json",
    "tracks": "tracks.schema.json",
    "local-rules": "local-rules.schema.json",
}


def schema_for(kind: Kind = "scenario") -> dict[str, Any]:
    """The JSON Schema of one file format (validation mode, keys by their YAML name)."""
    model = MODELS[kind]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": SCHEMA_DIALECT, "$id": f"counterpart:{SCHEMA_FILES[kind]}", **schema}
