"""What an import did, or (dry run) would do: counts per entity and commune, the
conflicts, and the message the window and ``ntm sync import`` show."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ntm_desktop import i18n, text


@dataclass
class Tally:
    new: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    conflicts: int = 0

    def add(self, name: str, n: int = 1) -> None:
        setattr(self, name, getattr(self, name) + n)

    def as_json(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class ImportReport:
    path: Path
    package_id: str
    origin: dict[str, str]
    created_at: str
    kind: str
    scope: dict[str, Any]
    trust: str
    dry_run: bool
    totals: Tally = field(default_factory=Tally)
    entities: dict[str, Tally] = field(default_factory=dict)
    communes: dict[str, Tally] = field(default_factory=dict)
    places: dict[str, tuple[str, str]] = field(default_factory=dict)  # commune nkey → (district, commune)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    history: int = 0
    already: str | None = None
    backup: str | None = None

    @property
    def exit_code(self) -> int:
        return 4 if not self.dry_run and not self.already and self.totals.conflicts else 0

    def commune_rows(self) -> list[dict[str, Any]]:
        rows = []
        for nkey, tally in self.communes.items():
            district, commune = self.places.get(nkey, ("", nkey))
            rows.append({"district": district, "commune": commune, "nkey": nkey, **tally.as_json()})
        # communes with something to see first
        return sorted(rows, key=lambda r: (not (r["new"] or r["updated"] or r["deleted"] or r["conflicts"]),
                                           text.sort_key(r["district"]), text.sort_key(r["commune"])))

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path), "package_id": self.package_id, "created_at": self.created_at, "kind": self.kind,
            "scope": self.scope, "origin": self.origin, "trust": self.trust, "dry_run": self.dry_run,
            "already_imported": self.already, "totals": self.totals.as_json(),
            "entities": {k: v.as_json() for k, v in sorted(self.entities.items())},
            "communes": self.commune_rows(), "conflicts": self.conflicts, "history": self.history,
            "backup": self.backup,
        }

    def message(self) -> str:
        if self.already:
            return i18n.t("pkg.already", package=self.path.name, when=self.already)
        key = "pkgimp.dry" if self.dry_run else "pkgimp.done"
        return i18n.t(key, origin=self.origin.get("name", ""), **self.totals.as_json())
