"""Texts of criteria_sets: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {}
