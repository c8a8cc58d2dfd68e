"""Report figures in process: built on `summary`, consistent between reports, progress and
cancel, DEMO marking."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from ntm_desktop import reports, summary, units
from ntm_desktop.periods import Period
from ntm_desktop.reports import figures as fig
from tests.reports.test_data import MIXED, flat, pdf_text


def test_district_figures_carry_the_summary_and_agree_with_it(report_store):
    data = fig.district_figures(report_store, 2019, "Đăk Hà")
    assert data["summary"] == summary.summary(report_store, 2019, "Đăk Hà")
    rows = data["communes"]
    assert len(rows) == data["summary"]["communes"]
    for key, count in data["summary"]["per_criterion"].items():
        assert sum(1 for r in rows if int(key) in r["met"]) == count
        assert len(data["lagging"][key]) == sum(1 for r in rows if r["has_data"]) - count
    assert data["all_met"] == [int(k) for k, v in data["summary"]["per_criterion"].items() if v == len(rows)]
    bands = {b: sum(1 for r in rows if r["band"] == b) for b in data["summary"]["bands"]}
    assert bands == data["summary"]["bands"]


def test_commune_report_counts_what_the_district_matrix_counts(report_store):
    for district in ("Đăk Hà", "Đăk Glei", MIXED[0]):
        matrix = fig.district_figures(report_store, 2019, district)
        for row in matrix["communes"]:
            commune = units.resolve_commune(report_store, row["commune"], district)
            card = fig.commune_figures(report_store, 2019, commune)
            assert card["has_data"] == row["has_data"]
            if row["has_data"]:
                assert card["met"] == row["count"]
                assert [r["number"] for r in card["rows"] if r["met"]] == row["met"]


def test_mixed_periods_follow_the_counting_rule(report_store):
    commune = units.resolve_commune(report_store, MIXED[1], MIXED[0])
    card = fig.commune_figures(report_store, 2019, commune)
    by_number = {r["number"]: r for r in card["rows"]}
    assert card["period"] == "2019"
    assert by_number[1]["met"] and by_number[1]["from_period"] == "2019-Q2"
    assert by_number[2]["met"] and by_number[2]["from_period"] is None
    assert not by_number[3]["met"]  # met in the second quarter, not met for the year: the year counts
    quarter = fig.commune_figures(report_store, 2019, commune, period=Period(2019, "Q", 2))
    assert quarter["period"] == "2019-Q2" and quarter["met"] == 2


def test_province_figures_by_district(report_store):
    data = fig.province_figures(report_store, 2019, low_share=50, low_rule="share")
    assert data["summary"] == summary.summary(report_store, 2019)
    assert [d["name"] for d in data["districts"]] == list(data["summary"]["by_district"])
    with_data = {d["name"] for d in data["districts"] if d["has_data"]}
    assert with_data == {"Đăk Glei", "Đăk Hà", MIXED[0]}
    for low in data["low_shares"].values():
        assert all(r["district"] in with_data and r["met"] * 2 < r["communes"] for r in low)
        shares = [r["met"] / r["communes"] for r in low]
        assert shares == sorted(shares, reverse=True)


def test_previous_year_missing_is_said_not_zero(report_store, tmp_path):
    data = fig.district_figures(report_store, 2019, "Đăk Glei")
    assert data["previous"] is None  # Đăk Glei has no 2018 figures
    out = tmp_path / "x.pdf"
    reports.render(report_store, data, "pdf", out)
    assert "Năm 2018 chưa có số liệu đánh giá trong cơ sở dữ liệu nên chưa so sánh được." in flat(pdf_text(out))


def test_progress_reaches_the_end_and_cancel_leaves_nothing(report_store, tmp_path):
    seen: list[tuple[int, int]] = []
    out = tmp_path / "tinh.pdf"
    result = reports.make(report_store, "province", 2019, "pdf", out, annex=True,
                          progress=lambda d, t: seen.append((d, t)))
    assert result.pages and out.is_file()
    assert seen[-1] == (reports.STEPS, reports.STEPS)
    done = [d for d, _ in seen]
    assert done == sorted(done) and len(seen) > 10
    # cancelled half-way through rendering: no file, no temporary file
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 40

    target = tmp_path / "huy.pdf"
    with pytest.raises(reports.ReportCancelled):
        reports.make(report_store, "province", 2019, "pdf", target, annex=True, cancelled=cancelled)
    assert not target.exists() and not list(tmp_path.glob("*.part"))


def test_annex_has_one_page_per_commune_with_data(report_store, tmp_path):
    without = reports.make(report_store, "province", 2019, "pdf", tmp_path / "a.pdf")
    withannex = reports.make(report_store, "province", 2019, "pdf", tmp_path / "b.pdf", annex=True)
    communes = summary.summary(report_store, 2019)
    assert withannex.pages - without.pages == communes["communes"] - communes["no_data"]
    last = flat(pdf_text(tmp_path / "b.pdf", withannex.pages))
    assert "PHIẾU ĐÁNH GIÁ CÁC TIÊU CHÍ NĂM 2019" in last


def test_demo_databases_are_marked_on_every_page(report_store, tmp_path):
    with report_store.transaction():
        report_store.set_meta("demo", "1")
    pdf = reports.make(report_store, "district", 2019, "pdf", tmp_path / "x.pdf", district="Đăk Hà")
    for page in range(1, pdf.pages + 1):
        assert "DỮ LIỆU MẪU (DEMO)" in pdf_text(pdf.path, page)
    xlsx = reports.make(report_store, "district", 2019, "xlsx", tmp_path / "x.xlsx", district="Đăk Hà")
    for ws in openpyxl.load_workbook(xlsx.path).worksheets:
        assert str(ws["A1"].value).startswith("DỮ LIỆU MẪU (DEMO)")


def test_report_date_defaults_to_today(report_store, tmp_path):
    out = reports.make(report_store, "commune", 2019, "pdf", tmp_path / "x.pdf", district="Đăk Hà", commune="Đăk La")
    today = dt.date.today()
    assert f"ngày {today.day:02d} tháng" in flat(pdf_text(out.path, 1))
