-- Units of both eras (issue 16): the national lists before and after 1 July 2025 and the
-- reform between them (db/reference/units-vn-*.json, loaded by `ntm init --province`).

-- A GSO code names a unit together with a date: the new xã Ia Chim (from 2025-07-01) keeps
-- the code 23326 of the old one. A code is unique per level and start date, no longer per level.
DROP INDEX IF EXISTS units_level_code;
CREATE UNIQUE INDEX units_level_code_from ON units(level, code, coalesce(valid_from, ''))
    WHERE code IS NOT NULL;
CREATE INDEX units_code ON units(code) WHERE code IS NOT NULL;

-- The reform's events (CONTRACT §5) have lists of units on both sides; a row holds one
-- (from, to) pair: unit_id the unit before, other_unit_id the unit after. A `merged` event
-- is the rows sharing (kind, date, decision, other_unit_id), a `split` the rows sharing
-- (kind, date, decision, unit_id), a `moved` one row (ntm_desktop/units/eras.py groups them).
-- The kinds of CONTRACT §5 join the earlier ones, so the table is rebuilt with the wider check.
CREATE TABLE unit_events_new (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL CHECK (kind IN ('renamed_from', 'merged_into', 'split_from',
                                       'reclassified', 'moved', 'dissolved',
                                       'merged', 'split', 'renamed', 'created', 'ended')),
    other_unit_id INTEGER REFERENCES units(id),
    old_name TEXT,
    on_date TEXT,
    decision TEXT,
    note TEXT
);
INSERT INTO unit_events_new (id, uuid, unit_id, kind, other_unit_id, old_name, on_date, decision, note)
    SELECT id, uuid, unit_id, kind, other_unit_id, old_name, on_date, decision, note FROM unit_events;
DROP TABLE unit_events;
ALTER TABLE unit_events_new RENAME TO unit_events;
CREATE INDEX unit_events_unit ON unit_events(unit_id);
CREATE INDEX unit_events_other ON unit_events(other_unit_id);
