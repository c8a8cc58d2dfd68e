"""The ``ntm`` command line end to end (CONTRACT §1, §3), in subprocesses on real files."""

import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from ntm_desktop import paths
from ntm_desktop.store import database as storage

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = {
    data["code"]: data
    for data in (json.loads(p.read_text(encoding="utf-8")) for p in sorted(paths.criteria_dir().glob("*.json")))
}
REFERENCE = json.loads((paths.reference_dir() / "kontum-units-2020.json").read_text(encoding="utf-8"))
BAND_NAMES = ["19", "15-18", "10-14", "5-9", "<5"]


def ntm(db, *args, lang=None):
    command = [sys.executable, "-m", "ntm_desktop"]
    if db is not None:
        command += ["--db", str(db)]
    if lang:
        command += ["--lang", lang]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=60
    )


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def scalar(db, sql, params=()):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def assert_error(result, code):
    assert result.returncode == code, result.stderr
    assert result.stderr.splitlines()[0].startswith("error:")
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


@pytest.fixture
def db(initialised_copy):
    """A private copy of the ``ntm init`` database (tests/cli/conftest.py)."""
    return initialised_copy


# -- init ----------------------------------------------------------------------------------


def test_init_creates_and_is_idempotent(tmp_path):
    path = tmp_path / "new" / "ntm.sqlite3"
    first = ntm(path, "init")
    assert first.returncode == 0, first.stderr
    assert "85" in first.stdout
    assert scalar(path, "PRAGMA user_version") == storage.SCHEMA_VERSION
    assert scalar(path, "SELECT count(*) FROM units WHERE level = 'commune'") == 85
    assert scalar(path, "SELECT count(*) FROM criteria_sets") == len(BUNDLED)
    changes = scalar(path, "SELECT count(*) FROM changes")
    units_before = scalar(path, "SELECT group_concat(uuid) FROM units")

    second = ntm(path, "init")
    assert second.returncode == 0, second.stderr
    assert scalar(path, "SELECT count(*) FROM changes") == changes
    assert scalar(path, "SELECT group_concat(uuid) FROM units") == units_before
    assert not paths.backups_dir(path).exists()


def test_init_without_units(tmp_path):
    path = tmp_path / "ntm.sqlite3"
    result = ntm(path, "init", "--units", "none")
    assert result.returncode == 0, result.stderr
    assert scalar(path, "SELECT count(*) FROM units") == 0
    assert scalar(path, "SELECT count(*) FROM criteria_sets") == len(BUNDLED)


def test_init_in_english(tmp_path):
    result = ntm(tmp_path / "ntm.sqlite3", "init", lang="en")
    assert result.returncode == 0
    assert result.stdout.startswith("Initialised")


# -- units and criteria ----------------------------------------------------------------------


