"""`ntm report` end to end: real PDF and xlsx files read back with poppler and openpyxl, and
their figures compared with `ntm summary --json` of the same database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from ntm_desktop import criteria
from ntm_desktop.reports import print_setup, settings
from ntm_desktop.store.database import open_store
from tests.reports.test_data import MIXED, flat, page_sizes, pdf_fonts, pdf_text

ROOT = Path(__file__).resolve().parents[2]
BANDS = ["19", "15-18", "10-14", "5-9", "<5"]



def ntm(db, *args):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "ntm_desktop", "--db", str(db), *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=120)


def summary_json(db, year, district=None):
    args = ["summary", "--year", str(year), "--json"] + (["--district", district] if district else [])
    result = ntm(db, *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def report(db, out, kind, year, *more):
    result = ntm(db, "report", kind, "--year", str(year), *more, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert Path(out).is_file()
    return result


def criteria_names(db, code):
    store = open_store(db)
    try:
        return {c.number: c.name for c in criteria.get_set(store, code).criteria}
    finally:
        store.close()


# -- PDF --------------------------------------------------------------------------------------


def test_district_pdf_says_the_standard_sentences(report_db, tmp_path):
    out = tmp_path / "huyen.pdf"
    result = report(report_db, out, "district", 2019, "--district", "Đăk Glei", "--format", "pdf",
                    "--date", "2026-11-15")
    assert "trang" in result.stdout
    data = summary_json(report_db, 2019, "Đăk Glei")
    names = criteria_names(report_db, data["criteria_set"])
    text = flat(pdf_text(out))
    total = data["communes"]
    everywhere = [n for n in names if data["per_criterion"][str(n)] == total]
    assert everywhere, "the sample has criteria every commune of Đăk Glei meets"
    listed = "; ".join(f"{'Số' if i == 0 else 'số'} {n} về {names[n]}" for i, n in enumerate(everywhere))
    assert f"Có {total}/{total} xã đã hoàn thành các tiêu chí: {listed}." in text
    for number, name in names.items():
        if number in everywhere:
            continue
        count = data["per_criterion"][str(number)]
        assert f"Tiêu chí số {number} về {name}: có {count}/{total} xã đạt chuẩn" in text
    average = f"{data['average']:.1f}".replace(".", ",")
    assert f"Bình quân đạt {average} tiêu chí/xã" in text
    for band, words in (("15-18", "đạt từ 15 đến 18 tiêu chí"), ("10-14", "đạt từ 10-14 tiêu chí")):
        count = data["bands"][band]
        if count:
            assert (f"{count:02d} xã {words}" if count < 10 else f"{count} xã {words}") in text
    # the header block, the signature and the date in the administrative form
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ngày 15 tháng 11 năm 2026",
                     "BÁO CÁO", "trên địa bàn huyện Đăk Glei", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "Phụ lục"):
        assert expected in text
    assert unicodedata.is_normalized("NFC", text)


def test_pages_are_numbered_from_page_2_and_the_matrix_is_landscape(report_db, tmp_path):
    """CONTRACT §1 and Decree 30: page numbers from page 2; page 1 opens with the letterhead."""
    out = tmp_path / "huyen.pdf"
    report(report_db, out, "district", 2019, "--district", "Đăk Hà", "--format", "pdf")
    sizes = page_sizes(out)
    assert len(sizes) >= 3
    assert pdf_text(out, 1).split()[0] == "ỦY"  # ỦY BAN NHÂN DÂN, no number above it
    for page in range(2, len(sizes) + 1):
        assert pdf_text(out, page).split()[0] == str(page)
    width, height = sizes[0]
    assert width < height and round(width) == 595 and round(height) == 842  # A4 portrait
    width, height = sizes[-1]
    assert width > height  # the communes × criteria matrix
    annex = flat(pdf_text(out, len(sizes)))
    assert "KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ NÔNG THÔN MỚI CỦA TỪNG XÃ NĂM 2019" in annex
    assert "Đăk Pxi" in annex and "Tổng số xã đạt" in annex


@pytest.mark.parametrize("kind", ["commune", "district", "province"])
def test_every_font_is_embedded(report_db, tmp_path, kind):
    out = tmp_path / f"{kind}.pdf"
    scope = {"commune": ["--district", "Đăk Hà", "--commune", "Đăk La"], "district": ["--district", "Đăk Hà"],
             "province": []}[kind]
    report(report_db, out, kind, 2019, *scope, "--format", "pdf")
    fonts = pdf_fonts(out)
    assert fonts, "a report draws text"
    assert all(row["emb"] == "yes" for row in fonts), [row["line"] for row in fonts]
    assert {row["name"].split("+", 1)[-1] for row in fonts} <= {
        "LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic", "DejaVuSans"
    }


def test_province_pdf_names_the_districts_with_a_low_share(report_db, tmp_path):
    store = open_store(report_db)
    try:
        settings.save(store, settings.ReportSettings(low_share=80, low_rule="share"))
    finally:
        store.close()
    out = tmp_path / "tinh.pdf"
    report(report_db, out, "province", 2019, "--format", "pdf")
    data = summary_json(report_db, 2019)
    names = criteria_names(report_db, data["criteria_set"])
    missing = {d: summary_json(report_db, 2019, d)["no_data"] for d in data["by_district"]}
    with_data = [d for d in data["by_district"] if missing[d] < data["by_district"][d]["communes"]]
    text = flat(pdf_text(out))
    assert "tỷ lệ xã đạt dưới 80% số xã" in text
    lines = 0
    for number, name in names.items():
        per = data["per_criterion"][str(number)]
        if per == data["communes"]:
            continue
        assert f"Tiêu chí số {number} về {name}: có {per}/{data['communes']} xã đạt chuẩn" in text
        low = []
        for district in with_data:
            by = data["by_district"][district]
            # shares over the communes with data (review finding 11)
            met, total, assessed = by["per_criterion"][str(number)], by["communes"], by["communes"] - missing[district]
            if met * 100 < 80 * assessed:
                low.append((-met / assessed, district, met, assessed, total))
        if low:
            parts = [f"{d} (đạt {m}/{a} xã{'' if a == t else ' có số liệu'})" for _, d, m, a, t in sorted(low)]
            joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " và " + parts[-1]
            assert f"Các địa phương có số xã đạt chuẩn thấp là: {joined}." in text
            lines += 1
    assert lines > 0, "the threshold of 80 % names some district"
    sizes = page_sizes(out)
    assert sum(1 for w, h in sizes if w > h) >= 2  # district × criteria and communes × criteria


def test_comparison_with_the_previous_year(report_db, tmp_path):
    out = tmp_path / "huyen.pdf"
    report(report_db, out, "district", 2019, "--district", "Đăk Hà", "--format", "pdf")
    now, before = summary_json(report_db, 2019, "Đăk Hà"), summary_json(report_db, 2018, "Đăk Hà")
    text = flat(pdf_text(out))
    assert "III. SO SÁNH VỚI NĂM 2018" in text
    changed = 0
    for key, count in now["per_criterion"].items():
        delta = count - before["per_criterion"][key]
        if delta and count != now["communes"]:
            words = f"tăng {delta} xã" if delta > 0 else f"giảm {-delta} xã"
            assert f"có {count}/{now['communes']} xã đạt chuẩn ({words} so với năm 2018)" in text
            changed += 1
    assert changed
    delta = round(now["average"] - before["average"], 1)
    words = f"tăng {abs(delta):.1f}" if delta > 0 else f"giảm {abs(delta):.1f}"
    assert f"Bình quân đạt {now['average']:.1f} tiêu chí/xã, {words} tiêu chí so với năm 2018".replace(".", ",") in text


def test_commune_pdf_lists_indicators_and_the_count(report_db, tmp_path):
    out = tmp_path / "xa.pdf"
    report(report_db, out, "commune", 2019, "--district", "Đăk Hà", "--commune", "Đăk Pxi", "--format", "pdf")
    matrix = json.loads(ntm(report_db, "report", "district", "--year", "2019", "--district", "Đăk Hà",
                            "--format", "json").stdout)
    row = next(r for r in matrix["communes"] if r["commune"] == "Đăk Pxi")
    text = flat(pdf_text(out))
    assert f"Xã Đăk Pxi đạt {row['count']}/19 tiêu chí" in text
    assert "Tiêu chí số 2: Giao thông" in text and "2.1" in text and "Chỉ tiêu đạt chuẩn" in text


# -- no data -------------------------------------------------------------------------------


def test_a_commune_without_data_says_so(report_db, tmp_path):
    pdf, xlsx = tmp_path / "xa.pdf", tmp_path / "xa.xlsx"
    report(report_db, pdf, "commune", 2019, "--district", "Sa Thầy", "--commune", "Rờ Kơi", "--format", "pdf")
    report(report_db, xlsx, "commune", 2019, "--district", "Sa Thầy", "--commune", "Rờ Kơi", "--format", "xlsx")
    text = flat(pdf_text(pdf))
    assert "Xã Rờ Kơi, huyện Sa Thầy chưa có số liệu đánh giá các tiêu chí nông thôn mới năm 2019" in text
    assert "0/19" not in text and "Chưa đạt" not in text
    cells = [c for row in openpyxl.load_workbook(xlsx).active.iter_rows(values_only=True) for c in row if c]
    assert any("chưa có số liệu" in str(c) for c in cells)
    assert 0 not in cells


def test_a_district_without_data_says_so(report_db, tmp_path):
    out = tmp_path / "huyen.pdf"
    report(report_db, out, "district", 2019, "--district", "Sa Thầy", "--format", "pdf")
    text = flat(pdf_text(out))
    communes = summary_json(report_db, 2019, "Sa Thầy")["communes"]
    assert f"huyện Sa Thầy có {communes} xã nhưng chưa có số liệu đánh giá" in text
    assert f"0/{communes}" not in text and "Bình quân" not in text


# -- Excel ------------------------------------------------------------------------------------


def _table(ws, first_heading):
    """Rows under the header row whose first cell is ``first_heading``, up to a blank row."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == first_heading)
    header = rows[start]
    out = []
    for row in rows[start + 1:]:
        if all(c is None for c in row):
            break
        out.append(dict(zip(header, row, strict=False)))
    return out


