"""Criteria sets travel as their data files (the province sends new sets down).

A set travels as its latest *published* version (docs/criteria-format.md "Versions"): a
province's drafts stay home. Its version stamp is the change-log row (``criteria_set:<code>``)
that made that content; its content is the published document itself (holding ``version`` and
``published``), carried as ``records/criteria_sets/<n>-<code>.json``, so the office shows the
province's version number. A set never published travels as it is only when the package's
records use it (values need their set). Two installations that loaded the same file hold the
same content hash.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ntm_desktop import criteria
from ntm_desktop.assessments import evaluator
from ntm_desktop.criteria import set_versions
from ntm_desktop.errors import InputRejected
from ntm_desktop.store.database import Store
from ntm_desktop.sync import versions
from ntm_desktop.sync.entities.base import Context, Entity, Item, Selection
from ntm_desktop.sync.entities.units import OLDEST, _logged

FOLDER = "records/criteria_sets"


def _digest(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


class CriteriaSets(Entity):
    name = "criteria_set"
    member = "records/criteria_sets.csv"
    columns = ("nkey", "hlc", "seen", "base", "logged", "at", "by", "code", "hash", "file")
    tombstones = False

    def state_key(self, state: dict[str, Any]) -> str:
        return str(state.get("hash"))

    def _stamps(self, store: Store) -> dict[str, tuple[str, str, str | None]]:
        """nkey → (hlc, at, user) of each set's latest change."""
        out: dict[str, tuple[str, str, str | None]] = {}
        for nkey, hlc, at, user in store.db.conn.execute(
            "SELECT nkey, hlc, at, user FROM changes WHERE entity = 'criteria_set'"
        ):
            if nkey not in out or versions.newer(hlc, out[nkey][0]):
                out[nkey] = (hlc, at, user)
        return out

    def _stamp_of(self, store: Store, nkey: str, digest: str) -> tuple[str, str, str | None] | None:
        """(hlc, at, user) of the newest change-log row that made this content of the set."""
        found: tuple[str, str, str | None] | None = None
        for hlc, at, user, new in store.db.conn.execute(
            "SELECT hlc, at, user, new FROM changes WHERE entity = 'criteria_set' AND nkey = ?", [nkey]
        ):
            try:
                made = json.loads(new).get("hash") if new else None
            except (ValueError, AttributeError):
                made = None
            if made == digest and (found is None or versions.newer(hlc, found[0])):
                found = (hlc, at, user)
        return found

    def live(self, store: Store, nkey: str) -> bool:
        return bool(store.db.conn.execute("SELECT 1 FROM criteria_sets WHERE code = ?",
                                          [nkey.split(":", 1)[1]]).fetchone())

    def export(self, store: Store, sel: Selection) -> Iterator[list[Any]]:
        """Rows; the documents are written by :meth:`documents` (the exporter asks)."""
        stamps = self._stamps(store)
        changed = None if sel.full else sel.changed.get(self.name, set())
        anc = versions.ancestry(store, self.name, self.state_key, every=True)
        logged = _logged(store, self.name, sel.since)
        published = set_versions.latest_published(store)
        stored = store.query("SELECT code, content, content_hash FROM criteria_sets ORDER BY code")
        for index, row in enumerate(stored, 1):
            nkey = f"criteria_set:{row['code']}"
            if changed is not None and nkey not in changed and row["code"] not in sel.referenced_sets:
                continue
            content, digest = row["content"], row["content_hash"]
            if row["code"] in published:
                _number, content, digest = published[row["code"]]
            elif row["code"] not in sel.referenced_sets:
                continue  # a draft never published stays here
            stamp = stamps.get(nkey) if digest == row["content_hash"] else None
            hlc, at, user = (stamp or self._stamp_of(store, nkey, digest) or stamps.get(nkey)
                             or (OLDEST + store.installation_id, "", None))
            file = f"{FOLDER}/{index}-{re.sub(r'[^A-Za-z0-9_.-]', '_', row['code'])}.json"
            history = anc.get(nkey)
            seen = " ".join(history.seen_for(hlc)) if history else ""
            base = " ".join(history.bases_for(digest)) if history else ""
            sel.documents.append((file, content.encode("utf-8")))
            yield [nkey, hlc, seen, base, "1" if (nkey, hlc) in logged else "", at, user or "", row["code"],
                   digest, file]

    def parse(self, rows: Iterator[list[str]], ctx: Context) -> Iterator[list[Item]]:
        items = []
        for number, row in enumerate(rows, start=2):
            if len(row) != len(self.columns):
                raise ctx.bad(self.member, number, "số cột / columns")
            nkey, hlc, seen, base, logged, at, by, code, digest, file = row
            if nkey != f"criteria_set:{code}" or not file.startswith(FOLDER + "/"):
                raise ctx.bad(self.member, number, "khóa / key")
            try:
                versions.parse(hlc)
                content = ctx.cache["package"].text(file)
                document = json.loads(content)
            except (ValueError, KeyError) as exc:
                raise ctx.bad(self.member, number, f"{file}: {str(exc)[:80]}") from None
            if _digest(content) != digest:
                raise ctx.bad(self.member, number, f"{file}: hash")
            try:
                criteria.validate(document, Path(file))
            except InputRejected as exc:
                raise ctx.bad(self.member, number, exc.message) from None
            if document.get("code") != code:
                raise ctx.bad(self.member, number, "code")
            state = {"code": code, "hash": digest, "name": document.get("name"), "content": content}
            items.append(Item(nkey, hlc, digest, state, seen=versions.split(seen), base=versions.split(base),
                              uuid=nkey, at=at or None, by=by or None, logged=logged == "1"))
            ctx.incoming_sets[code] = document
        if items:
            yield items

    def local(self, items: list[Item], ctx: Context) -> dict[str, Item]:
        stamps = self._stamps(ctx.store)
        out = {}
        for row in ctx.store.query("SELECT code, name, content, content_hash FROM criteria_sets"):
            nkey = f"criteria_set:{row['code']}"
            hlc, at, user = stamps.get(nkey) or (OLDEST + ctx.store.installation_id, None, None)
            state = {"code": row["code"], "hash": row["content_hash"], "name": row["name"], "content": row["content"]}
            out[nkey] = Item(nkey, hlc, row["content_hash"], state, uuid=nkey, at=at, by=user)
        return out

    def state(self, item: Item) -> dict[str, Any] | None:
        return None if item.deleted else dict(item.data)

    def decided(self, item: Item, applies: bool, ctx: Context) -> None:
        """Called while classifying: which sets the import will hold afterwards."""
        if applies:
            ctx.applied_sets.add(item.data["code"])

    def write(self, pairs: list[tuple[Item, Item | None]], ctx: Context) -> None:
        for inc, _loc in pairs:
            document = json.loads(inc.data["content"])
            # a logged load would write a row under a local stamp; the incoming version's own
            # row (from the package's history, or made by the import) stands for it instead
            criteria.load_document(ctx.store, document, logged=False, source="package")
            ctx.recompute_sets.add(inc.data["code"])
        ctx.cache.pop("indicator_ids", None)
        ctx.cache.pop("criterion_ids", None)
        ctx.cache.pop("assess_maps", None)

    def remove(self, pairs: list[tuple[Item, Item]], ctx: Context) -> None:
        """Criteria sets are not deleted by sync."""

    def describe(self, store: Store, nkey: str) -> str:
        return nkey.split(":", 1)[1]

    def show(self, store: Store, nkey: str, state: dict[str, Any] | None) -> str:
        if state is None:
            return ""
        return f"{state.get('name') or ''} (SHA-256 {str(state.get('hash'))[:12]}…)"

    def resolve(self, store: Store, nkey: str, state: dict[str, Any] | None, batch: Any) -> None:
        if state is None or not state.get("content"):
            return
        criteria.load_document(store, json.loads(state["content"]), source="package")
        evaluator.recompute_sets(store, {state["code"]})


CRITERIA_SETS = CriteriaSets()
