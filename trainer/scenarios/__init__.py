"""Scenarios: the format, loading, checking and playing them (no Qt)."""

from trainer.scenarios.checker import Diagnostic, FileReport, check_file, check_text
from trainer.scenarios.library import Entry, Library, load_library
from trainer.scenarios.loader import content_hash, load_scenario
from trainer.scenarios.model import Ending, Node, Outcome, Rubric, Scenario, Topic, WorkshopPlan

__all__ = [
    "Diagnostic",
    "Ending",
    "Entry",
    "FileReport",
    "Library",
    "Node",
    "Outcome",
    "Rubric",
    "Scenario",
    "Topic",
    "WorkshopPlan",
    "check_file",
    "check_text",
    "content_hash",
    "load_library",
    "load_scenario",
]
