"""Peak memory (issue 22): the province report of the 10,000-commune database, whole process.

The window's peak on the national databases is measured by bench_first_paint.py and the
summary's by bench_summary.py (each process's own peak, GNU time's ``%M``); this adds the
report: ``ntm report province --year 2023 --format pdf`` on 10,000 communes × 5 years.
Target: ≤ 300 MB each.

    .venv/bin/python bench/bench_memory.py
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datagen  # noqa: E402
from _common import code_state, load_average, machine, run_measured, write_result  # noqa: E402

TARGET_MIB = 300.0
YEAR = 2023


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    grid = datagen.ensure_grid()
    env = datagen.bench_env()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.pdf"
        cmd = [sys.executable, "-m", "ntm_desktop", "--db", str(grid), "report", "province", "--year", str(YEAR),
               "--format", "pdf", "--out", str(out)]
        wall, peak, _stdout = run_measured(cmd, env)
        assert out.stat().st_size > 0
    report = {"benchmark": "memory", "machine": machine(), "code": code_state(), "load_average": load_average(),
              "report_s": wall, "report_peak_rss_mib": peak, "target_mib": TARGET_MIB, "passed": peak <= TARGET_MIB}
    print(f"province report (pdf), 10,000 communes: {wall:.1f} s, peak RSS {peak:.0f} MiB"
          f" (target ≤ {TARGET_MIB:.0f}: {'PASS' if report['passed'] else 'FAIL'})")
    write_result("memory", report)
    return report


if __name__ == "__main__":
    main()
