"""The message catalog: every text a user sees, Vietnamese first, English second.

Code refers to messages by key; :func:`t` renders one in the current language.
The window and the CLI share this catalog, so switching language is one call.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("vi", "en")
_current = "vi"

# every text of the core, from the catalog (one module per area), loaded at the first use
# (``i18n.MESSAGES``, :func:`t`, :func:`register`); the window adds its own (ui.catalog.install)
# when it starts. A command that prints no text never loads it (issue 22: for ``ntm summary
# --json``, 16 catalog modules, 2.2 ms under -X importtime).
MESSAGES: dict[str, tuple[str, str]]
_kept: dict[str, dict[str, tuple[str, str]]] = {}  # "catalog": the one catalog, once loaded


def messages() -> dict[str, tuple[str, str]]:
    """The catalog, loaded on the first call."""
    global MESSAGES
    loaded = _kept.get("catalog")
    if loaded is None:
        # 16 modules of data, 2.2 ms under -X importtime, only for a run that prints a text
        from ntm_desktop import catalog

        # dict.setdefault is one step under the GIL: two threads loading at once share one dict,
        # so a text registered by either is kept
        loaded = MESSAGES = _kept.setdefault("catalog", catalog.load())
    return loaded


def __getattr__(name: str) -> object:  # ``i18n.MESSAGES`` before anything loaded it (PEP 562)
    if name == "MESSAGES":
        return messages()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    pair = messages().get(key)
    if pair is None:
        return key
    text = pair[0] if _current == "vi" else pair[1]
    return text.format(**params) if params else text


def register(more: Mapping[str, tuple[str, str]]) -> None:
    """Add messages (used by the window for its own texts)."""
    catalog = messages()
    for key, pair in more.items():
        if key in catalog and catalog[key] != pair:
            raise ValueError(f"message key defined twice: {key}")
        catalog[key] = pair
