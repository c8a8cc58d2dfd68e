"""argparse's own texts in the current language (cli/argparse_texts.py): each is one of the
running Python's argparse message ids, keeps its placeholders in both languages, and every text
of argparse a user can meet is translated; a Python whose argparse changes a text fails here."""

from __future__ import annotations

import argparse
import ast
import inspect
import re

import pytest

from ntm_desktop import i18n
from ntm_desktop.cli import argparse_texts, common

# argparse's texts that only a mistake in this program's parsers can show: they may stay English
PROGRAMMER = {
    ".__call__() not defined", "conflicting subparser: %s", "conflicting subparser alias: %s",
    'argument "-" with mode %r', "can't open '%(filename)s': %(error)s",  # FileType, which ntm does not use
    "cannot merge actions - two groups are named %r", "'required' is an invalid argument for positionals",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "dest= is required for options like %r", "invalid conflict_resolution value: %r",
    "conflicting option string: %s", "conflicting option strings: %s",
    "mutually exclusive arguments must be optional", "cannot have multiple subparser arguments",
    "%r is not callable", "%(prog)s: error: %(message)s\n",  # Parser.error raises UsageError instead
}
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[a-z%]")


def argparse_message_ids() -> set[str]:
    """Every text the running argparse passes to ``_`` or ``ngettext``, read from its source."""
    found = set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
            found |= {arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)}
    return found


def test_each_text_is_one_of_argparse_s_and_every_one_a_user_can_meet_is_there():
    ids = argparse_message_ids()
    assert len(ids) > 30 and "usage: " in ids  # the source was read
    assert set(argparse_texts.TEXTS) <= ids
    assert ids - set(argparse_texts.TEXTS) <= PROGRAMMER, ids - set(argparse_texts.TEXTS) - PROGRAMMER


@pytest.mark.parametrize("message", sorted(argparse_texts.TEXTS))
def test_both_languages_keep_the_placeholders_and_english_is_argparse_s_own(message):
    vi, en = argparse_texts.TEXTS[message]
    assert en == message
    assert vi.strip() and vi != en
    assert sorted(PLACEHOLDER.findall(vi)) == sorted(PLACEHOLDER.findall(message))
    assert vi.endswith(" ") == message.endswith(" ")  # "usage: " is followed by the command


def test_argparse_asks_the_table_in_the_current_language():
    assert argparse._ is argparse_texts.gettext and argparse.ngettext is argparse_texts.ngettext  # type: ignore[attr-defined]
    assert common.Parser is not None  # cli.common installs them when it is imported
    assert argparse_texts.gettext("usage: ") == "cách dùng: "
    assert argparse_texts.ngettext("expected %s argument", "expected %s arguments", 2) % 2 == "cần 2 giá trị"
    assert argparse_texts.gettext("conflicting option string: %s") == "conflicting option string: %s"
    i18n.set_language("en")
    assert argparse_texts.gettext("usage: ") == "usage: "
    assert argparse_texts.ngettext("expected %s argument", "expected %s arguments", 1) % 1 == "expected 1 argument"
    assert argparse_texts.ngettext("expected %s argument", "expected %s arguments", 3) % 3 == "expected 3 arguments"


@pytest.mark.parametrize(("lang", "expected"), [
    ("vi", "tham số --pair: cần 2 giá trị"), ("en", "argument --pair: expected 2 arguments")])
def test_a_count_of_values_is_asked_in_the_language(lang, expected):
    i18n.set_language(lang)
    parser = common.Parser(prog="ntm test")
    parser.add_argument("--pair", nargs=2)
    with pytest.raises(common.UsageError) as caught:
        parser.parse_args(["--pair", "1"])
    assert caught.value.params["message"] == expected
    usage = caught.value.details[0]
    assert usage.startswith("cách dùng: ntm test" if lang == "vi" else "usage: ntm test")
