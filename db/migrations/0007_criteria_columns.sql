-- Criteria sets of the 2021-2030 decisions (issue 17, docs/criteria-format.md): a set's kind,
-- its exact dates, how its threshold columns are keyed (region or commune group), its rules and
-- bands (JSON); thresholds that a person assesses (no operator, no value, a text), strict
-- operators and a unit. SQLite cannot alter a CHECK, so `thresholds` is rebuilt.
-- Written by ntm_desktop/criteria/tables.py, read by ntm_desktop/criteria/sets.py.
ALTER TABLE criteria_sets ADD COLUMN kind TEXT;
ALTER TABLE criteria_sets ADD COLUMN from_date TEXT;
ALTER TABLE criteria_sets ADD COLUMN to_date TEXT;
ALTER TABLE criteria_sets ADD COLUMN column_key TEXT NOT NULL DEFAULT 'region';
ALTER TABLE criteria_sets ADD COLUMN rules TEXT;
ALTER TABLE criteria_sets ADD COLUMN bands TEXT;
UPDATE criteria_sets SET
    kind = CASE WHEN level = 'village' THEN 'thon' WHEN tier = 'nang_cao' THEN 'nang-cao'
                WHEN tier = 'kieu_mau' THEN 'kieu-mau' WHEN tier = 'hien_dai' THEN 'hien-dai' ELSE 'xa' END,
    from_date = printf('%04d-01-01', valid_from),
    to_date = printf('%04d-12-31', valid_to);

CREATE TABLE thresholds_new (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    region TEXT NOT NULL,
    op TEXT CHECK (op IN ('>=', '<=', '>', '<', '==')),
    value REAL,
    year_from INTEGER,
    year_to INTEGER,
    certainty TEXT,
    source TEXT,
    note TEXT,
    text TEXT,
    unit TEXT,
    CHECK ((op IS NULL) = (value IS NULL)),
    CHECK (op IS NOT NULL OR text IS NOT NULL)
);
INSERT INTO thresholds_new (id, indicator_id, region, op, value, year_from, year_to, certainty, source, note)
    SELECT id, indicator_id, region, op, value, year_from, year_to, certainty, source, note FROM thresholds;
DROP TABLE thresholds;
ALTER TABLE thresholds_new RENAME TO thresholds;
CREATE INDEX thresholds_indicator ON thresholds(indicator_id);
