"""Shared bits of the benchmarks: statistics, machine facts, result files."""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def p95(xs: list[float]) -> float:
    """95th percentile, nearest rank (no interpolation beyond the samples)."""
    ordered = sorted(xs)
    rank = max(1, -(-95 * len(ordered) // 100))  # ceil(0.95 n)
    return ordered[rank - 1]


def summary(xs: list[float]) -> dict[str, float]:
    return {
        "n": len(xs),
        "median": median(xs),
        "p95": p95(xs),
        "min": min(xs),
        "max": max(xs),
    }


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def machine() -> dict[str, Any]:
    import sqlite3

    facts: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }
    try:
        import PySide6
        from PySide6 import QtCore

        facts["pyside6"] = PySide6.__version__
        facts["qt"] = QtCore.qVersion()
    except ImportError:
        pass
    return facts


def write_result(name: str, data: dict[str, Any]) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"result-{name}.json"
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False))
    return path


def verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "FAIL"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def none_refs() -> int:
    return sys.getrefcount(None)


def singleton_refs() -> tuple[int, int, int]:
    """Reference counts of None, True and False."""
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def none_ballast(extra: int = 50_000_000) -> bool:
    """Keep the process alive under PySide6 6.12.0 on CPython 3.11 (see docs/benchmarks.md).

    That PySide6 release drops one reference to ``None`` on every call of a Qt method that
    returns nothing (``setText``, ``resize``, ``QFont.setBold`` …). Before Python 3.12 made
    ``None`` immortal, its reference count reaching zero aborts the interpreter
    ("none_dealloc: deallocating None"), after a few thousand such calls. The benchmarks
    add ``extra`` references up front so the measurement can run; this changes no timing
    (no object is created, nothing for the garbage collector to walk). No-op on 3.12+.
    """
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    import ctypes

    # True and False as well: the process was seen to abort in bool_dealloc at exit
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += extra
    return True


def code_state() -> dict[str, Any]:
    """The commit measured, and whether the core or window had uncommitted changes."""
    import subprocess

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    dirty = git("status", "--porcelain", "--", "ntm_desktop", "ui", "db", "main.py")
    return {"commit": git("rev-parse", "--short", "HEAD"), "dirty": dirty.splitlines()}


def run_measured(cmd: list[str], env: dict | None = None, cwd: Path | None = None,
                 timeout: float = 600) -> tuple[float, float, str]:
    """Run ``cmd`` to its end: (wall seconds, peak RSS in MiB of that process alone, stdout).

    The peak comes from GNU time (``/usr/bin/time -f %M``, which waits for the command with
    ``wait4``): a child forked from this (large) benchmark process would count the pages it
    shared with it until its exec; forked from the small ``time`` program it does not. Without
    GNU time, the largest peak of this process's children so far (an upper bound)."""
    import subprocess
    import time

    if not Path(TIME).exists():  # without GNU time: the child's own rusage, shared pages counted
        started = time.perf_counter()
        child = subprocess.Popen(cmd, env=env, cwd=cwd or ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True)
        out, err = child.communicate(timeout=timeout)
        wall = time.perf_counter() - started
        if child.returncode != 0:
            raise RuntimeError(f"{cmd} failed ({child.returncode}): {err[-2000:]}")
        import resource

        return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, out
    started = time.perf_counter()
    proc = subprocess.run([TIME, "-f", "rss_kib=%M", *cmd], env=env, cwd=cwd or ROOT, capture_output=True,
                          text=True, timeout=timeout)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    line = next(x for x in reversed(proc.stderr.splitlines()) if x.startswith("rss_kib="))
    return wall, int(line.removeprefix("rss_kib=")) / 1024, proc.stdout


TIME = "/usr/bin/time"  # GNU time (Debian package "time")


class BusyCore:
    """Another process keeping one core busy (``with BusyCore():``), as a user's other work would."""

    def __enter__(self) -> BusyCore:
        import subprocess

        self.proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        return self

    def __exit__(self, *_exc: object) -> None:
        self.proc.kill()
        self.proc.wait()


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]
