"""Administrative units: the Kon Tum reference, resolving names, adding communes."""

import json
import unicodedata

import pytest

from ntm_desktop import i18n, paths, text, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import audit
from ntm_desktop.store.database import open_store

REFERENCE = json.loads((paths.reference_dir() / "kontum-units-2020.json").read_text(encoding="utf-8"))


def nfd(value):
    return unicodedata.normalize("NFD", value)


def count(store, sql, params=()):
    return store.query(sql, params)[0][0]


def district_of(store, unit):
    return units.get(store, unit.parent_id).name


# -- the reference data --------------------------------------------------------------


def test_ten_districts_and_85_communes(store):
    districts = units.all_of_level(store, "district")
    communes = units.all_of_level(store, "commune")
    assert len(districts) == 10 == len(REFERENCE["districts"])
    assert len(communes) == 85 == sum(len(d["communes"]) for d in REFERENCE["districts"])
    provinces = units.all_of_level(store, "province")
    assert [(p.name, p.code) for p in provinces] == [("Kon Tum", "62")]
    assert {d.parent_id for d in districts} == {provinces[0].id}


def test_codes_and_names_as_in_the_reference_file(store):
    listed = units.list_communes(store)
    expected = {
        (d["name"], c["name"]): c["code"] for d in REFERENCE["districts"] for c in d["communes"]
    }
    assert {(r["district"], r["commune"]): r["code"] for r in listed} == expected
    for district in REFERENCE["districts"]:
        unit = units.resolve_district(store, district["name"])
        assert unit.code == district["code"]
        assert len(units.children(store, unit.id, "commune")) == len(district["communes"])
    assert units.resolve_commune(store, "Hà Mòn", "Đăk Hà").code == "23521"


def test_names_stored_in_nfc(store):
    for row in store.query("SELECT name FROM units UNION ALL SELECT alias FROM unit_aliases"):
        assert unicodedata.is_normalized("NFC", row[0])


def test_communes_listed_in_vietnamese_order(store):
    listed = units.list_communes(store)
    keys = [(text.sort_key(r["district"]), text.sort_key(r["commune"])) for r in listed]
    assert keys == sorted(keys)
    assert listed[0]["district"] == "Đăk Glei"  # đ sorts after d, before e … and Ia, Kon, …


def test_second_load_changes_nothing(store):
    changes = count(store, "SELECT count(*) FROM changes")
    before = store.query("SELECT * FROM units ORDER BY id")
    aliases = count(store, "SELECT count(*) FROM unit_aliases")
    assert units.load_reference(store) == 85
    assert count(store, "SELECT count(*) FROM changes") == changes
    assert count(store, "SELECT count(*) FROM unit_aliases") == aliases
    after = store.query("SELECT * FROM units ORDER BY id")
    assert [r["uuid"] for r in after] == [r["uuid"] for r in before]


def test_first_load_logged_every_unit(store):
    logged = count(store, "SELECT count(*) FROM changes WHERE entity = 'unit' AND op = 'insert'")
    assert logged == count(store, "SELECT count(*) FROM units")


def test_bad_reference_file_refused(store, tmp_path):
    bad = tmp_path / "units.json"
    bad.write_text('{"districts": []}', encoding="utf-8")
    with pytest.raises(InputRejected) as info:
        units.load_reference(store, bad)
    assert info.value.key == "unit.bad_reference"


# -- resolving names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "district", "name"),
    [
        ("Ngọc Tụ", "Đăk Tô", "Ngọk Tụ"),
        ("Ngọc Tụ", None, "Ngọk Tụ"),
        ("Đăk Tơ Lung", None, "Đăk Tờ Lung"),
        ("Đắk Tơ Lung", "Kon Rẫy", "Đăk Tờ Lung"),
        ("Xa Nghĩa", "Sa Thầy", "Sa Nghĩa"),
        ("Xã Xa Nghĩa", "Huyện Sa Thầy", "Sa Nghĩa"),
        ("xa nghia", None, "Sa Nghĩa"),
        ("Pô kô", None, "Pô Kô"),
    ],
)
def test_aliases_resolve(store, alias, district, name):
    assert units.resolve_commune(store, alias, district).name == name
    assert units.resolve_commune(store, nfd(alias), nfd(district) if district else None).name == name


def test_district_aliases_and_prefixes(store):
    city = units.resolve_district(store, "Thành phố Kon Tum")
    assert units.resolve_district(store, "TP. Kon Tum") == city
    assert units.resolve_district(store, "Kon Tum") == city
    assert units.resolve_district(store, "Huyện Đắk Glei").name == "Đăk Glei"
    assert units.resolve_district(store, "Ia H’Drai").name == "Ia H'Drai"


