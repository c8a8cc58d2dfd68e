"""A package's members read and checked a chunk at a time (issue 22: a national package,
5 million rows): the column-by-column check of a chunk (fields.Checker.fine) says yes only
when the row-by-row check (Checker.row) passes every row, a refusal names the same row and
column as the row-by-row check, and rows before a bad row or a damaged stretch still reach
the reader first. Real CSV members in real zip files; the rows generated."""

from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path

import pytest

from ntm_desktop.errors import InputRejected
from ntm_desktop.sync.package import fields, reader

HEADER = ["commune", "period", "set", "indicator", "hlc", "seen", "base", "logged", "uuid", "at", "by", "value",
          "note", "source"]
STAMP = "1793491200057-00128-f38b2ffc-80a4-4f5a-91c9-bc701e7ea419"
# (column, bad value): each refused by the row-by-row check, for what its column is
BAD = [
    ("hlc", "1793491200057-0012-x"), ("hlc", "NaN"), ("hlc", STAMP + "\n" + STAMP), ("hlc", STAMP + " "),
    ("seen", STAMP + "  " + STAMP), ("seen", " " + STAMP), ("seen", "2.1"), ("seen", STAMP + "\n" + STAMP),
    ("uuid", "u" * 301), ("commune", "c" * 301), ("period", "2023-Q5"), ("period", "1800"),
    ("at", "2026-02-30T00:00:00Z"), ("at", "yesterday"),
]


def _row(rng: random.Random, number: int) -> list[str]:
    stamp = f"{1793491200000 + number}-{rng.randrange(100000):05d}-f38b2ffc-80a4-4f5a-91c9-bc701e7ea419"
    seen = rng.choice(["", "", STAMP, f"{STAMP} {stamp}"])
    return [f"commune:{rng.randrange(90000, 90050)}", rng.choice(["2023", "2024-Q1", "2022-M07"]), "QG-2021-2025",
            f"{rng.randrange(1, 20)}.{rng.randrange(1, 4)}", stamp, seen, "", "1",
            f"01a19467-e8a3-716b-a276-{number:012d}", rng.choice(["2026-11-01T00:00:00Z", "2026-12-06 05:51:33"]),
            "bench", str(rng.randrange(100)), "", "imported"]


def _rows(seed: int, count: int) -> list[list[str]]:
    rng = random.Random(seed)
    return [_row(rng, number) for number in range(count)]


def _first_refusal(rows: list[list[str]]) -> tuple[int, str] | None:
    """The row-by-row check's refusal (row, detail), or None."""
    check = fields.row_checker(Path("p.ntmpkg"), "records/indicator_values.csv", HEADER)
    try:
        for number, row in enumerate(rows, start=2):
            check(number, row)
    except InputRejected as refused:
        return refused.params["row"], refused.params["detail"]
    return None


@pytest.mark.parametrize("seed", range(40))
def test_a_chunk_is_fine_exactly_when_every_row_is(seed):
    rng = random.Random(seed)
    rows = _rows(seed, rng.choice([1, 7, 5000, 9000]))
    for _ in range(rng.choice([0, 0, 1, 2])):  # some chunks spoiled once or twice
        column, value = rng.choice(BAD)
        rows[rng.randrange(len(rows))][HEADER.index(column)] = value
    if rng.random() < 0.1:
        rows[rng.randrange(len(rows))].append("one too many")
    checker = fields.Checker(Path("p.ntmpkg"), "records/indicator_values.csv", HEADER)
    expected = _first_refusal(rows)
    assert checker.fine(rows) == (expected is None)
    if expected is None:
        checker.chunk(2, rows)
    else:
        with pytest.raises(InputRejected) as caught:
            checker.chunk(2, rows)
        assert (caught.value.params["row"], caught.value.params["detail"]) == expected


def test_every_bad_value_is_found_by_the_chunk_check():
    for column, value in BAD:
        rows = _rows(1, 300)
        rows[157][HEADER.index(column)] = value
        checker = fields.Checker(Path("p.ntmpkg"), "records/indicator_values.csv", HEADER)
        assert checker.fine(rows[:150]), column  # the good rows before it, remembered where they repeat
        assert not checker.fine(rows), (column, value)
        assert _first_refusal(rows)[0] == 159


def _package(tmp_path: Path, data: bytes) -> reader.Package:
    path = tmp_path / "p.ntmpkg"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("records/indicator_values.csv", data)
    manifest = {"members": {"records/indicator_values.csv": {}}}
    return reader.Package(path, zipfile.ZipFile(path), manifest, b"")


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([HEADER, *rows])
    return out.getvalue().encode("utf-8")


def test_rows_before_a_bad_row_come_out_before_the_refusal(tmp_path):
    rows = _rows(2, reader.ROWS_CHUNK + 300)
    bad = reader.ROWS_CHUNK + 120  # in the second chunk
    rows[bad][HEADER.index("hlc")] = "NaN"
    package = _package(tmp_path, _csv(rows))
    seen = []
    with pytest.raises(InputRejected) as caught:
        for row in package.rows("records/indicator_values.csv", tuple(HEADER)):
            seen.append(row)
    assert caught.value.key == "pkg.bad_content" and caught.value.params["row"] == bad + 2
    assert seen == rows[:bad]
    package.close()


def test_batches_never_hand_out_a_batch_holding_a_bad_row(tmp_path):
    rows = _rows(3, 2500)
    rows[1700][HEADER.index("at")] = "2026-02-30"
    package = _package(tmp_path, _csv(rows))
    handed = []
    with pytest.raises(InputRejected) as caught:
        for first, batch in package.batches("records/indicator_values.csv", tuple(HEADER), size=1000):
            handed.append((first, len(batch)))
    assert caught.value.params["row"] == 1702 and "at" in caught.value.params["detail"]
    assert handed == [(2, 1000)]  # rows 1002-2001 hold it
    package.close()


def test_rows_before_a_damaged_stretch_come_out_then_the_damage_is_refused(tmp_path):
    """Bytes that are not UTF-8 in the middle of a member: the rows before them are read and
    checked (a bad one among them is the refusal), then the member is refused as damaged."""
    rows = _rows(4, 3000)
    good = _csv(rows)
    cut = good.index(b"\n", len(good) // 2) + 1
    damaged = good[:cut] + b"\xff\xfe broken\n" + good[cut:]
    before = good[:cut].count(b"\n") - 1  # data rows before the damage
    package = _package(tmp_path, damaged)
    seen = []
    with pytest.raises(InputRejected) as caught:
        for row in package.rows("records/indicator_values.csv", tuple(HEADER)):
            seen.append(row)
    assert caught.value.key == "pkg.damaged"
    # the text layer decodes ahead of the CSV rows: some rows before the damage may go with it
    assert 0 < len(seen) <= before and seen == rows[: len(seen)]
    package.close()
    spoiled = [list(row) for row in rows]
    spoiled[10][HEADER.index("hlc")] = "NaN"
    good = _csv(spoiled)
    package = _package(tmp_path, good[:cut] + b"\xff\xfe broken\n" + good[cut:])
    with pytest.raises(InputRejected) as caught:
        list(package.batches("records/indicator_values.csv", tuple(HEADER), size=100_000))
    assert caught.value.key == "pkg.bad_content" and caught.value.params["row"] == 12
    package.close()
