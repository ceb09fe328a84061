"""Scenarios: the format, loading, checking, analysing and playing them (no Qt).

Import from the module that holds a name (``trainer.scenarios.loader``,
``trainer.scenarios.checker``, ...): this package re-exports nothing, so a
light module of it (the catalogue, the context) costs no pydantic or Jinja2.
"""
