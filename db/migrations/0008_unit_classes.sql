-- Commune groups and regions as dated facts (issue 17 part 3; CONTRACT §1 `ntm units classify`).
-- A commune's group (1, 2, 3: the 2026-2030 sets) or region (TDMNPB … DBSCL: the 2016-2025 sets)
-- from a day: a criteria set keyed by groups assesses a commune by its group in force on the
-- period's last day, a set keyed by regions by its dated region, else by the undated units.region
-- inherited from its parents. valid_to is the fact's last day (inclusive, as units.valid_to): the
-- previous fact of the same unit and kind ends the day before a new one starts; NULL while open.
-- Written only by ntm_desktop/units/classes.py. The rows travel in sync packages like twinnings
-- (0003): a uuid, a natural key (unit_class|<unit nkey>|<kind>|<valid_from>), a clock stamp and
-- a tombstone flag (deleted = 1, an undone fact) instead of a hard delete.
CREATE TABLE unit_classes (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    nkey TEXT NOT NULL UNIQUE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL CHECK (kind IN ('group', 'region')),
    value TEXT NOT NULL CHECK (
        (kind = 'group' AND value IN ('1', '2', '3'))
        OR (kind = 'region' AND value IN ('TDMNPB', 'DBSH', 'BTB', 'DHNTB', 'TN', 'DNB', 'DBSCL'))),
    valid_from TEXT NOT NULL,
    valid_to TEXT CHECK (valid_to IS NULL OR valid_to >= valid_from),
    decision TEXT,
    note TEXT,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    hlc TEXT NOT NULL
);
CREATE INDEX unit_classes_unit ON unit_classes(unit_id, kind, valid_from);