def test_units_list_json(db):
    result = ntm(db, "units", "list", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    assert all(set(row) == {"province", "district", "commune", "code", "kind"} for row in rows)  # CONTRACT §1
    expected = {(d["name"], c["name"], c["code"]) for d in REFERENCE["districts"] for c in d["communes"]}
    assert {(r["district"], r["commune"], r["code"]) for r in rows} == expected
    assert len(rows) == 85


def test_units_list_one_district(db):
    result = ntm(db, "units", "list", "--district", "Huyện Đăk Hà", "--json")
    rows = json.loads(result.stdout)
    district = next(d for d in REFERENCE["districts"] if d["name"] == "Đăk Hà")
    assert [r["commune"] for r in rows] == [c["name"] for c in district["communes"]]


def test_units_add_then_listed_with_null_code(db):
    result = ntm(db, "units", "add", "--district", "Kon Plông", "--commune", "Xã Đăk Long")
    assert result.returncode == 0, result.stderr
    rows = json.loads(ntm(db, "units", "list", "--json").stdout)
    assert {(r["district"], r["commune"], r["code"]) for r in rows} >= {("Kon Plông", "Đăk Long", None)}
    again = ntm(db, "units", "add", "--district", "Kon Plông", "--commune", "Đăk Long")
    assert_error(again, 3)


def test_criteria_list_json(db):
    result = ntm(db, "criteria", "list", "--json")
    assert result.returncode == 0, result.stderr
    sets = json.loads(result.stdout)
    assert [s["code"] for s in sets] == sorted(BUNDLED, key=lambda c: (BUNDLED[c]["valid_from"], c))
    for item in sets:
        source = BUNDLED[item["code"]]
        assert {"code", "name", "valid_from", "valid_to", "criteria"} <= set(item)
        for key in ("valid_from", "valid_to"):
            assert type(item[key]) is int and item[key] == source[key]
        assert [c["number"] for c in item["criteria"]] == [c["number"] for c in source["criteria"]]
        for crit, src in zip(item["criteria"], source["criteria"], strict=True):
            assert {"number", "name", "group", "indicators"} <= set(crit)
            assert [i["code"] for i in crit["indicators"]] == [i["code"] for i in src["indicators"]]
            for ind, src_ind in zip(crit["indicators"], src["indicators"], strict=True):
                assert {"code", "name", "type", "unit", "threshold"} <= set(ind)
                assert ind["type"] == src_ind["type"]
                assert bool(ind["threshold"]) == bool(src_ind["thresholds"])


def test_criteria_list_one_set(db):
    result = ntm(db, "criteria", "list", "--set", "QG-2016-2020", "--json")
    sets = json.loads(result.stdout)
    assert [s["code"] for s in sets] == ["QG-2016-2020"]
    income = next(c for c in sets[0]["criteria"] if c["number"] == 10)["indicators"][0]
    highlands = [t for t in income["threshold"] if t["region"] == "TN"]
    assert highlands and all(type(t["year_from"]) is int for t in highlands)


def test_criteria_list_unknown_set(db):
    assert_error(ntm(db, "criteria", "list", "--set", "KHONG-CO"), 3)


# -- set -----------------------------------------------------------------------------------------


def test_set_criterion_and_indicator(db):
    result = ntm(db, "set", "--year", "2020", "--district", "Đăk Hà", "--commune", "Đăk Long",
                 "--criterion", "1", "--met", "yes", "--note", "QĐ 12/QĐ-UBND")
    assert result.returncode == 0, result.stderr
    row = sqlite3.connect(db).execute(
        "SELECT r.official, r.note, r.period, u.code FROM criterion_results r"
        " JOIN units u ON u.id = r.commune_id JOIN criteria c ON c.id = r.criterion_id WHERE c.number = 1"
    ).fetchall()
    assert row == [(1, "QĐ 12/QĐ-UBND", "2020", "23504")]

    result = ntm(db, "set", "--year", "2020", "--district", "Đăk Glei", "--commune", "Đăk Long",
                 "--indicator", "15.1", "--value", "90,5")
    assert result.returncode == 0, result.stderr
    value = sqlite3.connect(db).execute(
        "SELECT v.value, v.num, u.code FROM indicator_values v JOIN units u ON u.id = v.commune_id"
    ).fetchall()
    assert value == [("90.5", 90.5, "23368")]

    changes = scalar(db, "SELECT count(*) FROM changes")
    again = ntm(db, "set", "--year", "2020", "--district", "Đăk Glei", "--commune", "Đăk Long",
                "--indicator", "15.1", "--value", "90.5")
    assert again.returncode == 0
    assert scalar(db, "SELECT count(*) FROM changes") == changes


def test_set_with_a_period(db):
    result = ntm(db, "set", "--year", "2020", "--period", "2020-Q2", "--commune", "Hà Mòn",
                 "--criterion", "2", "--met", "no")
    assert result.returncode == 0, result.stderr
    assert scalar(db, "SELECT period || ':' || official FROM criterion_results") == "2020-Q2:0"


def test_set_invalid_value_writes_nothing(db):
    before = sha256(db)
    result = ntm(db, "set", "--year", "2020", "--commune", "Hà Mòn", "--indicator", "15.1", "--value", "150")
    assert_error(result, 3)
    assert scalar(db, "SELECT count(*) FROM indicator_values") == 0
    assert sha256(db) == before


def test_set_ambiguous_commune(db):
    result = ntm(db, "set", "--year", "2020", "--commune", "Đăk Long", "--criterion", "1", "--met", "yes")
    assert_error(result, 3)
    assert "Đăk Hà" in result.stderr and "Đăk Glei" in result.stderr


def test_unknown_commune_exit_3_with_close_matches(db):
    changes = scalar(db, "SELECT count(*) FROM changes")
    result = ntm(db, "set", "--year", "2020", "--commune", "Dak Lon", "--criterion", "1", "--met", "yes")
    assert_error(result, 3)
    assert "Dak Lon" in result.stderr.splitlines()[0]
    assert "Đăk Long (Đăk Hà)" in result.stderr
    assert "Đăk Long (Đăk Glei)" in result.stderr
    assert "Không tìm thấy xã" in result.stderr  # Vietnamese by default
    assert scalar(db, "SELECT count(*) FROM changes") == changes


def test_lang_en_gives_english(db):
    result = ntm(db, "set", "--year", "2020", "--commune", "Dak Lon", "--criterion", "1", "--met", "yes",
                 lang="en")
    assert_error(result, 3)
    assert result.stderr.splitlines()[0].startswith("error: Unknown commune")
    assert "Did you mean" in result.stderr
    assert "Không tìm thấy" not in result.stderr


# -- summary -------------------------------------------------------------------------------------


def test_summary_json_matches_what_was_set(db):
    met = {
        ("Đăk Hà", "Hà Mòn"): list(range(1, 20)),
        ("Đăk Glei", "Đăk Long"): [2, 5],
        ("Đăk Hà", "Đăk Long"): [2],
    }
    not_met = {("Đăk Glei", "Đăk Long"): [3]}
    for (district, commune), numbers in met.items():
        for number in numbers:
            result = ntm(db, "set", "--year", "2020", "--district", district, "--commune", commune,
                         "--criterion", str(number), "--met", "yes")
            assert result.returncode == 0, result.stderr
    for (district, commune), numbers in not_met.items():
        for number in numbers:
            ntm(db, "set", "--year", "2020", "--district", district, "--commune", commune,
                "--criterion", str(number), "--met", "no")

    result = ntm(db, "summary", "--year", "2020", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)  # only JSON on stdout
    assert {"year", "criteria_set", "communes", "per_criterion", "bands", "average", "full_19",
            "by_district"} <= set(data)
    assert (data["year"], data["criteria_set"], data["communes"]) == (2020, "QG-2016-2020", 85)
    per = {str(n): sum(1 for numbers in met.values() if n in numbers) for n in range(1, 20)}
    assert data["per_criterion"] == per
    counts = [len(met.get(c, [])) for c in ((d["name"], c["name"]) for d in REFERENCE["districts"]
                                             for c in d["communes"])]
    assert data["bands"] == {
        "19": sum(1 for n in counts if n == 19),
        "15-18": sum(1 for n in counts if 15 <= n <= 18),
        "10-14": sum(1 for n in counts if 10 <= n <= 14),
        "5-9": sum(1 for n in counts if 5 <= n <= 9),
        "<5": sum(1 for n in counts if n < 5),
    }
    average = (Decimal(sum(counts)) / Decimal(len(counts))).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert data["average"] == float(average)
    assert data["full_19"] == [{"district": "Đăk Hà", "commune": "Hà Mòn", "code": "23521"}]  # CONTRACT §3
    dak_ha = data["by_district"]["Đăk Hà"]
    assert (dak_ha["communes"], dak_ha["full_19"]) == (10, 1)
    assert dak_ha["per_criterion"]["2"] == 2 and dak_ha["per_criterion"]["5"] == 1
    assert data["by_district"]["Đăk Glei"]["per_criterion"]["2"] == 1
    assert data["by_district"]["Đăk Glei"]["per_criterion"]["3"] == 0

    district = json.loads(ntm(db, "summary", "--year", "2020", "--district", "Đăk Glei", "--json").stdout)
    assert district["communes"] == 11
    assert district["per_criterion"]["5"] == 1 and district["per_criterion"]["1"] == 0
    assert district["full_19"] == []
    assert list(district["by_district"]) == ["Đăk Glei"]


def test_summary_text(db):
    result = ntm(db, "summary", "--year", "2020")
    assert result.returncode == 0, result.stderr
    assert "Tiêu chí số 1" in result.stdout
    assert "0/85" in result.stdout


# -- usage errors and refused files ----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["bogus"],
        ["summary"],
        ["summary", "--year"],
        ["units"],
        ["units", "list", "--bogus"],
        ["set", "--year", "2020", "--commune", "Hà Mòn"],
        ["set", "--year", "2020", "--commune", "Hà Mòn", "--criterion", "1"],
        ["set", "--year", "2020", "--commune", "Hà Mòn", "--criterion", "1", "--met", "yes",
         "--indicator", "1.1", "--value", "có"],
        ["set", "--year", "2020", "--commune", "Hà Mòn", "--criterion", "x", "--met", "yes"],
        ["--lang", "fr", "init"],
        ["init", "--units", "hanoi"],
    ],
)
def test_usage_errors_exit_2(db, args):
    before = sha256(db)
    result = ntm(db, *args)
    assert_error(result, 2)
    assert sha256(db) == before


