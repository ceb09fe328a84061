"""JSON Schemas for authors' editors, generated from the loader's own models.

The committed copies in ``content/schema/`` let an editor's YAML plugin
autocomplete keys and flag mistakes as the author types; a test
regenerates them and fails if they drifted, and ``trainer schema --out
DIR`` (re)writes them (into the user's content folder by default, so the
``$schema`` comment works beside their own scenarios too).

The schema is as strict as a schema can be about what the checker refuses:
unknown keys, ids (as values and as map keys), the format version, 1-9
choices, exactly one of ``choices``/``routes``/``next``, score and range
bounds, every fixed list of words. What needs the whole file (links, names
of meters and cast, reachability, templates) is the checker's alone. In one
corner the schema is stricter: an empty ``choices: []`` or ``routes: []``
beside another way on, which the loader reads as absent (so that a model
dumped and read back stays valid), an editor flags as the junk it is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from trainer.errors import ExportError, display_path
from trainer.scenarios.loader import MODELS, Kind

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILES: dict[Kind, str] = {
    "scenario": "scenario.schema.json",
    "rubric": "rubric.schema.json",
    "workshop": "workshop.schema.json",
    "tracks": "tracks.schema.json",
    "local-rules": "local-rules.schema.json",
}


class _Generator(GenerateJsonSchema):
    """Pydantic's generator, with map keys held to their pattern.

    Pydantic writes a map with id keys as ``patternProperties``, which lets
    any key that does not match through unchecked; ``propertyNames`` with the
    pattern and ``additionalProperties`` for the values refuses it, as the
    loader does.
    """

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        out = super().dict_schema(schema)
        patterns = out.get("patternProperties")
        if isinstance(patterns, dict) and len(patterns) == 1:
            ((pattern, values),) = patterns.items()
            del out["patternProperties"]
            names = dict(out.get("propertyNames") or {})
            names["pattern"] = pattern
            out["propertyNames"] = names
            out["additionalProperties"] = values
        return out


def schema_for(kind: Kind = "scenario") -> dict[str, Any]:
    """The JSON Schema of one file format (validation mode, keys by their YAML name)."""
    model = MODELS[kind]
    schema = model.model_json_schema(by_alias=True, mode="validation", schema_generator=_Generator)
    return {"$schema": SCHEMA_DIALECT, "$id": f"counterpart:{SCHEMA_FILES[kind]}", **schema}


def schema_text(kind: Kind) -> str:
    """The schema as the committed files hold it (two-space JSON, a final newline)."""
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every format's schema into ``folder`` (created if missing); return the files.

    Each file is written to a temporary name and renamed, so an editor never
    reads half a schema.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(
            f"{display_path(folder)}: cannot create the folder: {exc.strerror}"
        ) from None
    written = []
    for kind, name in SCHEMA_FILES.items():
        target = folder / name
        temporary = folder / f".{name}.tmp"
        try:
            temporary.write_text(schema_text(kind), encoding="utf-8")
            temporary.replace(target)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise ExportError(
                f"{display_path(target)}: cannot be written: {exc.strerror}"
            ) from None
        written.append(target)
    return written
