"""`ntm` commands for this capability (registered by cli.FEATURES)."""

from __future__ import annotations

import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add this capability's subcommands to the `ntm` parser (none yet)."""
