"""Provinces of both eras loaded from the national lists (ntm_desktop/units/national.py, eras.py):
Kon Tum (an old province) and Gia Lai (a name of both eras), on real SQLite files."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from ntm_desktop import assessments, criteria, history, paths, periods, summary, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.excel import table_import as legacy_table
from ntm_desktop.store.database import open_store
from ntm_desktop.sync import merge
from ntm_desktop.sync.package import export

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
KONTUM = json.loads((paths.reference_dir() / "kontum-units-2020.json").read_text(encoding="utf-8"))
KONTUM_CODES = {c["code"] for d in KONTUM["districts"] for c in d["communes"]}
BEFORE = json.loads((paths.reference_dir() / "units-vn-before-2025-07-01.json").read_text(encoding="utf-8"))
AFTER = json.loads((paths.reference_dir() / "units-vn-after-2025-07-01.json").read_text(encoding="utf-8"))


def loaded(path, *names):
    st = open_store(path)
    criteria.load_bundled(st)
    chosen = [found for name in names for found in units.find_provinces(name)]
    units.load_provinces(st, chosen)
    return st


@pytest.fixture
def kontum(tmp_path):
    st = loaded(tmp_path / "kt.sqlite3", "Kon Tum")
    yield st
    st.close()


@pytest.fixture
def gia_lai(tmp_path):
    st = loaded(tmp_path / "gl.sqlite3", "gia lai")
    yield st
    st.close()


def xa(rows):
    return [r for r in rows if r["kind"] == "xã"]


def test_kontum_2020_is_85_xa_in_10_districts_with_their_codes(kontum):
    rows = xa(units.in_force(kontum, "2020-12-31"))
    assert len(rows) == 85 and len({r["district"] for r in rows}) == 10
    assert {r["code"] for r in rows} == KONTUM_CODES
    assert {r["province"] for r in rows} == {"Kon Tum"}
    assert summary.summary(kontum, 2020)["communes"] == 85


def test_kontum_communes_are_those_of_the_2020_list(kontum, tmp_path):
    """Same nkeys, names, aliases and flags as ``--units kontum``: identities and packages keep working."""
    plain = open_store(tmp_path / "plain.sqlite3")
    units.load_reference(plain)
    fields = ("nkey", "name", "kind", "code", "dbkk", "area_class", "border", "region", "safe_zone")

    def communes(st):
        out = {}
        for row in st.query("SELECT u.*, p.nkey AS parent FROM units u JOIN units p ON p.id = u.parent_id"
                            " WHERE u.level = 'commune' AND u.code IN (SELECT value FROM json_each(?))"
                            " AND u.valid_from IS NULL", [json.dumps(sorted(KONTUM_CODES))]):
            aliases = set(units.aliases_of(st, row["id"]))
            out[row["nkey"]] = ({f: row[f] for f in fields}, row["parent"], aliases)
        return out

    ours, theirs = communes(kontum), communes(plain)
    plain.close()
    assert set(ours) == set(theirs) and len(ours) == 85
    for key, (state, parent, aliases) in theirs.items():
        assert ours[key][:2] == (state, parent)
        assert aliases <= ours[key][2]  # the GSO spelling may be added as an alias
    assert any(ours[k][2] != theirs[k][2] for k in ours)  # Bờ Y: the GSO's Pờ Y
    rows = kontum.query("SELECT valid_to FROM units WHERE nkey IN (SELECT value FROM json_each(?))",
                        [json.dumps(sorted(ours))])
    assert {r["valid_to"] for r in rows} == {"2025-06-30"}


def test_published_2019_table_imports_unchanged_and_gives_the_published_figures(kontum):
    preview = legacy_table.read_table(kontum, SAMPLES / "legacy-table-2019.xlsx", 2019)
    assert preview.matched == len(preview.rows) == 21
    ws = openpyxl.load_workbook(SAMPLES / "legacy-table-2019.xlsx").active
    expected = {str(n): sum(1 for r in range(4, 25) if ws.cell(r, 3 + n).value == "x") for n in range(1, 20)}
    result = legacy_table.apply(kontum, preview, 2019)
    assert (result.imported, result.updated, result.unchanged, result.skipped) == (21, 0, 0, 1)
    assert summary.summary(kontum, 2019)["per_criterion"] == expected


def test_each_kontum_commune_merged_on_2025_07_01_by_nq_1677(kontum):
    events = units.history(kontum)
    targets = set()
    for code in KONTUM_CODES:
        found = [e for e in events if code in {u["code"] for u in e["from"]}]
        assert len(found) == 1, code
        (event,) = found
        assert event["date"] == "2025-07-01" and event["decision"] == "1677/NQ-UBTVQH15"
        assert event["kind"] in ("merged", "moved")
        targets |= {u["code"] for u in event["to"]}
    assert len(targets) == 38
    assert units.history(kontum, "23326") == [{
        "date": "2025-07-01", "kind": "merged",
        "from": [{"code": "23326", "name": "Ia Chim"}, {"code": "23327", "name": "Đăk Năng"},
                 {"code": "23329", "name": "Đoàn Kết"}],
        "to": [{"code": "23326", "name": "Ia Chim"}], "decision": "1677/NQ-UBTVQH15"}]
    provinces = [e for e in events if {u["code"] for u in e["from"]} == {"51", "62"}]
    assert [(e["kind"], e["decision"], e["to"]) for e in provinces] == [
        ("merged", "202/2025/QH15", [{"code": "51", "name": "Quảng Ngãi"}])]
    # the new units in 2026: under Quảng Ngãi, no district
    rows = {r["code"]: r for r in units.in_force(kontum, "2026-01-01")}
    assert targets <= set(rows)
    assert {(rows[c]["province"], rows[c]["district"]) for c in targets} == {("Quảng Ngãi", None)}


def test_a_reused_code_names_a_unit_with_a_date(kontum):
    old, new = units.by_nkey(kontum, "commune:23326"), units.by_nkey(kontum, "commune:23326@2025-07-01")
    assert old and new and old.id != new.id and old.code == new.code == "23326"
    assert units.resolve_code(kontum, "23326", "2020-12-31") == old
    assert units.resolve_code(kontum, "23326", "2026-12-31") == new
    with pytest.raises(InputRejected) as caught:
        units.resolve_code(kontum, "23326")
    assert caught.value.key == "unit.code_on_date"
    with pytest.raises(InputRejected):
        units.resolve_code(kontum, "99999", "2026-12-31")
    # a name without its district: unique among the units in force that day
    assert units.resolve_commune(kontum, "Ia Chim", on="2026-12-31") == new
    assert units.resolve_commune(kontum, "Ia Chim", on="2020-12-31") == old
    assert units.by_nkey(kontum, "province:51") and units.by_nkey(kontum, "province:51@2025-07-01")
    # the 2016-2025 thresholds' region: the old province's (Tây Nguyên), kept by the new commune
    assert units.region_of(kontum, old) == units.region_of(kontum, new) == "TN"
    assert units.region_of(kontum, units.by_nkey(kontum, "province:51")) == "DHNTB"


def test_2026_results_on_a_new_commune_and_the_2026_summary(kontum):
    commune = units.resolve_code(kontum, "23326", "2026-12-31")
    assessments.set_official(kontum, commune, periods.Period(2026, "Y"), 1, True)
    figures = summary.summary(kontum, 2026)
    in_2026 = xa(units.in_force(kontum, "2026-12-31"))
    assert figures["communes"] == len(in_2026) and figures["by_district"] == {}
    assert figures["per_criterion"]["1"] == 1


def test_loading_again_writes_nothing_and_everything_is_logged(kontum):
    counts = kontum.query("SELECT entity, count(*) AS n FROM changes GROUP BY entity")
    logged = {r["entity"]: r["n"] for r in counts}
    assert logged["unit_event"] == kontum.query("SELECT count(*) AS n FROM unit_events")[0]["n"]
    assert logged["unit"] >= kontum.query("SELECT count(*) AS n FROM units")[0]["n"]
    before = kontum.query("SELECT count(*) AS n FROM changes")[0]["n"]
    units.load_provinces(kontum, units.find_provinces("62"))
    assert kontum.query("SELECT count(*) AS n FROM changes")[0]["n"] == before


def test_undo_of_a_load_removes_its_events(tmp_path):
    st = open_store(tmp_path / "u.sqlite3")
    units.load_provinces(st, units.find_provinces("Kon Tum"))
    batch = st.query("SELECT batch FROM changes WHERE entity = 'unit_event' LIMIT 1")[0]["batch"]
    history.revert_batch(st, batch)
    assert st.query("SELECT count(*) AS n FROM unit_events")[0]["n"] == 0
    st.close()


def test_gia_lai_both_eras_against_nq_1664(gia_lai):
    old_gia_lai = {u["code"] for u in BEFORE["districts"] if u["parent"] == "64"}
    old_xa = {u["code"] for u in BEFORE["communes"] if u["parent"] in old_gia_lai and u["kind"] == "xã"}
    rows = xa(units.in_force(gia_lai, "2020-12-31"))
    assert {r["code"] for r in rows if r["province"] == "Gia Lai"} == old_xa
    assert {r["province"] for r in rows} == {"Gia Lai", "Bình Định"}  # the new Gia Lai's other half
    new_rows = [r for r in units.in_force(gia_lai, "2026-01-01") if r["province"] == "Gia Lai"]
    assert Counter(r["kind"] for r in new_rows) == {"xã": 110, "phường": 25}
    assert {r["district"] for r in new_rows} == {None}
    events = units.history(gia_lai)
    for code in old_xa:
        assert {e["decision"] for e in events if code in {u["code"] for u in e["from"]}} == {"1664/NQ-UBTVQH15"}
    # clause 52: "các xã Ia Băng (huyện Chư Prông), Ia Bang và Ia Tôr thành xã mới … xã Ia Tôr"
    ia_tor = next(r["code"] for r in new_rows if r["commune"] == "Ia Tôr")
    (event,) = [e for e in events if e["to"] == [{"code": ia_tor, "name": "Ia Tôr"}]]
    assert event["kind"] == "merged" and {u["name"] for u in event["from"]} == {"Ia Băng", "Ia Bang", "Ia Tôr"}
    # the new Gia Lai keeps 52, the code of the old Bình Định
    assert units.by_nkey(gia_lai, "province:52").name == "Bình Định"
    assert units.by_nkey(gia_lai, "province:52@2025-07-01").name == "Gia Lai"
    commune = units.resolve_code(gia_lai, ia_tor, "2026-12-31")
    assessments.set_official(gia_lai, commune, periods.Period(2026, "Y"), 2, True)
    assert summary.summary(gia_lai, 2026)["per_criterion"]["2"] == 1


def test_unknown_province_lists_the_closest(tmp_path):
    with pytest.raises(InputRejected) as caught:
        units.find_provinces("Kontum")
    assert caught.value.key == "unit.unknown_province" and "Kon Tum" in str(caught.value)
    assert units.find_provinces("THANH PHO HA NOI") == [("before", "01"), ("after", "01")]
    assert units.find_provinces("Đắk Nông") == [("before", "67")]


def test_the_country_loads_in_under_ten_seconds_one_province_in_under_one(tmp_path):
    st = open_store(tmp_path / "one.sqlite3")
    started = time.perf_counter()
    units.load_provinces(st, units.find_provinces("Kon Tum"))
    assert time.perf_counter() - started < 1.0
    st.close()
    st = open_store(tmp_path / "all.sqlite3")
    started = time.perf_counter()
    units.load_provinces(st, units.find_provinces("all"))
    assert time.perf_counter() - started < 10.0
    assert st.query("SELECT count(*) AS n FROM units")[0]["n"] == 63 + 696 + 10035 + 34 + 3321
    st.close()


def test_a_package_carries_the_units_and_their_history_to_a_kontum_2020_database(tmp_path, monkeypatch):
    """An office loaded with ``--units kontum`` receives the province's package: the communes it
    holds are the same records (same keys), the new units and the events arrive."""
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    source = loaded(tmp_path / "province.sqlite3", "Kon Tum")
    target = open_store(tmp_path / "office.sqlite3")
    criteria.load_bundled(target)
    units.load_reference(target)
    (tmp_path / "usb").mkdir()
    package = export.export_package(source, tmp_path / "usb", full=True)
    report = merge.import_package(target, package.path)
    assert report.exit_code == 0 and report.totals.conflicts == 0
    assert units.history(target) == units.history(source)
    for day in ("2020-12-31", "2026-01-01"):
        assert units.in_force(target, day) == units.in_force(source, day)
    assert target.query("SELECT count(*) AS n FROM units")[0]["n"] == source.query(
        "SELECT count(*) AS n FROM units")[0]["n"]
    source.close()
    target.close()


def test_2025_counts_the_new_units_and_the_old_ones_holding_its_results(kontum):
    new_units = {r["code"] for r in xa(units.in_force(kontum, "2025-12-31"))}

    def counted():
        return {c["nkey"] for c in summary.communes_in_scope(kontum, 2025)}

    assert counted() == {f"commune:{code}@2025-07-01" for code in new_units}
    ha_mon = units.resolve_code(kontum, "23521", "2025-06-30")
    assessments.set_official(kontum, ha_mon, periods.Period(2025, "Y"), 1, True)
    assert counted() == {f"commune:{code}@2025-07-01" for code in new_units} | {"commune:23521"}
    (event,) = units.history(kontum, "23521")
    successor = units.resolve_code(kontum, event["to"][0]["code"], "2025-12-31")
    assessments.set_official(kontum, successor, periods.Period(2025, "Y"), 1, True)
    assert "commune:23521" not in counted()
    assert summary.summary(kontum, 2020)["communes"] == 85


def test_a_new_commune_knows_the_communes_it_was_formed_from(kontum):
    ia_chim = units.resolve_code(kontum, "23326", "2026-12-31")
    assert [(u.code, u.name) for u in units.origins(kontum, ia_chim)] == [
        ("23327", "Đăk Năng"), ("23329", "Đoàn Kết"), ("23326", "Ia Chim")]  # Vietnamese order
    choices = units.provinces()
    assert len(choices) == 97 and {"era": "before", "code": "62", "name": "Kon Tum", "kind": "tỉnh"} in choices
