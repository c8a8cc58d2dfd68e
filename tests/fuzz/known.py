"""Crashes the fuzzer knows and that wait for a fix in code another engineer owns (issue 19).

Each entry: the reader, words of the crash, and who must fix what. The bounded Hypothesis
run counts a known crash instead of failing on it; the corpus keeps one file of each as an
``xfail(strict=False)`` regression (an XPASS there says the entry can go). Remove an entry
when its fix lands: the fuzzer then fails on it again.
"""

from __future__ import annotations

KNOWN: list[tuple[str, str, str]] = [
    # ntm_desktop/excel/table_import.py, rows.py, table_preview.py …: another engineer is moving the
    # legacy table reader to python-calamine right now; its crashes (openpyxl/expat/zip errors
    # escaping read_values, OverflowError on 1e999, a refusal that names the sheet but not the
    # file, hangs on absurd rows) are kept in the corpus and listed for them, not fixed here
    ("table", "", "legacy table reader (excel/table_*.py, rows.py): being rewritten by its owner"),
    ("database", "invalid literal for int()", "a damaged clock stamp in a record: sync export/merge parse it"),
    ("database", "not enough values to unpack", "a damaged clock stamp in a record: sync/versions.py parses it"),
    ("database", "list index out of range", "a damaged clock stamp in a record: sync/versions.py installation_of"),
    # a bit flipped inside a JSON value of a large table (the change log), in a page SQLite
    # finds sound: only the command that reads the row sees it (json.loads in store/audit.py,
    # sync/versions.py); the reference tables are checked at opening (store/schema.py)
    ("database", "Expecting", "damaged JSON in the change log: seen only by the command that reads it"),
    ("database", "Invalid control character", "damaged JSON in the change log: seen only by the command that reads it"),
    ("database", "Unterminated string", "damaged JSON in the change log: seen only by the command that reads it"),
    ("database", "Invalid \\escape", "damaged JSON in the change log: seen only by the command that reads it"),
    ("database", "Extra data", "damaged JSON in the change log: seen only by the command that reads it"),
]


def known(reader: str, crash: str) -> str | None:
    """Why ``crash`` of ``reader`` is known (and whose it is), or None for a new crash."""
    for who, words, why in KNOWN:
        if who == reader and words in crash:
            return why
    return None
