"""``ntm check`` (CONTRACT §1; issue 18 part 4): plausibility warnings of a period."""

from __future__ import annotations

from typing import Any


def add_commands(sub: Any) -> None:
    """The top-level commands this module serves (none yet), added to ``ntm``."""
