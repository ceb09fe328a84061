"""The installed packages are exactly the locked ones, and the locks cover pyproject.toml.

``./test.sh`` installs ``requirements/test.lock`` with hashes; if a package
were installed from anywhere else, or the lock fell behind ``pyproject.toml``,
these fail and name the package.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def pins(lock: str) -> dict[str, str]:
    """Each package the lock installs on this machine, with its exact version."""
    found = {}
    for line in (ROOT / "requirements" / lock).read_text(encoding="utf-8").splitlines():
        m = PIN.match(line)
        if m and (m.group(3) is None or Marker(m.group(3)).evaluate()):
            found[canonicalize_name(m.group(1))] = m.group(2)
    return found


def test_every_locked_package_is_installed_at_its_locked_version() -> None:
    locked = pins("test.lock")
    assert "pyyaml" in locked and "pyside6-essentials" in locked
    wrong = {}
    for name, version in locked.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "missing"
        if installed != version:
            wrong[name] = f"locked {version}, installed {installed}"
    assert not wrong, wrong


def test_the_app_lock_pins_the_same_versions_as_the_test_lock() -> None:
    app, test = pins("app.lock"), pins("test.lock")
    assert app, "app.lock is empty"
    assert {n: v for n, v in test.items() if n in app} == app
    assert "pytest" not in app and "pytest" in test


@pytest.mark.parametrize("extra", [None, "test"])
def test_every_dependency_in_pyproject_is_locked(extra: str | None) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["optional-dependencies"][extra] if extra else project["dependencies"]
    locked = pins("test.lock" if extra else "app.lock")
    for text in wanted:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is in pyproject.toml but not locked"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"{name}: the lock's {locked[name]} is outside {requirement.specifier}; "
            "run scripts/refresh-lock.sh"
        )
