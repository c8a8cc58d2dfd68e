"""Loading set documents into the criteria tables: their one writer.

``criteria_sets``, ``criteria``, ``responsibilities``, ``indicators``, ``thresholds`` and
``criteria_set_versions`` are written here only. Each load of new content is one more version of
the set (docs/criteria-format.md "Versions"); :func:`publish` marks the current one published.
Loading is idempotent and keyed by the set's code and the indicator codes, so values already
entered stay attached when a revised file arrives; a document whose SHA-256 matches the stored
one is not written at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ntm_desktop import clock, text
from ntm_desktop.criteria.documents import bundled_files, derived, read_file
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store


def load_file(store: Store, path: Path) -> bool:
    """Load (or update) one set from its file. Returns True if anything changed."""
    data = read_file(path)
    return load_document(store, data, source="file")


def _content(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _digest(content: str) -> str:
    # only when a set changes: OpenSSL's load, 2.5 ms under -X importtime (December 2026), which
    # every window start paid when prepare() compared the bundled sets by their digests
    import hashlib

    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _dump(data: dict[str, Any]) -> tuple[str, str]:
    content = _content(data)
    return content, _digest(content)


def _number(store: Store, code: str, data: dict[str, Any]) -> int:
    """The new version's number: the document's own (a province's published version) when it is
    above every local one, else the next local number."""
    latest = store.query("SELECT max(version) AS n FROM criteria_set_versions WHERE code = ?", [code])[0]["n"] or 0
    carried = data.get("version")
    return carried if isinstance(carried, int) and not isinstance(carried, bool) and carried > latest else latest + 1


def _published(data: dict[str, Any], source: str, now: str) -> tuple[str | None, str | None]:
    """(published_at, published_by) of a version as it is loaded: a bundled file is published with
    the program, a set file (a decision's JSON document) when it is loaded, a package carries
    published versions only; a workbook import or an edit in the window is a draft until
    :func:`publish`."""
    mark = data.get("published")
    if isinstance(mark, dict) and mark.get("at"):
        return str(mark["at"]), (str(mark["by"]) if mark.get("by") else None)
    if source in ("bundled", "file", "package"):
        return now, None
    return None, None


def load_document(
    store: Store, data: dict[str, Any], *, logged: bool = True, source: str = "file", note: str | None = None
) -> bool:
    """Load (or update) one set from its document. Returns True if anything changed.

    New content is one more version of the set (``criteria_set_versions``), ``source`` saying
    where it came from: 'bundled', 'file', 'workbook', 'edited' or 'package'; ``note`` is kept
    with it. ``logged=False`` writes no change-log row: sync stores an incoming set this way, since
    a row here would carry a local stamp; the incoming version's own row (from the
    package's history, or made by the import) stands for it instead."""
    content = _content(data)
    code = text.clean(data["code"])
    # the same content is the same digest (the digest is of this text): compared as text
    existing = store.query("SELECT id, content, content_hash FROM criteria_sets WHERE code = ?", [code])
    if existing and existing[0]["content"] == content:
        return False
    digest = _digest(content)
    batch = audit.new_batch("reference", f"criteria set {code}")
    extra = derived(data)
    now = clock.now_iso()
    with store.transaction():
        number = _number(store, code, data)
        published_at, published_by = _published(data, source, now)
        store.db.execute(
            "INSERT INTO criteria_set_versions (code, version, content, content_hash, loaded_at, loaded_by, source,"
            " note, published_at, published_by) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [code, number, content, digest, now, store.user, source, note, published_at, published_by],
        )
        row = {
            "name": text.clean(data["name"]),
            "name_en": data.get("name_en"),
            "level": data["level"],
            "tier": data["tier"],
            "valid_from": data["valid_from"],
            "valid_to": data["valid_to"],
            "requires": data.get("requires"),
            "decision": text.clean(data["decision"]),
            "content": content,
            "content_hash": digest,
            "loaded_at": now,
            "version": number,
            "kind": extra["kind"],
            "from_date": extra["from_date"],
            "to_date": extra["to_date"],
            "column_key": extra["columns"],
            "rules": json.dumps(data["rules"], ensure_ascii=False) if data.get("rules") else None,
            "bands": json.dumps(extra["bands"], ensure_ascii=False) if extra["bands"] else None,
        }
        if existing:
            set_id = existing[0]["id"]
            assign = ", ".join(f"{k} = ?" for k in row)
            store.db.execute(f"UPDATE criteria_sets SET {assign} WHERE id = ?", [*row.values(), set_id])
        else:
            cols = ["code", *row]
            set_id = store.db.execute(
                f"INSERT INTO criteria_sets ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                [code, *row.values()],
            ).lastrowid
        _load_criteria(store, set_id, data)
        if logged:
            audit.record(
                store,
                batch,
                entity="criteria_set",
                entity_uuid=f"criteria_set:{code}",
                nkey=f"criteria_set:{code}",
                old={"code": code, "hash": existing[0]["content_hash"]} if existing else None,
                new={"code": code, "hash": digest, "name": row["name"], "version": number},
            )
    store.cache.clear()
    return True


def publish(store: Store, code: str) -> int:
    """Publish the set's current version: the document gains ``version`` and ``published``
    (who, when), so that packages carry it down with its number. Returns the version number.
    Refused (``cv.already_published``) when the current version is published already."""
    rows = store.query("SELECT content, content_hash, version, name FROM criteria_sets WHERE code = ?",
                       [text.clean(code)])
    if not rows:
        raise InputRejected("criteria.unknown_set", code=code, codes="—")
    head = rows[0]
    version = store.query("SELECT id, published_at FROM criteria_set_versions WHERE code = ? AND version = ?",
                          [text.clean(code), head["version"]])
    if version and version[0]["published_at"]:
        raise InputRejected("cv.already_published", code=code, version=head["version"])
    now = clock.now_iso()
    data = json.loads(head["content"])
    data["version"] = head["version"]
    data["published"] = {"at": now, "by": store.user}
    content, digest = _dump(data)
    batch = audit.new_batch("reference", f"publish criteria set {code}")
    with store.transaction():
        if version:
            store.db.execute(
                "UPDATE criteria_set_versions SET content = ?, content_hash = ?, published_at = ?, published_by = ?"
                " WHERE id = ?", [content, digest, now, store.user, version[0]["id"]])
        else:  # a set stored without a versions row (cannot happen after migration 0012)
            store.db.execute(
                "INSERT INTO criteria_set_versions (code, version, content, content_hash, loaded_at, loaded_by,"
                " source, published_at, published_by) VALUES (?,?,?,?,?,?,'file',?,?)",
                [text.clean(code), head["version"], content, digest, now, store.user, now, store.user])
        store.db.execute("UPDATE criteria_sets SET content = ?, content_hash = ? WHERE code = ?",
                         [content, digest, text.clean(code)])
        audit.record(
            store, batch, entity="criteria_set", entity_uuid=f"criteria_set:{text.clean(code)}",
            nkey=f"criteria_set:{text.clean(code)}", old={"code": text.clean(code), "hash": head["content_hash"]},
            new={"code": text.clean(code), "hash": digest, "name": head["name"], "version": head["version"],
                 "published": True},
        )
    store.cache.clear()
    return int(head["version"])


def _load_criteria(store: Store, set_id: int, data: dict[str, Any]) -> None:
    groups = {g["code"]: g for g in data["groups"]}
    keep_indicators: set[str] = set()
    for crit in data["criteria"]:
        group = groups[crit["group"]]
        store.db.execute(
            "INSERT INTO criteria (set_id, number, name, name_en, group_code, group_name, group_name_en)"
            " VALUES (?,?,?,?,?,?,?) ON CONFLICT(set_id, number) DO UPDATE SET name = excluded.name,"
            " name_en = excluded.name_en, group_code = excluded.group_code,"
            " group_name = excluded.group_name, group_name_en = excluded.group_name_en",
            [
                set_id,
                crit["number"],
                text.clean(crit["name"]),
                crit.get("name_en"),
                group["code"],
                text.clean(group["name"]),
                group.get("name_en"),
            ],
        )
        crit_id = store.query(
            "SELECT id FROM criteria WHERE set_id = ? AND number = ?", [set_id, crit["number"]]
        )[0]["id"]
        store.db.execute("DELETE FROM responsibilities WHERE criterion_id = ?", [crit_id])
        for resp in crit.get("responsible") or []:
            store.db.execute(
                "INSERT INTO responsibilities (criterion_id, body, date_from, date_to, certainty)"
                " VALUES (?,?,?,?,?)",
                [crit_id, text.clean(resp["body"]), resp.get("from"), resp.get("to"), resp.get("certainty")],
            )
        for order, ind in enumerate(crit["indicators"]):
            code = text.clean(ind["code"])
            keep_indicators.add(code)
            store.db.execute(
                "INSERT INTO indicators (set_id, criterion_id, code, ord, name, name_en, type, unit, certainty)"
                " VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(set_id, code) DO UPDATE SET"
                " criterion_id = excluded.criterion_id, ord = excluded.ord, name = excluded.name,"
                " name_en = excluded.name_en, type = excluded.type, unit = excluded.unit,"
                " certainty = excluded.certainty",
                [
                    set_id,
                    crit_id,
                    code,
                    order,
                    text.clean(ind["name"]),
                    ind.get("name_en"),
                    ind["type"],
                    ind.get("unit"),
                    ind.get("certainty"),
                ],
            )
            ind_id = store.query(
                "SELECT id FROM indicators WHERE set_id = ? AND code = ?", [set_id, code]
            )[0]["id"]
            store.db.execute("DELETE FROM thresholds WHERE indicator_id = ?", [ind_id])
            for th in ind.get("thresholds") or []:
                store.db.execute(
                    "INSERT INTO thresholds (indicator_id, region, op, value, year_from, year_to,"
                    " certainty, source, note, text, unit) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        ind_id,
                        th["region"],
                        th.get("op"),
                        float(th["value"]) if th.get("op") is not None else None,
                        th.get("year_from"),
                        th.get("year_to"),
                        th.get("certainty"),
                        th.get("source"),
                        th.get("note"),
                        th.get("text"),
                        th.get("unit"),
                    ],
                )
    # indicators dropped from the file go, unless values were entered against them
    for row in store.query("SELECT id, code FROM indicators WHERE set_id = ?", [set_id]):
        if row["code"] in keep_indicators:
            continue
        used = store.query("SELECT 1 FROM indicator_values WHERE indicator_id = ? LIMIT 1", [row["id"]])
        if not used:
            store.db.execute("DELETE FROM thresholds WHERE indicator_id = ?", [row["id"]])
            store.db.execute("DELETE FROM indicators WHERE id = ?", [row["id"]])


def load_bundled(store: Store) -> int:
    """Load every set shipped in db/criteria/. Returns how many sets changed.

    A set the province imported from its decision's workbook under a bundled set's code
    (the document holds ``imported_from``), edited in the window, or published by a province
    (the document holds ``published``) stands: the bundled file does not replace it."""
    changed = 0
    for path in bundled_files():
        data = read_file(path)
        code = text.clean(data["code"])
        stored = store.query(
            "SELECT s.content, v.source FROM criteria_sets s LEFT JOIN criteria_set_versions v"
            " ON v.code = s.code AND v.version = s.version WHERE s.code = ?", [code])
        if stored and _stands(stored[0]["content"], stored[0]["source"]):
            continue
        changed += load_document(store, data, source="bundled")
    return changed


def _stands(content: str, source: str | None) -> bool:
    if source in ("workbook", "edited"):
        return True
    if '"imported_from"' not in content and '"published"' not in content:
        return False
    stored = json.loads(content)
    return bool(stored.get("imported_from") or stored.get("published"))


def _restore_criteria_set(
    store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch
) -> None:
    """Loading a criteria set is not undone: the file is reloaded instead."""

