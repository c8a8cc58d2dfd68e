#!/usr/bin/env bash
# Build NTM Desktop as a one-folder bundle with PyInstaller, then check the built program:
#   1. its window opens and paints: `NTMDesktop --smoke-test --screenshot FILE.png` under
#      offscreen Qt, in portable mode (a portable.ini beside it, so that nothing is written
#      outside the bundle's data/ folder), and the screenshot is a real PNG;
#   2. its command line answers: `ntm --help`, and `ntm init` + `ntm summary` on a scratch database.
# Exits non-zero if the build or either check fails. Not run in CI (it takes about a minute).
#
# PyInstaller is not a runtime dependency: it goes into its own virtual environment
# (installer/build/venv) layered over the project's .venv, which is left untouched.
#
# Usage: installer/build.sh            build into installer/dist/NTM Desktop/ and check it
#        installer/build.sh --check    only check an existing bundle
# Output: installer/dist/NTM Desktop/, installer/build/smoke.png, installer/build/size.txt
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
build="$here/build"
dist="$here/dist"
bundle="$dist/NTM Desktop"
pyinstaller_version="${PYINSTALLER_VERSION:->=6.10,<7}"

if [ "${1:-}" != "--check" ]; then
    scripts/bootstrap.sh run
    mkdir -p "$build"
    venv="$build/venv"
    if [ ! -x "$venv/bin/python" ]; then
        echo "build: creating $venv" >&2
        .venv/bin/python -m venv "$venv"
        site_packages="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
        project_site="$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
        # the project's packages (PySide6, reportlab, …) without copying them
        echo "import site; site.addsitedir('$project_site')" > "$site_packages/ntm-project.pth"
    fi
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "pyinstaller$pyinstaller_version"
    "$venv/bin/python" installer/make_icon.py "$build"
    rm -rf "$bundle"
    "$venv/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
        --workpath "$build/work" --distpath "$dist" installer/ntm.spec
fi

[ -x "$bundle/NTMDesktop" ] || { echo "build: $bundle/NTMDesktop is missing" >&2; exit 1; }
[ -x "$bundle/ntm" ] || { echo "build: $bundle/ntm is missing" >&2; exit 1; }

status=0
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"; rm -f "$bundle/portable.ini"; rm -rf "$bundle/data"' EXIT
# run the checks with an empty home: the built program must not need anything from it
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config" XDG_DATA_HOME="$scratch/home/.local/share"
export XDG_CACHE_HOME="$scratch/home/.cache" XDG_RUNTIME_DIR="$scratch/run" QT_QPA_PLATFORM=offscreen
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset NTM_DB NTM_DATA_DIR

echo "check: NTMDesktop --smoke-test (portable mode)" >&2
touch "$bundle/portable.ini"
shot="$build/smoke.png"
rm -f "$shot"
if ! "$bundle/NTMDesktop" --smoke-test --screenshot "$shot"; then
    echo "check FAILED: the window's smoke test" >&2
    status=1
elif [ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ] \
    || [ "$(stat -c %s "$shot")" -lt 10000 ]; then
    echo "check FAILED: $shot is not a screenshot of the window" >&2
    status=1
else
    echo "check ok: $shot" >&2
fi
if [ -n "$(find "$HOME" -type f | head -1)" ]; then
    echo "check FAILED: the portable program wrote into the home folder:" >&2
    find "$HOME" -type f >&2
    status=1
fi
rm -f "$bundle/portable.ini"
rm -rf "$bundle/data"

echo "check: ntm --help, init, summary" >&2
if ! "$bundle/ntm" --help > "$scratch/help.txt"; then
    echo "check FAILED: ntm --help" >&2
    status=1
elif ! grep -q "restore" "$scratch/help.txt"; then
    echo "check FAILED: ntm --help does not list the commands" >&2
    status=1
elif ! "$bundle/ntm" --db "$scratch/check.sqlite3" init > /dev/null \
    || ! "$bundle/ntm" --db "$scratch/check.sqlite3" summary --year 2020 --json | grep -q '"communes": 85'; then
    echo "check FAILED: ntm init / summary on the bundled reference data" >&2
    status=1
else
    echo "check ok: ntm" >&2
fi

set +o pipefail  # `head` closing the pipe early is not a failure
size="$(du -sh "$bundle" | cut -f1)"
files="$(find "$bundle" -type f | wc -l)"
{
    echo "bundle: $bundle"
    echo "size: $size in $files files"
    echo "largest:"
    find "$bundle" -type f -printf '%s\t%P\n' | sort -rn | head -15 \
        | awk -F'\t' '{printf "  %6.1f MB  %s\n", $1/1048576, $2}'
} | tee "$build/size.txt" >&2
exit $status
