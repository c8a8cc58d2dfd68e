"""Portable mode: with portable.ini beside the program, every file it writes lands in data/
beside it (database, settings, logs, backups), nothing in the home folder, and a stick
that comes back under another drive letter still finds its database."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

WINDOW_START = r"""
import sys
from PySide6.QtWidgets import QApplication
from ntm_desktop import logs, paths
from ntm_desktop.store.database import open_store
from ui import app as appmod

qapp = QApplication(sys.argv[:1])
qapp.setApplicationName("NTM Desktop")
qapp.setOrganizationName("NTM Desktop")
logs.setup()
settings = appmod.make_settings()
db = appmod.start_db(settings)
store = open_store(db)
if store.meta("home_province") is None:
    appmod.save_home(store, "province:62", "district:612")
store.close()
controller = appmod.Controller(qapp, settings)
assert controller.open(db)
import time
deadline = time.monotonic() + 10  # the daily backup starts after the check made once the window shows
while not controller.daily_threads and time.monotonic() < deadline:
    qapp.processEvents()
    time.sleep(0.01)
controller.daily_threads[-1].join()
qapp.processEvents()
controller.window.statusBar()
print("TITLE", controller.window.windowTitle())
print("DB", controller.store.path)
import logging
logging.getLogger("ntm.test").error("a line for the log")
controller.close()
settings.sync()
"""


def _portable_copy(base: Path) -> Path:
    program = base / "E" / "NTM"
    program.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("ntm_desktop", "ui", "db", "resources"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, program / folder, ignore=ignore)
    shutil.copy2(ROOT / "main.py", program / "main.py")
    (program / "portable.ini").write_text("[NTM Desktop]\n; data/ beside this file\n", encoding="utf-8")
    return program


def _env(base: Path) -> dict[str, str]:
    home = base / "home"
    runtime = base / "runtime"
    tmp = base / "tmp"
    for folder in (home, runtime, tmp):
        folder.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "USERPROFILE": str(home),
        "APPDATA": str(home / "AppData" / "Roaming"),
        "LOCALAPPDATA": str(home / "AppData" / "Local"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_RUNTIME_DIR": str(runtime),
        "TMPDIR": str(tmp),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONDONTWRITEBYTECODE": "1",
        "LANG": "C.UTF-8",
    }
    return env


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file() or p.is_symlink()}


def _run(program: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, *args], cwd=program, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.mark.skipif(sys.platform == "win32", reason="HOME/XDG isolation is for Unix; Windows: docs/installer.md")
def test_portable_mode_writes_only_beside_the_program(tmp_path):
    program = _portable_copy(tmp_path)
    env = _env(tmp_path)
    shipped = _files(program)

    # the copy is what runs (not the checkout the tests live in)
    where = _run(program, env, "-c", "import ntm_desktop.paths as p; print(p.program_dir(), p.is_portable())")
    assert where.stdout.split() == [str(program), "True"]

    _run(program, env, "-m", "ntm_desktop", "init")
    _run(program, env, "-m", "ntm_desktop", "set", "--year", "2020", "--district", "Đăk Hà",
         "--commune", "Hà Mòn", "--criterion", "2", "--met", "yes")
    smoke = _run(program, env, "main.py", "--smoke-test", "--screenshot", "data/smoke.png")
    assert smoke.stderr == "" or "error" not in smoke.stderr
    window = _run(program, env, "-c", WINDOW_START)
    assert "[Bản di động]" in window.stdout
    assert f"DB {program / 'data' / 'ntm.sqlite3'}" in window.stdout

    data = program / "data"
    written = _files(program) - shipped
    assert written, "nothing written at all"
    outside = sorted(str(p) for p in written if data not in p.parents)
    assert outside == []
    names = {p.relative_to(data).as_posix() for p in written}
    assert "ntm.sqlite3" in names and "settings.ini" in names and "logs/ntm.log" in names
    assert "smoke.png" in names
    assert any(n.startswith("backups/ntm_") and n.endswith("_daily.sqlite3") for n in names)
    assert not [n for n in names if n.startswith("ntm-smoke-")]  # the smoke test's scratch folder is gone
    assert "a line for the log" in (data / "logs" / "ntm.log").read_text(encoding="utf-8")
    settings = (data / "settings.ini").read_text(encoding="utf-8")
    assert "last_db=data/ntm.sqlite3" in settings and "district=district:612" in settings
    # the database was closed cleanly: no -wal or -shm left on the stick
    assert not [n for n in names if n.endswith(("-wal", "-shm", ".part"))]
    # nothing in the profile, the temporary folder or the runtime folder
    for folder in ("home", "tmp", "runtime"):
        assert sorted(map(str, _files(tmp_path / folder))) == []


@pytest.mark.skipif(sys.platform == "win32", reason="HOME/XDG isolation is for Unix")
def test_portable_stick_under_another_drive_letter(tmp_path):
    program = _portable_copy(tmp_path)
    env = _env(tmp_path)
    _run(program, env, "-m", "ntm_desktop", "init")
    _run(program, env, "-c", WINDOW_START)
    settings = (program / "data" / "settings.ini").read_text(encoding="utf-8")
    assert str(tmp_path) not in settings  # no absolute path to the data folder is kept
    # the same stick on another PC: another mount point / drive letter
    moved = tmp_path / "F" / "NTM"
    moved.parent.mkdir()
    shutil.move(str(program), str(moved))
    again = _run(moved, env, "-c", WINDOW_START)
    assert f"DB {moved / 'data' / 'ntm.sqlite3'}" in again.stdout
    units = _run(moved, env, "-m", "ntm_desktop", "units", "list", "--district", "Đăk Hà")
    assert "Hà Mòn" in units.stdout
