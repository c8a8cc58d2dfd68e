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