def test_bad_year_is_refused(db):
    assert_error(ntm(db, "summary", "--year", "20x0", "--json"), 3)


def corrupt_files(tmp_path, initialised):
    data = initialised.read_bytes()
    files = {
        "text.sqlite3": "Đây không phải cơ sở dữ liệu\n".encode(),
        "renamed.csv.sqlite3": "district,commune\nĐăk Hà,Hà Mòn\n".encode(),
        "random.sqlite3": random.Random(5).randbytes(8192),
        "header-garbage.sqlite3": data[:100] + random.Random(6).randbytes(len(data) - 100),
        "truncated.sqlite3": data[: len(data) // 3],
    }
    for name, blob in files.items():
        (tmp_path / name).write_bytes(blob)
    return [tmp_path / name for name in files]


@pytest.mark.parametrize(
    "args",
    [["units", "list", "--json"], ["summary", "--year", "2020", "--json"], ["init"],
     ["set", "--year", "2020", "--commune", "Hà Mòn", "--criterion", "1", "--met", "yes"]],
)
def test_corrupt_database_exit_3_untouched(tmp_path, initialised_db, args):
    for path in corrupt_files(tmp_path, initialised_db):
        before = sha256(path)
        result = ntm(path, *args)
        assert_error(result, 3)
        if "--json" in args:  # CONTRACT §1: the refusal is JSON on stdout too
            assert set(json.loads(result.stdout)) == {"error", "details"}
        else:
            assert result.stdout == ""
        assert sha256(path) == before, path.name
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(path.name)) == [path.name]