def test_same_commune_name_in_two_districts_is_ambiguous(store, english):
    with pytest.raises(InputRejected) as info:
        units.resolve_commune(store, "Đăk Long")
    assert info.value.key == "unit.ambiguous_commune"
    assert info.value.exit_code == 3
    assert "Đăk Hà" in info.value.message and "Đăk Glei" in info.value.message


def test_ambiguous_name_resolved_with_its_district(store):
    in_dak_ha = units.resolve_commune(store, "Đăk Long", "Đăk Hà")
    in_dak_glei = units.resolve_commune(store, "Xã Đăk Long", "Huyện Đăk Glei")
    assert in_dak_ha.id != in_dak_glei.id
    assert (in_dak_ha.code, district_of(store, in_dak_ha)) == ("23504", "Đăk Hà")
    assert (in_dak_glei.code, district_of(store, in_dak_glei)) == ("23368", "Đăk Glei")
    assert units.resolve_commune(store, "dak long", "dak glei") == in_dak_glei


def test_dak_ha_district_and_dak_ha_commune(store):
    district = units.resolve_district(store, "Đăk Hà")
    commune = units.resolve_commune(store, "Đăk Hà")
    assert district.level == "district" and district.code == "615"
    assert commune.level == "commune" and commune.code == "23425"
    assert district_of(store, commune) == "Tu Mơ Rông"
    assert units.resolve_commune(store, "Đăk Hà", "Tu Mơ Rông") == commune
    with pytest.raises(InputRejected) as info:
        units.resolve_commune(store, "Đăk Hà", "Đăk Hà")  # no commune of that name in the district
    assert info.value.key == "unit.unknown_commune"


def test_unknown_commune_suggests_close_names(store, english):
    with pytest.raises(InputRejected) as info:
        units.resolve_commune(store, "Dak Lon")
    error = info.value
    assert error.key == "unit.unknown_commune"
    assert error.exit_code == 3
    hints = "\n".join(error.details)
    # both communes named Đăk Long, each with its district
    assert "Đăk Long (Đăk Hà)" in hints
    assert "Đăk Long (Đăk Glei)" in hints
    assert "Dak Lon" in error.message


def test_unknown_commune_in_a_district_names_the_district(store):
    with pytest.raises(InputRejected) as info:
        units.resolve_commune(store, "Ha Mo", "Đăk Hà")
    assert "Đăk Hà" in info.value.message
    assert any("Hà Mòn (Đăk Hà)" in line for line in info.value.details)


def test_district_without_accents_resolves(store):
    assert units.resolve_district(store, "dak to").name == "Đăk Tô"
    assert units.resolve_district(store, "huyen tu mo rong").name == "Tu Mơ Rông"


def test_unknown_district_with_typo_suggests(store):
    with pytest.raises(InputRejected) as info:
        units.resolve_district(store, "Sa Thay X")
    assert info.value.key == "unit.unknown_district"
    assert "Sa Thầy" in "\n".join(info.value.details)


def test_nfd_input_resolves(store):
    commune = units.resolve_commune(store, nfd("  Xã   Ngọk  Tụ "), nfd("Huyện Đăk Tô"))
    assert commune.code == "23428"


def test_region_inherited_from_province(store):
    commune = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    assert commune.region is None
    assert units.region_of(store, commune) == "TN" == REFERENCE["region"]
    assert units.ancestor(store, commune, "province").name == "Kon Tum"
    assert units.ancestor(store, commune, "district").name == "Đăk Hà"


def test_especially_difficult_flag_from_reference(store):
    listed = {tuple(pair) for pair in REFERENCE["especially_difficult_twinned_2021"]["communes"]}
    flagged = {
        (district_of(store, u), u.name) for u in units.all_of_level(store, "commune") if u.dbkk
    }
    assert flagged == listed


# -- adding communes -----------------------------------------------------------------------------------


def test_add_commune(store):
    changes = count(store, "SELECT count(*) FROM changes")
    unit = units.add_commune(store, "Đăk Hà", nfd("Xã  Thử Nghiệm "), "99001")
    assert (unit.name, unit.code, unit.level) == ("Thử Nghiệm", "99001", "commune")
    assert district_of(store, unit) == "Đăk Hà"
    assert units.region_of(store, unit) == "TN"
    assert units.resolve_commune(store, "thu nghiem") == unit
    assert count(store, "SELECT count(*) FROM changes") == changes + 1
    assert len(units.list_communes(store)) == 86


def test_add_commune_without_code(store):
    unit = units.add_commune(store, "Kon Plông", "Đăk Long")  # CONTRACT: Đăk Long is in Kon Plông too
    assert unit.code is None
    with pytest.raises(InputRejected) as info:
        units.resolve_commune(store, "Đăk Long")
    for district in ("Đăk Hà", "Đăk Glei", "Kon Plông"):
        assert district in info.value.message
    assert units.resolve_commune(store, "Đăk Long", "Kon Plông") == unit


