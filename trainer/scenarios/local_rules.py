"""An organisation's own facts, laid over the bundled scenarios.

The bundled scenarios are written for one jurisdiction (each says which in
``jurisdiction``) and keep their legal facts, amounts, deadlines and scheme
names in ``variables``. A ``local-rules.yaml`` in the organisation's content
folder replaces those values without editing a scenario::

    format: 1
    local_rules: Riverton Council (Scotland)
    variables:                  # every scenario that declares the name
      homelessness_law: the Housing (Scotland) Act 1987
    scenarios:                  # one scenario only; wins over 'variables'
      towed-car: {fee: "£105"}

It is checked like any content file: an unknown scenario or a name that
scenario does not declare is an error (with a "did you mean"), a shared name
no scenario declares is a warning. A scenario it changes shows the file's
``local_rules`` as its jurisdiction in the library, and gets a new content
hash, so a run started under the old facts is not resumed under the new.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from trainer.scenarios.checker import Diagnostic, FileReport
from trainer.scenarios.loader import content_hash
from trainer.scenarios.model import Jurisdiction, LocalRules, Scenario
from trainer.scenarios.yaml_source import PathKey

if TYPE_CHECKING:
    from trainer.scenarios.library import Library


def _close(word: str, options: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, sorted(options), n=1)
    return f" (did you mean '{match[0]}'?)" if match else ""


Problem = tuple[Literal["error", "warning"], str, list[PathKey]]


def problems(rules: LocalRules, scenarios: dict[str, Scenario]) -> list[Problem]:
    """(severity, message, location) for each name that does not fit the library."""
    found: list[Problem] = []
    declared = {name for s in scenarios.values() for name in s.variables}
    for name in rules.variables:
        if name not in declared:
            found.append(
                (
                    "warning",
                    f"no scenario declares the variable '{name}'{_close(name, declared)}, "
                    "so this value changes nothing",
                    ["variables", name],
                )
            )
    for sid, values in rules.scenarios.items():
        scenario = scenarios.get(sid)
        if scenario is None:
            found.append(
                ("error", f"unknown scenario '{sid}'{_close(sid, scenarios)}", ["scenarios", sid])
            )
            continue
        for name in values:
            if name not in scenario.variables:
                found.append(
                    (
                        "error",
                        f"scenario '{sid}' has no variable '{name}'"
                        f"{_close(name, scenario.variables)}; it declares "
                        f"{', '.join(sorted(scenario.variables)) or 'none'}",
                        ["scenarios", sid, name],
                    )
                )
    return found


def overlay(rules: LocalRules, scenario: Scenario) -> Scenario:
    """The scenario with the local values in place (itself if nothing changes)."""
    values = {k: v for k, v in rules.variables.items() if k in scenario.variables}
    values.update(
        (k, v) for k, v in rules.scenarios.get(scenario.id, {}).items() if k in scenario.variables
    )
    if all(scenario.variables[k] == v for k, v in values.items()):
        return scenario
    written_for = scenario.jurisdiction.where if scenario.jurisdiction else "no stated rules"
    jurisdiction = Jurisdiction(
        where=f"{rules.local_rules} (local rules; written for {written_for})",
        assumes=scenario.jurisdiction.assumes if scenario.jurisdiction else [],
    )
    return scenario.model_copy(
        update={"variables": {**scenario.variables, **values}, "jurisdiction": jurisdiction}
    )


def apply_local_rules(library: Library, report: FileReport) -> None:
    """Check one local-rules file against the library and, if it is sound, apply it."""
    from trainer.scenarios.library import Entry

    rules, doc = report.model, report.doc
    assert isinstance(rules, LocalRules) and doc is not None
    scenarios = {sid: e.scenario for sid, e in library.scenarios.items()}
    for severity, message, loc in problems(rules, scenarios):
        report.diagnostics.append(Diagnostic(severity, message, doc.location(loc, key=True)))
    if report.errors:
        return
    for sid, entry in list(library.scenarios.items()):
        changed = overlay(rules, entry.scenario)
        if changed is entry.scenario:
            continue
        trip = _trips_play(entry.scenario, changed)
        if trip:
            where = ["scenarios", sid] if sid in rules.scenarios else ["variables"]
            report.diagnostics.append(
                Diagnostic("error", f"in '{sid}', {trip}", doc.location(where, key=True))
            )
            continue
        library.scenarios[sid] = Entry(changed, entry.path, content_hash(changed))


def _trips_play(before: Scenario, after: Scenario) -> str | None:
    """Why the local values would leave play with nothing to offer, or None.

    Only a condition that reads a changed variable can change what play
    reaches, so only then is the path walk repeated (see
    :func:`trainer.scenarios.analysis.reach`).
    """
    from trainer.errors import ContentError, PlayError
    from trainer.scenarios.analysis import reach

    changed = [k for k in after.variables if after.variables[k] != before.variables.get(k)]
    conditions = [c.if_ for n in after.nodes.values() for c in n.choices if c.if_]
    conditions += [r.if_ for n in after.nodes.values() for r in n.routes if r.if_]
    if not any(re.search(rf"\b{re.escape(k)}\b", c) for k in changed for c in conditions):
        return None
    try:
        stuck = reach(after).stuck
    except (ContentError, PlayError) as exc:
        return f"these values break play: {exc.message}"
    if stuck:
        node = sorted(stuck)[0]
        return (
            f"these values leave the decision '{node}' with no choice to offer in some "
            "runs (its conditions read them); so they are not applied"
        )
    return None
