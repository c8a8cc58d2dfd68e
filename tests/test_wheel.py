"""The wheel: `pip wheel .` then installing it (not editable) gives a program that finds its
migrations, criteria sets, reference units and fonts from any folder.

db/ and resources/ stay at the top of the repository (the design card); pyproject.toml maps
them into the package as ntm_desktop/_data/, and ntm_desktop/paths.py looks there first.
The build runs on a copy of the tree in a temporary folder (no build/ or *.egg-info left in
the checkout) and without build isolation (no network): about 2 s.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_FOLDERS = ("db", "resources")
CODE_FOLDERS = ("ntm_desktop", "ui")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _code_packages() -> set[str]:
    found = set()
    for top in CODE_FOLDERS:
        for init in (ROOT / top).rglob("*.py"):
            if "__pycache__" not in init.parts:
                found.add(".".join(init.parent.relative_to(ROOT).parts))
    return found


def _data_files() -> list[Path]:
    return sorted(
        file.relative_to(ROOT)
        for top in DATA_FOLDERS
        for file in (ROOT / top).rglob("*")
        if file.is_file() and "__pycache__" not in file.parts
    )


def _data_package(folder: Path) -> str:
    return ".".join(("ntm_desktop", "_data", *folder.parts))


def test_pyproject_names_every_package_and_data_folder():
    """The package list is explicit (a mapped folder is not found by packages.find): a new
    package or data folder left out of it would be missing from the wheel only."""
    setuptools = _pyproject()["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    code = _code_packages()
    data_folders = {file.parent for file in _data_files()}
    data = {
        _data_package(Path(*folder.parts[:n])) for folder in data_folders for n in range(1, len(folder.parts) + 1)
    }
    wanted = code | data
    assert listed == wanted, f"pyproject.toml: add {sorted(wanted - listed)}, remove {sorted(listed - wanted)}"
    for package in code:
        assert (ROOT / package.replace(".", "/") / "__init__.py").is_file(), package
    # every folder holding data files ships all of them
    assert set(setuptools["package-data"]) == {_data_package(folder) for folder in data_folders}
    assert all(patterns == ["*"] for patterns in setuptools["package-data"].values())


def _copy_tree(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in CODE_FOLDERS + DATA_FOLDERS:
        shutil.copytree(ROOT / folder, target / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, target / name)


def test_installed_wheel_finds_its_data(tmp_path):
    source = tmp_path / "source"
    _copy_tree(source)
    built = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "-w", str(built), "--no-deps",
         "--no-build-isolation", "-q", "--disable-pip-version-check"],
        check=True, cwd=tmp_path, capture_output=True,
    )
    (wheel,) = built.glob("ntm_desktop-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for file in _data_files():
            assert "ntm_desktop/_data/" + file.as_posix() in names, file
        assert "ui/app.py" in names and "ntm_desktop/cli/__init__.py" in names
        entry_points = archive.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt")))
        assert b"ntm = ntm_desktop.cli:main" in entry_points
        site = tmp_path / "site"
        archive.extractall(site)

    # the installed copy, run from an unrelated folder, ahead of the checkout's editable install
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    db = elsewhere / "check.sqlite3"
    script = (
        "import json, sys\n"
        "from ntm_desktop import paths\n"
        "from ntm_desktop.cli import main\n"
        "found = {name: str(getattr(paths, name)()) for name in\n"
        "         ('migrations_dir', 'criteria_dir', 'reference_dir', 'fonts_dir')}\n"
        "found['module'] = paths.__file__\n"
        f"found['init'] = main(['--db', {str(db)!r}, 'init'])\n"
        "print(json.dumps(found))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "NTM_DATA_DIR": str(tmp_path / "data")}
    env.pop("NTM_DB", None)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=elsewhere, env=env, capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout.splitlines()[-1])
    assert found.pop("init") == 0
    assert Path(found.pop("module")) == site / "ntm_desktop" / "paths.py"
    for name, where in found.items():
        assert Path(where).is_relative_to(site / "ntm_desktop" / "_data"), name
        assert any(Path(where).iterdir()), name
    # `ntm init` loaded every criteria set and Kon Tum's 85 communes from the installed data
    sets = len(list((ROOT / "db" / "criteria").glob("*.json")))
    assert f"{sets} bộ tiêu chí, 85 xã" in done.stdout
