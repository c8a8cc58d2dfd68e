"""Window texts of classes: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {}
