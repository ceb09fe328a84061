"""Lazy re-exports for packages whose parts are heavy to import (PEP 562).

The app's start-up imports small modules of :mod:`trainer.scenarios` and
:mod:`trainer.reports`; their ``__init__`` must not pull in pydantic, Jinja2
or reportlab just to offer convenient names.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def exports(
    package: str, homes: Mapping[str, str], namespace: dict[str, Any]
) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``name`` from ``package.homes[name]`` on first use."""

    def __getattr__(name: str) -> Any:
        module = homes.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    return __getattr__
