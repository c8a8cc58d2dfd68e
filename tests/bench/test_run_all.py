"""bench/run_all.py's table: a row per target of issue 22, a target not measured never passes."""

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import run_all  # noqa: E402


def _summary(national_s, province_s, bare_s=0.02):
    def stats(x):
        return {"n": 3, "median": x, "p95": x, "min": x * 0.9, "max": x * 1.1}

    return {"cli_s": {"10k": stats(national_s), "kontum": stats(province_s)}, "baseline_python_s": bare_s,
            "figure_s": national_s, "target_s": 0.3, "national_ratio": national_s / bare_s,
            "national_target_ratio": 2.5,
            "province_ratio": province_s / bare_s, "province_target_ratio": 2.0,
            "passed": national_s <= 0.3 and national_s / bare_s <= 2.5, "passed_province": province_s / bare_s <= 2.0,
            "peak_rss_mib": {"bare": 12.0, "10k": 60.0, "kontum": 40.0}}


def test_nothing_run_is_nothing_passed():
    rows, passed = run_all.table({})
    assert not passed
    assert all(row[-1] == "NOT RUN" for row in rows)
    assert any(row[0].startswith("damage check") for row in rows)


def test_summary_rows_follow_the_ratios():
    rows, passed = run_all.table({"summary": _summary(0.04, 0.05)})
    by_name = {row[0]: row for row in rows}
    assert by_name["ntm summary --json, national (10,000 communes × 5 y)"][-1] == "PASS"
    assert by_name["ntm summary --json, province (Kon Tum)"][-1] == "FAIL"  # 0.05 / 0.02 = 2.5 × bare > 2 ×
    assert by_name["peak RSS, summary, national"][-1] == "PASS"
    assert not passed  # the other targets were not run


def test_render_lines_up_one_row_a_target():
    rows, _ = run_all.table({"summary": _summary(0.5, 0.05)})
    text = run_all.render(rows)
    lines = text.splitlines()
    assert len(lines) == len(rows) + 2 and set(lines[1]) <= {"-", " "}
    assert "13.05" not in text and "25.00× bare" in text


def test_the_busy_run_measures_the_package_import_at_the_quiet_runs_size():
    """Issue 22 compares the same targets with a core kept busy: the package import keeps its
    5 M rows then, quick or not; every other benchmark keeps its quick arguments."""
    full, quick = ["--import-only"], ["--import-only", "--communes", "1000"]
    assert run_all.arguments("sync", full, quick, True, True) == ["--import-only"]
    assert run_all.arguments("sync", full, quick, True, False) == quick
    for name, _script, full_args, quick_args in run_all.BENCHES:
        if name != "sync":
            assert run_all.arguments(name, full_args, quick_args, True, True) == quick_args
            assert run_all.arguments(name, full_args, quick_args, False, True) == full_args
