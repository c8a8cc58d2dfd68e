-- Sync packages (issue 6; docs/package-format.md).
-- The installation's key pair lives in meta (sync_public_key, sync_private_key); its id
-- and name are meta installation_id / installation_name (made by storage on creation).
-- None of these tables travels in packages: they are this installation's bookkeeping.

-- Other installations whose packages this one accepts, with the key remembered for each.
CREATE TABLE sync_peers (
    installation TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    public_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('trusted', 'revoked')),
    how TEXT NOT NULL CHECK (how IN ('first_use', 'manual')),
    first_seen TEXT NOT NULL,
    last_seen TEXT,
    updated_at TEXT NOT NULL
);

-- Every package written or imported here.
CREATE TABLE sync_packages (
    id INTEGER PRIMARY KEY,
    package_id TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
    peer TEXT,
    peer_name TEXT,
    origin TEXT NOT NULL,
    created_at TEXT NOT NULL,
    processed_at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('full', 'changes')),
    scope TEXT NOT NULL,
    file_name TEXT,
    size INTEGER,
    sha256 TEXT,
    counts TEXT NOT NULL,
    result TEXT,
    UNIQUE (package_id, direction)
);
CREATE INDEX sync_packages_peer ON sync_packages(peer, processed_at);

-- What was last sent to a peer (or to anyone: peer ''), per scope: the change-log id up
-- to which everything in that scope went into a package.
CREATE TABLE sync_watermarks (
    peer TEXT NOT NULL,
    scope TEXT NOT NULL,
    change_id INTEGER NOT NULL,
    package_id TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (peer, scope)
);

-- Values that lost to a newer concurrent value in an import, kept for a person to review.
-- The winner columns follow the record's current version while the conflict is open.
CREATE TABLE sync_conflicts (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    nkey TEXT NOT NULL,
    loser_hlc TEXT NOT NULL,
    loser_state TEXT,
    loser_at TEXT,
    loser_user TEXT,
    loser_installation TEXT NOT NULL,
    winner_hlc TEXT NOT NULL,
    winner_state TEXT,
    winner_at TEXT,
    winner_user TEXT,
    winner_installation TEXT NOT NULL,
    package_id TEXT,
    detected_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    resolution TEXT CHECK (resolution IN ('kept', 'other', 'superseded')),
    UNIQUE (nkey, loser_hlc)
);
CREATE INDEX sync_conflicts_open ON sync_conflicts(resolved_at, id);

-- History per record ordered by clock (audit.history, version vectors of sync) replaces
-- the plain nkey index; deletions are found quickly for tombstones.
DROP INDEX IF EXISTS changes_nkey;
CREATE INDEX changes_nkey_hlc ON changes(nkey, hlc);
CREATE INDEX changes_deletes ON changes(entity, nkey) WHERE op = 'delete';
