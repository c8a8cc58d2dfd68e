#!/usr/bin/env bash
# Compile-check the Windows installer script on Linux with Debian's native makensis
# (package `nsis`), warnings treated as errors. The bundle it packs is a stand-in with the
# Windows file names (a Windows bundle can only be built on Windows); the installer it
# writes is not runnable here. What this does NOT check: docs/installer.md.
# Usage: installer/windows/check-nsis.sh [OUT.exe]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if ! command -v makensis >/dev/null 2>&1; then
    echo "check-nsis: makensis not found; install it with: apt-get install nsis" >&2
    exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bundle="$work/NTM Desktop"
mkdir -p "$bundle/_internal/db" "$bundle/_internal/resources"
printf 'MZ stand-in\n' > "$bundle/NTMDesktop.exe"
printf 'MZ stand-in\n' > "$bundle/ntm.exe"
cp -r "$root/db/." "$bundle/_internal/db/"
python3 "$root/installer/make_icon.py" "$work" 2>/dev/null \
    || "$root/.venv/bin/python" "$root/installer/make_icon.py" "$work"
out="${1:-$work/NTM-Desktop-Setup-check.exe}"
makensis -V2 -WX -DVERSION=0.1.0 -DSOURCE="$bundle" -DICON="$work/ntm.ico" -DOUTFILE="$out" "$here/ntm-desktop.nsi"
[ -s "$out" ] || { echo "check-nsis: no installer written" >&2; exit 1; }
if command -v 7z >/dev/null 2>&1; then  # p7zip reads NSIS installers: what would be installed
    listing="$(7z l "$out")"
    for name in NTMDesktop.exe ntm.exe uninstall.exe _internal/db/migrations/0001_initial.sql; do
        grep -q "$name" <<< "$listing" || { echo "check-nsis: $name is not in the installer" >&2; exit 1; }
    done
fi
echo "check-nsis: ok ($(stat -c %s "$out") bytes, makensis $(makensis -VERSION))" >&2
