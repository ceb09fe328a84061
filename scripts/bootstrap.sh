#!/usr/bin/env bash
# Set up everything Counterpart needs on Debian/Ubuntu, doing only what is missing:
# the Debian libraries Qt needs, a virtual environment in .venv, and the pip packages.
# Sourced by ./run.sh and ./test.sh; safe to run again and again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

# Libraries Qt needs to run offscreen (tests) and in a real window (the app).
QT_OFFSCREEN_PKGS=(libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0)
QT_WINDOW_PKGS=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
                libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0)

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

ensure_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        say "Creating the virtual environment in .venv"
        "$PYTHON" -m venv "$VENV"
    fi
    # Reinstall only when the dependencies changed.
    local stamp="$VENV/.counterpart-installed" want
    want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        say "Installing Python packages (first run takes a minute)"
        "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
        "$VENV/bin/python" -m pip install -q -e "$ROOT[test]"
        echo "$want" > "$stamp"
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
    ensure_python
    ensure_venv
    compile_bytecode
}
