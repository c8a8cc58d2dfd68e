"""The core must import without Qt: the CLI and the tests run on machines without a display."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import importlib, json, pkgutil, sys
import ntm_desktop
names = [m.name for m in pkgutil.walk_packages(ntm_desktop.__path__, "ntm_desktop.")
         if m.name != "ntm_desktop.__main__"]
for name in names:
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m == "PySide6" or m.startswith(("PySide6.", "shiboken6")))
print(json.dumps({"modules": names, "qt": qt, "ui": "ui" in sys.modules,
                  "ui_sub": sorted(m for m in sys.modules if m.startswith("ui."))}))
"""


def test_core_imports_without_qt():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    expected = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                for p in (ROOT / "ntm_desktop").rglob("*.py")}
    expected -= {"ntm_desktop", "ntm_desktop.__main__"}
    assert expected <= set(report["modules"])  # every core module was really imported
    assert report["qt"] == []
    assert report["ui"] is False
    assert report["ui_sub"] == []


def test_main_module_runs_without_qt():
    """``python -m ntm_desktop --version`` goes through __main__ without loading Qt."""
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['ntm', '--version']\n"
        "try:\n"
        "    runpy.run_module('ntm_desktop', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'PySide6' not in sys.modules and 'ui' not in sys.modules, sorted(sys.modules)\n"
        "print('qt-free')\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "qt-free" in result.stdout
    assert "ntm" in result.stdout
