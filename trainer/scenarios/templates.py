"""Templated text and conditions, in a sandbox authors cannot escape.

Authors write ``{{ trainee }}`` in lines and ``tension >= 80`` in
conditions. Both go through Jinja2's immutable sandbox with strict undefined
names, and, before anything is compiled, through a whitelist of syntax: names,
literals, comparisons, ``and``/``or``/``not``, ``~`` joins, ``if``/``else`` and
a handful of harmless filters. Attribute and item access (the road to
``__class__``), loops, ``set``, macros, calls and arithmetic that can repeat a
string a million times are refused at check time with the line they are on.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from trainer.errors import TemplateError

SAFE_FILTERS = ("upper", "lower", "title", "capitalize", "trim", "default", "length")
# Context names every template may use.
STANDARD_NAMES = ("trainee", "organisation")
SAMPLE_CONTEXT = {"trainee": "Alex Sample", "organisation": "Sample City Council"}

_ALLOWED = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.Name,
    nodes.Const,
    nodes.Filter,
    nodes.If,
    nodes.CondExpr,
    nodes.Compare,
    nodes.Operand,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.Neg,
    nodes.Concat,
    nodes.Add,
    nodes.Sub,
)
_DESCRIBE = {
    nodes.For: "a 'for' loop",
    nodes.Getattr: "attribute access ('.')",
    nodes.Getitem: "item access ('[...]')",
    nodes.Call: "a function call",
    nodes.Assign: "'set'",
    nodes.AssignBlock: "'set'",
    nodes.Macro: "a macro",
    nodes.Mul: "multiplication",
    nodes.Pow: "'**'",
    nodes.Include: "'include'",
    nodes.Import: "'import'",
    nodes.FromImport: "'import'",
    nodes.Extends: "'extends'",
    nodes.Test: "an 'is' test",
    nodes.List: "a list ('[...]')",
    nodes.Tuple: "a tuple ('(a, b)', or a comma between values)",
    nodes.Dict: "a mapping ('{...}')",
    nodes.Pair: "a mapping ('{...}')",
    nodes.Slice: "slicing ('[a:b]')",
    nodes.Div: "division ('/')",
    nodes.FloorDiv: "division ('//')",
    nodes.Mod: "'%'",
    nodes.Pos: "a '+' sign",
    nodes.Keyword: "a named argument",
    nodes.With: "'with'",
    nodes.Block: "a block",
    nodes.CallBlock: "a 'call' block",
    nodes.FilterBlock: "a 'filter' block",
    nodes.Break: "'break'",
    nodes.Continue: "'continue'",
    nodes.Macro: "a macro",
    nodes.ExprStmt: "'do'",
}


def _environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False
    )
    env.filters = {name: env.filters[name] for name in SAFE_FILTERS}
    env.tests = {}
    env.globals = {}
    return env


ENV = _environment()
# What rendering a vetted template can still raise: Jinja's own errors, and Python's
# when an operator meets the wrong type ('{{ trainee - 1 }}', "tension > 'x'").
_RUNTIME_ERRORS = (
    jinja2.TemplateError,
    TypeError,
    ValueError,
    ArithmeticError,
    RecursionError,
)


_TYPE_WORDS = {
    "int": "a number",
    "float": "a number",
    "str": "text",
    "bool": "true/false",
    "NoneType": "nothing",
    "list": "a list",
    "dict": "a mapping",
    "tuple": "a list",
    "Undefined": "an unknown name",
    "StrictUndefined": "an unknown name",
}
# (Python's wording, ours, how many leading groups are operators rather than type names)
_PYTHON_WORDINGS = (
    (
        re.compile(r"'(\S+)' not supported between instances of '(\w+)' and '(\w+)'"),
        "'{0}' cannot compare {1} with {2}",
        1,
    ),
    (
        re.compile(r"unsupported operand type\(s\) for (\S+?): '(\w+)' and '(\w+)'"),
        "'{0}' cannot combine {1} and {2}",
        1,
    ),
    (re.compile(r"object of type '(\w+)' has no len\(\)"), "'length' needs text, not {0}", 0),
    (re.compile(r"bad operand type for unary (\S+): '(\w+)'"), "'{0}' cannot go before {1}", 1),
    (
        re.compile(r'can only concatenate (\w+) \(not "(\w+)"\) to \w+'),
        "'+' cannot join {0} and {1}; use '~' to join text",
        0,
    ),
)


def plain_error(exc: BaseException) -> str:
    """Python's own wording ("'>' not supported between instances of 'int' and 'str'")
    in an author's words ("'>' cannot compare a number with text")."""
    message = str(exc)
    for pattern, wording, operators in _PYTHON_WORDINGS:
        match = pattern.search(message)
        if match:
            groups = match.groups()
            words = [*groups[:operators], *(_TYPE_WORDS.get(g, g) for g in groups[operators:])]
            return wording.format(*words)
    if isinstance(exc, RecursionError):
        return "it is nested too deeply"
    for name, plain in _TYPE_WORDS.items():
        message = message.replace(f"'{name}'", plain)
    return message


def is_template(text: str) -> bool:
    """Plain text needs no template machinery (most lines are plain)."""
    return "{{" in text or "{%" in text or "{#" in text


