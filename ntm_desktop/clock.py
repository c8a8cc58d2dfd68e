"""Time stamps: wall-clock ISO times for people, a hybrid logical clock for ordering.

A hybrid logical clock (HLC) stamp is ``<milliseconds:013d>-<counter:05d>-<installation>``;
stamps compare as strings. Each installation keeps its last stamp in the ``meta``
table so stamps only grow, even if the PC's clock goes backwards.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime


def now_iso() -> str:
    """The current UTC time, ISO 8601 with seconds and a Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


MAX_COUNTER = 99_999  # five digits: stamps compare as text


def format_stamp(ms: int, counter: int, installation: str) -> str:
    return f"{ms:013d}-{counter:05d}-{installation}"


def advance(ms: int, counter: int) -> tuple[int, int]:
    """The (milliseconds, counter) after these; a full counter carries into the milliseconds,
    so stamps keep their width and their text order."""
    return (ms + 1, 0) if counter >= MAX_COUNTER else (ms, counter + 1)


def parse_stamp(stamp: str) -> tuple[int, int, str]:
    ms, counter, installation = stamp.split("-", 2)
    return int(ms), int(counter), installation


def next_stamp(last: str | None, installation: str, now_ms: int | None = None) -> str:
    """The next HLC stamp after ``last`` (which may come from another installation)."""
    wall = int(time.time() * 1000) if now_ms is None else now_ms
    if not last:
        return format_stamp(wall, 0, installation)
    last_ms, last_counter, _ = parse_stamp(last)
    if wall > last_ms:
        return format_stamp(wall, 0, installation)
    return format_stamp(*advance(last_ms, last_counter), installation)
