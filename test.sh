#!/usr/bin/env bash
# Run the whole test suite (ruff, mypy over the core, pytest), creating the environment first if needed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
scripts/bootstrap.sh test
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/mypy  # files and options: [tool.mypy] in pyproject.toml
exec .venv/bin/python -m pytest "$@"
