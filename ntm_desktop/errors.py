"""Known errors: each carries a catalog key, its parameters, detail lines and an exit code."""

from __future__ import annotations

from ntm_desktop.i18n import t

# a value quoted in a message is cut to this many characters: a hostile file's 5,000-character
# "commune name" must not make a refusal of kilobytes (issue 19; a fuzzer find: template-61)
QUOTED = 300


def _short(value: object) -> object:
    if isinstance(value, str) and len(value) > QUOTED:
        return value[:QUOTED] + "…"
    return value


class NtmError(Exception):
    """A problem the program knows about and can explain to a person."""

    exit_code = 1

    def __init__(self, key: str, details: list[str] | None = None, **params: object) -> None:
        self.key = key
        self.params = params
        self.details = list(details or [])
        super().__init__(key)

    @property
    def message(self) -> str:
        return t(self.key, **{name: _short(value) for name, value in self.params.items()})

    def __str__(self) -> str:
        return "\n".join([self.message, *self.details])


class UsageError(NtmError):
    """The command was given wrongly (exit 2)."""

    exit_code = 2


class InputRejected(NtmError):
    """Input refused: nothing was written (exit 3)."""

    exit_code = 3