def test_corrupt_database_message_in_english(tmp_path, initialised_db):
    path = corrupt_files(tmp_path, initialised_db)[0]
    result = ntm(path, "units", "list", lang="en")
    assert_error(result, 3)
    assert "not an NTM Desktop SQLite database" in result.stderr


def test_missing_database_is_not_created_by_a_read(tmp_path):
    path = tmp_path / "missing.sqlite3"
    assert_error(ntm(path, "units", "list", "--json"), 3)
    assert not path.exists()


def test_newer_database_exit_3(db):
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {storage.SCHEMA_VERSION + 5}")
    conn.close()
    before = sha256(db)
    result = ntm(db, "summary", "--year", "2020", "--json", lang="en")
    assert_error(result, 3)
    assert "newer" in result.stderr
    assert sha256(db) == before


def test_a_refusal_under_json_is_also_json_on_stdout(db, tmp_path):
    """CONTRACT §1: ``{"error", "details"}`` on stdout under ``--json``, the ``error:`` line on stderr."""
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    result = ntm(db, "import-table", str(bad), "--year", "2020", "--json")
    assert_error(result, 3)
    refusal = json.loads(result.stdout)
    assert set(refusal) == {"error", "details"} and "bad.xlsx" in refusal["error"] + " ".join(refusal["details"])
    assert result.stderr.startswith("error: " + refusal["error"])
    plain = ntm(db, "import-table", str(bad), "--year", "2020")
    assert plain.returncode == 3 and plain.stdout == ""


