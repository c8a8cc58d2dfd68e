"""Communes of a legacy table matched to units by (district, commune) name, with the
caches a table of 10,000 rows needs (one query a district for its communes' records, names
and aliases, instead of one a row).

A row without a district (a year after 1 July 2025, when there are none) is matched among the
communes in force on the year's last day: by its code where the table has a code column, else
by its name where that name is unique that day; an ambiguous name is reported, not guessed."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ntm_desktop import text, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.excel.table_preview import Problem, TablePreview, TableRow
from ntm_desktop.store.database import Store
from ntm_desktop.units import records
from ntm_desktop.units.names import candidates


class Resolver:
    """Matches (district, commune) names to units, with caches for large tables."""

    def __init__(self, store: Store, day: str | None = None) -> None:
        self.store = store
        self.day = day  # the year's last day: rows without a district are matched among the units in force
        self._in_force: dict[str, list[units.Unit]] | None = None
        self.districts: dict[str, units.Unit | None] = {}
        self._district_names: dict[str, units.Unit | None] = {}  # as written → self.districts[its key]
        # (district id, commune name's key) → the commune, or None where none is found. A district's
        # communes are read in one query when a row first names it (:meth:`_load`): every name and
        # alias key one of them alone holds is put here at once with the commune's record, and the
        # other keys are left to resolve_commune, at their first sight. A table of 10,000 rows must not
        # cost 10,000 queries, and a province's table on the national database reads its own
        # districts' communes, not the country's 13,000 (issue 22: plain rows, not sqlite3.Row, no
        # query of every commune's keys first: the 10,000 communes of 100 districts read, made and
        # keyed in 40 instead of 92 ms, load 1.6)
        self.communes: dict[tuple[int, str], units.Unit | None] = {}
        self._loaded: set[int] = set()  # the districts whose communes are read

    def _load(self, district_id: int) -> None:
        """Read the communes of a district: their records, by each name and alias key one of them
        alone holds (before any commune of the district is looked up: nothing of it is kept yet)."""
        self._loaded.add(district_id)
        rows = self.store.db.conn.execute(
            f"SELECT {records.columns('u')}, u.name_key, a.alias_key FROM units u"
            " LEFT JOIN unit_aliases a ON a.unit_id = u.id WHERE u.parent_id = ? AND u.level = 'commune'",
            [district_id],
        ).fetchall()
        made = list(map(records.Unit.from_values, rows))
        names = [values[-2] for values in rows]
        if [values[-1] for values in rows].count(None) == len(rows) and len(set(names) - {None}) == len(rows):
            # no alias, every commune a name of its own (a row each): each name's key is its commune's
            self.communes.update(zip(zip([district_id] * len(names), names, strict=True), made, strict=True))
            return
        by_id = dict(zip([values[0] for values in rows], made, strict=True))
        # (name or alias key, commune id) pairs, each once: a commune holding a key twice holds it once
        held = {(v[-2], v[0]) for v in rows if v[-2] is not None} | {(v[-1], v[0]) for v in rows if v[-1] is not None}
        holders = Counter(key for key, _unit_id in held)
        self.communes.update(((district_id, key), by_id[unit_id]) for key, unit_id in held if holders[key] == 1)

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
        if found is not None and found.id not in self._loaded:
            self._load(found.id)
        return found

    def match(self, preview: TablePreview, row: TableRow) -> None:
        known = self._district_names  # the same name on every row of its group: looked up here, not called
        district = known[row.district] if row.district in known else self.district(row.district)
        if district is None:
            preview.errors.append(Problem("table.unknown_district", {"row": row.row, "district": row.district}))
            return
        if self.day is not None and district.valid_to is not None and district.valid_to < self.day[:4] + "-01-01":
            preview.errors.append(Problem("table.district_ended", {  # a 2026 table naming an old district
                "row": row.row, "district": district.name, "end": _date(district.valid_to), "year": self.day[:4]}))
            return
        key = (district.id, text.match_key(row.commune))
        unit = self.communes.get(key)
        if unit is None and key not in self.communes:
            unit = self.communes[key] = self._resolved(district, row)
        row.unit = unit
        if unit is None:
            row.district = district.name
            if not row.suggestions:
                siblings = units.children(self.store, district.id, "commune")
                suggestions = text.closest(row.commune, [u.name for u in siblings])
                row.suggestions = suggestions

    def _resolved(self, district: units.Unit, row: TableRow) -> units.Unit | None:
        """A commune whose name's key no commune of the district alone holds, at its first sight: what
        :func:`units.resolve_commune` finds (None, and the row's suggestions from its refusal, where
        it finds none)."""
        try:
            return units.resolve_commune(self.store, row.commune, district.name)
        except InputRejected as error:
            row.suggestions = [d.split(": ", 1)[-1] for d in error.details]
            return None

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
            for row in self.store.db.conn.execute(
                f"SELECT {records.columns('u')}, u.name_key, a.alias_key FROM units u"
                " LEFT JOIN unit_aliases a ON a.unit_id = u.id"
                " WHERE u.level = 'commune' AND (u.valid_from IS NULL OR u.valid_from <= ?1)"
                " AND (u.valid_to IS NULL OR u.valid_to >= ?1)", [self.day]
            ):
                unit = records.Unit.from_values(row)
                for key in {row[-2], row[-1]} - {None}:
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
