"""Crashes the fuzzer knows and that wait for a fix in code another engineer owns (issue 19).

Each entry: the reader, words of the crash, and who must fix what. The bounded Hypothesis
run counts a known crash instead of failing on it; the corpus keeps one file of each as an
``xfail(strict=False)`` regression (an XPASS there says the entry can go). Remove an entry
when its fix lands: the fuzzer then fails on it again.
"""

from __future__ import annotations

# none known: the table reader was rewritten and hardened, and damage inside stored values
# (JSON states, clock stamps) is refused as db.corrupt (store/sqlite_errors.StoredDamage)
KNOWN: list[tuple[str, str, str]] = []


def known(reader: str, crash: str) -> str | None:
    """Why ``crash`` of ``reader`` is known (and whose it is), or None for a new crash."""
    for who, words, why in KNOWN:
        if who == reader and words in crash:
            return why
    return None
