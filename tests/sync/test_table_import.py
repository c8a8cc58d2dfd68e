"""A legacy table imported on one installation reaches the other through a package of
changes only (the import's change-log rows, one group row per commune row, are what the
export selects)."""

from __future__ import annotations

from pathlib import Path

from ntm_desktop import summary
from ntm_desktop.excel import table_import as legacy_table
from ntm_desktop.store import audit
from ntm_desktop.sync import merge
from ntm_desktop.sync.package import export
from tests.sync.test_support import content, make_store

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "legacy-table-2019.xlsx"


def test_table_import_travels_in_a_changes_only_package(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    for name in ("district", "province", "usb"):
        (tmp_path / name).mkdir()
    district = make_store(tmp_path / "district" / "ntm.sqlite3", "Phòng NN Đăk Hà")
    province = make_store(tmp_path / "province" / "ntm.sqlite3", "Sở NN tỉnh")
    first = export.export_package(district, tmp_path / "usb")  # the first package carries everything
    merge.import_package(province, first.path)

    result = legacy_table.apply(district, legacy_table.read_table(district, SAMPLE, 2019), 2019)
    assert result.imported > 0
    later = export.export_package(district, tmp_path / "usb")
    assert later.kind == "changes"
    report = merge.import_package(province, later.path)
    assert report.totals.new == 19 * result.imported and report.totals.conflicts == 0
    assert summary.summary(province, 2019) == summary.summary(district, 2019)
    assert content(province)["results"] == content(district)["results"]
    # who imported it, and from which file, travels with the values
    group = district.query("SELECT nkey, old, new FROM changes WHERE batch = ? LIMIT 1", [result.batch])[0]
    nkey = audit.members(group["nkey"], group["old"], group["new"])[0][0]  # one criterion's record
    labels = [e.label for e in audit.history(district, nkey)]
    assert labels and [e.label for e in audit.history(province, nkey)] == labels
    district.close()
    province.close()
