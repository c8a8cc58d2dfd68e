"""Communes of a legacy table matched to units by (district, commune) name, with the
caches a table of 10,000 rows needs (one query for every commune's names and aliases,
instead of 10,000).

A row without a district (a year after 1 July 2025, when there are none) is matched among the
communes in force on the year's last day: by its code where the table has a code column, else
by its name where that name is unique that day; an ambiguous name is reported, not guessed."""

from __future__ import annotations

from typing import Any

from ntm_desktop import text, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.excel.table_preview import Problem, TablePreview, TableRow
from ntm_desktop.store.database import Store
from ntm_desktop.units.names import candidates


class Resolver:
    """Matches (district, commune) names to units, with caches for large tables."""

    def __init__(self, store: Store, day: str | None = None) -> None:
        self.store = store
        self.day = day  # the year's last day: rows without a district are matched among the units in force
        self._in_force: dict[str, list[units.Unit]] | None = None
        self.districts: dict[str, units.Unit | None] = {}
        self._district_names: dict[str, units.Unit | None] = {}  # as written → self.districts[its key]
        self.communes: dict[tuple[int, str], units.Unit | None] = {}
        # exact names and aliases of every commune, loaded once: a table of 10,000 rows
        # must not cost 10,000 queries (names that miss fall back to resolve_commune).
        # (parent id, key) → the ids of the communes holding it; a commune's record is made
        # from its row when a table row matches it (:meth:`_unit`): a province's table on the
        # national database matches a few hundred of its 13,000 communes
        self.exact: dict[tuple[int, str], list[int]] = {}
        self._rows: dict[int, Any] = {}
        self._units: dict[int, units.Unit] = {}
        for row in store.query(
            "SELECT u.*, a.alias_key AS alias_key FROM units u LEFT JOIN unit_aliases a ON a.unit_id = u.id"
            " WHERE u.level = 'commune'"
        ):
            unit_id, parent = row["id"], row["parent_id"] or 0
            self._rows[unit_id] = row
            for key in (row["name_key"], row["alias_key"]):
                if key is not None:
                    bucket = self.exact.setdefault((parent, key), [])
                    if unit_id not in bucket:
                        bucket.append(unit_id)

    def _unit(self, unit_id: int) -> units.Unit:
        """The commune of that id, from the row read at the start (made once)."""
        unit = self._units.get(unit_id)
        if unit is None:
            unit = self._units[unit_id] = units.Unit.from_row(self._rows[unit_id])
        return unit

    def district(self, name: str) -> units.Unit | None:
        if name in self._district_names:  # the same name on every row of its group
            return self._district_names[name]
        key = text.match_key(name)
        if key not in self.districts:
            try:
                self.districts[key] = units.resolve_district(self.store, name)
            except InputRejected:
                self.districts[key] = None
        found = self._district_names[name] = self.districts[key]
        return found

    def match(self, preview: TablePreview, row: TableRow) -> None:
        district = self.district(row.district)
        if district is None:
            preview.errors.append(Problem("table.unknown_district", {"row": row.row, "district": row.district}))
            return
        if self.day is not None and district.valid_to is not None and district.valid_to < self.day[:4] + "-01-01":
            preview.errors.append(Problem("table.district_ended", {  # a 2026 table naming an old district
                "row": row.row, "district": district.name, "end": _date(district.valid_to), "year": self.day[:4]}))
            return
        key = (district.id, text.match_key(row.commune))
        if key not in self.communes:
            found = self.exact.get(key)
            if found is not None and len(found) == 1:
                self.communes[key] = self._unit(found[0])
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

    def without_districts(self) -> bool:
        """Whether the communes in force on the day have no district (a year after 1 July 2025)."""
        return self.day is not None and bool(self.store.query(
            "SELECT 1 FROM units u JOIN units p ON p.id = u.parent_id WHERE u.level = 'commune'"
            " AND p.level = 'province' AND (u.valid_from IS NULL OR u.valid_from <= ?1)"
            " AND (u.valid_to IS NULL OR u.valid_to >= ?1) LIMIT 1", [self.day]))

    def in_force(self) -> dict[str, list[units.Unit]]:
        """Name and alias keys → the communes in force on the day holding them (one query)."""
        if self._in_force is None:
            self._in_force = {}
            for row in self.store.query(
                "SELECT u.*, a.alias_key AS alias_key FROM units u LEFT JOIN unit_aliases a ON a.unit_id = u.id"
                " WHERE u.level = 'commune' AND (u.valid_from IS NULL OR u.valid_from <= ?1)"
                " AND (u.valid_to IS NULL OR u.valid_to >= ?1)", [self.day]
            ):
                unit = units.Unit.from_row(row)
                for key in {row["name_key"], row["alias_key"]} - {None}:
                    bucket = self._in_force.setdefault(key, [])
                    if all(u.id != unit.id for u in bucket):
                        bucket.append(unit)
        return self._in_force

    def match_in_force(self, preview: TablePreview, row: TableRow) -> None:
        """A row without a district: its code, else its name among the communes in force on the day."""
        assert self.day is not None
        if row.code:
            try:
                row.unit = units.resolve_code(self.store, row.code, self.day)
            except InputRejected:
                preview.errors.append(Problem("table.unknown_code", {"row": row.row, "code": row.code,
                                                                     "commune": row.commune}))
            return
        found = self.in_force().get(text.match_key(row.commune), [])
        if not found:  # accent-insensitive, as names are everywhere
            found = candidates(self.store, "commune", row.commune, None, self.day)
        if len(found) == 1:
            row.unit = found[0]
        elif found:
            preview.errors.append(Problem("table.ambiguous_commune", {
                "row": row.row, "commune": row.commune, "day": _date(self.day),
                "units": "; ".join(self._label(u) for u in found)}))
        else:
            names = sorted({u.name for bucket in self.in_force().values() for u in bucket}, key=text.sort_key)
            row.suggestions = text.closest(row.commune, names)

    def parent_name(self, unit: units.Unit) -> str:
        return units.get(self.store, unit.parent_id).name if unit.parent_id else ""

    def _label(self, unit: units.Unit) -> str:
        parent = self.parent_name(unit)
        return f"{unit.name} ({', '.join(p for p in (parent, f'mã {unit.code}' if unit.code else '') if p)})"


def _date(day: Any) -> str:
    """``2026-12-31`` → ``31/12/2026`` (the window's and the messages' form)."""
    year, month, dd = str(day).split("-")
    return f"{dd}/{month}/{year}"
