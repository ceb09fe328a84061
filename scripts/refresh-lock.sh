#!/usr/bin/env bash
# Move the lock files to the newest versions pyproject.toml allows, then run every
# check on exactly those versions. Upgrading is a deliberate step: review the diff
# of requirements/*.lock, and commit it (saying why) only if ./test.sh passed.
#
#   scripts/refresh-lock.sh            newest allowed versions of everything
#   scripts/refresh-lock.sh pyyaml     only these packages move (uv's --upgrade-package)
#
# The locks are made by uv (a pinned version, itself installed from a hashed lock
# into .venv-lock): one universal resolution, valid on Linux, macOS and Windows and on
# Python 3.11 to 3.13, with the hash of every file pip may choose. Installing needs
# only pip: scripts/bootstrap.sh runs pip with --require-hashes on them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
ensure_python

TOOLS=".venv-lock"
if [ ! -x "$TOOLS/bin/uv" ]; then
    say "Installing the locking tool (uv) into $TOOLS"
    "$PYTHON" -m venv "$TOOLS"
    "$TOOLS/bin/python" -m pip install -q --require-hashes --no-deps -r requirements/uv.lock
fi

upgrade=(--upgrade)
if [ $# -gt 0 ]; then
    upgrade=()
    for package in "$@"; do upgrade+=(--upgrade-package "$package"); done
fi
compile() {
    "$TOOLS/bin/uv" pip compile --quiet --universal --generate-hashes --python-version 3.11 \
        --custom-compile-command scripts/refresh-lock.sh --annotation-style line "$@"
}
say "Resolving the test lock (app and test tools)"
(cd requirements && compile "${upgrade[@]}" ../pyproject.toml build.in --extra test -o test.lock)
say "Resolving the app lock (the same versions, without the test tools)"
(cd requirements && compile ../pyproject.toml build.in -c test.lock -o app.lock)
git --no-pager diff --stat -- requirements/ || true

say "Running every check on the new versions"
exec ./test.sh
