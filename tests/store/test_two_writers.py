"""Two processes writing to one database at once wait for each other instead of failing
with "database is locked" (issue 19 part 5): each transaction reads, then writes, the
pattern that fails at once under a deferred BEGIN when the other process commits in between."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from ntm_desktop.store.database import open_store

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 1000

WRITER = textwrap.dedent("""
    import sys
    from ntm_desktop.store.database import open_store
    store = open_store(sys.argv[1], create=False)
    for _ in range(int(sys.argv[2])):
        with store.transaction():
            count = int(store.meta("counter") or "0")
            store.set_meta("counter", str(count + 1))
    store.close()
""")


def test_two_writers_wait_for_each_other(tmp_path):
    path = tmp_path / "ntm.sqlite3"
    open_store(path).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NTM_DATA_DIR": str(tmp_path / "data")}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(ROUNDS)], cwd=ROOT, env=env,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(w.wait(timeout=120), w.stderr.read() if w.stderr else "") for w in writers]
    assert [code for code, _err in results] == [0, 0], results
    store = open_store(path, create=False)
    try:
        assert store.meta("counter") == str(2 * ROUNDS)  # no update lost either
    finally:
        store.close()
