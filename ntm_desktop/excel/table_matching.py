"""Communes of a legacy table matched to units by (district, commune) name, with the
caches a table of 10,000 rows needs (one query for every commune's names and aliases,
instead of 10,000)."""

from __future__ import annotations

from ntm_desktop import text, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.excel.table_preview import Problem, TablePreview, TableRow
from ntm_desktop.store.database import Store


class Resolver:
    """Matches (district, commune) names to units, with caches for large tables."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.districts: dict[str, units.Unit | None] = {}
        self.communes: dict[tuple[int, str], units.Unit | None] = {}
        # exact names and aliases of every commune, loaded once: a table of 10,000 rows
        # must not cost 10,000 queries (names that miss fall back to resolve_commune)
        self.exact: dict[tuple[int, str], list[units.Unit]] = {}
        for row in store.query(
            "SELECT u.*, a.alias_key AS alias_key FROM units u LEFT JOIN unit_aliases a ON a.unit_id = u.id"
            " WHERE u.level = 'commune'"
        ):
            unit = units.Unit.from_row(row)
            for key in {row["name_key"], row["alias_key"]} - {None}:
                bucket = self.exact.setdefault((unit.parent_id or 0, key), [])
                if all(u.id != unit.id for u in bucket):
                    bucket.append(unit)

    def district(self, name: str) -> units.Unit | None:
        key = text.match_key(name)
        if key not in self.districts:
            try:
                self.districts[key] = units.resolve_district(self.store, name)
            except InputRejected:
                self.districts[key] = None
        return self.districts[key]

    def match(self, preview: TablePreview, row: TableRow) -> None:
        district = self.district(row.district)
        if district is None:
            preview.errors.append(Problem("table.unknown_district", {"row": row.row, "district": row.district}))
            return
        key = (district.id, text.match_key(row.commune))
        if key not in self.communes and len(self.exact.get(key, [])) == 1:
            self.communes[key] = self.exact[key][0]
        if key not in self.communes:
            try:
                self.communes[key] = units.resolve_commune(self.store, row.commune, district.name)
            except InputRejected as error:
                self.communes[key] = None
                row.suggestions = [d.split(": ", 1)[-1] for d in error.details]
        row.unit = self.communes[key]
        if row.unit is None:
            row.district = district.name
            if not row.suggestions:
                siblings = units.children(self.store, district.id, "commune")
                suggestions = text.closest(row.commune, [u.name for u in siblings])
                row.suggestions = suggestions
