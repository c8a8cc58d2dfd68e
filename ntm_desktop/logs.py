"""The rotating log file in the data folder; unexpected errors are written here."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from . import paths

_configured: Path | None = None


def setup() -> Path:
    """Send the ``ntm`` loggers to the rotating log file; returns its path."""
    global _configured
    path = paths.log_path()
    if _configured == path:
        return path
    logger = logging.getLogger("ntm")
    logger.setLevel(logging.INFO)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for old in list(logger.handlers):
        logger.removeHandler(old)
    logger.addHandler(handler)
    _configured = path
    return path
