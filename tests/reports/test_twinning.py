"""The twinning report: assignments as of a date, the year's reassignments, tables 1a-1c;
checked against `ntm twinning list` and `ntm twinning totals` of the same database."""

from __future__ import annotations

import json

import openpyxl
import pytest

from ntm_desktop import units
from ntm_desktop.store.database import open_store
from tests.reports.test_cli import ntm, report
from tests.reports.test_data import flat, page_sizes, pdf_fonts, pdf_text

tw = pytest.importorskip("ntm_desktop.twinning")



@pytest.fixture
def twinned(report_db):
    """Province and district agencies, a reassignment, an ending, contributions in 2019."""
    store = open_store(report_db)
    try:
        def commune(district, name):
            return units.resolve_commune(store, name, district)

        sonn = tw.assign_by_name(store, "Sở Nông nghiệp và Phát triển nông thôn", commune("Đăk Hà", "Đăk La"),
                                 "2018-03-01")
        bank = tw.assign_by_name(store, "Ngân hàng Chính sách xã hội tỉnh", commune("Đăk Glei", "Xốp"), "2017-05-10")
        army = tw.assign_by_name(store, "Bộ Chỉ huy Quân sự tỉnh", commune("Đăk Glei", "Đăk Pét"), "2016-01-15")
        team = tw.assign_by_name(store, "Phòng Nông nghiệp huyện Đăk Hà", commune("Đăk Hà", "Hà Mòn"), "2019-02-01",
                                 village="Thôn 1", level="district")
        moved = tw.reassign(store, bank.assignment, commune("Đăk Glei", "Mường Hoong"), "2019-06-01")
        tw.end_assignment(store, army.assignment, "2019-09-30")
        tw.add_contribution(store, sonn.assignment, "2019-04-10", "staff_trips", quantity=12)
        tw.add_contribution(store, sonn.assignment, "2019-05-10", "money_production", amount=150_000_000)
        tw.add_contribution(store, sonn.assignment, "2019-07-10", "houses", quantity=2, amount=100_000_000)
        tw.add_contribution(store, moved.assignment, "2019-08-01", "gifts", quantity=200, amount=60_000_000)
        tw.add_contribution(store, team.assignment, "2019-08-01", "labour_days", quantity=120)
        tw.add_contribution(store, sonn.assignment, "2018-06-01", "staff_trips", quantity=99)  # another year
    finally:
        store.close()
    return report_db


