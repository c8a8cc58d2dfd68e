"""The demo dataset: invented results and twinnings on Kon Tum's real units, marked DEMO
everywhere.

Demo data goes into its own database file (never into a real one), whose ``meta``
row ``demo = 1`` makes the window show a DEMO banner and title. The figures are random
with a fixed seed; they are not the province's results.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

from ntm_desktop import assessments, criteria, paths, twinning, units
from ntm_desktop.periods import Period
from ntm_desktop.store import audit, open_database
from ntm_desktop.store.database import Store

DEMO_YEARS = (2019, 2020, 2021)


def is_demo(store: Store) -> bool:
    return store.meta("demo") == "1"


def holds_data(store: Store) -> bool:
    """Whether the database holds any assessment value or twinning (CONTRACT §6: such a
    database is never filled with demo data)."""
    return any(store.query(f"SELECT 1 FROM {table} LIMIT 1")
               for table in ("indicator_values", "criterion_results", "twinnings"))


def create(path: Path, seed: int = 2020) -> Store:
    """Create a demo database at ``path`` and return it open."""
    store = open_database(path, create=True)
    fill(store, seed)
    return store


def fill(store: Store, seed: int = 2020) -> None:
    """Fill an empty database with the demo dataset (the caller checks :func:`holds_data`)."""
    criteria.load_bundled(store)
    units.load_reference(store)
    with store.transaction():
        store.set_meta("demo", "1")
        store.set_meta("installation_name", "NTM Desktop – DEMO")
    rng = random.Random(seed)
    communes = units.all_of_level(store, "commune")
    batch = audit.new_batch("imported", "DEMO dataset")
    with store.transaction():
        for commune in communes:
            base = rng.randint(4, 19)  # of 19; scaled to the year's set (10 criteria from 2026)
            for year in DEMO_YEARS:
                period = Period(year, "Y")
                cs = criteria.get_set(store, criteria.set_for_year(store, year))
                count = len(cs.criteria)
                level = min(count, round((base + (year - DEMO_YEARS[0]) * rng.randint(0, 2)) * count / 19))
                met = set(rng.sample([c.number for c in cs.criteria], level))
                for crit in cs.criteria:
                    assessments.set_official(
                        store, commune, period, crit.number, crit.number in met,
                        set_code=cs.code, source="imported", batch=batch,
                    )
        # a few indicator values, so the scorecard shows computed statuses too
        sample = communes[: max(1, len(communes) // 4)]
        cs = criteria.get_set(store, criteria.set_for_year(store, 2020))
        for commune in sample:
            for crit in cs.criteria:
                for ind in crit.indicators:
                    value: str | None
                    if ind.type == "bool":
                        value = rng.choice(["có", "không", "có"])
                    elif ind.type == "percent":
                        value = str(rng.randint(40, 100))
                    elif ind.type == "number":
                        value = str(rng.randint(25, 55))
                    else:
                        value = None
                    if value is not None:
                        assessments.set_indicator_value(
                            store, commune, Period(2020, "Y"), ind.code, value,
                            set_code=cs.code, source="imported", batch=batch,
                        )
    with store.transaction():
        add_twinning(store, rng)


# Invented twinnings on real agency names (the whole database is marked DEMO).
DEMO_AGENCIES = (
    "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Xây dựng", "Sở Giao thông vận tải",
    "Bộ Chỉ huy Quân sự tỉnh", "Công an tỉnh", "Tỉnh đoàn", "Hội Nông dân tỉnh",
    "Ngân hàng Chính sách xã hội chi nhánh tỉnh Kon Tum", "Công ty TNHH MTV Cao su Kon Tum",
    "Văn phòng UBND tỉnh", "Kho bạc Nhà nước tỉnh",
)
DEMO_MOVES = ((0, "Ngọc Hồi", "Bờ Y"), (3, "Sa Thầy", "Mô Rai"), (8, "Kon Plông", "Đăk Nên"))
DEMO_NEW = (("Sở Công Thương", "Kon Rẫy", "Đăk Kôi"), ("Hội Liên hiệp Phụ nữ tỉnh", "Tu Mơ Rông", "Ngọk Yêu"))
DEMO_VILLAGES = (
    ("Phòng Nông nghiệp và PTNT huyện Đăk Hà", "Đăk Hà", "Đăk Long", "Thôn Kon Gung"),
    ("Phòng Giáo dục và Đào tạo huyện Đăk Hà", "Đăk Hà", "Đăk Ui", "Thôn Đăk Wek"),
    ("Huyện đoàn Đăk Hà", "Đăk Hà", "Đăk Ui", "Thôn Kon Ri"),
)
# rough sizes per kind: (lowest, highest quantity, đồng per unit or None)
_DEMO_SIZES = {
    "staff_trips": (2, 12, None), "money_production": (5, 60, 1_000_000), "models": (1, 4, 8_000_000),
    "households": (3, 20, None), "labour_days": (10, 80, None), "money_social": (5, 40, 1_000_000),
    "houses": (1, 3, 50_000_000), "scholarships": (5, 30, 500_000), "gifts": (20, 120, 300_000),
    "medical": (50, 300, None),
}


def _demo_contributions(store: Store, rng: random.Random, twin: twinning.Assignment) -> None:
    for year in DEMO_YEARS:
        for kind in rng.sample(sorted(_DEMO_SIZES), 3):
            low, high, price = _DEMO_SIZES[kind]
            start = max(twin.start, date(year, 1, 1))
            stop = min(twin.end or date(year, 12, 31), date(year, 12, 31))
            if stop <= start:
                continue
            on = date.fromordinal(rng.randint(start.toordinal(), stop.toordinal() - 1))
            quantity = rng.randint(low, high)
            if twinning.KIND_BY_CODE[kind].money:
                twinning.add_contribution(store, twin, on, kind, amount=quantity * (price or 0),
                                          source="DEMO")
            else:
                amount = quantity * price if price else None
                twinning.add_contribution(store, twin, on, kind, quantity=quantity, amount=amount,
                                          source="DEMO")


def _written(result: twinning.Result) -> twinning.Assignment:
    """The assignment a demo write made: each one is new, so there always is one."""
    assert result.assignment is not None
    return result.assignment


def add_twinning(store: Store, rng: random.Random) -> None:
    """Demo twinnings: province agencies with the especially difficult communes since 2016,
    three reassigned and two newly assigned in 2021, district agencies with villages, and
    contributions for the demo years."""
    pairs = _difficult_communes()
    first = twinning.Decision.of("01/QĐ-UBND", "2015-12-28", "DEMO")
    twins = []
    for i, name in enumerate(DEMO_AGENCIES):
        district, commune = pairs[i % len(pairs)]
        unit = units.resolve_commune(store, commune, district)
        twins.append(_written(twinning.assign_by_name(store, name, unit, date(2016, 1, 1), decision=first)))
    moved = twinning.Decision.of("512/QĐ-UBND", "2021-06-10", "DEMO")
    for index, district, commune in DEMO_MOVES:
        target = units.resolve_commune(store, commune, district)
        twins.append(_written(twinning.reassign(store, twins[index], target, date(2021, 6, 15), decision=moved)))
        twins[index] = twinning.get_assignment(store, twins[index].uuid)
    for name, district, commune in DEMO_NEW:
        unit = units.resolve_commune(store, commune, district)
        twins.append(_written(twinning.assign_by_name(store, name, unit, date(2021, 6, 15), decision=moved)))
    village_decision = twinning.Decision.of("88/QĐ-UBND", "2018-12-20", "DEMO")
    for name, district, commune, village in DEMO_VILLAGES:
        unit = units.resolve_commune(store, commune, district)
        twins.append(_written(twinning.assign_by_name(store, name, unit, date(2019, 1, 1), village=village,
                                                      level="district", decision=village_decision)))
    for twin in twins:
        _demo_contributions(store, rng, twin)


def _difficult_communes() -> list[tuple[str, str]]:
    data = json.loads((paths.reference_dir() / "kontum-units-2020.json").read_text(encoding="utf-8"))
    return [(d, c) for d, c in data["especially_difficult_twinned_2021"]["communes"]]
