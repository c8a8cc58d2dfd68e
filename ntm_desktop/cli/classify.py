"""``ntm units classify`` (CONTRACT §1, issue 17 part 3): a commune's group or region, dated."""

from __future__ import annotations

from typing import Any


def add_commands(usub: Any) -> None:
    """The ``units`` sub-commands this module serves (none yet), added to ``ntm units``."""
