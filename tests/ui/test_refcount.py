"""Guard against PySide6 releases that leak references to None (6.12.0 on Python 3.11):
the window would abort with 'none_dealloc' after about a hundred commune switches."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for _ in range(2000):
    label.setText("x")
    label.resize(10, 10)
print(before - sys.getrefcount(None))
"""


def test_void_qt_calls_do_not_leak_none():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-500:]
    lost = int(result.stdout.strip().splitlines()[-1])
    assert lost < 100, f"{lost} references to None lost in 4,000 Qt calls"
