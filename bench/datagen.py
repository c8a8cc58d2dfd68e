"""Deterministic data generator for the benchmarks.

Two kinds of database, both cached under ``bench/out/`` (gitignored) and keyed by their
parameters plus a digest of this file, the schema migrations and the bundled data files,
so a repeat run reuses the file and any change to the inputs makes a fresh one:

* ``grid``: one province (region ``TN``) with ``districts`` districts of
  ``communes / districts`` communes each; units are bulk-inserted.
* ``kontum``: the 85 real Kon Tum communes, loaded with :func:`units.load_reference`
  (the same path the program takes on first start).

For both, every commune gets, for each year (yearly periods): the official status of all
19 criteria of the set in force that year, and a value for every indicator of that set.
The cached ``criterion_results.computed`` status is evaluated with the program's own
engine (:mod:`ntm_desktop.engine`) from the generated values, region and year, exactly as
:func:`assessments.recompute` would store it. Bulk loads use plain ``sqlite3``
``executemany`` inside one transaction, not the per-row service functions, but fill every
column the way the service functions do (uuid, nkey, name_key/search_key through
:mod:`ntm_desktop.text`, HLC stamps, ``pend = Period(year, 'Y').ordinal``, record uuids of
version 7 made at their stamp's millisecond as :func:`ids.new_uuid` makes them …).

Not generated: the change log (``changes``). None of the benchmarked paths reads it.

Run directly to (re)build a file::

    .venv/bin/python bench/datagen.py --communes 10000 --districts 100 --years 2019-2023
    .venv/bin/python bench/datagen.py --kontum
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sqlite3
import sys
import time
import uuid as uuidlib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ntm_desktop import criteria, engine, text, units, values  # noqa: E402
from ntm_desktop.periods import Period  # noqa: E402
from ntm_desktop.store.database import Store, open_store  # noqa: E402

GEN_VERSION = 2  # 2: record uuids are version 7, made at their stamp's millisecond
DEFAULT_SEED = 2026
DEFAULT_YEARS = (2019, 2020, 2021, 2022, 2023)
REGION = "TN"
# a fixed clock so the grid database is byte-for-byte repeatable: 2026-11-01T00:00:00Z
BASE_MS = 1_793_491_200_000
USER = "bench"
# share of criteria whose official status disagrees with what the values say
DISAGREE = 0.03

# syllables for made-up but Vietnamese-looking place names (unique within a district)
_FIRST = (
    "Đăk Ngọc Kon Ia Sa Măng Hòa Tân Phú Bình An Thạch Mô Rờ Pô Ya Hơ Tu Xốp Văn Đắk "
    "Chư Krông Ea Lộc Quang Thanh Trung Nam Bắc Long Hưng Vĩnh Thuận"
).split()
_SECOND = (
    "Hà Tô Mar Long Rơ Lây Nhoong Kroong Choong Ring Tăng Blà Cấm Năng Hring Pxi Ui Trăm "
    "Hải Sơn Thịnh Lợi Xuân Đông Tây Bình Phước Khánh Mỹ Lạc Yên Hòa Nghĩa Tiến Thành"
).split()


# -- cache keys -------------------------------------------------------------------


def _inputs_digest(extra: str = "") -> str:
    h = hashlib.sha256()
    h.update(f"gen{GEN_VERSION}|{extra}".encode())
    h.update(Path(__file__).read_bytes())
    for folder in ("db/migrations", "db/criteria", "db/reference"):
        for path in sorted((ROOT / folder).glob("*")):
            if path.is_file():
                h.update(path.name.encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:10]


def grid_path(communes: int, districts: int, years: tuple[int, ...], seed: int) -> Path:
    key = f"grid-c{communes}-d{districts}-y{years[0]}-{years[-1]}-n{len(years)}-s{seed}"
    return OUT / f"{key}-{_inputs_digest(key)}.sqlite3"


def kontum_path(years: tuple[int, ...], seed: int) -> Path:
    key = f"kontum-y{years[0]}-{years[-1]}-n{len(years)}-s{seed}"
    return OUT / f"{key}-{_inputs_digest(key)}.sqlite3"


# -- small helpers ---------------------------------------------------------------------


class Stamps:
    """HLC stamps in the program's format, growing from a fixed base, one per row."""

    def __init__(self, installation: str) -> None:
        self.installation = installation
        self.n = 0

    def next(self) -> str:
        ms, counter = divmod(self.n, 1000)
        self.n += 1
        return f"{BASE_MS + ms:013d}-{counter:05d}-{self.installation}"


