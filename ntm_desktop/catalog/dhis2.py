"""Texts of dhis2: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {}
