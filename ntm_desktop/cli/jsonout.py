"""``--json`` text, byte for byte what ``json.dumps(data, ensure_ascii=False, indent=1)`` writes.

Issue 22: with an indent, ``json`` encodes in Python, one generator step per token (its C
encoder only writes without one): 13 ms of a national ``ntm summary`` (1,716 full communes and
100 districts). This writer takes one Python call per container and per value, with the same
C string encoder, and a list met twice (a summary's ``full`` and ``full_19``) is written once
and copied. Records (many dicts of the same keys: the full list, the districts) are written a
column at a time, each row by one ``%`` of a template: no Python step per row (the national
full list in 1.4 instead of 2.4 ms). Anything it does not know exactly (another type, a key that
is not a string, a float that is not finite, a cycle) is left to ``json.dumps`` for the whole
document, which writes it, or refuses it, as before.
"""

from __future__ import annotations

from itertools import chain
from operator import call, itemgetter

try:  # the C encoder json.dumps(ensure_ascii=False) uses, without loading json (1.8 ms, issue 22)
    from _json import encode_basestring
except ImportError:  # a Python without the _json accelerator: json's own
    from json.encoder import encode_basestring

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
    from collections.abc import Callable
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
_LEAF_TYPES = frozenset(_LEAVES)


def _write(value: Any, out: list[str], level: int, memo: dict[tuple[int, int], list[str]]) -> None:
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
        rows = _records(list(value.values()), level + 1, memo)
        if rows is not None:
            try:
                keys = list(map(encode_basestring, value))
            except TypeError:  # a key that is not a string (json.dumps makes one of an int, a float, …)
                raise _Unknown from None
            _extend(out, "{" + inner, list(map("%s: %s".__mod__, zip(keys, rows, strict=True))), inner[:-1] + "}")
            return
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
        out.append(inner[:-1] + "}")
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
            out += shown
            return
        start = len(out)
        rows = _records(value, level + 1, memo, "," + inner)
        if rows is not None:
            _extend(out, "[" + inner, rows, inner[:-1] + "]")
        else:
            sep = "[" + inner
            for item in value:
                leaf = _LEAVES.get(type(item))
                if leaf is not None:
                    out.append(sep + leaf(item))
                else:
                    out.append(sep)
                    _write(item, out, level + 1, memo)
                sep = "," + inner
            out.append(inner[:-1] + "]")
        memo[id(value), level] = out[start:]
    else:
        leaf = _LEAVES.get(kind)
        if leaf is None:
            raise _Unknown
        out.append(leaf(value))


def _extend(out: list[str], opening: str, items: list[str], closing: str) -> None:
    """``opening``, the items with a comma and ``opening``'s indent between them, ``closing``:
    pieces as small as the items (one big string would be copied again and again)."""
    out.append(opening + items[0])
    out += map(("," + opening[1:]).__add__, items[1:])
    out.append(closing)


def _records(values: list[Any] | tuple[Any, ...], level: int, memo: dict[tuple[int, int], list[str]],
             sep: str | None = None) -> list[str] | None:
    """Records (two or more dicts of one list of string keys) written at ``level``, one string
    each, a column at a time through a template: C loops. None for anything else. With ``sep``,
    one string of them all, ``sep`` between: the template repeated, filled by one ``%`` (the
    national full list's 1,716 records: 0.3 instead of 0.54 ms)."""
    if len(values) < 2 or set(map(type, values)) != {dict}:
        return None
    shapes = set(map(tuple, values))
    keys = shapes.pop() if len(shapes) == 1 else ()
    if not keys or not all(type(key) is str for key in keys):
        return None
    inner = "\n" + " " * (level + 1)
    template = "{" + inner + ("," + inner).join(
        [encode_basestring(key).replace("%", "%%") + ": %s" for key in keys]) + inner[:-1] + "}"
    columns = [_column(list(map(itemgetter(key), values)), level + 1, memo) for key in keys]
    if sep is not None:
        return [sep.join([template] * len(values)) % tuple(chain.from_iterable(zip(*columns, strict=True)))]
    return list(map(template.__mod__, zip(*columns, strict=True)))


def _column(values: list[Any], level: int, memo: dict[tuple[int, int], list[str]]) -> list[str]:
    """Each of ``values`` written at ``level``: leaves through their encoders (a C loop), records
    through :func:`_records`, anything else one by one."""
    kinds = set(map(type, values))
    if len(kinds) == 1 and kinds <= _LEAF_TYPES:  # one type (most columns): its encoder over them all
        return list(map(_LEAVES[kinds.pop()], values))
    if kinds <= _LEAF_TYPES:
        return list(map(call, map(_LEAVES.__getitem__, map(type, values)), values))
    rows = _records(values, level, memo)
    if rows is not None:
        return rows
    parts = []
    for item in values:
        out: list[str] = []
        _write(item, out, level, memo)
        parts.append("".join(out))
    return parts


def dumps(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=1)``."""
    out: list[str] = []
    try:
        _write(data, out, 0, {})  # every container is alive until the end: an id names one
    except (_Unknown, RecursionError):
        import json  # 1.8 ms, only for what the fast writer leaves to it

        return json.dumps(data, ensure_ascii=False, indent=1)
    return "".join(out)
