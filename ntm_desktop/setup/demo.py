"""The demo dataset: invented results and twinnings on Kon Tum's real units, marked DEMO
everywhere.

Demo data goes into its own database file (never into a real one), whose ``meta``
row ``demo = 1`` makes the window show a DEMO banner and title. The figures are random
with a fixed seed; they are not the province's results.
"""

from __future__ import annotations

import random
from pathlib import Path

from ntm_desktop import assessments, criteria, units
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
        # the twinning package: 10.7 ms of every window start (python -X importtime, load 6),
        # for the demo's fill only
        from ntm_desktop.setup.demo_twinning import add_twinning

        add_twinning(store, rng)
