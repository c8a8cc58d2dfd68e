"""Window texts of criteria: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {}
