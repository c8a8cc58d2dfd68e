"""Window texts of planning: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {}
