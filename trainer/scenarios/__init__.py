"""Scenarios: the format, loading, checking and playing them (no Qt).

Names are imported on first use (PEP 562): the app's start-up imports small
modules of this package (such as :mod:`trainer.scenarios.context`) and must
not pay for pydantic and Jinja2 by doing so.
"""

from __future__ import annotations

from trainer.lazy import exports

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


__getattr__ = exports("trainer.scenarios", _HOME, globals())

__all__ = sorted(_HOME)
