#!/usr/bin/env bash
# Set up everything Counterpart needs on Debian/Ubuntu, doing only what is missing:
# the Debian libraries Qt needs, a virtual environment in .venv, and the pip packages
# (and, for the tests, Debian's Chromium and its driver for the phone page's test).
# Sourced by ./run.sh and ./test.sh; safe to run again and again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

# Libraries Qt needs to run offscreen (tests) and in a real window (the app).
QT_OFFSCREEN_PKGS=(libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0)
QT_WINDOW_PKGS=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
                libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0)

# The phone page's browser test (tests/ui/workshop/test_phone_page_browser.py) drives
# Debian's Chromium headless through its WebDriver; only the tests need them.
BROWSER_TEST_PKGS=(chromium chromium-driver)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        say "Please install these system packages: ${missing[*]}"
        return 0
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
            say "Missing system packages (run as root to install): ${missing[*]}"; return 1
        fi
    fi
    say "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
        $sudo apt-get update -q >/dev/null
        $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

find_python() {
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
           "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"; return 0
        fi
    done
    return 1
}

ensure_python() {
    PYTHON="$(find_python)" || { apt_install python3 python3-venv; PYTHON="$(find_python)"; } || {
        say "Counterpart needs Python 3.11 or newer."; exit 2; }
    if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        apt_install python3-venv
    fi
}

# Installs come from the lock files in requirements/ (exact versions, with hashes for
# every file pip may pick, across platforms and Python 3.11-3.13): app.lock for the app,
# test.lock for the app and the test tools, the same versions in both. pip refuses any
# file whose hash is not in the lock, and installs nothing unlocked, Counterpart's own
# build included (--no-build-isolation; setuptools is in the lock).
# scripts/refresh-lock.sh moves the locks to the newest allowed versions.
lock_stamp() {
    cat "$ROOT/requirements/app.lock" "$ROOT/requirements/test.lock" "$ROOT/pyproject.toml" \
        | sha256sum | cut -d' ' -f1
}

ensure_venv() {
    local mode="$1" stamp="$VENV/.counterpart-lock" want
    want="$(lock_stamp)"
    # A lock that changed means a fresh environment, so nothing stale outlives it.
    if [ -x "$VENV/bin/python" ] && { [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; }; then
        say "The lock files changed: rebuilding the virtual environment"
        rm -rf "$VENV"
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        say "Creating the virtual environment in .venv"
        "$PYTHON" -m venv "$VENV"
        echo "$want" > "$stamp"
    fi
    # The test lock holds everything the app lock does, so a test install serves both.
    local done="$VENV/.counterpart-$mode"
    if [ -f "$done" ] || [ -f "$VENV/.counterpart-test" ]; then return 0; fi
    say "Installing the locked Python packages (first run takes a minute)"
    pip_quietly install --require-hashes --no-deps -r "$ROOT/requirements/$mode.lock"
    pip_quietly install --no-deps --no-build-isolation --no-index -e "$ROOT"
    touch "$done"
}

# pip's own chatter (warnings about the machine's index settings, notices of a newer
# pip) goes to a log; the user sees our progress lines, and the log only if pip fails.
pip_quietly() {
    local log="$VENV/pip.log"
    if ! "$VENV/bin/python" -m pip --disable-pip-version-check -q "$@" >"$log" 2>&1; then
        say "pip could not install the packages; the end of its log ($log):"
        tail -n 25 "$log" >&2
        exit 1
    fi
}

# Where Python may not write bytecode as it imports (PYTHONDONTWRITEBYTECODE is set,
# or the checkout is read-only), it compiles every module of ours on every start:
# ~100 ms of the app's start-up. Compile them ahead, as pip does for the packages it
# installs; only files changed since the last run are compiled again (~50 ms otherwise).
compile_bytecode() {
    "$VENV/bin/python" -m compileall -q "$ROOT/trainer" >/dev/null 2>&1 || true
}

bootstrap() {
    local mode="$1"  # app | test
    apt_install "${QT_OFFSCREEN_PKGS[@]}"
    if [ "$mode" = app ]; then apt_install "${QT_WINDOW_PKGS[@]}"; fi
    if [ "$mode" = test ]; then apt_install "${BROWSER_TEST_PKGS[@]}"; fi
    ensure_python
    ensure_venv "$mode"
    compile_bytecode
}
