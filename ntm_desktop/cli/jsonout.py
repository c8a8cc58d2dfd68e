"""``--json`` text, byte for byte what ``json.dumps(data, ensure_ascii=False, indent=1)`` writes.

Issue 22: with an indent, ``json`` encodes in Python, one generator step per token (its C
encoder only writes without one): 13 ms of a national ``ntm summary`` (1,716 full communes and
100 districts). This writer takes one Python call per container and per value, with the same
C string encoder, and a list met twice (a summary's ``full`` and ``full_19``) is written once
and copied. Anything it does not know exactly (another type, a key that is not a string,
a float that is not finite, a cycle) is left to ``json.dumps`` for the whole document, which
writes it, or refuses it, as before.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring  # the C encoder, as json.dumps(ensure_ascii=False) uses
from typing import Any


class _Unknown(Exception):
    """A value the fast writer leaves to ``json.dumps``."""


def _float(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        raise _Unknown
    return float.__repr__(value)


_LEAVES: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _float,
    bool: lambda value: "true" if value else "false",
    type(None): lambda _value: "null",
}


def _write(value: Any, out: list[str], level: int, memo: dict[tuple[int, int], str]) -> None:
    kind = type(value)
    if kind is dict:
        if not value:
            out.append("{}")
            return
        inner = "\n" + " " * (level + 1)
        try:  # values all leaves (most containers of a summary): one join
            out.append("{" + inner + ("," + inner).join([encode_basestring(key) + ": " + _LEAVES[type(item)](item)
                                                         for key, item in value.items()]) + inner[:-1] + "}")
            return
        except (KeyError, TypeError):  # a container among the values, or a key that is not a string
            pass
        sep = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unknown
            leaf = _LEAVES.get(type(item))
            if leaf is not None:
                out.append(sep + encode_basestring(key) + ": " + leaf(item))
            else:
                out.append(sep + encode_basestring(key) + ": ")
                _write(item, out, level + 1, memo)
            sep = "," + inner
        out.append("\n" + " " * level + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = "\n" + " " * (level + 1)
        try:
            out.append("[" + inner + ("," + inner).join([_LEAVES[type(item)](item) for item in value])
                       + inner[:-1] + "]")
            return
        except KeyError:
            pass
        shown = memo.get((id(value), level))  # the same list again (a summary's "full" and "full_19")
        if shown is not None:
            out.append(shown)
            return
        start = len(out)
        sep = "[" + inner
        for item in value:
            leaf = _LEAVES.get(type(item))
            if leaf is not None:
                out.append(sep + leaf(item))
            else:
                out.append(sep)
                _write(item, out, level + 1, memo)
            sep = "," + inner
        out.append("\n" + " " * level + "]")
        memo[id(value), level] = "".join(out[start:])
    else:
        leaf = _LEAVES.get(kind)
        if leaf is None:
            raise _Unknown
        out.append(leaf(value))


def dumps(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=1)``."""
    out: list[str] = []
    try:
        _write(data, out, 0, {})  # every container is alive until the end: an id names one
    except (_Unknown, RecursionError):
        return json.dumps(data, ensure_ascii=False, indent=1)
    return "".join(out)
