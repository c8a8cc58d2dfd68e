"""Recognitions kept across the 2025 merger: the new xã Ia Chim (23326 from 1 July 2025, formed
from Ia Chim, Đăk Năng and Đoàn Kết) shows its former communes' recognitions beside its own, in
the core's listing and in the commune report's figures and sentences (ntm_desktop/reports/origins.py)."""

from __future__ import annotations

from ntm_desktop import recognition
from ntm_desktop.reports import origins
from ntm_desktop.reports.figures import commune_figures
from tests.recognition.conftest import commune


def _history(store):
    dak_nang = commune(store, "23327")
    recognition.add(store, dak_nang, "ntm", decision="45/QĐ-UBND", decided_on="2021-03-01", year=2020,
                    issuer="UBND tỉnh Kon Tum")
    recognition.add(store, dak_nang, "nang-cao", decision="46/QĐ-UBND", decided_on="2024-03-01")
    recognition.revoke(store, dak_nang, "nang-cao", decision="9/QĐ-UBND", revoked_on="2025-01-01")
    new = commune(store, "23326", "2026-06-30")
    recognition.add(store, new, "ntm", decision="300/QĐ-UBND", decided_on="2026-05-20")
    return new


def test_a_new_commune_lists_its_former_communes_recognitions(eras):
    new = _history(eras)
    formers = recognition.of_formers(eras, new)
    assert [(f.unit.name, [s["decision"] for s in f.recognitions]) for f in formers] == [
        ("Đăk Năng", ["45/QĐ-UBND", "46/QĐ-UBND"])]  # Đoàn Kết and the old Ia Chim hold none
    rows = recognition.listing(eras, "2026-06-30", new)
    assert [(r["commune"], r["kind"], r["former"], r["in_force"]) for r in rows] == [
        ("Ia Chim", "ntm", False, True), ("Đăk Năng", "ntm", True, True), ("Đăk Năng", "nang-cao", True, False)]
    assert rows[0]["province"] == "Quảng Ngãi" and rows[0]["district"] is None
    assert rows[1]["district"] == "Thành phố Kon Tum"
    old = commune(eras, "23326", "2020-12-31")  # the old Ia Chim was formed from none
    assert recognition.of_formers(eras, old) == [] and recognition.listing(eras, "2020-12-31", old) == []


def test_the_commune_report_figures_and_sentences(eras):
    new = _history(eras)
    figures = commune_figures(eras, 2026, new)
    (dak_nang,) = [f for f in figures["origins"] if f["name"] == "Đăk Năng"]
    assert [(r["kind"], r["decision"], r["revoked_on"]) for r in dak_nang["recognitions"]] == [
        ("ntm", "45/QĐ-UBND", None), ("nang-cao", "46/QĐ-UBND", "2025-01-01")]
    sentence = origins.formed_sentence(figures)
    assert ("Trước sắp xếp, xã Đăk Năng được công nhận đạt chuẩn nông thôn mới năm 2020 (Quyết định số"
            " 45/QĐ-UBND ngày 01/03/2021 của UBND tỉnh Kon Tum) và đạt chuẩn nông thôn mới nâng cao năm 2024"
            " (Quyết định số 46/QĐ-UBND ngày 01/03/2024; đã thu hồi theo Quyết định số 9/QĐ-UBND ngày"
            " 01/01/2025).") in sentence
    own = origins.recognitions(eras, new)
    assert origins.recognition_sentence({**figures, "recognitions": own}) == (
        "Xã Ia Chim đã được công nhận đạt chuẩn nông thôn mới năm 2026 (Quyết định số 300/QĐ-UBND ngày"
        " 20/05/2026).")
    assert origins.recognition_sentence(figures | {"recognitions": []}) is None


def test_counts_per_kind_for_a_report(eras):
    _history(eras)
    ids = [commune(eras, code).id for code in ("23327", "23311")] + [commune(eras, "23326", "2026-06-30").id]
    assert recognition.counts(eras, ids, 2024) == {"ntm": {"in_force": 1, "new": 0, "revoked": 0},
                                                   "nang-cao": {"in_force": 1, "new": 1, "revoked": 0}}
    assert recognition.counts(eras, ids, 2025)["nang-cao"] == {"in_force": 0, "new": 0, "revoked": 1}
    assert recognition.counts(eras, ids, 2026)["ntm"] == {"in_force": 2, "new": 1, "revoked": 0}
    assert recognition.counts(eras, [], 2026) == {}
