"""Plausibility-check tests (ntm_desktop/checks/): real database files from the root
conftest's fixtures (``store``: the bundled sets and Kon Tum; ``test_store``: the small test
set), values written through ``assessments.set_indicator_value``, or through the package
import's bulk writer for a value the entry refuses (a percentage over 100)."""

import pytest

from ntm_desktop import ids, periods, units, values
from ntm_desktop.assessments import indicator_values, resolve_set


@pytest.fixture
def ha_mon(store):
    return units.resolve_commune(store, "Hà Mòn", "Đăk Hà")


def stored_as_package(store, commune, period_code, code, number):
    """A value as a package from an older program would bring it: not checked at entry."""
    period = periods.parse(period_code)
    ind = resolve_set(store, period, None).indicator(code)[1]
    row = (ids.new_uuid(), commune.id, period.code, period.year, period.ordinal, ind.id,
           values.canonical_number(number), number, None, "imported", "2026-01-01T00:00:00", "test",
           store.next_hlc())
    with store.transaction():
        indicator_values.upsert_many(store, [row])
