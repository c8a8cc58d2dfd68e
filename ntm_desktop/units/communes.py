"""Adding communes by hand or from an import (``ntm units add``, ``--add-units``).

Both go through :func:`~ntm_desktop.units.state.upsert_unit`, so a commune added here is
stamped and logged like one from the reference file, and travels in packages.
"""

from __future__ import annotations

from ntm_desktop import text
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.units.names import candidates, resolve_district
from ntm_desktop.units.records import Unit
from ntm_desktop.units.state import upsert_unit


def add_commune(
    store: Store, district: str, commune: str, code: str | None = None, demo: bool = False
) -> Unit:
    """Create a commune under a known district (refused if it exists there already)."""
    dist = resolve_district(store, district)
    name = text.strip_prefix(text.clean(commune))
    if code is not None:
        code = text.clean(code)
        if not code.isdigit():
            raise InputRejected("unit.bad_code", code=code)
        taken = store.query("SELECT name FROM units WHERE level = 'commune' AND code = ?", [code])
        if taken:
            raise InputRejected("unit.code_taken", code=code, other=taken[0]["name"])
    if candidates(store, "commune", name, [dist.id]):
        raise InputRejected("unit.exists", commune=name, district=dist.name)
    batch = audit.new_batch("entered", f"add commune {name}")
    with store.transaction():
        return upsert_unit(
            store, batch, level="commune", name=name, parent=dist, code=code, demo=demo
        )


def add_commune_in(store: Store, batch: audit.Batch, district: str, commune: str) -> Unit:
    """Create a commune inside a caller's transaction and batch (imports with --add-units)."""
    dist = resolve_district(store, district)
    name = text.strip_prefix(text.clean(commune))
    return upsert_unit(store, batch, level="commune", name=name, parent=dist)
