#!/usr/bin/env bash
# Prepare everything NTM Desktop needs on a fresh Debian-like machine:
# the Debian libraries Qt and the tests need, and a virtual environment
# in .venv with the project installed in editable mode.
# Usage: scripts/bootstrap.sh [run|test]
set -euo pipefail
mode="${1:-run}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Debian packages: Qt's xcb platform plugin needs these on a desktop;
# the tests need pdftotext/pdffonts (poppler-utils) and fonts.
apt_run=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
         libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
         libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 libglib2.0-0)
apt_test=(poppler-utils xvfb xauth libreoffice-writer-nogui libxml2-utils)
wanted=("${apt_run[@]}")
[ "$mode" = test ] && wanted+=("${apt_test[@]}")

if command -v dpkg-query >/dev/null 2>&1; then
    missing=()
    for p in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        sudo=""
        [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
        if [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; then
            echo "bootstrap: installing Debian packages: ${missing[*]}" >&2
            $sudo apt-get update -qq
            DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
                "${missing[@]}" >/dev/null
        else
            echo "bootstrap: please install these Debian packages: ${missing[*]}" >&2
        fi
    fi
fi

py="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    echo "bootstrap: creating .venv" >&2
    "$py" -m venv .venv
fi
extra=""
[ "$mode" = test ] && extra="[dev]"
stamp=".venv/.ntm-installed-$mode"
want="$(cat pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "bootstrap: installing Python packages (${mode})" >&2
    .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra}"
    echo "$want" > "$stamp"
fi
