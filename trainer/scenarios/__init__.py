"""Scenarios: the format, loading, checking and playing them (no Qt).

Names are imported on first use (PEP 562): the app's start-up imports small
modules of this package (such as :mod:`trainer.scenarios.context`) and must
not pay for pydantic and Jinja2 by doing so.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOME = {
    "Context": "context",
    "Diagnostic": "checker",
    "Ending": "model",
    "Entry": "library",
    "FileReport": "checker",
    "Library": "library",
    "Node": "model",
    "Outcome": "model",
    "Rubric": "model",
    "Scenario": "model",
    "Topic": "model",
    "WorkshopPlan": "model",
    "check_file": "checker",
    "check_text": "checker",
    "content_hash": "loader",
    "load_library": "library",
    "load_scenario": "loader",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'trainer.scenarios' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"trainer.scenarios.{module}"), name)
    globals()[name] = value
    return value


__all__ = sorted(_HOME)
