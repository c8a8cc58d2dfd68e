"""The demo database's twinnings (CONTRACT §6): province agencies with the especially
difficult communes since 2016, reassignments and new assignments in 2021, district agencies
with villages, and contributions for the demo years. Apart from ``setup/demo.py`` so that
the window, which asks ``demo.is_demo`` at every start, does not import the twinning package."""

from __future__ import annotations

import json
import random
from datetime import date

from ntm_desktop import paths, twinning, units
from ntm_desktop.setup.demo import DEMO_YEARS
from ntm_desktop.store.database import Store

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
