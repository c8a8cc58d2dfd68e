-- NTM Desktop schema, version 1.
-- Records that travel between installations carry a uuid and a natural key (nkey).

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT
);

-- Administrative units: province → district → commune → village, any depth.
CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    nkey TEXT NOT NULL UNIQUE,
    level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune', 'village')),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    search_key TEXT NOT NULL,
    code TEXT,
    parent_id INTEGER REFERENCES units(id),
    region TEXT,
    dbkk INTEGER NOT NULL DEFAULT 0 CHECK (dbkk IN (0, 1)),
    area_class TEXT CHECK (area_class IN ('I', 'II', 'III')),
    border INTEGER NOT NULL DEFAULT 0 CHECK (border IN (0, 1)),
    safe_zone INTEGER NOT NULL DEFAULT 0 CHECK (safe_zone IN (0, 1)),
    valid_from TEXT,
    valid_to TEXT,
    demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
    updated_at TEXT NOT NULL,
    hlc TEXT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_level_key ON units(level, name_key);
CREATE UNIQUE INDEX units_level_code ON units(level, code) WHERE code IS NOT NULL;

CREATE TABLE unit_aliases (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    alias_key TEXT NOT NULL,
    UNIQUE (unit_id, alias_key)
);
CREATE INDEX unit_aliases_key ON unit_aliases(alias_key);

-- A unit's history: renamed from, merged into, split from, reclassified, dissolved.
CREATE TABLE unit_events (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL CHECK (kind IN ('renamed_from', 'merged_into', 'split_from',
                                       'reclassified', 'moved', 'dissolved')),
    other_unit_id INTEGER REFERENCES units(id),
    old_name TEXT,
    on_date TEXT,
    decision TEXT,
    note TEXT
);
CREATE INDEX unit_events_unit ON unit_events(unit_id);

-- Criteria sets, loaded from the data files in db/criteria/.
CREATE TABLE criteria_sets (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_en TEXT,
    level TEXT NOT NULL,
    tier TEXT NOT NULL,
    valid_from INTEGER NOT NULL,
    valid_to INTEGER NOT NULL,
    requires TEXT,
    decision TEXT,
    content TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);

CREATE TABLE criteria (
    id INTEGER PRIMARY KEY,
    set_id INTEGER NOT NULL REFERENCES criteria_sets(id),
    number INTEGER NOT NULL,
    name TEXT NOT NULL,
    name_en TEXT,
    group_code TEXT NOT NULL,
    group_name TEXT NOT NULL,
    group_name_en TEXT,
    UNIQUE (set_id, number)
);

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    set_id INTEGER NOT NULL REFERENCES criteria_sets(id),
    criterion_id INTEGER NOT NULL REFERENCES criteria(id),
    code TEXT NOT NULL,
    ord INTEGER NOT NULL,
    name TEXT NOT NULL,
    name_en TEXT,
    type TEXT NOT NULL CHECK (type IN ('bool', 'percent', 'number', 'text')),
    unit TEXT,
    certainty TEXT,
    UNIQUE (set_id, code)
);
CREATE INDEX indicators_criterion ON indicators(criterion_id);

CREATE TABLE thresholds (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    region TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('>=', '<=', '==')),
    value REAL NOT NULL,
    year_from INTEGER,
    year_to INTEGER,
    certainty TEXT,
    source TEXT,
    note TEXT
);
CREATE INDEX thresholds_indicator ON thresholds(indicator_id);

-- Responsible body per criterion, as dated data (departments merge and rename).
CREATE TABLE responsibilities (
    id INTEGER PRIMARY KEY,
    criterion_id INTEGER NOT NULL REFERENCES criteria(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    date_from TEXT,
    date_to TEXT,
    certainty TEXT
);

-- Override of the criteria set in force for a year.
CREATE TABLE year_sets (
    year INTEGER NOT NULL,
    level TEXT NOT NULL DEFAULT 'commune',
    set_code TEXT NOT NULL,
    PRIMARY KEY (year, level)
);

-- Indicator values: commune × period × indicator.
CREATE TABLE indicator_values (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    commune_id INTEGER NOT NULL REFERENCES units(id),
    period TEXT NOT NULL,
    year INTEGER NOT NULL,
    pend INTEGER NOT NULL,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    value TEXT NOT NULL,
    num REAL,
    note TEXT,
    source TEXT NOT NULL CHECK (source IN ('entered', 'imported', 'computed')),
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    hlc TEXT NOT NULL,
    UNIQUE (commune_id, period, indicator_id)
);

-- Criterion results: the official status recorded by the district (with a note)
-- and the status computed from the indicators (a cache the engine maintains).
CREATE TABLE criterion_results (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    commune_id INTEGER NOT NULL REFERENCES units(id),
    period TEXT NOT NULL,
    year INTEGER NOT NULL,
    pend INTEGER NOT NULL,
    criterion_id INTEGER NOT NULL REFERENCES criteria(id),
    official INTEGER CHECK (official IN (0, 1)),
    note TEXT,
    source TEXT NOT NULL CHECK (source IN ('entered', 'imported', 'computed')),
    computed INTEGER CHECK (computed IN (0, 1)),
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    hlc TEXT NOT NULL,
    UNIQUE (commune_id, period, criterion_id)
);
CREATE INDEX criterion_results_year ON criterion_results(year, criterion_id);

-- The change log: every write, in the same transaction, with the row before and after.
CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    batch TEXT NOT NULL,
    at TEXT NOT NULL,
    user TEXT,
    installation TEXT NOT NULL,
    hlc TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_uuid TEXT NOT NULL,
    nkey TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    old TEXT,
    new TEXT,
    source TEXT NOT NULL,
    label TEXT
);
CREATE INDEX changes_nkey ON changes(nkey);
CREATE INDEX changes_batch ON changes(batch);
