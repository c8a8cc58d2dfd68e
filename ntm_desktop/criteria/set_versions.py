"""The versions of a criteria set, read back (``criteria_set_versions``, written by :mod:`.tables`).

Each load of new content is one more version (1, 2, …); the set's tables hold the latest one,
its *current* version. A version is *published* when ``published_at`` is set: by
:func:`~ntm_desktop.criteria.tables.publish`, with the program for a bundled file, or by the
province for a version that reached this office in a package. Packages carry each set's latest
published version (docs/criteria-format.md "Versions").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ntm_desktop import text
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store


@dataclass(frozen=True)
class Version:
    code: str
    version: int
    content_hash: str
    loaded_at: str
    loaded_by: str | None
    source: str
    note: str | None
    published_at: str | None
    published_by: str | None
    current: bool

    @property
    def published(self) -> bool:
        return self.published_at is not None

    def line(self) -> str:
        """One line, as ``ntm criteria versions`` and the window list it."""
        state = (t("cv.state.published", at=(self.published_at or "")[:10],
                   by=f" ({self.published_by})" if self.published_by else "")
                 if self.published else t("cv.state.draft"))
        return t("cv.line", version=self.version, loaded_at=self.loaded_at[:16].replace("T", " "),
                 source=t(f"cv.source.{self.source}"), by=f", {self.loaded_by}" if self.loaded_by else "",
                 state=state, current=t("cv.current") if self.current else "")

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code, "version": self.version, "hash": self.content_hash, "loaded_at": self.loaded_at,
            "loaded_by": self.loaded_by, "source": self.source, "note": self.note, "published": self.published,
            "published_at": self.published_at, "published_by": self.published_by, "current": self.current,
        }


def versions(store: Store, code: str) -> list[Version]:
    """Every version of the set, oldest first; refused for an unknown set."""
    wanted = text.clean(code)
    head = store.query("SELECT version FROM criteria_sets WHERE code = ?", [wanted])
    if not head:
        known = ", ".join(r["code"] for r in store.query("SELECT code FROM criteria_sets ORDER BY code")) or "—"
        raise InputRejected("criteria.unknown_set", code=code, codes=known)
    return [
        Version(r["code"], r["version"], r["content_hash"], r["loaded_at"], r["loaded_by"], r["source"], r["note"],
                r["published_at"], r["published_by"], r["version"] == head[0]["version"])
        for r in store.query(
            "SELECT code, version, content_hash, loaded_at, loaded_by, source, note, published_at, published_by"
            " FROM criteria_set_versions WHERE code = ? ORDER BY version", [wanted])
    ]


def current(store: Store, code: str) -> Version | None:
    """The set's current version, or None for a set stored without one."""
    found = [v for v in versions(store, code) if v.current]
    return found[0] if found else None


def latest_published(store: Store) -> dict[str, tuple[int, str, str]]:
    """Set code → (version, content, content hash) of its latest published version."""
    out: dict[str, tuple[int, str, str]] = {}
    for row in store.query(
        "SELECT code, version, content, content_hash FROM criteria_set_versions"
        " WHERE published_at IS NOT NULL ORDER BY code, version"
    ):
        out[row["code"]] = (row["version"], row["content"], row["content_hash"])
    return out


def states(store: Store) -> dict[str, tuple[int, bool]]:
    """Set code → (current version, whether it is published), for lists."""
    return {
        r["code"]: (r["version"], bool(r["published_at"]))
        for r in store.query(
            "SELECT s.code, s.version, v.published_at FROM criteria_sets s LEFT JOIN criteria_set_versions v"
            " ON v.code = s.code AND v.version = s.version")
    }
