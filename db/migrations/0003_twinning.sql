-- Twinning (kết nghĩa): agencies, their assignments to communes or villages over time,
-- and what they contributed (issue 4; docs/twinning.md).
-- These rows travel in sync packages: each has a uuid, a natural key (nkey, built from
-- unit nkeys and names, never from local ids), a clock stamp (hlc) and a tombstone flag
-- (deleted = 1) instead of a hard delete.

-- A province or district agency (sở, ban, ngành, đoàn thể, doanh nghiệp, lực lượng vũ trang,
-- ngân hàng …). owner_id is the province or district unit it belongs to.
CREATE TABLE agencies (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    nkey TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    search_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('province', 'district')),
    owner_id INTEGER NOT NULL REFERENCES units(id),
    contact TEXT,
    phone TEXT,
    note TEXT,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    updated_at TEXT NOT NULL,
    hlc TEXT NOT NULL
);
CREATE INDEX agencies_name_key ON agencies(name_key);

-- One agency twinned with one commune or village from date_from; date_to is the day it
-- stopped (exclusive: active on d when date_from <= d < date_to; NULL while active).
CREATE TABLE twinnings (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    nkey TEXT NOT NULL UNIQUE,
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    date_from TEXT NOT NULL,
    date_to TEXT CHECK (date_to IS NULL OR date_to > date_from),
    decision TEXT,
    decision_date TEXT,
    decision_signer TEXT,
    end_decision TEXT,
    end_decision_date TEXT,
    end_decision_signer TEXT,
    note TEXT,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    updated_at TEXT NOT NULL,
    hlc TEXT NOT NULL
);
CREATE INDEX twinnings_agency ON twinnings(agency_id);
CREATE INDEX twinnings_unit ON twinnings(unit_id);

-- What an agency contributed under one twinning. quantity is in the kind's unit (lượt,
-- căn, suất …; NULL for the money kinds); amount is a value in đồng.
CREATE TABLE contributions (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    nkey TEXT NOT NULL UNIQUE,
    twinning_id INTEGER NOT NULL REFERENCES twinnings(id),
    on_date TEXT NOT NULL,
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    quantity REAL CHECK (quantity IS NULL OR quantity >= 0),
    amount INTEGER CHECK (amount IS NULL OR amount >= 0),
    source TEXT,
    note TEXT,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    updated_at TEXT NOT NULL,
    hlc TEXT NOT NULL
);
CREATE INDEX contributions_twinning ON contributions(twinning_id);
CREATE INDEX contributions_year ON contributions(year);
