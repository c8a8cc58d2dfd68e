"""Resource paths from source and frozen (PyInstaller), portable detection, settings paths."""

from __future__ import annotations

import sys
from pathlib import Path

from ntm_desktop import paths
from ntm_desktop.store import database as storage

ROOT = Path(__file__).resolve().parent.parent


def test_resources_from_source():
    assert not paths.is_frozen()
    assert paths.app_root() == ROOT
    assert paths.program_dir() == ROOT
    assert (paths.migrations_dir() / "0001_initial.sql").is_file()
    assert paths.resource("db", "criteria") == paths.criteria_dir() and any(paths.criteria_dir().glob("*.json"))
    assert any(paths.reference_dir().iterdir())
    assert (paths.fonts_dir() / "DejaVuSans.ttf").is_file()
    assert storage.SCHEMA_VERSION == len(list(paths.migrations_dir().glob("[0-9]*_*.sql")))


def _fake_bundle(tmp_path):
    """A PyInstaller 6 one-folder layout: NTMDesktop(.exe) beside _internal/ (sys._MEIPASS)."""
    top = tmp_path / "NTM Desktop"
    internal = top / "_internal"
    (internal / "db" / "migrations").mkdir(parents=True)
    (internal / "db" / "migrations" / "0001_initial.sql").write_text("-- bundled\n", encoding="utf-8")
    (internal / "resources" / "fonts").mkdir(parents=True)
    (internal / "resources" / "fonts" / "DejaVuSans.ttf").write_bytes(b"font")
    exe = top / "NTMDesktop.exe"
    exe.write_bytes(b"MZ")
    return top, internal, exe


def test_resources_when_frozen(tmp_path, monkeypatch):
    top, internal, exe = _fake_bundle(tmp_path)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert paths.is_frozen()
    assert paths.app_root() == internal
    assert paths.program_dir() == top.resolve()
    assert paths.migrations_dir() == internal / "db" / "migrations"
    assert (paths.migrations_dir() / "0001_initial.sql").read_text(encoding="utf-8") == "-- bundled\n"
    assert (paths.fonts_dir() / "DejaVuSans.ttf").read_bytes() == b"font"
    # portable.ini belongs beside the executable, not inside the bundle
    monkeypatch.delenv("NTM_DATA_DIR", raising=False)
    (internal / "portable.ini").write_text("", encoding="utf-8")
    assert not paths.is_portable()
    (top / "portable.ini").write_text("", encoding="utf-8")
    assert paths.is_portable()
    assert paths.data_dir() == top.resolve() / "data"
    assert paths.default_db_path() == top.resolve() / "data" / "ntm.sqlite3"
    assert paths.log_path() == top.resolve() / "data" / "logs" / "ntm.log"
    assert paths.settings_file() == top.resolve() / "data" / "settings.ini"
    assert paths.backups_dir(paths.default_db_path()) == top.resolve() / "data" / "backups"


def test_frozen_without_portable_uses_the_user_folder(tmp_path, monkeypatch):
    top, internal, exe = _fake_bundle(tmp_path)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.delenv("NTM_DATA_DIR", raising=False)
    monkeypatch.delenv("NTM_DB", raising=False)
    assert not paths.is_portable()
    assert paths.settings_file() is None  # QSettings' own store (registry on Windows)
    data = paths.data_dir()
    assert top not in data.parents and data.name == "NTM Desktop"


def test_settings_keep_relative_paths_in_portable_mode(tmp_path, monkeypatch):
    """The stick may be E: today and F: tomorrow: paths inside the program's folder are kept
    relative to it; a path elsewhere stays absolute."""
    top = tmp_path / "stick" / "NTM"
    top.mkdir(parents=True)
    monkeypatch.setattr(paths, "program_dir", lambda: top)
    inside = top / "data" / "ntm.sqlite3"
    outside = tmp_path / "elsewhere" / "x.sqlite3"
    assert paths.to_setting(inside) == str(inside.resolve())  # not portable: absolute
    (top / "portable.ini").write_text("", encoding="utf-8")
    assert paths.to_setting(inside) == "data/ntm.sqlite3"
    assert paths.to_setting(outside) == str(outside.resolve())
    # the same setting read on another drive letter points into the moved folder
    moved = tmp_path / "other-drive" / "NTM"
    monkeypatch.setattr(paths, "program_dir", lambda: moved)
    assert paths.from_setting("data/ntm.sqlite3") == moved / "data" / "ntm.sqlite3"
    assert paths.from_setting(str(outside.resolve())) == outside.resolve()


def test_resources_from_an_installed_wheel(tmp_path, monkeypatch):
    """An installed wheel has db/ and resources/ in ntm_desktop/_data (pyproject.toml's
    mapping); the bundle's own copy wins when frozen (tests/test_wheel.py builds a real one)."""
    data = tmp_path / "site-packages" / "ntm_desktop" / "_data"
    (data / "db" / "migrations").mkdir(parents=True)
    (data / "resources" / "fonts").mkdir(parents=True)
    monkeypatch.setattr(paths, "INSTALLED_DATA", data)
    assert paths.data_root() == data
    assert paths.migrations_dir() == data / "db" / "migrations"
    assert paths.fonts_dir() == data / "resources" / "fonts"
    assert paths.app_root() == ROOT  # main.py's folder is not moved by it
    top, internal, exe = _fake_bundle(tmp_path)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert paths.migrations_dir() == internal / "db" / "migrations"