def _uuid(rng: random.Random) -> str:
    return str(uuidlib.UUID(int=rng.getrandbits(128), version=4))


def uuid7(rng: random.Random, stamp: str) -> str:
    """A version-7 UUID made at ``stamp``'s millisecond, as ``ids.new_uuid`` makes one
    when the program creates a record (repeatable: random bits from ``rng``)."""
    ms = int(stamp[:13])
    rand = rng.getrandbits(74)
    return str(uuidlib.UUID(int=(ms << 80) | (7 << 76) | ((rand >> 62) << 64) | (2 << 62) | (rand & ((1 << 62) - 1))))


def _iso(ms: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ms / 1000))


def _remove_db(path: Path) -> None:
    for p in [Path(str(path) + s) for s in ("", "-wal", "-shm", "-journal")] + [path.with_suffix(".json")]:
        if p.exists():
            p.unlink()


def _names(rng: random.Random, count: int) -> list[str]:
    pool = [f"{a} {b}" for a in _FIRST for b in _SECOND]
    if count > len(pool):
        raise ValueError(f"at most {len(pool)} names per district")
    return rng.sample(pool, count)


# -- values ------------------------------------------------------------------------------


def _plan_year(cs: criteria.CriteriaSet, region: str, year: int) -> list[tuple]:
    """Per criterion: (criterion, [(indicator, threshold)]), thresholds picked as the engine does."""
    return [
        (crit, [(ind, engine.pick_threshold(ind.thresholds, region, year)) for ind in crit.indicators])
        for crit in cs.criteria
    ]


def _value(rng: random.Random, ind: criteria.Indicator, th: engine.Threshold | None, good: bool) -> float:
    """A number for the indicator that meets its threshold when ``good`` (if it can)."""
    if ind.type == "bool":
        if th is None:
            return 1.0 if (good or rng.random() < 0.6) else 0.0
        for candidate in ((1.0, 0.0) if rng.random() < 0.5 else (0.0, 1.0)):
            if engine.compare(th.op, candidate, th.value) == good:
                return candidate
        return 1.0
    upper = 100.0 if ind.type == "percent" else 60.0
    if th is None:
        return round(rng.uniform(40.0, upper), 1)
    limit = th.value
    if th.op == ">=":
        number = rng.uniform(limit, max(limit, upper)) if good else rng.uniform(0, limit) * 0.98
    elif th.op == "<=":
        number = rng.uniform(0, limit) if good else rng.uniform(limit, upper) * 1.02 + 0.1
    else:
        number = limit if good else limit + 1
    number = min(round(number, 1), upper) if ind.type == "percent" else round(number, 1)
    return number


def _commune_year(
    rng: random.Random, plan: list[tuple], met: set[int],
) -> tuple[list[tuple[int, str, float]], list[tuple[int, int, int | None]]]:
    """Indicator values [(indicator_id, text, num)] and results [(criterion_id, official, computed)]."""
    ivs: list[tuple[int, str, float]] = []
    crs: list[tuple[int, int, int | None]] = []
    for crit, inds in plan:
        target = crit.number in met
        # a criterion not met: one of its indicators (at random) is the one that fails
        failing = -1 if target else rng.randrange(len(inds))
        statuses = []
        for i, (ind, th) in enumerate(inds):
            number = _value(rng, ind, th, good=(i != failing))
            parsed = values.parse(ind.type, number if ind.type != "bool" else bool(number))
            ivs.append((ind.id, parsed.text, parsed.number))
            statuses.append(engine.evaluate_indicator(ind.type, parsed.number, th))
        computed = engine.evaluate_criterion(statuses).as_bool()
        official = target if rng.random() >= DISAGREE else not target
        crs.append((crit.id, int(official), None if computed is None else int(computed)))
    return ivs, crs