def test_an_empty_file_is_not_made_a_database_by_a_reading_command(tmp_path):
    """Issue 19 part 2: a 0-byte file (a failed write, a faulty stick) is refused by every command but
    init, and left as it was; init makes a database of it when asked."""
    path = tmp_path / "zero.sqlite3"
    path.write_bytes(b"")
    for args in (["units", "list"], ["summary", "--year", "2020", "--json"],
                 ["set", "--year", "2020", "--code", "23521", "--criterion", "1", "--met", "yes"]):
        result = ntm(path, *args)
        assert_error(result, 3)
        assert "rỗng (0 byte)" in result.stderr and "ntm restore" in result.stderr
        assert path.stat().st_size == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["zero.sqlite3"]
    assert ntm(path, "init").returncode == 0 and path.stat().st_size > 0


def test_import_table_says_what_it_overwrites_of_hand_entries(db):
    """Issue 20 part 7: a dry run lists the stored official statuses the table would turn the other
    way, and how many a person entered by hand; the user decides before anything is written."""
    import openpyxl

    sample = Path(__file__).resolve().parents[1] / "data" / "samples" / "legacy-table-2019.xlsx"
    assert ntm(db, "import-table", str(sample), "--year", "2019").returncode == 0
    ws = openpyxl.load_workbook(sample).active
    district, commune, mark = ws["B4"].value, ws["C4"].value, ws["D4"].value  # criterion 1 of the first row
    opposite = "no" if mark == "x" else "yes"
    assert ntm(db, "set", "--year", "2019", "--district", district, "--commune", commune, "--criterion", "1",
               "--met", opposite).returncode == 0
    dry = json.loads(ntm(db, "import-table", str(sample), "--year", "2019", "--dry-run", "--json").stdout)
    assert (dry["overwrites"]["count"], dry["overwrites"]["entered"]) == (1, 1)
    (item,) = dry["overwrites"]["items"]
    assert (item["criterion"], item["was"], item["now"], item["source"]) == (1, opposite == "yes", mark == "x",
                                                                              "entered")
    text = ntm(db, "import-table", str(sample), "--year", "2019", "--dry-run").stdout
    assert "thay đổi 1 kết quả công nhận đã có" in text and "1 kết quả do người nhập tay" in text


def test_import_table_parser_alone_parses_what_the_full_parser_parses():
    """``ntm import-table`` builds its own parser (issue 22): the other commands' modules, and
    the openpyxl they pull, are not imported to parse it."""
    import subprocess
    import sys

    from ntm_desktop.cli import build_parser

    argv = ["--db", "a.sqlite3", "import-table", "t.xlsx", "--year", "2020", "--sheet", "TH", "--add-units",
            "--dry-run", "--json"]
    light, full = build_parser("import-table").parse_args(argv), build_parser().parse_args(argv)
    assert {k: v for k, v in vars(light).items() if k != "func"} == {k: v for k, v in vars(full).items() if k != "func"}
    assert light.func is full.func
    probe = ("import sys; from ntm_desktop.cli import build_parser; build_parser('import-table');"
             "print(sorted(m for m in sys.modules if m.startswith(('openpyxl', 'ntm_desktop.cli.planning'))))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"
