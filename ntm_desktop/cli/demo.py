"""``ntm demo`` (CONTRACT §1)."""

from __future__ import annotations

import argparse
from typing import Any


def add_commands(sub: Any) -> None:
    """Add the commands of this module to the ``ntm`` parser (filled in by issue 20)."""
    del sub


def _unused(args: argparse.Namespace) -> int:
    return 0
