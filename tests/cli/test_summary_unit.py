"""``ntm summary --unit CODE|NAME`` and ``--as-of DATE`` (CONTRACT §1, §5): any unit's figures,
an old district's, a province's of either era, and the communes in force on another day."""

from pathlib import Path

from tests.cli.conftest import as_json
from tests.cli.test_cli import ntm

TABLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "legacy-table-2019.xlsx"


def _with_2019(db):
    result = ntm(db, "import-table", str(TABLE), "--year", "2019")
    assert result.returncode == 0, result.stderr


def test_unit_scopes_to_a_province_or_an_old_district_with_the_same_figures(kontum_eras_copy):
    _with_2019(kontum_eras_copy)
    whole = as_json(ntm(kontum_eras_copy, "summary", "--year", "2019", "--json"))
    province = as_json(ntm(kontum_eras_copy, "summary", "--year", "2019", "--unit", "Kon Tum", "--json"))
    by_code = as_json(ntm(kontum_eras_copy, "summary", "--year", "2019", "--unit", "62", "--json"))
    assert province["unit"] == {"name": "Kon Tum", "code": "62", "level": "province"}
    assert province["per_criterion"] == whole["per_criterion"] == by_code["per_criterion"]
    assert province["communes"] == whole["communes"] > 0
    district = as_json(ntm(kontum_eras_copy, "summary", "--year", "2019", "--district", "Đăk Hà", "--json"))
    unit = as_json(ntm(kontum_eras_copy, "summary", "--year", "2019", "--unit", "Đăk Hà", "--json"))
    assert unit["unit"]["level"] == "district" and unit["district"] == "Đăk Hà"
    for key in ("communes", "per_criterion", "bands", "average", "no_data"):
        assert unit[key] == district[key], key
    # in 2026 the name means the unit in force then, the new xã Đăk Hà; the old district (by its
    # code) has no communes of its own any more: they moved under the new province
    later = as_json(ntm(kontum_eras_copy, "summary", "--year", "2026", "--unit", "Đăk Hà", "--json"))
    assert later["unit"]["level"] == "commune" and later["communes"] == 1
    old = as_json(ntm(kontum_eras_copy, "summary", "--year", "2026", "--unit", unit["unit"]["code"], "--json"))
    assert old["unit"]["level"] == "district" and old["communes"] == 0


def test_the_new_province_in_2026_and_the_old_one_on_a_day_before_the_reform(kontum_eras_db):
    new = as_json(ntm(kontum_eras_db, "summary", "--year", "2026", "--unit", "Quảng Ngãi", "--json"))
    assert new["unit"]["level"] == "province" and new["communes"] > 0 and new["by_district"] == {}
    units_2026 = as_json(ntm(kontum_eras_db, "units", "list", "--as-of", "2026-12-31", "--json"))
    assert new["communes"] == sum(1 for u in units_2026 if u["province"] == "Quảng Ngãi" and u["kind"] == "xã")
    before = as_json(ntm(kontum_eras_db, "summary", "--year", "2025", "--unit", "Kon Tum", "--as-of", "2025-06-30",
                         "--json"))
    after = as_json(ntm(kontum_eras_db, "summary", "--year", "2025", "--unit", "Kon Tum", "--json"))
    on_day = as_json(ntm(kontum_eras_db, "units", "list", "--as-of", "2025-06-30", "--json"))
    assert before["as_of"] == "2025-06-30"
    assert before["communes"] == sum(1 for u in on_day if u["province"] == "Kon Tum" and u["kind"] == "xã")
    assert after["communes"] == 0  # on the year's last day Kon Tum's communes belong to Quảng Ngãi


def test_refusals_change_nothing(kontum_eras_db):
    unknown = ntm(kontum_eras_db, "summary", "--year", "2019", "--unit", "Nowhere", "--json")
    assert unknown.returncode == 3 and "Nowhere" in unknown.stderr
    both = ntm(kontum_eras_db, "summary", "--year", "2019", "--unit", "62", "--district", "Đăk Hà", "--json")
    assert both.returncode == 2 and "--unit" in both.stderr
    bad_day = ntm(kontum_eras_db, "summary", "--year", "2019", "--as-of", "30/06/2019", "--json")
    assert bad_day.returncode == 2 and "30/06/2019" in bad_day.stderr


def test_report_unit_names_what_the_report_is_of(kontum_eras_copy, tmp_path):
    """``ntm report KIND --unit U``: a district by code gives the district's figures, a commune by
    code its scorecard, the province its report; a unit of another level or province is refused."""
    _with_2019(kontum_eras_copy)
    by_name = as_json(ntm(kontum_eras_copy, "report", "district", "--year", "2019", "--district", "Đăk Hà",
                          "--format", "json"))
    code = as_json(ntm(kontum_eras_copy, "summary", "--year", "2019", "--unit", "Đăk Hà", "--json"))["unit"]["code"]
    by_unit = as_json(ntm(kontum_eras_copy, "report", "district", "--year", "2019", "--unit", code,
                          "--format", "json"))
    assert by_unit["summary"] == by_name["summary"] and by_unit["summary"]["district"] == "Đăk Hà"
    commune = as_json(ntm(kontum_eras_copy, "report", "commune", "--year", "2019", "--unit", "23344",
                          "--format", "json"))
    assert commune["kind"] == "commune"
    out = tmp_path / "tinh.pdf"
    written = ntm(kontum_eras_copy, "report", "province", "--year", "2019", "--unit", "Kon Tum", "--format", "pdf",
                  "--out", str(out))
    assert written.returncode == 0, written.stderr
    assert out.stat().st_size > 0
    elsewhere = ntm(kontum_eras_copy, "report", "province", "--year", "2019", "--unit", "Quảng Ngãi",
                    "--format", "pdf", "--out", str(tmp_path / "qn.pdf"))
    assert elsewhere.returncode == 3 and "Quảng Ngãi" in elsewhere.stderr and not (tmp_path / "qn.pdf").exists()
    wrong_level = ntm(kontum_eras_copy, "report", "commune", "--year", "2019", "--unit", code, "--format", "json")
    assert wrong_level.returncode == 3 and "Đăk Hà" in wrong_level.stderr
    both = ntm(kontum_eras_copy, "report", "district", "--year", "2019", "--unit", code, "--district", "Đăk Hà",
               "--format", "json")
    assert both.returncode == 2
