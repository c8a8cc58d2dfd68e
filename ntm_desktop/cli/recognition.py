"""``ntm recognition …`` (issue 17 part 6): a commune's recognitions and their revocations."""

from __future__ import annotations

from typing import Any


def add_commands(sub: Any) -> None:
    """The top-level commands this module serves (none yet), added to ``ntm``."""
