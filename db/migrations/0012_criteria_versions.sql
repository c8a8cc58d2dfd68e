-- Versions of a criteria set (issue 17 part 2; docs/criteria-format.md "Versions"). Every
-- load of new content (bundled file, workbook, an edit in the window, a package) is one more
-- version: 1, 2, … per set code. ``published_at``/``published_by`` say that the version was
-- published (by the province, or with the program for a bundled file); packages carry the
-- latest published version of each set. Written only by ntm_desktop/criteria/tables.py.
CREATE TABLE criteria_set_versions (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    content TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    loaded_by TEXT,
    source TEXT NOT NULL CHECK (source IN ('bundled', 'file', 'workbook', 'edited', 'package')),
    note TEXT,
    published_at TEXT,
    published_by TEXT,
    UNIQUE (code, version)
);

-- the set's current version (the one its criteria tables hold)
ALTER TABLE criteria_sets ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- the sets already stored are their version 1, published (they travelled in packages before)
INSERT INTO criteria_set_versions (code, version, content, content_hash, loaded_at, source, published_at)
SELECT code, 1, content, content_hash, loaded_at,
       CASE WHEN content LIKE '%"imported_from"%' THEN 'workbook' ELSE 'bundled' END, loaded_at
FROM criteria_sets;

-- the version of the set a result was assessed with: an official status remembers the version
-- in force when it was recorded; a row holding only a computed status, the version that
-- computed it (docs/criteria-format.md "Versions")
ALTER TABLE criterion_results ADD COLUMN set_version INTEGER;
UPDATE criterion_results SET set_version = 1;
