#!/usr/bin/env bash
# Run Counterpart: sets up what is missing, then opens the desktop app on the bundled
# content and a local SQLite file. Extra arguments go to the `trainer` command,
# e.g. ./run.sh list, ./run.sh play towed-car, ./run.sh --data-dir ./mydata
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
bootstrap app
exec .venv/bin/trainer "$@"
