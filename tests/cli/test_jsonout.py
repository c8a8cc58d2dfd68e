"""Issue 22: ``--json`` is written by ``cli.jsonout`` byte for byte as ``json.dumps(data,
ensure_ascii=False, indent=1)`` wrote it, or by ``json.dumps`` itself for what the fast writer
does not know; and the command line's help is as wide as ``shutil`` would make it."""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
from collections import OrderedDict

import pytest

from ntm_desktop.cli import build_parser, common, jsonout


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=1)


def _random_value(rng: random.Random, depth: int):
    leaves = [None, True, False, 0, -3, 2**70, 1.5, -0.0, 1e-7, 123456789.125, 0.1 + 0.2, "", "Đăk Hà",
              'quote " back \\ slash', "tab\tnew\nline\x01", "\u2028 \ud83d\ude00 😀", "日本"]
    if depth > 3 or rng.random() < 0.4:
        return rng.choice(leaves)
    if rng.random() < 0.5:
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if rng.random() < 0.2:
        return tuple(_random_value(rng, depth + 1) for _ in range(rng.randint(0, 3)))
    return {rng.choice(["a", "Đăk", "\"k\"", "", "19", "full_19"]) + str(i): _random_value(rng, depth + 1)
            for i in range(rng.randint(0, 4))}


def test_random_documents_are_written_as_json_dumps_writes_them():
    rng = random.Random(22)
    for _ in range(500):
        value = _random_value(rng, 0)
        assert jsonout.dumps(value) == _dumps(value)


@pytest.mark.parametrize("value", [
    {}, [], (), "x", 3, None, {"a": {}}, {"a": []}, [[], {}, [[]]],
    {1: "int key", None: "none key", 2.5: "float key", False: "bool"},  # keys json turns into strings
    {"nan": math.nan, "inf": [math.inf, -math.inf]},  # written as json.dumps writes them
    OrderedDict(b=1, a=2), {"sub": type("Sub", (str,), {})("sub-str")}, [type("I", (int,), {})(5)],
])
def test_what_the_fast_writer_leaves_to_json_dumps_is_the_same(value):
    assert jsonout.dumps(value) == _dumps(value)


def test_refusals_are_json_dumps_refusals():
    with pytest.raises(TypeError):
        jsonout.dumps({"a": object()})
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular"):
        jsonout.dumps(loop)


def test_emit_writes_the_document_and_a_newline(capsys):
    data = {"communes": 85, "full": [{"district": "Đăk Hà", "commune": "Hà Mòn", "code": "23311"}], "average": 12.3}
    common.emit(data)
    assert capsys.readouterr().out == _dumps(data) + "\n"


@pytest.mark.parametrize("columns", ["100", "40", "", "x", "-5", None])
def test_help_is_as_wide_as_shutil_makes_it(monkeypatch, columns):
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert common._columns() == shutil.get_terminal_size().columns
    ours = build_parser("summary")._subparsers._group_actions[0].choices["summary"]  # type: ignore[union-attr]
    plain = argparse.ArgumentParser(prog=ours.prog, formatter_class=common.HelpTexts)
    for action in ours._actions[1:]:
        plain._add_action(action)
    assert ours.format_help() == plain.format_help()


def test_a_list_met_twice_at_one_level_or_another_is_written_each_time_as_json_dumps_writes_it():
    shared = [{"district": "Đăk Hà", "commune": "Hà Mòn", "code": "23311"}, [1, {"x": None}], "y"]
    data = {"full": shared, "full_19": shared, "deeper": {"again": shared, "list": [shared, shared]}}
    assert jsonout.dumps(data) == _dumps(data)
    assert jsonout.dumps([shared, shared, [shared]]) == _dumps([shared, shared, [shared]])


def _random_records(rng: random.Random, depth: int):
    """Dicts of one list of keys (a summary's full list, its districts), a column now and then
    nested records, mixed leaves, a row of other keys, an empty row or a container that is not a
    record, to go through the writer's template and its fallbacks."""
    keys = rng.sample(["district", "commune", "code", "%s", "100%", '"q"', "Đăk", "", "x%%y"], rng.randint(1, 4))
    leaves = [None, True, 0, 7, -2.5, 0.1, "", "Hà Mòn", "%s %d", "a\nb", "😀"]
    nested = depth < 2 and rng.random() < 0.5
    sub = _random_records(rng, depth + 1) if nested else None
    rows = []
    for _ in range(rng.randint(0, 6)):
        row = {key: rng.choice(leaves) for key in keys}
        if nested:
            row[keys[0]] = rng.choice(sub) if sub and rng.random() < 0.9 else rng.choice([[], {}, [1, {"a": 2}]])
        rows.append(row)
    if rows and rng.random() < 0.15:
        rows.append(rng.choice([{}, {"other": 1}, dict(reversed(list(rows[0].items()))), [rows[0]], "leaf"]))
    return rows


def test_records_are_written_as_json_dumps_writes_them():
    rng = random.Random(2022)
    for _ in range(400):
        rows = _random_records(rng, 0)
        for value in (rows, {"full": rows, "full_19": rows, "by": {str(i): row for i, row in enumerate(rows)}}):
            assert jsonout.dumps(value) == _dumps(value)


@pytest.mark.parametrize("value", [
    [{"a": 1, 2: "int key"}, {"a": 1, 2: "int key"}],  # a key json.dumps turns into a string
    [{"a": math.nan}, {"a": 1.0}], [{"a": object()}, {"a": 1}],  # written, or refused, by json.dumps
    {"x": [{"a": type("Sub", (int,), {})(1)}, {"a": 2}]}, [OrderedDict(a=1), {"a": 1}],
    {1: {"a": 1}, 2: {"a": 2}}, {"k": {"a": [1]}, None: {"a": [2]}},  # records under keys json.dumps makes strings
])
def test_records_the_fast_writer_does_not_know_are_left_to_json_dumps(value):
    try:
        expected = _dumps(value)
    except (TypeError, ValueError) as refused:
        with pytest.raises(type(refused)):
            jsonout.dumps(value)
    else:
        assert jsonout.dumps(value) == expected