def _json(db, *args):
    result = ntm(db, *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_twinning_pdf(twinned, tmp_path):
    out = tmp_path / "kn.pdf"
    report(twinned, out, "twinning", 2019, "--format", "pdf", "--date", "2026-11-15")
    active = _json(twinned, "twinning", "list", "--as-of", "2019-12-31", "--json")
    text = flat(pdf_text(out))
    communes = len({(a["district"], a["commune"]) for a in active if not a["village"]})
    villages = len({(a["district"], a["commune"], a["village"]) for a in active if a["village"]})
    # province and district agencies counted apart: the Department and the bank; the district's office
    assert (f"Đến ngày 31/12/2019, tỉnh Kon Tum có 02 cơ quan, đơn vị cấp tỉnh và 01 cơ quan, đơn vị cấp huyện"
            f" kết nghĩa với {communes:02d} xã và {villages:02d} thôn") in text
    for a in active:
        assert a["agency"] in text
    assert "Bộ Chỉ huy Quân sự tỉnh" in text  # ended in the year: listed among the changes
    changes = _json(twinned, "twinning", "changes", "--from", "2019-01-01", "--to", "2019-12-31", "--ended", "--json")
    count = {kind: sum(1 for c in changes if c["kind"] == kind) for kind in ("reassigned", "new", "ended")}
    assert all(count.values())
    assert (f"có {count['reassigned']:02d} cơ quan, đơn vị được phân công lại, {count['new']:02d} cơ quan, đơn vị"
            f" được phân công mới và {count['ended']:02d} kết nghĩa kết thúc") in text
    assert "Phân công lại Xốp (Đăk Glei) Mường Hoong (Đăk Glei)" in text
    assert ("Ngân hàng Chính sách xã hội tỉnh thôi kết nghĩa với xã Xốp để kết nghĩa với xã Mường Hoong"
            " (huyện Đăk Glei).") in text
    assert "Bộ Chỉ huy Quân sự tỉnh thôi kết nghĩa với xã Đăk Pét (huyện Đăk Glei)." in text
    # the year's contributions per kind, province and district agencies apart (2018's 99 trips left out)
    assert ("Các cơ quan, đơn vị cấp tỉnh đã đóng góp: 12 lượt cán bộ xuống xã, 150 triệu đồng kinh phí hỗ trợ"
            " sản xuất, 02 căn nhà tình nghĩa, nhà Đại đoàn kết, 200 suất quà (Tết, 27/7); tổng giá trị 310 triệu"
            " đồng.") in text
    assert "Các cơ quan, đơn vị cấp huyện đã đóng góp: 120 ngày công lao động." in text
    # the page with «Nơi nhận» and the signature also holds the report's last body paragraph, not only the note
    signed = next(n for n in range(1, len(page_sizes(out)) + 1) if "Nơi nhận" in pdf_text(out, n))
    on_signed = flat(pdf_text(out, signed))
    assert "Số tiền ghi bằng triệu đồng" in on_signed
    assert "Biểu 1c" in on_signed.split("Số tiền ghi bằng")[0] and "lượt đóng góp" in on_signed
    totals = _json(twinned, "twinning", "totals", "--year", "2019", "--json")
    for table in totals["tables"]:
        value = sum(r["value"] for r in table["rows"])
        gave = sum(1 for r in table["rows"] if r["entries"] or r["value"])
        million = f"{value / 1_000_000:g}".replace(".", ",")
        worth = f", tổng giá trị {million} triệu đồng" if value else ""
        entries = sum(r["entries"] for r in table["rows"])
        assert f"{gave:02d} cơ quan, đơn vị, {entries:02d} lượt đóng góp{worth}" in text
    assert "tổng giá trị 0 triệu đồng" not in text
    sizes = page_sizes(out)
    assert sum(1 for w, h in sizes if w > h) == 3  # tables 1a, 1b, 1c on landscape pages
    assert all(row["emb"] == "yes" for row in pdf_fonts(out))
    annex = flat(pdf_text(out, len(sizes)))
    assert "Biểu 1c" in annex and "Thôn 1, xã Hà Mòn (Đăk Hà)" in annex and "120" in annex
    # each table's own Vietnamese title, never a catalog key
    assert "KẾT QUẢ HỖ TRỢ PHÁT TRIỂN SẢN XUẤT" in text and "KẾT QUẢ GIÚP ĐỠ" in annex
    assert "TABLE." not in text + annex


def test_twinning_xlsx_carries_the_totals(twinned, tmp_path):
    out = tmp_path / "kn.xlsx"
    report(twinned, out, "twinning", 2019, "--format", "xlsx")
    wb = openpyxl.load_workbook(out)
    totals = _json(twinned, "twinning", "totals", "--year", "2019", "--json")
    for table in totals["tables"]:
        ws = wb[f"Biểu {table['code']}"]
        rows = list(ws.iter_rows(values_only=True))
        start = next(i for i, r in enumerate(rows) if r[0] == "TT")
        header = rows[start]
        body = [dict(zip(header, r, strict=False)) for r in rows[start + 1:] if any(c is not None for c in r)]
        lines, total = body[:-1], body[-1]
        assert [r["Cơ quan, đơn vị"] for r in lines] == [r["name"] for r in table["rows"]]
        for column in table["columns"]:
            heading = f"{column['label']} ({column['unit']})"
            assert total[heading] == sum(r["columns"][column["kind"]] for r in table["rows"])
        assert total["Tổng giá trị (đồng)"] == sum(r["value"] for r in table["rows"])
    active = _json(twinned, "twinning", "list", "--as-of", "2019-12-31", "--json")
    sheet = list(wb["Kết nghĩa"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(sheet) if r[0] == "TT")
    assert sorted(r[1] for r in sheet[start + 1:] if r[1]) == sorted(a["agency"] for a in active)


def test_twinning_for_one_district_and_an_earlier_day(twinned, tmp_path):
    out = tmp_path / "kn.pdf"
    report(twinned, out, "twinning", 2019, "--district", "Đăk Glei", "--as-of", "2019-03-01", "--format", "pdf")
    text = flat(pdf_text(out))
    assert "Đến ngày 01/03/2019, huyện Đăk Glei có 02 cơ quan, đơn vị cấp tỉnh kết nghĩa với 02 xã," in text
    assert "Xốp" in text and "Đăk La" not in text  # Đăk La is in Đăk Hà
    assert "Mường Hoong" in text  # the reassignment of the year, into the district


def test_no_twinning_data_says_so(report_db, tmp_path):
    out = tmp_path / "kn.pdf"
    report(report_db, out, "twinning", 2019, "--format", "pdf")
    text = flat(pdf_text(out))
    assert "chưa có số liệu về kết nghĩa" in text
    assert "Biểu 1a" not in text


def test_twinning_sentences_leave_out_what_did_not_happen():
    from ntm_desktop.reports.twinning import sentences as words

    figures = {"year": 2020, "changes": [{"kind": "reassigned"}] * 2, "counts": {"reassigned": 2, "new": 0, "ended": 0}}
    assert words.changes_sentence(figures) == "Trong năm 2020, có 02 cơ quan, đơn vị được phân công lại."
    figures["counts"]["ended"] = 1
    assert words.changes_sentence(figures).endswith("lại và 01 kết nghĩa kết thúc không có phân công thay thế.")
    line = words.change_line({"kind": "reassigned", "agency": "Sở Tài chính", "from": "Thôn 2, xã Hà Mòn",
                              "from_district": "Đăk Hà", "to": "Ngọk Wang", "to_district": "Đăk Hà",
                              "decision": "12/QĐ-UBND ngày 02/03/2020"})
    assert line == ("Sở Tài chính thôi kết nghĩa với Thôn 2, xã Hà Mòn để kết nghĩa với xã Ngọk Wang (huyện Đăk Hà)"
                    " (Quyết định số 12/QĐ-UBND ngày 02/03/2020).")
    assert words.count(2) == "02" and words.count(46) == "46" and words.count(2.5) == "2,5"


def test_twinning_wording_of_places_totals_and_agencies_that_gave_nothing():
    """Review finding 14: the commune's own kind, no «0 triệu đồng», agencies that gave nothing not
    counted, one money kind not repeated as the total."""
    from ntm_desktop.reports.twinning import sentences as words
    from ntm_desktop.twinning.kinds import CONTRIBUTION_KINDS

    line = words.change_line({"kind": "new", "agency": "Sở Tài chính", "from": "", "to": "Trần Hưng Đạo",
                              "to_kind": "phường", "to_district": "Thành phố Kon Tum", "decision": ""})
    assert line == "Sở Tài chính được phân công kết nghĩa với phường Trần Hưng Đạo (thành phố Kon Tum)."
    ended = words.change_line({"kind": "ended", "agency": "Sở Y tế", "from": "Plei Kần", "from_kind": "thị trấn",
                               "from_district": "Ngọc Hồi", "to": "", "decision": ""})
    assert ended == "Sở Y tế thôi kết nghĩa với thị trấn Plei Kần (huyện Ngọc Hồi)."
    money = {"code": "money_production", "label": "Kinh phí hỗ trợ sản xuất", "unit": "đồng", "money": True}
    trips = {"code": "staff_trips", "label": "Cán bộ xuống xã", "unit": "lượt", "money": False}
    gave = {"name": "Sở Tài chính", "entries": 1, "value": 1_250_000, "columns": {"money_production": 1_250_000}}
    idle = {"name": "Sở Y tế", "entries": 0, "value": 0, "columns": {}}
    table = {"title": "Biểu 1a. Kết quả hỗ trợ", "level": "province", "by": "agency", "kinds": [money, trips],
             "rows": [gave, idle], "total": {"columns": {"money_production": 1_250_000}, "value": 1_250_000,
                                             "entries": 1}}
    assert words.table_line(table) == ("Biểu 1a. Kết quả hỗ trợ: 01 cơ quan, đơn vị, 01 lượt đóng góp,"
                                       " tổng giá trị 1,25 triệu đồng (chi tiết tại phụ lục).")
    figures = {"tables": [table]}
    assert words.contributions_sentence(figures, "province") == (
        "Các cơ quan, đơn vị cấp tỉnh đã đóng góp: 1,25 triệu đồng kinh phí hỗ trợ sản xuất.")
    unpaid = {**table, "rows": [{**gave, "value": 0, "columns": {"staff_trips": 3}}, idle],
              "total": {"columns": {"staff_trips": 3}, "value": 0, "entries": 1}}
    assert words.table_line(unpaid) == (
        "Biểu 1a. Kết quả hỗ trợ: 01 cơ quan, đơn vị, 01 lượt đóng góp (chi tiết tại phụ lục).")
    assert words.contributions_sentence({"tables": [unpaid]}, "province") == (
        "Các cơ quan, đơn vị cấp tỉnh đã đóng góp: 03 lượt cán bộ xuống xã.")
    # the phrases come from the contribution kinds themselves: every kind has one, with its unit
    assert set(words.KIND_PHRASES) == {k.code for k in CONTRIBUTION_KINDS}
    assert all((k.unit_vi if not k.money else "triệu đồng") in words.KIND_PHRASES[k.code] for k in CONTRIBUTION_KINDS)
