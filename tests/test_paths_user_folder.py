"""The per-user data folder without importing platformdirs (issue 22): the same answer as
platformdirs gives, on this platform and with every variable it reads, and platformdirs itself
wherever its other rules apply."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest
from platformdirs.macos import MacOS
from platformdirs.unix import Unix

from ntm_desktop import paths

ROOT = Path(__file__).resolve().parent.parent

XDG = (None, "", "   ", "relative/data", "/srv/xdg data", "/srv/xdg/", "~/data")
HOMES = (None, "", "relative-home", "/home/lan", "/home/lan/", "/")


def _environment(monkeypatch: pytest.MonkeyPatch, xdg: str | None, home: str | None) -> None:
    for name, value in (("XDG_DATA_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.delenv("ANDROID_DATA", raising=False)
    monkeypatch.delenv("ANDROID_ROOT", raising=False)


def _platformdirs_answer(kind: type) -> str | BaseException:
    try:
        return kind(paths.APP_NAME, appauthor=False).user_data_dir
    except RuntimeError as error:  # a home that does not expand
        return error


def _ours() -> str | BaseException:
    try:
        return paths.user_data_dir()
    except RuntimeError as error:
        return error


@pytest.mark.parametrize("xdg", XDG)
@pytest.mark.parametrize("home", HOMES)
def test_the_same_folder_as_platformdirs_on_this_platform(monkeypatch, xdg, home):
    _environment(monkeypatch, xdg, home)
    expected = platformdirs.user_data_dir(paths.APP_NAME, appauthor=False)
    assert paths.user_data_dir() == expected
    monkeypatch.delenv("NTM_DATA_DIR", raising=False)
    monkeypatch.delenv("NTM_DB", raising=False)
    if not paths.is_portable():
        assert paths.data_dir() == Path(expected)
        assert paths.default_db_path() == Path(expected) / "ntm.sqlite3"


@pytest.mark.parametrize("platform, kind", [("linux", Unix), ("freebsd14", Unix), ("darwin", MacOS)])
@pytest.mark.parametrize("xdg", XDG)
@pytest.mark.parametrize("home", HOMES)
def test_the_same_rules_as_platformdirs_on_unix_and_macos(monkeypatch, platform, kind, xdg, home):
    """platformdirs' Unix and macOS classes (both importable here), asked directly: the same folder,
    or the same failure when the home does not expand (our rules then ask platformdirs)."""
    _environment(monkeypatch, xdg, home)
    monkeypatch.setattr(sys, "platform", platform)
    expected = _platformdirs_answer(kind)
    fast = paths._posix_user_data_dir()
    if isinstance(expected, BaseException):
        assert fast is None
    else:
        assert fast in (expected, None)  # None: platformdirs is asked, and gives its own answer
        differ = bool(xdg and xdg.strip()) and (platform == "darwin" or not xdg.startswith("/"))
        if differ:  # platformdirs 4.x releases answer these differently: the installed one is asked
            assert fast is None
        elif home not in ("", "relative-home"):
            assert fast == expected  # the usual cases never import platformdirs


@pytest.mark.parametrize("platform", ["win32", "ios"])
def test_other_platforms_ask_platformdirs(monkeypatch, platform):
    _environment(monkeypatch, "/srv/xdg", "/home/lan")
    monkeypatch.setattr(sys, "platform", platform)
    assert paths._posix_user_data_dir() is None


def test_an_android_app_asks_platformdirs(monkeypatch):
    _environment(monkeypatch, "/srv/xdg", "/home/lan")
    monkeypatch.setenv("ANDROID_DATA", "/data")
    monkeypatch.setenv("ANDROID_ROOT", "/system")
    assert paths._posix_user_data_dir() is None
    monkeypatch.setenv("ANDROID_ROOT", "/elsewhere")
    assert paths._posix_user_data_dir() == "/srv/xdg/NTM Desktop"


def test_the_folder_is_found_without_importing_platformdirs(tmp_path):
    """What `ntm summary` without $NTM_DATA_DIR does (the damage check's mark is kept there)."""
    env = {k: v for k, v in os.environ.items() if k not in ("NTM_DATA_DIR", "NTM_DB", "XDG_DATA_HOME")}
    env["HOME"] = str(tmp_path)
    probe = ("import sys; from ntm_desktop import paths; print(paths.data_dir());"
             " print('platformdirs' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    folder, imported = result.stdout.split("\n")[:2]
    if not (ROOT / paths.PORTABLE_MARKER).exists():
        assert folder == str(tmp_path / ".local" / "share" / "NTM Desktop")
    assert imported == "False"
