"""Loading a reference units file (the Kon Tum list of 2020 in db/reference/).

One file format, one loader. The national lists of both eras (before and after the 2025
reorganisation) have their own module, :mod:`ntm_desktop.units.national`, which loads this
list first for Kon Tum, so that the province's spellings, aliases and flags stay on top.
"""

from __future__ import annotations

import json
from pathlib import Path

from ntm_desktop import paths, text
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.units.state import upsert_unit


def load_reference(store: Store, path: Path | None = None) -> int:
    """Load a units file (format of db/reference/kontum-units-2020.json). Idempotent.

    Returns the number of communes in the file.
    """
    path = path or paths.reference_dir() / "kontum-units-2020.json"
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        province_name = data["province"]
        districts = data["districts"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputRejected("unit.bad_reference", path=path, detail=str(exc)) from None
    aliases: dict[str, list[str]] = {
        text.match_key(k): v for k, v in (data.get("aliases") or {}).items()
    }
    district_aliases: dict[str, list[str]] = {
        text.match_key(k): v for k, v in (data.get("district_aliases") or {}).items()
    }
    difficult = {
        (text.match_key(d), text.match_key(c))
        for d, c in (data.get("especially_difficult_twinned_2021") or {}).get("communes", [])
    }
    region = data.get("region")
    count = 0
    batch = audit.new_batch("reference", f"units: {Path(path).name}")
    with store.transaction():
        province = upsert_unit(
            store,
            batch,
            level="province",
            name=province_name,
            parent=None,
            code=data.get("province_code"),
            region=region,
        )
        for district in districts:
            dist = upsert_unit(
                store,
                batch,
                level="district",
                name=district["name"],
                kind=district.get("kind"),
                parent=province,
                code=district.get("code"),
                aliases=district_aliases.get(text.match_key(district["name"]), []),
            )
            for commune in district["communes"]:
                key = (text.match_key(district["name"]), text.match_key(commune["name"]))
                upsert_unit(
                    store,
                    batch,
                    level="commune",
                    name=commune["name"],
                    kind=commune.get("kind"),
                    parent=dist,
                    code=commune.get("code"),
                    aliases=aliases.get(text.match_key(commune["name"]), []),
                    dbkk=key in difficult,
                )
                count += 1
    return count
