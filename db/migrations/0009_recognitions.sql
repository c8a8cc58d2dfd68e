-- A commune's recognitions (issue 17 part 6; docs/recognition.md): đạt chuẩn nông thôn mới
-- ('ntm'), nâng cao ('nang-cao'), kiểu mẫu ('kieu-mau') and hiện đại ('hien-dai'), each by a
-- decision of a day, and its revocation (thu hồi) by another decision. Written only by
-- ntm_desktop/recognition/records.py. The rows travel in sync packages like twinnings
-- (0003): a uuid, a natural key built from the unit's nkey, the kind and the decision
-- (recognition|<unit nkey>|<kind>|<decision key>), a clock stamp and a tombstone flag.
CREATE TABLE recognitions (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    nkey TEXT NOT NULL UNIQUE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL CHECK (kind IN ('ntm', 'nang-cao', 'kieu-mau', 'hien-dai')),
    year INTEGER NOT NULL,
    decision TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    issuer TEXT,
    revoked_decision TEXT,
    revoked_on TEXT CHECK (revoked_on IS NULL OR revoked_on >= decided_on),
    note TEXT,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    hlc TEXT NOT NULL
);
CREATE INDEX recognitions_unit ON recognitions(unit_id);
