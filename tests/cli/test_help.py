"""The command line's help in Vietnamese first, English with ``--lang en`` (CONTRACT §1, as its
errors): every help text is a key of ``catalog/cli_help.py``, rendered only when help is printed."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys

import pytest

from ntm_desktop import i18n
from ntm_desktop.catalog import cli_help
from ntm_desktop.cli import build_parser, common
from ntm_desktop.units import classes
from tests.cli.test_cli import ROOT, ntm

RAW_KEY = re.compile(r"help\.[a-z_.]+")


def parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """Every parser of the tree, with its command words: ``ntm`` itself, then each command and sub-command."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from parsers(sub, (*path, name))


def keys_of(parser: argparse.ArgumentParser) -> list[str]:
    """The help texts and description a parser was given: its own actions' (but -h's, argparse's
    own text) and its commands' lines."""
    found = [parser.description] if parser.description else []
    for action in parser._actions:
        found += [action.help] if action.help and not isinstance(action, argparse._HelpAction) else []
        if isinstance(action, argparse._SubParsersAction):
            found += [choice.help for choice in action._choices_actions if choice.help]
    return found


def _help(*args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    return ntm(None, *args, "--help", lang=lang)


@pytest.fixture
def wide(monkeypatch):
    """Help lines unwrapped, so that a whole text can be looked for."""
    monkeypatch.setenv("COLUMNS", "2000")


@pytest.mark.parametrize(("lang", "usage", "section"),
                         [(None, "cách dùng:", "tùy chọn:"), ("en", "usage:", "options:")])
def test_ntm_help_is_vietnamese_by_default_and_english_with_lang_en(lang, usage, section, monkeypatch):
    monkeypatch.setenv("COLUMNS", "2000")
    index = 0 if lang is None else 1
    result = _help(lang=lang)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(usage + " ntm ") and f"\n{section}\n" in result.stdout
    for key in ("help.summary", "help.db", "help.ntm", "help.version"):
        assert cli_help.MESSAGES[key][index] in result.stdout, key
    other = cli_help.MESSAGES["help.summary"][1 - index]
    assert other not in result.stdout
    assert not RAW_KEY.search(result.stdout)


@pytest.mark.parametrize(("lang", "texts"), [
    (None, ["cách dùng: ntm summary", "tùy chọn:", "-h, --help", "hiện trợ giúp này rồi thoát",
            "kỳ 6 tháng, quý hoặc tháng trong năm (2024-Q3): số liệu tính đến cuối kỳ"]),
    ("en", ["usage: ntm summary", "options:", "-h, --help", "show this help message and exit",
            "a half-year, quarter or month of the year (2024-Q3): the figures at its end"]),
])
def test_summary_help_in_either_language(lang, texts, monkeypatch):
    monkeypatch.setenv("COLUMNS", "2000")
    result = _help("summary", lang=lang)
    assert result.returncode == 0, result.stderr
    for text in texts:
        assert text in result.stdout, text
    assert not RAW_KEY.search(result.stdout)


def test_a_nested_command_help_in_english_with_lang_after_an_equals_sign():
    result = ntm(None, "--lang=en", "twinning", "agencies", "list", "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: ntm twinning agencies list")
    assert "words of the name, accents optional" in " ".join(result.stdout.split())


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_command_help_renders_each_of_its_texts_in_the_language(lang, wide):
    """Every parser of the tree, built and printed in ``lang`` as ``main`` does: each help text
    its actions were given appears in that language, no raw key is left."""
    index = i18n.LANGUAGES.index(lang)
    i18n.set_language(lang)
    tree = list(parsers(build_parser()))
    assert len(tree) > 60 and {("summary",), ("twinning", "agencies", "list"), ("units", "classify")} <= {
        path for path, _parser in tree}
    for path, parser in tree:
        text = parser.format_help()
        assert text.startswith(("cách dùng: " if lang == "vi" else "usage: ") + " ".join(("ntm", *path))), path
        assert not RAW_KEY.search(text), (path, RAW_KEY.search(text))
        for key in keys_of(parser):
            if key.startswith(common.HELP_KEY):
                assert cli_help.MESSAGES[key][index] in text, (path, key)


def test_every_help_text_is_a_key_with_both_languages_and_every_key_is_used():
    used = {key for _path, parser in parsers(build_parser()) for key in keys_of(parser)}
    literal = {text for text in used if not text.startswith(common.HELP_KEY)}
    assert literal == {" | ".join(classes.REGIONS)}  # codes, the same in both languages
    assert used - literal == set(cli_help.MESSAGES)
    for key, (vi, en) in cli_help.MESSAGES.items():
        assert vi.strip() and en.strip(), key
        # argparse %-formats a help text after it is rendered: each must survive that
        assert vi % {} == vi.replace("%%", "%") and en % {} == en.replace("%%", "%"), key


def test_a_help_key_with_a_default_placeholder_is_formatted_after_it_is_rendered(monkeypatch, wide):
    monkeypatch.setitem(i18n.messages(), "help.test.default", ("mặc định: %(default)s", "default: %(default)s"))
    parser = common.Parser(prog="ntm test")
    parser.add_argument("--kind", default="ntm", help="help.test.default")
    assert "--kind KIND  mặc định: ntm" in parser.format_help()
    i18n.set_language("en")
    assert "--kind KIND  default: ntm" in parser.format_help()


def test_no_help_key_is_also_a_window_text():
    from ui.catalog import MESSAGES as WINDOW

    assert not set(cli_help.MESSAGES) & set(WINDOW)


def test_building_every_parser_loads_neither_the_catalog_nor_the_help_texts():
    """(``ntm summary``'s band labels import their own area, catalog.core, with the command module.)"""
    probe = """
import json, sys
from ntm_desktop import i18n
from ntm_desktop.cli import build_parser
build_parser()
print(json.dumps(["catalog" not in i18n._kept, "ntm_desktop.catalog.cli_help" in sys.modules]))
"""
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert json.loads(result.stdout) == [True, False], result.stderr


@pytest.mark.parametrize(("args", "lang", "texts"), [
    (["summary", "--year"], None, ["Cách dùng không đúng: tham số --year: cần một giá trị", "cách dùng: ntm summary"]),
    (["summary", "--year"], "en", ["Usage error: argument --year: expected one argument", "usage: ntm summary"]),
    (["init", "--units", "all"], None,
     ["tham số --units: lựa chọn không hợp lệ: 'all' (chọn một trong: 'kontum', 'none')", "cách dùng: ntm init"]),
    (["init", "--units", "all"], "en",
     ["argument --units: invalid choice: 'all' (choose from 'kontum', 'none')", "usage: ntm init"]),
    (["summary"], None, ["thiếu tham số bắt buộc: --year"]),
    (["summary"], "en", ["the following arguments are required: --year"]),
    (["summary", "--year", "2020", "--colour"], None, ["không hiểu các tham số: --colour"]),
    (["criteria", "use", "--year", "2020"], "en", ["one of the arguments --set --auto is required"]),
    (["criteria", "use", "--year", "2020", "--set", "X", "--auto"], None,
     ["tham số --auto: không dùng được cùng với --set"]),
    (["targets", "set", "--year", "2020", "--criterion", "two"], None,
     ["tham số --criterion: giá trị int không hợp lệ: 'two'"]),
    (["summary", "--year", "2020", "--json=yes"], "en", ["argument --json: ignored explicit argument 'yes'"]),
    (["report", "province", "--year", "2020", "--format", "pdf"], None, ["thiếu tham số bắt buộc: --out"]),
    (["report", "province", "--year", "2020", "--format", "pdf"], "en",
     ["the following arguments are required: --out"]),
])
def test_a_usage_error_is_vietnamese_by_default_and_english_with_lang_en(tmp_path, args, lang, texts):
    result = ntm(tmp_path / "none.sqlite3", *args, lang=lang)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    for text in texts:
        assert text in result.stderr, text
    assert not (tmp_path / "none.sqlite3").exists()


def test_usage_errors_in_one_process_follow_each_command_lines_lang(capsys):
    """In one process (a script calling main() for several commands): a command line without
    ``--lang`` is Vietnamese whatever the one before chose, and the last ``--lang`` wins, as
    argparse keeps it."""
    from ntm_desktop import cli

    expected = {"en": "invalid choice", "vi": "lựa chọn không hợp lệ"}
    runs = [(["--lang", "en", "bogus"], "en"), (["bogus"], "vi"), (["--lang", "en", "--lang", "vi", "bogus"], "vi"),
            (["--lang=vi", "--lang=en", "bogus"], "en")]
    for argv, lang in runs:
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert expected[lang] in err and expected["en" if lang == "vi" else "vi"] not in err, (argv, err)
