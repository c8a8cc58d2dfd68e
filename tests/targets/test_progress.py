"""Issue 22: the summary's ``targets`` come from ``targets.progress`` (light to import). Its
``percent`` works whole counts out in integers and gives exactly the Decimal half-up rounding it
gave; ``shares`` gives what the records' live states gave (the province's and a district's
targets, a removed one, a target of 0)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ntm_desktop import targets, units
from ntm_desktop.targets import progress, service


def _decimal_percent(met, target):
    if not target:
        return None
    return float((Decimal(met) * 100 / Decimal(target)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_percent_in_integers_is_the_decimal_rounding():
    for target in [*range(0, 400), 1_000, 3_321, 9_999, 10_000, 50_000]:
        for met in [*range(0, 120), 199, 200, 201, 999, 3_320, 10_000, 12_345]:
            assert progress.percent(met, target) == _decimal_percent(met, target), (met, target)
    assert progress.percent(57, 35) == 162.86 and progress.percent(1, 8) == 12.5 and progress.percent(3, 0) is None
    assert progress.percent(1, 2.5) == _decimal_percent(1, 2.5) == 40.0  # not a whole count: Decimal as before
    assert targets.percent is progress.percent


def test_shares_are_the_live_states_counts(store):
    district = units.resolve_district(store, "Đăk Hà")
    targets.set_counts(store, [targets.Count(2024, 1, 20), targets.Count(2024, 5, 0), targets.Count(2024, 7, 12),
                               targets.Count(2024, 2, 4, scope=district), targets.Count(2023, 1, 9)])
    targets.set_counts(store, [targets.Count(2024, 7, None)])  # removed: a tombstone, no target
    per = {str(n): n * 3 for n in range(1, 20)}
    for scope in (None, district.id, units.resolve_any(store, "Kon Tum").id):
        expected = {str(n): {"communes": s["communes"], "met": per[str(n)], "percent": _decimal_percent(
            per[str(n)], s["communes"])} for n, s in sorted(service.counts(store, 2024, scope).items())}
        assert targets.shares(store, 2024, scope, per) == expected
    assert targets.shares(store, 2024, None, per) == {
        "1": {"communes": 20, "met": 3, "percent": 15.0}, "5": {"communes": 0, "met": 15, "percent": None}}
    assert targets.shares(store, 2024, district.id, per) == {"2": {"communes": 4, "met": 6, "percent": 150.0}}
    assert targets.shares(store, 2022, None, per) == {}
