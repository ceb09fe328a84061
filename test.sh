#!/usr/bin/env bash
# Run every check Counterpart has: sets up what is missing, then lint, format,
# types, the import contracts and the test suite (Qt tests run offscreen; no display needed).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
bootstrap test
export QT_QPA_PLATFORM=offscreen
echo "==> ruff" >&2
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "==> mypy" >&2
.venv/bin/mypy
echo "==> import contracts" >&2
.venv/bin/lint-imports --no-cache
echo "==> pytest" >&2
exec .venv/bin/python -m pytest "$@"
