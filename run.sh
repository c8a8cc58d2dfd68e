#!/usr/bin/env bash
# Run NTM Desktop, creating its environment first if needed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$root/scripts/bootstrap.sh" run
exec "$root/.venv/bin/python" "$root/main.py" "$@"