def _check_overview(ws, data):
    overview = {r["Chỉ số"]: r["Giá trị"] for r in _table(ws, "Chỉ số")}
    assert overview["Số xã"] == data["communes"]
    assert overview["Số xã chưa có số liệu"] == data["no_data"]
    assert overview["Bình quân tiêu chí/xã"] == data["average"]
    full = data["full_19"] if isinstance(data["full_19"], int) else len(data["full_19"])
    assert overview["Số xã đạt chuẩn 19/19 tiêu chí"] == full
    per = {str(r["TT"]): r["Số xã đạt"] for r in _table(ws, "TT")}
    assert per == data["per_criterion"]
    bands = [r["Số xã"] for r in _table(ws, "Nhóm xã theo số tiêu chí đạt")]
    assert bands == [data["bands"][b] for b in BANDS]


def test_district_xlsx_carries_the_summary_numbers(report_db, tmp_path):
    out = tmp_path / "huyen.xlsx"
    report(report_db, out, "district", 2019, "--district", "Đăk Hà", "--format", "xlsx")
    data = summary_json(report_db, 2019, "Đăk Hà")
    wb = openpyxl.load_workbook(out)
    _check_overview(wb["Tổng hợp"], data)
    matrix = _table(wb["Ma trận xã"], "STT")
    communes, total = matrix[:-1], matrix[-1]
    assert len(communes) == data["communes"]
    assert {k: total[f"TC{k}"] for k in data["per_criterion"]} == data["per_criterion"]
    for key, count in data["per_criterion"].items():
        assert sum(1 for row in communes if row[f"TC{key}"] == "x") == count
    counts = [row["Tổng số tiêu chí đạt"] for row in communes]
    assert round(sum(counts) / len(counts) + 1e-9, 1) == data["average"]


