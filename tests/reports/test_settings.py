"""Report settings: stored per database through one door, undoable, printed in the header."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest

from ntm_desktop import reports
from ntm_desktop.errors import InputRejected
from ntm_desktop.history import revert_batch
from ntm_desktop.reports import settings
from ntm_desktop.store import audit
from ntm_desktop.store.database import open_store
from tests.reports.test_data import flat, pdf_text

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731



def test_defaults_follow_the_working_district(report_store):
    assert settings.load(report_store).issuer == ("ỦY BAN NHÂN DÂN", "TỈNH KON TUM")
    with report_store.transaction():
        report_store.set_meta("home_district", "district:615")
    chosen = settings.load(report_store)
    assert chosen.issuer == ("ỦY BAN NHÂN DÂN", "HUYỆN ĐĂK HÀ") and chosen.place == "Đăk Hà"
    with report_store.transaction():
        report_store.set_meta("home_district", "district:608")
    assert settings.load(report_store).issuer[-1] == "THÀNH PHỐ KON TUM"
    assert settings.load(report_store).place == "Kon Tum"


def test_saved_settings_are_nfc_survive_reopening_and_can_be_undone(report_db):
    store = open_store(report_db)
    wanted = settings.ReportSettings(
        issuer=(NFD("ỦY BAN NHÂN DÂN"), NFD(" HUYỆN  ĐĂK HÀ ")), place=NFD("Đăk Hà"), number="12",
        signer=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), signer_name=NFD("Nguyễn Văn A"),
        recipients=("UBND tỉnh (b/c)", "- Sở Nông nghiệp và PTNT;", "", "Lưu: VT, NN."), low_share=40,
    )
    batch = settings.save(store, wanted)
    assert batch is not None and batch.count == 1
    assert settings.save(store, wanted) is None  # the same again changes nothing
    store.close()
    store = open_store(report_db)
    try:
        got = settings.load(store)
        assert got.issuer == ("ỦY BAN NHÂN DÂN", "HUYỆN ĐĂK HÀ")
        assert got.signer_name == "Nguyễn Văn A" and unicodedata.is_normalized("NFC", got.signer_name)
        assert got.recipient_lines() == ["- UBND tỉnh (b/c);", "- Sở Nông nghiệp và PTNT;", "- Lưu: VT, NN."]
        assert got.number_line() == "Số: 12/BC-UBND" and got.low_share == 40
        assert [h.op for h in audit.history(store, settings.NKEY)] == ["insert"]
        revert_batch(store, batch.id)
        assert settings.load(store) == settings.defaults(store)
        assert store.meta(settings.META_KEY) is None
    finally:
        store.close()


@pytest.mark.parametrize(
    "bad",
    [settings.ReportSettings(low_share=120), settings.ReportSettings(low_share="nhiều"),  # type: ignore[arg-type]
     settings.ReportSettings(signer_name="x" * 500),
     settings.ReportSettings(recipients=tuple("abc" for _ in range(40)))],
)
def test_refused_settings_change_nothing(report_store, db_state, bad):
    before = db_state(report_store)
    with pytest.raises(InputRejected):
        settings.save(report_store, bad)
    assert db_state(report_store) == before


def test_the_header_and_signature_print_the_settings(report_store, tmp_path):
    settings.save(report_store, settings.ReportSettings(
        parent_body="UBND TỈNH KON TUM", issuer=("Ban Chỉ đạo", "các CTMTQG huyện Đăk Hà"), place="Đăk Hà",
        number="45", symbol="BC-BCĐ", signer=("TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"), signer_name="Trần Thị B",
        recipients=("Văn phòng Điều phối NTM tỉnh", "Lưu: VT"),
    ))
    out = reports.make(report_store, "district", 2019, "pdf", tmp_path / "x.pdf", district="Đăk Hà",
                       date=dt.date(2026, 2, 5))
    first = flat(pdf_text(out.path, 1))
    assert "UBND TỈNH KON TUM BAN CHỈ ĐẠO CÁC CTMTQG HUYỆN ĐĂK HÀ" in first  # issuing body in capitals
    assert "Số: 45/BC-BCĐ" in first and "Đăk Hà, ngày 05 tháng 02 năm 2026" in first
    text = flat(pdf_text(out.path))
    assert "Nơi nhận: - Văn phòng Điều phối NTM tỉnh; - Lưu: VT." in text
    assert "TM. BAN CHỈ ĐẠO TRƯỞNG BAN Trần Thị B" in text
    # the annex names the document and its issuing body (Nghị định 30/2020)
    assert "(Kèm theo Báo cáo số 45/BC-BCĐ ngày 05 tháng 02 năm 2026 của Ban Chỉ đạo các CTMTQG huyện Đăk Hà)" in text


def test_only_what_was_chosen_is_stored_and_a_district_report_is_its_districts(report_store):
    batch = settings.set_public(report_store, "signer_name", "Nguyễn Văn A")
    assert batch is not None and settings.set_public(report_store, "signer_name", "Nguyễn Văn A") is None
    stored = json.loads(report_store.meta(settings.META_KEY))
    assert stored == {"signer_name": "Nguyễn Văn A", "low_rule": "province"}  # not the province's letterhead
    from ntm_desktop import history

    assert history.show(settings.ENTITY, stored) == "signer_name = Nguyễn Văn A; low_rule = province"
    district = reports.build(report_store, "district", 2019, district="Đăk Hà")
    chosen = settings.for_figures(report_store, district)
    assert chosen.issuer == ("ỦY BAN NHÂN DÂN", "HUYỆN ĐĂK HÀ") and chosen.place == "Đăk Hà"
    assert chosen.signer_name == "Nguyễn Văn A"
    province = reports.build(report_store, "province", 2019)
    assert settings.for_figures(report_store, province).issuer == ("ỦY BAN NHÂN DÂN", "TỈNH KON TUM")
    commune = reports.build(report_store, "commune", 2019, district="Đăk Glei", commune="Xốp")
    assert settings.for_figures(report_store, commune).issuer[-1] == "HUYỆN ĐĂK GLEI"
    # an issuing body set by hand is every report's
    settings.set_public(report_store, "issuer", "BAN CHỈ ĐẠO CÁC CTMTQG\\nTỈNH KON TUM")
    assert settings.for_figures(report_store, district).issuer == ("BAN CHỈ ĐẠO CÁC CTMTQG", "TỈNH KON TUM")
    settings.set_public(report_store, "issuer", "")  # empty: back to the default
    assert settings.for_figures(report_store, district).issuer[-1] == "HUYỆN ĐĂK HÀ"
    # settings stored whole by an older version: values equal to the office's defaults are not choices
    with report_store.transaction():
        report_store.set_meta(settings.META_KEY, json.dumps(
            {**settings._state(settings.defaults(report_store)), "signer_name": "Trần Thị B"}, ensure_ascii=False))
    assert settings.for_figures(report_store, district).issuer[-1] == "HUYỆN ĐĂK HÀ"
    assert settings.for_figures(report_store, district).signer_name == "Trần Thị B"


def test_public_names_and_refusals(report_store, db_state):
    names = settings.public(report_store)
    assert list(names)[:5] == ["issuer", "issuer_parent", "place", "signer_title", "signer_name"]
    settings.set_public(report_store, "signer_title", "KT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH")
    settings.set_public(report_store, "issuer_parent", "UBND TỈNH KON TUM")
    got = settings.load(report_store)
    assert got.signer == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") and got.parent_body == "UBND TỈNH KON TUM"
    assert settings.public(report_store)["signer_title"] == "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    before = db_state(report_store)
    for name, value in (("low_rule", "lowest"), ("low_margin", "-3"), ("low_share", "nhiều"), ("place", "x" * 300)):
        with pytest.raises(InputRejected):
            settings.set_public(report_store, name, value)
    assert db_state(report_store) == before


def test_annex_reference_and_body_names():
    from ntm_desktop.reports import letterhead, vn

    chosen = settings.ReportSettings(issuer=("ỦY BAN NHÂN DÂN", "HUYỆN IA H'DRAI"), number="7")
    assert letterhead.annex_reference(chosen, dt.date(2021, 1, 15)) == (
        "(Kèm theo Báo cáo số 7/BC-UBND ngày 15 tháng 01 năm 2021 của Ủy ban nhân dân huyện Ia H'Drai)")
    assert vn.body_name(["ỦY BAN NHÂN DÂN", "THÀNH PHỐ KON TUM"]) == "Ủy ban nhân dân thành phố Kon Tum"
    assert vn.body_name(["BAN CHỈ ĐẠO CÁC CTMTQG", "TỈNH KON TUM"]) == "Ban Chỉ đạo các CTMTQG tỉnh Kon Tum"


@pytest.mark.parametrize("lines, running", [
    (["ỦY BAN NHÂN DÂN", "ĐẶC KHU LÝ SƠN"], "Ủy ban nhân dân đặc khu Lý Sơn"),
    (["ỦY BAN NHÂN DÂN", "PHƯỜNG TRẦN HƯNG ĐẠO"], "Ủy ban nhân dân phường Trần Hưng Đạo"),
    (["ỦY BAN NHÂN DÂN", "THỊ TRẤN PLEI KẦN"], "Ủy ban nhân dân thị trấn Plei Kần"),
    (["SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"], "Sở Nông nghiệp và Môi trường"),
    (["SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "TỈNH QUẢNG NGÃI"], "Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi"),
    (["BAN CHỈ ĐẠO"], "Ban Chỉ đạo"),
    (["VĂN PHÒNG ĐIỀU PHỐI"], "Văn phòng Điều phối"),
    (["VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI", "TỈNH KON TUM"], "Văn phòng Điều phối nông thôn mới tỉnh Kon Tum"),
    (["PHÒNG KINH TẾ", "HUYỆN ĐĂK HÀ"], "Phòng Kinh tế huyện Đăk Hà"),
])
def test_common_bodies_in_running_text(lines, running):
    from ntm_desktop.reports import vn

    assert vn.body_name(lines) == running


def test_the_running_text_name_can_be_entered(report_store):
    from ntm_desktop.reports import letterhead

    settings.set_public(report_store, "issuer", "BCĐ CÁC CTMTQG\\nTỈNH KON TUM")
    settings.set_public(report_store, "number", "3")
    settings.set_public(report_store, "issuer_name", "Ban Chỉ đạo các chương trình mục tiêu quốc gia tỉnh Kon Tum")
    chosen = settings.load(report_store)
    assert settings.public(report_store)["issuer_name"] == chosen.issuer_name
    assert letterhead.annex_reference(chosen, dt.date(2026, 3, 2)).endswith(
        "ngày 02 tháng 3 năm 2026 của Ban Chỉ đạo các chương trình mục tiêu quốc gia tỉnh Kon Tum)")
    settings.set_public(report_store, "issuer_name", "")  # empty: made from the issuer's lines again
    assert letterhead.annex_reference(settings.load(report_store), dt.date(2026, 3, 2)).endswith(
        "của BCĐ các CTMTQG tỉnh Kon Tum)")


def test_a_setting_equal_to_the_default_is_kept_when_set(report_store):
    """Finding 8: a province office issues district reports under its own letterhead."""
    province_head = "ỦY BAN NHÂN DÂN\\nTỈNH KON TUM"
    assert settings.load(report_store).issuer == ("ỦY BAN NHÂN DÂN", "TỈNH KON TUM")  # the office's default
    assert settings.set_public(report_store, "issuer", province_head) is not None
    assert json.loads(report_store.meta(settings.META_KEY))["issuer"] == ["ỦY BAN NHÂN DÂN", "TỈNH KON TUM"]
    district = reports.build(report_store, "district", 2019, district="Đăk Hà")
    assert settings.for_figures(report_store, district).issuer == ("ỦY BAN NHÂN DÂN", "TỈNH KON TUM")
    # saving the whole form keeps it too (a field chosen before, or edited now, to the default's value)
    settings.save(report_store, replace_signer(settings.load(report_store)))
    assert settings.for_figures(report_store, district).issuer[-1] == "TỈNH KON TUM"
    settings.set_public(report_store, "issuer", "")  # empty: back to the default, the district's own
    assert settings.for_figures(report_store, district).issuer[-1] == "HUYỆN ĐĂK HÀ"
    settings.save(report_store, settings.load(report_store), explicit={"issuer"})  # a field edited in the dialog
    assert settings.for_figures(report_store, district).issuer[-1] == "TỈNH KON TUM"
    settings.save(report_store, settings.ReportSettings(issuer=()))  # emptied in the dialog: the default
    assert settings.for_figures(report_store, district).issuer[-1] == "HUYỆN ĐĂK HÀ"


def replace_signer(chosen):
    import dataclasses

    return dataclasses.replace(chosen, signer_name="Nguyễn Văn A")


def test_an_ended_district_is_not_the_working_office_but_keeps_its_letterhead(kontum_eras_copy, tmp_path):
    """Finding 7: Kon Tum's districts ended on 30/06/2025; a 2026 report is not «HUYỆN ĐĂK HÀ»'s."""
    from ntm_desktop.setup import prepare

    store = open_store(kontum_eras_copy)
    try:
        before = store.meta("home_district")
        with pytest.raises(InputRejected, match="30/06/2025"):
            prepare.change_office(store, "Đăk Hà")
        assert store.meta("home_district") == before
        # a home district kept from before the reform is ignored, as an ended province is
        with store.transaction():
            store.set_meta("home_district", units_nkey(store, "Đăk Hà"))
        office = settings.office_unit(store)
        assert office is not None and office.level == "province" and office.valid_to is None
        assert settings.load(store).issuer[-1] == vn_upper("tỉnh " + office.name)
        province = reports.build(store, "province", 2026)
        assert "HUYỆN" not in " ".join(settings.for_figures(store, province).issuer)
        # a report of the district for a year before the reform still carries its letterhead
        district = reports.build(store, "district", 2024, district="Đăk Hà")
        assert settings.for_figures(store, district).issuer == ("ỦY BAN NHÂN DÂN", "HUYỆN ĐĂK HÀ")
    finally:
        store.close()


def units_nkey(store, name):
    from ntm_desktop import units

    return units.resolve_district(store, name).nkey


def vn_upper(text):
    from ntm_desktop.reports import vn

    return vn.upper(text)


def test_office_and_settings_are_logged_and_undone_together(report_store):
    """Finding 16: the change of office is logged, in the batch of the settings saved with it."""
    from ntm_desktop.setup import prepare

    batch = audit.new_batch("entered", "report settings")
    with report_store.transaction():
        prepare.change_office(report_store, "Đăk Hà", batch)
        settings.save(report_store, replace_signer(settings.load(report_store)), batch)
    assert batch.count == 2 and report_store.meta("home_district") == "district:615"
    assert settings.load(report_store).issuer[-1] == "HUYỆN ĐĂK HÀ"
    revert_batch(report_store, batch.id)
    assert not report_store.meta("home_district") and settings.load(report_store).signer_name == ""
    assert settings.load(report_store).issuer[-1] == "TỈNH KON TUM"
    assert [h.op for h in audit.history(report_store, settings.OFFICE_NKEY)][-1] == "insert"