@pytest.mark.parametrize("name", ["Hà Mòn", "Xã Hà Mòn", "ha mon", "HÀ MÒN"])
def test_add_existing_commune_refused(store, name):
    before = count(store, "SELECT count(*) FROM units")
    changes = count(store, "SELECT count(*) FROM changes")
    with pytest.raises(InputRejected) as info:
        units.add_commune(store, "Đăk Hà", name)
    assert info.value.key == "unit.exists"
    assert count(store, "SELECT count(*) FROM units") == before
    assert count(store, "SELECT count(*) FROM changes") == changes


@pytest.mark.parametrize("code", ["12a", "23-1", "abc", "1.5"])
def test_add_commune_bad_code_refused(store, code):
    before = count(store, "SELECT count(*) FROM units")
    with pytest.raises(InputRejected) as info:
        units.add_commune(store, "Đăk Hà", "Xã Mới", code)
    assert info.value.key == "unit.bad_code"
    assert count(store, "SELECT count(*) FROM units") == before


def test_add_commune_taken_code_refused(store):
    i18n.set_language("en")
    with pytest.raises(InputRejected) as info:
        units.add_commune(store, "Đăk Hà", "Xã Mới", "23521")
    assert info.value.key == "unit.code_taken"
    assert "Hà Mòn" in info.value.message


def test_add_commune_unknown_district_refused(store):
    with pytest.raises(InputRejected) as info:
        units.add_commune(store, "Huyện Không Có", "Xã Mới")
    assert info.value.key == "unit.unknown_district"


def test_loading_the_same_reference_again_changes_nothing(tmp_path):
    """A re-run of `ntm init --units kontum` writes nothing: no new stamps on the units
    (a package would otherwise carry every unit again), no change-log rows, same clock."""
    store = open_store(tmp_path / "again.sqlite3")
    units.load_reference(store)
    before = store.query("SELECT nkey, hlc, updated_at FROM units ORDER BY nkey")
    changes = store.query("SELECT count(*) AS n FROM changes")[0]["n"]
    clock_before = store.meta("hlc_last")
    units.load_reference(store)
    assert [tuple(r) for r in store.query("SELECT nkey, hlc, updated_at FROM units ORDER BY nkey")] == \
        [tuple(r) for r in before]
    assert store.query("SELECT count(*) AS n FROM changes")[0]["n"] == changes > 0
    assert store.meta("hlc_last") == clock_before
    # a real change still goes in, stamped and logged
    commune = store.query("SELECT * FROM units WHERE level = 'commune' LIMIT 1")[0]
    parent = units.get(store, commune["parent_id"])
    with store.transaction():
        units.upsert_unit(store, audit.new_batch(), level="commune", name=commune["name"],
                          parent=parent, code=commune["code"], aliases=["Tên khác"])
    assert store.query("SELECT count(*) AS n FROM changes")[0]["n"] == changes + 1
    assert store.meta("hlc_last") != clock_before
    store.close()


def test_a_unit_record_keeps_the_dataclass_semantics(store):
    """Issue 22, sixth session: Unit is a plain frozen record (``periods.Record``), no longer a
    dataclass; a unit read back keeps the dataclass's equality, hash, repr, copies, pickling,
    defaults and refusal of assignment."""
    import copy
    import pickle

    from ntm_desktop.units.records import UNIT_FIELDS, Unit

    commune = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    again = units.get(store, commune.id)
    assert again == commune and hash(again) == hash(commune) and again is not commune
    assert pickle.loads(pickle.dumps(commune)) == commune and copy.deepcopy(commune) == commune
    shown = repr(commune)
    assert shown.startswith(f"Unit(id={commune.id}, uuid='{commune.uuid}', ") and "name='Hà Mòn'" in shown
    # the dataclass's fields in its order (its positional arguments): every stored column but safe_zone
    assert Unit.__slots__ == ("id", "uuid", "nkey", "level", "kind", "name", "code", "parent_id", "region", "dbkk",
                              "area_class", "border", "demo", "valid_from", "valid_to")
    assert set(UNIT_FIELDS) - set(Unit.__slots__) == {"safe_zone"}
    assert commune.level == "commune" and isinstance(commune.dbkk, bool)
    plain = Unit(1, "u", "n", "commune", "xã", "A", None, 2, None, False, None, False, False)
    assert plain.valid_from is None and plain.valid_to is None and plain != commune and plain != (1, "u")
    with pytest.raises(AttributeError):
        commune.name = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        commune.extra = 1  # type: ignore[attr-defined]