def test_province_xlsx_carries_the_summary_numbers(report_db, tmp_path):
    out = tmp_path / "tinh.xlsx"
    report(report_db, out, "province", 2019, "--format", "xlsx")
    data = summary_json(report_db, 2019)
    wb = openpyxl.load_workbook(out)
    _check_overview(wb["Tổng hợp"], data)
    by = _table(wb["Theo huyện"], "TT")
    assert by[-1]["Đơn vị"] == "Toàn tỉnh" and by[-1]["Số xã"] == data["communes"]
    rows = {r["Đơn vị"]: r for r in by[:-1]}
    assert list(rows) == list(data["by_district"])
    for name, figures in data["by_district"].items():
        row = rows[name]
        assert row["Số xã"] == figures["communes"]
        assert row["Số xã đạt 19/19"] == figures["full_19"]
        assert row["Bình quân tiêu chí/xã"] == figures["average"]
        assert {k: row[f"TC{k}"] for k in figures["per_criterion"]} == figures["per_criterion"]
    full = _table(wb["Xã đạt 19-19"], "TT")
    assert [(r["Huyện"], r["Xã"]) for r in full] == [(r["district"], r["commune"]) for r in data["full_19"]]


def test_json_figures_carry_the_summary_unchanged(report_db):
    result = ntm(report_db, "report", "province", "--year", "2019", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"] == summary_json(report_db, 2019)


# -- refusals -------------------------------------------------------------------------------


def test_refused_requests_write_nothing(report_db, tmp_path, db_state):
    before = db_state(report_db)
    out = tmp_path / "x.pdf"
    cases = [
        (["commune", "--year", "2019", "--district", "Đăk Hà", "--commune", "Không Có", "--format", "pdf"], 3),
        (["commune", "--year", "2019", "--format", "pdf"], 2),
        (["district", "--year", "2019", "--format", "pdf"], 2),
        (["district", "--year", "2019", "--district", "Huyện Lạ", "--format", "pdf"], 3),
        (["province", "--year", "2019", "--district", "Đăk Hà", "--format", "pdf"], 2),
        (["district", "--year", "2019", "--district", "Đăk Hà", "--format", "pdf", "--date", "15/11/2026"], 2),
        (["district", "--year", "abc", "--district", "Đăk Hà", "--format", "pdf"], 3),
    ]
    for args, code in cases:
        result = ntm(report_db, "report", *args, "--out", str(out))
        assert result.returncode == code, (args, result.stderr)
        assert result.stderr.startswith("error:") and "Traceback" not in result.stderr
        assert not out.exists() and not list(tmp_path.glob("*.part"))
    result = ntm(report_db, "report", "district", "--year", "2019", "--district", "Đăk Hà", "--format", "pdf")
    assert result.returncode == 2
    assert db_state(report_db) == before


def test_unknown_commune_suggests_close_names(report_db, tmp_path):
    result = ntm(report_db, "report", "commune", "--year", "2019", "--district", "Đăk Hà", "--commune", "Dak Pxy",
                 "--format", "pdf", "--out", str(tmp_path / "x.pdf"))
    assert result.returncode == 3
    assert "Đăk Pxi" in result.stderr


def test_names_typed_decomposed_and_without_accents(report_db, tmp_path):
    out = tmp_path / "x.pdf"
    report(report_db, out, "commune", 2019, "--district", unicodedata.normalize("NFD", "Đăk Tô"),
           "--commune", "dien binh", "--format", "pdf")
    text = flat(pdf_text(out))
    assert f"Xã {MIXED[1]} đạt 2/19 tiêu chí" in text
    assert "theo kỳ Quý II/2019" in text  # criterion 1 was settled in the second quarter


def test_targets_give_each_criterion_its_share_in_the_summary_and_the_reports(report_db, tmp_path):
    """Issue 18 part 1, CONTRACT §8: the resolution's targets of the year give each criterion's share
    of its target, in `ntm summary --json` and in the province report's criterion sentences (PDF and
    workbook), from the counts the summary makes; a criterion without a target says nothing more."""
    before = summary_json(report_db, 2019)
    assert before["targets"] == {}
    chosen = {"2": 10, "5": 15}
    for number, communes in chosen.items():
        result = ntm(report_db, "targets", "set", "--year", "2019", "--criterion", number, "--communes", str(communes))
        assert result.returncode == 0, result.stderr
    data = summary_json(report_db, 2019)
    for number, communes in chosen.items():
        met = data["per_criterion"][number]
        assert data["targets"][number] == {"communes": communes, "met": met,
                                           "percent": round(met * 100 / communes, 2)}
    assert set(data["targets"]) == set(chosen)
    out = tmp_path / "tinh.pdf"
    report(report_db, out, "province", 2019, "--format", "pdf", "--date", "2026-11-15")
    text = flat(pdf_text(out))
    names = criteria_names(report_db, data["criteria_set"])
    for number, communes in chosen.items():
        met = data["per_criterion"][number]
        share = int(met * 100 / communes + 0.5)
        assert (f"Tiêu chí số {number} về {names[int(number)]}: có {met:02d}/{data['communes']} xã đạt chuẩn"
                f" (đạt {share}% so với mục tiêu {communes} xã của Nghị quyết)") in text
    assert text.count("so với mục tiêu") == len(chosen)
    workbook = tmp_path / "tinh.xlsx"
    report(report_db, workbook, "province", 2019, "--format", "xlsx", "--date", "2026-11-15")
    cells = [str(c.value) for ws in openpyxl.load_workbook(workbook) for r in ws.iter_rows() for c in r if c.value]
    assert sum("so với mục tiêu" in c for c in cells) == len(chosen)


def test_quarter_and_half_year_reports_compare_with_the_period_before(report_db, tmp_path):
    """Issue 18 part 3 (CONTRACT §1 `report … --period`): a district's and the province's report of a
    quarter count what was known at its end and compare with the quarter before; a half-year with the
    half before. The summary of the same period gives the same figures."""
    district, commune = "Đăk Hà", "Hà Mòn"
    for period, met in (("2020-Q1", "no"), ("2020-Q2", "yes")):
        result = ntm(report_db, "set", "--year", "2020", "--period", period, "--district", district,
                     "--commune", commune, "--criterion", "7", "--met", met)
        assert result.returncode == 0, result.stderr
    q1 = json.loads(ntm(
        report_db, "summary", "--year", "2020", "--period", "2020-Q1", "--district", district, "--json").stdout)
    q2 = json.loads(ntm(report_db, "summary", "--year", "2020", "--period", "2020-Q2", "--district", district,
                        "--json").stdout)
    assert (q1["period"], q2["period"]) == ("2020-Q1", "2020-Q2")
    assert q2["per_criterion"]["7"] == q1["per_criterion"]["7"] + 1  # Hà Mòn met criterion 7 in the second quarter
    out = tmp_path / "huyen-q2.pdf"
    report(report_db, out, "district", 2020, "--period", "2020-Q2", "--district", district, "--format", "pdf",
           "--date", "2026-11-15")
    text = flat(pdf_text(out))
    assert "xã nông thôn mới quý II/2020 trên địa bàn huyện Đăk Hà" in text
    assert "(tăng 1 xã so với quý I/2020)" in text and "So sánh với quý I/2020" in text
    assert "chưa có số liệu đánh giá quý II/2020" in text
    assert "năm 2019" not in text
    province = tmp_path / "tinh-h1.xlsx"
    report(report_db, province, "province", 2020, "--period", "2020-H1", "--format", "xlsx", "--date", "2026-11-15")
    cells = [str(c.value) for ws in openpyxl.load_workbook(province) for r in ws.iter_rows() for c in r if c.value]
    assert any("6 tháng cuối năm 2019" in c for c in cells)  # the half before
    wrong = ntm(report_db, "report", "district", "--year", "2020", "--period", "2021-Q1", "--district", district,
                "--format", "pdf", "--out", str(tmp_path / "x.pdf"))
    assert wrong.returncode == 2 and "không thuộc năm 2020" in wrong.stderr


FUNDING_2016_2020 = (("central", 920_700, None), ("local", 207_906, "province"), ("carried", 6_504, None),
                     ("integrated", 405_591, None), ("credit", 167_801, None), ("enterprise", 53_443, None),
                     ("people", 85_616, None))  # DOMAIN.md, Kon Tum 2016-2020, million đồng


def test_the_province_report_gives_the_money_as_the_province_writes_it(report_db, tmp_path):
    """Issue 18 part 2: the year's funding by source, the phase to date and the counterpart's
    shortfall, in the province report (PDF and workbook), from what `ntm funding` recorded: here the
    published 2016-2020 figures split over 2018 (a tenth) and 2019."""
    for source, amount, level in FUNDING_2016_2020:
        for year, part in ((2018, amount // 10), (2019, amount - amount // 10)):
            args = ["funding", "add", "--year", str(year), "--source", source, "--amount", str(part)]
            result = ntm(report_db, *args, *(["--level", level] if level else []))
            assert result.returncode == 0, result.stderr
    year_total = json.loads(ntm(report_db, "funding", "summary", "--from", "2019", "--to", "2019", "--json").stdout)
    out = tmp_path / "tinh.pdf"
    report(report_db, out, "province", 2019, "--format", "pdf", "--date", "2026-11-15")
    text = flat(pdf_text(out))
    assert "IV. NGUỒN VỐN THỰC HIỆN" in text
    billions = f"{year_total['total'] / 1000:,.3f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    assert f"Năm 2019, tổng nguồn vốn {billions} tỷ đồng, trong đó: vốn ngân sách nhà nước trực tiếp" in text
    assert "Lũy kế giai đoạn 2016-2019: tổng nguồn vốn 1.847,561 tỷ đồng" in text  # the published total
    assert "712,794 tỷ đồng" in text  # the counterpart's shortfall against 1:1, shown, not refused
    workbook = tmp_path / "tinh.xlsx"
    report(report_db, workbook, "province", 2019, "--format", "xlsx", "--date", "2026-11-15")
    cells = [str(c.value) for r in openpyxl.load_workbook(workbook)["Báo cáo"].iter_rows() for c in r if c.value]
    assert any("1.847,561 tỷ đồng" in c for c in cells)


def test_reports_name_the_criteria_short_of_target_and_the_communes_behind(report_db, tmp_path):
    """Issue 18 part 1: the criteria short of the resolution's target and the communes past their own
    target year without reaching it are named in the district and province reports."""
    data = summary_json(report_db, 2019)
    short = next(n for n, met in data["per_criterion"].items() if 0 < met < data["communes"])
    target = data["per_criterion"][short] + 1  # one commune more than met: short of it
    assert ntm(report_db, "targets", "set", "--year", "2019", "--criterion", short, "--communes",
               str(target)).returncode == 0
    rows = json.loads(ntm(report_db, "report", "district", "--year", "2019", "--district", "Đăk Hà",
                          "--format", "json").stdout)["communes"]
    late = next(r for r in rows if r["has_data"] and r["count"] < 19)
    met_all = next((r for r in rows if r["count"] == 19), None)
    for row in [late] + ([met_all] if met_all else []):
        result = ntm(report_db, "targets", "set", "--district", "Đăk Hà", "--commune", row["commune"],
                     "--kind", "ntm", "--year", "2019")
        assert result.returncode == 0, result.stderr
    out = tmp_path / "tinh.pdf"
    report(report_db, out, "province", 2019, "--format", "pdf", "--date", "2026-11-15")
    text = flat(pdf_text(out))
    names = criteria_names(report_db, data["criteria_set"])
    share = int(data["per_criterion"][short] * 100 / target + 0.5)
    assert (f"Các tiêu chí chưa đạt mục tiêu của Nghị quyết: số {short} về {names[int(short)]}"
            f" ({data['per_criterion'][short]}/{target} xã, đạt {share}%)") in text
    assert (f"Các xã chậm so với mục tiêu: {late['commune']}, Đăk Hà (mục tiêu đạt chuẩn năm 2019, mới đạt"
            f" {late['count']}/19 tiêu chí)") in text
    if met_all:
        assert f"{met_all['commune']}, Đăk Hà (mục tiêu" not in text


@pytest.mark.parametrize(("kind", "more"), [("province", []), ("district", ["--district", "Đăk Hà"]),
                                            ("commune", ["--district", "Đăk Hà", "--commune", "Hà Mòn"]),
                                            ("twinning", [])])
def test_every_sheet_of_every_report_prints_on_a4_fitted_to_width(report_db, tmp_path, kind, more):
    """Issue 21 part 5: A4, landscape when wide, one page wide, the header rows repeated, 12 pt or
    more in Times New Roman's metrics, no number format ending in a separator."""
    out = tmp_path / f"{kind}.xlsx"
    report(report_db, out, kind, 2019, *more, "--format", "xlsx", "--date", "2026-11-15")
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert int(setup.paperSize) == 9 and (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title  # 9: A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        wide = print_setup.sheet_width(ws) > print_setup.PORTRAIT_UNITS * 1.1
        assert setup.orientation == ("landscape" if wide else "portrait"), ws.title
        heads = [r[0].row for r in ws.iter_rows(max_col=1) if r[0].value in print_setup.HEADINGS]
        if ws.title in print_setup.DOCUMENT_SHEETS:
            assert not ws.print_title_rows and ws.row_breaks.brk, ws.title  # the closing table starts a page
        elif heads and heads[0] <= print_setup.HEADER_SEARCH:
            assert str(ws.print_title_rows).replace("$", "").startswith(f"{heads[0]}:"), (ws.title, ws.print_title_rows)
        for chart in ws._charts:  # charts within the printed columns (else fitting shrinks the sheet)
            assert chart.anchor._from.col < ws.max_column, ws.title
        cells = [c for r in ws.iter_rows() for c in r if c.value is not None]
        assert all(c.font.name == "Times New Roman" and c.font.sz >= 12 for c in cells), ws.title
        assert not any(c.number_format.endswith((".###", ".")) for c in cells), ws.title


@pytest.mark.parametrize(("kind", "more"), [("province", []), ("district", ["--district", "Đăk Hà"])])
def test_the_summary_sheet_carries_the_letterhead_and_the_signature(report_db, tmp_path, kind, more):
    store = open_store(report_db)
    try:
        settings.set_public(store, "signer_name", "Nguyễn Văn A")
        settings.set_public(store, "number", "45")
    finally:
        store.close()
    out = tmp_path / f"{kind}.xlsx"
    report(report_db, out, kind, 2019, *more, "--format", "xlsx", "--date", "2026-11-15")
    ws = openpyxl.load_workbook(out)["Tổng hợp"]
    values = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    assert values[:2] == ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert "Số: 45/BC-UBND" in values and any(v.endswith("ngày 15 tháng 11 năm 2026") for v in values)
    assert values.index("Nơi nhận:") > values.index("TT") and values[-1] == "Nguyễn Văn A"


def test_amounts_show_without_a_trailing_separator(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row, value in enumerate((1847.561, 150_000_000, 2.0, 2.5), start=1):
        ws.cell(row, 1, value).number_format = "#,##0.###"
    print_setup.prepare(wb)
    formats = [ws.cell(row, 1).number_format for row in range(1, 5)]
    assert formats == [print_setup.AMOUNT, print_setup.WHOLE, print_setup.WHOLE, print_setup.AMOUNT]
    assert not any(f.endswith(".") for f in formats)


@pytest.mark.parametrize(("kind", "more"), [("district", ("--district", "Đăk Hà")), ("province", ())])
def test_the_signed_page_carries_the_reports_last_lines(report_db, tmp_path, kind, more):
    """Decree 30: no page holds only «Nơi nhận» and the signature; the last block of the body
    (its comparison table or funding lines) stays with them, and annexes are numbered I, II …"""
    from ntm_desktop.reports.pdf import RULE_NOTE

    out = tmp_path / f"{kind}.pdf"
    report(report_db, out, kind, 2019, *more, "--format", "pdf", "--date", "2026-11-15")
    pages = pdf_text(out).split("\f")
    signed = next(page for page in pages if "Nơi nhận:" in page)
    before_note = flat(signed).split(flat(RULE_NOTE)[:30])[0]
    words = [w for w in before_note.split() if not w.isdigit()]  # the page number is not body text
    assert len(words) >= 8, signed
    annexes = [line for line in flat(pdf_text(out)).split("Phụ lục ")[1:]]
    assert annexes and not any(a[:1].isdigit() for a in annexes)  # «Phụ lục I», never «Phụ lục 1»