def _bulk_load_assessments(
    conn: sqlite3.Connection,
    rng: random.Random,
    commune_ids: list[int],
    years: tuple[int, ...],
    plans: dict[int, list[tuple]],
    stamps: Stamps,
) -> tuple[int, int]:
    """Insert values and results, year by year (as an office enters them). Returns row counts."""
    numbers = [crit.number for crit, _ in plans[years[0]]]
    base = {cid: rng.randint(4, 19) for cid in commune_ids}
    counts = [0, 0]
    iv_sql = (
        "INSERT INTO indicator_values (uuid, commune_id, period, year, pend, indicator_id, value, num,"
        " note, source, updated_at, updated_by, hlc) VALUES (?,?,?,?,?,?,?,?,NULL,'imported',?,?,?)"
    )
    cr_sql = (
        "INSERT INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, official,"
        " note, source, computed, updated_at, updated_by, hlc) VALUES (?,?,?,?,?,?,?,NULL,'imported',?,?,?,?)"
    )
    for year in years:
        period = Period(year, "Y")
        code, pend = period.code, period.ordinal
        plan = plans[year]
        level_step = {cid: rng.randint(0, 2) for cid in commune_ids}
        iv_rows: list[tuple] = []
        cr_rows: list[tuple] = []
        for cid in commune_ids:
            level = min(19, base[cid] + (year - years[0]) * level_step[cid])
            met = set(rng.sample(numbers, level))
            ivs, crs = _commune_year(rng, plan, met)
            stamp = stamps.next()
            at = _iso(int(stamp[:13]))
            for ind_id, value_text, num in ivs:
                hlc = stamps.next()
                iv_rows.append((uuid7(rng, hlc), cid, code, year, pend, ind_id, value_text, num, at, USER, hlc))
            for crit_id, official, computed in crs:
                hlc = stamps.next()
                cr_rows.append((uuid7(rng, hlc), cid, code, year, pend, crit_id, official, computed, at, USER, hlc))
            if len(iv_rows) >= 200_000:
                conn.executemany(iv_sql, iv_rows)
                conn.executemany(cr_sql, cr_rows)
                counts[0] += len(iv_rows)
                counts[1] += len(cr_rows)
                iv_rows, cr_rows = [], []
        conn.executemany(iv_sql, iv_rows)
        conn.executemany(cr_sql, cr_rows)
        counts[0] += len(iv_rows)
        counts[1] += len(cr_rows)
    return counts[0], counts[1]


