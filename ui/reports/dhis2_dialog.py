"""File → Xuất sang DHIS2: the export of a period to a DHIS2 data value set (issue 21 part 6)."""

from __future__ import annotations

from typing import Any


def export_dhis2(window: Any) -> None:
    """Open the export dialog (filled in by issue 21)."""
    del window