def _syntax(source: str, kind: str) -> nodes.Template:
    try:
        return ENV.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{kind} is not valid: {exc.message}") from None
    except RecursionError:
        # Jinja's parser recurses per bracket: a few hundred '(' exhaust the stack.
        raise TemplateError(f"{kind} is nested too deeply") from None


def _vet(tree: nodes.Node, known: Iterable[str], kind: str) -> None:
    """Refuse syntax outside the whitelist and names nobody defined."""
    names = set(known)
    for node in tree.find_all(nodes.Node):
        if not isinstance(node, _ALLOWED):
            what = _DESCRIBE.get(type(node), "this kind of expression")
            raise TemplateError(
                f"{kind} may not use {what}; only names, text, comparisons, "
                "and/or/not, if/else and simple filters are allowed"
            )
        if isinstance(node, nodes.Filter) and node.name not in SAFE_FILTERS:
            raise TemplateError(
                f"filter '{node.name}' is not allowed; use one of {', '.join(SAFE_FILTERS)}"
            )
        if isinstance(node, nodes.Const) and isinstance(node.value, str) and len(node.value) > 500:
            raise TemplateError(f"{kind} has a literal longer than 500 characters")
        if isinstance(node, nodes.Name) and node.name not in names:
            raise TemplateError(_unknown(node.name, names, kind))


def _unknown(name: str, names: set[str], kind: str) -> str:
    message = f"unknown name '{name}' in {kind}"
    close = difflib.get_close_matches(name, sorted(names), n=1)
    if close:
        message += f" (did you mean '{close[0]}'?)"
    known = sorted(names)
    shown = ", ".join(known[:_SHOWN_NAMES]) or "none"
    if len(known) > _SHOWN_NAMES:
        shown += f" and {len(known) - _SHOWN_NAMES} more"
    return f"{message}; known names: {shown}"


_SHOWN_NAMES = 16  # meters, flags, variables, trainee and organisation


# Syntax that can fail while rendering (a meter compared with text, text minus
# a number, the length of a number). Templates without it cannot fail once
# their names are known, so only these are rendered at check time.
_CAN_FAIL = (nodes.Compare, nodes.Add, nodes.Sub, nodes.Neg)


def _can_fail(tree: nodes.Template) -> bool:
    if any(True for _ in tree.find_all(_CAN_FAIL)):
        return True
    return any(f.name == "length" for f in tree.find_all(nodes.Filter))


_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def _only_placeholders(source: str) -> list[str] | None:
    """The names in a line whose only template syntax is ``{{ name }}``, else None."""
    if "{%" in source or "{#" in source:
        return None
    names = _PLACEHOLDER.findall(source)
    if len(names) != source.count("{{") or "}}" in _PLACEHOLDER.sub("", source):
        return None
    return names


def check_text(source: str, *contexts: Mapping[str, Any]) -> None:
    """Raise TemplateError unless ``source`` is a safe template that renders in every context.

    The first context names what the template may use; all of them are the
    situations (meter and flag values) it is tried in. Most lines only fill
    in names, which cannot fail once the names are known; they are checked
    without building a Jinja2 parse tree.
    """
    if not is_template(source):
        return
    names = _only_placeholders(source)
    if names is not None:
        for name in names:
            if name not in contexts[0]:
                raise TemplateError(_unknown(name, set(contexts[0]), "template"))
        return
    tree = _syntax(source, "template")
    _vet(tree, contexts[0], "template")
    if not _can_fail(tree):
        return
    template = ENV.from_string(tree)  # compiled from the tree already parsed
    for context in contexts:
        try:
            template.render(context)
        except _RUNTIME_ERRORS as exc:
            raise TemplateError(f"template cannot be rendered: {plain_error(exc)}") from None


def check_condition(source: str, known: Iterable[str]) -> None:
    """Raise TemplateError unless ``source`` is a safe expression over ``known`` names."""
    if is_template(source):
        raise TemplateError("a condition is a bare expression such as 'tension >= 80', no '{{ }}'")
    tree = _syntax("{{ (" + source + ") }}", "condition")
    body = tree.body
    if len(body) != 1 or not isinstance(body[0], nodes.Output) or len(body[0].nodes) != 1:
        raise TemplateError("a condition must be one expression such as 'tension >= 80'")
    _vet(tree, known, "condition")


@lru_cache(maxsize=4096)
def _compiled_text(source: str) -> jinja2.Template:
    return ENV.from_string(source)


@lru_cache(maxsize=4096)
def _compiled_condition(source: str) -> Callable[..., Any]:
    return ENV.compile_expression(source, undefined_to_none=False)


def render(source: str, context: Mapping[str, Any]) -> str:
    """Render a line for display. Content is checked before play, so errors are rare."""
    if not is_template(source):
        return source
    try:
        return _compiled_text(source).render(context)
    except _RUNTIME_ERRORS as exc:
        raise TemplateError(f"cannot render {source!r}: {plain_error(exc)}") from None


def evaluate(condition: str, context: Mapping[str, Any]) -> bool:
    """Evaluate a checked condition against meters, flags and variables."""
    try:
        return bool(_compiled_condition(condition)(**context))
    except _RUNTIME_ERRORS as exc:
        raise TemplateError(
            f"cannot evaluate condition {condition!r}: {plain_error(exc)}"
        ) from None