def _bulk_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -400000")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def _set_hlc_last(conn: sqlite3.Connection, stamp: str) -> None:
    """Keep the installation's last stamp the largest one written (stamps only grow)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'hlc_last'").fetchone()
    if row is None or row[0] < stamp:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('hlc_last', ?)", [stamp])


def _prepare_file(path: Path, rng: random.Random) -> tuple[str, Store]:
    """Create the schema through the program (open_store + bundled criteria sets)."""
    store = open_store(path, create=True)
    installation = _uuid(rng)
    with store.transaction():
        store.set_meta("installation_id", installation)
        store.set_meta("installation_name", "NTM Desktop – bench")
    store._installation = None
    criteria.load_bundled(store)
    return installation, store


def _sets_for(store: Store, years: tuple[int, ...]) -> dict[int, criteria.CriteriaSet]:
    return {y: criteria.get_set(store, criteria.set_for_year(store, y)) for y in years}


# -- the two kinds -----------------------------------------------------------------------


def _build_grid(path: Path, communes: int, districts: int, years: tuple[int, ...], seed: int, log) -> None:
    if communes % districts:
        raise ValueError("communes must be a multiple of districts")
    per_district = communes // districts
    rng = random.Random(seed)
    installation, store = _prepare_file(path, rng)
    sets = _sets_for(store, years)
    plans = {y: _plan_year(sets[y], REGION, y) for y in years}
    store.close()

    stamps = Stamps(installation)
    conn = _bulk_connection(path)
    t0 = time.perf_counter()
    conn.execute("BEGIN")
    unit_sql = (
        "INSERT INTO units (id, uuid, nkey, level, kind, name, name_key, search_key, code, parent_id,"
        " region, dbkk, area_class, border, safe_zone, valid_from, valid_to, demo, updated_at, hlc)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,NULL,0,0,NULL,NULL,0,?,?)"
    )

    def unit_rows() -> Iterator[tuple]:
        stamp = stamps.next()
        yield (1, _uuid(rng), "province:99", "province", "tỉnh", "Thử Nghiệm", text.match_key("Thử Nghiệm"),
               text.search_key("Thử Nghiệm"), "99", None, REGION, 0, _iso(int(stamp[:13])), stamp)
        next_id = 2 + districts
        for d, dname in enumerate(_names(rng, districts)):
            did = 2 + d
            dcode = f"{900 + d:03d}" if districts <= 100 else f"9{d:04d}"
            stamp = stamps.next()
            yield (did, _uuid(rng), f"district:{dcode}", "district", "huyện", dname, text.match_key(dname),
                   text.search_key(dname), dcode, 1, None, 0, _iso(int(stamp[:13])), stamp)
            for cname in _names(rng, per_district):
                index = next_id - 2 - districts
                ccode = f"{90000 + index:05d}" if communes <= 10_000 else f"9{index:06d}"
                stamp = stamps.next()
                yield (next_id, _uuid(rng), f"commune:{ccode}", "commune", "xã", cname, text.match_key(cname),
                       text.search_key(cname), ccode, did, None, int(rng.random() < 0.1),
                       _iso(int(stamp[:13])), stamp)
                next_id += 1

    conn.executemany(unit_sql, unit_rows())
    commune_ids = [r[0] for r in conn.execute("SELECT id FROM units WHERE level = 'commune' ORDER BY id")]
    log(f"  units: {len(commune_ids)} communes in {districts} districts ({time.perf_counter() - t0:.1f}s)")
    n_iv, n_cr = _bulk_load_assessments(conn, rng, commune_ids, years, plans, stamps)
    _set_hlc_last(conn, stamps.next())
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('home_province', 'province:99')")
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('home_district', 'district:900')")
    conn.execute("COMMIT")
    conn.close()
    log(f"  rows: {n_iv} indicator values, {n_cr} criterion results ({time.perf_counter() - t0:.1f}s)")


def _build_kontum(path: Path, years: tuple[int, ...], seed: int, log) -> None:
    rng = random.Random(seed)
    installation, store = _prepare_file(path, rng)
    units.load_reference(store)  # the program's own path; unit uuids are its uuid4s
    with store.transaction():
        store.set_meta("home_province", "province:62")
        store.set_meta("home_district", "district:615")
    communes = units.all_of_level(store, "commune")
    regions = {units.region_of(store, c) for c in communes}
    if regions != {REGION}:
        raise RuntimeError(f"Kon Tum communes should all be in region {REGION}: {regions}")
    sets = _sets_for(store, years)
    plans = {y: _plan_year(sets[y], REGION, y) for y in years}
    last = store.meta("hlc_last") or ""
    store.close()

    stamps = Stamps(installation)
    # continue after the stamps load_reference wrote (real clock), so stamps only grow
    if last and int(last[:13]) >= BASE_MS:
        stamps.n = (int(last[:13]) - BASE_MS + 1) * 1000
    conn = _bulk_connection(path)
    t0 = time.perf_counter()
    conn.execute("BEGIN")
    commune_ids = sorted(c.id for c in communes)
    n_iv, n_cr = _bulk_load_assessments(conn, rng, commune_ids, years, plans, stamps)
    _set_hlc_last(conn, stamps.next())
    conn.execute("COMMIT")
    conn.close()
    log(f"  rows: {n_iv} indicator values, {n_cr} criterion results ({time.perf_counter() - t0:.1f}s)")


def _analyze(path: Path) -> float:
    """Run ANALYZE, as the program's first ``Store.close()`` (PRAGMA optimize) would.

    A database the office has used has statistics; a just-imported one gets them at the
    first close. The time it takes is kept in the sidecar file (``first_close_analyze_s``).
    """
    conn = sqlite3.connect(path, isolation_level=None)
    # the kept per-commune summary masks (store/masks.py), as the program's first close folds them
    from ntm_desktop.store import masks

    masks.fold(conn)
    started = time.perf_counter()
    conn.execute("ANALYZE")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def info(path: Path) -> dict:
    """The sidecar facts written when ``path`` was generated (empty if none)."""
    side = path.with_suffix(".json")
    return json.loads(side.read_text()) if side.exists() else {}


def _ensure(path: Path, build, log) -> Path:
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.stem + ".part.sqlite3")
    _remove_db(tmp)
    started = time.perf_counter()
    log(f"generating {path.name} …")
    build(tmp)
    generated = time.perf_counter() - started
    analyze_s = _analyze(tmp)
    log(f"  ANALYZE {analyze_s:.1f}s")
    # leave a single file, no -wal: the program switches to WAL again on open
    tmp.replace(path)
    conn = sqlite3.connect(path)
    counts = {
        table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("units", "indicator_values", "criterion_results")
    }
    conn.close()
    facts = {
        "file": path.name,
        "bytes": path.stat().st_size,
        "generate_s": round(generated, 2),
        "first_close_analyze_s": round(analyze_s, 3),
        "rows": counts,
    }
    path.with_suffix(".json").write_text(json.dumps(facts, indent=1))
    log(f"  done in {time.perf_counter() - started:.1f}s, {path.stat().st_size / 1e6:.0f} MB")
    _prune(path, log)
    return path


def _prune(path: Path, log) -> None:
    """Remove the files of the same kind and size made from older inputs (another digest): they
    are never read again, and the 10,000-commune ones take 640 MB each."""
    key = path.stem.rsplit("-", 1)[0]
    for old in path.parent.glob(f"{key}-*.sqlite3"):
        if old != path and old.stem.rsplit("-", 1)[0] == key and not old.name.endswith(".part.sqlite3"):
            log(f"  removing {old.name} (older inputs)")
            _remove_db(old)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ensure_grid(
    communes: int = 10_000,
    districts: int = 100,
    years: tuple[int, ...] = DEFAULT_YEARS,
    seed: int = DEFAULT_SEED,
    log=_stderr,
) -> Path:
    """Path of the cached grid database, generating it first if needed."""
    path = grid_path(communes, districts, years, seed)
    return _ensure(path, lambda p: _build_grid(p, communes, districts, years, seed, log), log)


def ensure_kontum(years: tuple[int, ...] = DEFAULT_YEARS, seed: int = DEFAULT_SEED, log=_stderr) -> Path:
    """Path of the cached Kon Tum (85 communes) database with the same data density."""
    path = kontum_path(years, seed)
    return _ensure(path, lambda p: _build_kontum(p, years, seed, log), log)


def bench_env() -> dict[str, str]:
    """Environment for the benchmarks' subprocesses: offscreen Qt, logs under bench/out, and the
    modules run compiled as an installed program's are (``PYTHONDONTWRITEBYTECODE``, set in some
    shells, would recompile every edited module at every start: bench_first_paint)."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["NTM_DATA_DIR"] = str(OUT / "data")
    env.pop("NTM_DB", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _years(value: str) -> tuple[int, ...]:
    first, _, last = value.partition("-")
    return tuple(range(int(first), int(last or first) + 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=10_000)
    parser.add_argument("--districts", type=int, default=100)
    parser.add_argument("--years", type=_years, default=DEFAULT_YEARS, help="e.g. 2019-2023")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--kontum", action="store_true", help="the 85 Kon Tum communes instead")
    parser.add_argument("--force", action="store_true", help="regenerate even if cached")
    args = parser.parse_args(argv)
    if args.kontum:
        path = kontum_path(args.years, args.seed)
        if args.force:
            _remove_db(path)
        path = ensure_kontum(args.years, args.seed)
    else:
        path = grid_path(args.communes, args.districts, args.years, args.seed)
        if args.force:
            _remove_db(path)
        path = ensure_grid(args.communes, args.districts, args.years, args.seed)
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
