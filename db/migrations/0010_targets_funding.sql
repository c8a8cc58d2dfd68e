-- Targets and funding (issue 18 parts 1 and 2; CONTRACT §8; docs/planning.md).
--
-- targets: what a resolution sets. kind 'communes': how many communes of a scope should meet
-- criterion `criterion` by `year` ("mục tiêu 35 xã"); the scope is `unit_id` (a district, or
-- NULL for the whole province, that is every commune of the database). The other kinds are a
-- commune's own targets (`unit_id` the commune): the year it should reach the standard ('ntm'),
-- nâng cao, kiểu mẫu, hiện đại, or ('criterion') a criterion. Written only by
-- ntm_desktop/targets/records.py.
--
-- funding: one entry of money by year, unit (NULL: the province), source, level (for 'local',
-- the counterpart's level) and kind (plan or disbursed), in million đồng. Written only by
-- ntm_desktop/funding/records.py.
--
-- Both travel in sync packages like recognitions (0009): a uuid, a natural key, a clock stamp
-- and a tombstone flag.
CREATE TABLE targets (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    nkey TEXT NOT NULL UNIQUE,
    unit_id INTEGER REFERENCES units(id),
    kind TEXT NOT NULL CHECK (kind IN ('communes', 'ntm', 'nang-cao', 'kieu-mau', 'hien-dai', 'criterion')),
    year INTEGER NOT NULL,
    criterion INTEGER,
    communes INTEGER CHECK (communes IS NULL OR communes >= 0),
    decision TEXT,
    note TEXT,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    hlc TEXT NOT NULL,
    CHECK ((kind = 'communes') = (communes IS NOT NULL)),
    CHECK (kind NOT IN ('communes', 'criterion') OR criterion IS NOT NULL)
);
CREATE INDEX targets_year ON targets(year, kind);

CREATE TABLE funding (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    nkey TEXT NOT NULL UNIQUE,
    unit_id INTEGER REFERENCES units(id),
    year INTEGER NOT NULL,
    source TEXT NOT NULL
        CHECK (source IN ('central', 'local', 'carried', 'integrated', 'credit', 'enterprise', 'people')),
    level TEXT CHECK (level IS NULL OR level IN ('province', 'district', 'commune')),
    kind TEXT NOT NULL CHECK (kind IN ('plan', 'disbursed')),
    amount REAL NOT NULL CHECK (amount >= 0),
    note TEXT,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    hlc TEXT NOT NULL,
    CHECK (source = 'local' OR level IS NULL)
);
CREATE INDEX funding_year ON funding(year, unit_id);
