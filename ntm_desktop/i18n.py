"""The message catalog: every text a user sees, Vietnamese first, English second.

Code refers to messages by key; :func:`t` renders one in the current language.
The window and the CLI share this catalog, so switching language is one call.
"""

from __future__ import annotations

from collections.abc import Mapping

from ntm_desktop import catalog

LANGUAGES = ("vi", "en")
_current = "vi"

# every text of the core, from the catalog (one module per area); the window adds its own
# (ui.catalog.install) when it starts
MESSAGES: dict[str, tuple[str, str]] = dict(catalog.MESSAGES)


def set_language(lang: str) -> None:
    """Switch the catalog language ("vi" or "en")."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang}")
    _current = lang


def language() -> str:
    return _current


def t(key: str, /, **params: object) -> str:
    """Render message ``key`` in the current language."""
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    text = pair[0] if _current == "vi" else pair[1]
    return text.format(**params) if params else text


def register(messages: Mapping[str, tuple[str, str]]) -> None:
    """Add messages (used by the window for its own texts)."""
    for key, pair in messages.items():
        if key in MESSAGES and MESSAGES[key] != pair:
            raise ValueError(f"message key defined twice: {key}")
        MESSAGES[key] = pair
