"""What the window's start no longer pays for (issue 22), with the same behaviour: PySide6's import
hook gets the same answer from a module's file as from its source; the window's argparse gets its
own texts as gettext gave them."""

from __future__ import annotations

import argparse
import gettext
import sys
import types

import pytest

pytest.importorskip("pytestqt")

import ui  # noqa: E402,F401 - installs the cheaper question, as the window's start does
from ntm_desktop.cli import argparse_texts  # noqa: E402
from ui import lean_start  # noqa: E402


def test_the_hook_asks_files_and_gets_pysides_answer_for_every_loaded_module():
    feature = sys.modules[lean_start.HOOK_MODULE]
    asked = getattr(feature, lean_start.ASKED)
    assert asked.asks_files and lean_start.ask_files()  # installed once, and again is a no-op
    assert getattr(feature, lean_start.ASKED) is asked
    modules = [m for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)]
    answers = {m.__name__: asked(m) for m in modules}
    assert answers == {m.__name__: asked.original(m) for m in modules}  # PySide6's own, through inspect
    # both kinds are among them: the window's modules use PySide6, the core never does
    assert answers["ui.app"] and answers["ui.main_window"]
    assert not answers["ntm_desktop.store.database"] and not answers["json"]


def test_a_module_without_a_source_file_is_asked_pysides_way(tmp_path):
    assert lean_start.uses_pyside(sys) is None  # built in
    gone = types.ModuleType("gone")
    gone.__file__ = str(tmp_path / "gone.py")  # no such file
    assert lean_start.uses_pyside(gone) is None
    compiled = types.ModuleType("compiled")
    compiled.__file__ = str(tmp_path / "compiled.pyc")
    assert lean_start.uses_pyside(compiled) is None
    written = tmp_path / "written.py"
    written.write_text('"""Mentions Việt Nam and PySide6."""\n', encoding="utf-8")
    module = types.ModuleType("written")
    module.__file__ = str(written)
    assert lean_start.uses_pyside(module) is True
    written.write_text('"""Việt Nam only."""\n', encoding="utf-8")
    assert lean_start.uses_pyside(module) is False


def test_the_windows_argparse_texts_are_gettexts(monkeypatch):
    monkeypatch.setattr(argparse, "_", gettext.gettext)
    monkeypatch.setattr(argparse, "ngettext", gettext.ngettext)
    lean_start.plain_argparse_texts()
    assert argparse._ is lean_start.as_written and argparse.ngettext is lean_start.as_written_n  # type: ignore[attr-defined]
    for message in ("usage: ", "options", "show this help message and exit", "unrecognized arguments: %s"):
        assert argparse._(message) == gettext.gettext(message)  # type: ignore[attr-defined]
    for n in (0, 1, 2):
        assert argparse.ngettext("expected %s argument", "expected %s arguments", n) == gettext.ngettext(
            "expected %s argument", "expected %s arguments", n)
    parser = argparse.ArgumentParser(prog="main.py")
    assert parser.format_usage() == "usage: main.py [-h]\n"


def test_the_command_lines_texts_are_kept(monkeypatch):
    """In a process that imported ntm_desktop.cli (the tests), argparse keeps its table of texts."""
    monkeypatch.setattr(argparse, "_", argparse_texts.gettext)
    monkeypatch.setattr(argparse, "ngettext", argparse_texts.ngettext)
    lean_start.plain_argparse_texts()
    assert argparse._ is argparse_texts.gettext  # type: ignore[attr-defined]
    assert argparse.ngettext is argparse_texts.ngettext  # type: ignore[attr-defined]


def _menus(window) -> list[tuple[str, list[tuple[str, list[str]]]]]:  # noqa: ANN001
    return [(menu.title(), [(a.text(), [k.toString() for k in a.shortcuts()]) for a in menu.actions()])
            for menu in window.menus.values()]


def test_menu_entries_after_the_first_paint_are_the_same(qtbot, home_db):
    """ui.app's windows get their menus' entries on the turn after their first paint (build_menus):
    the same titles at once, the same entries and shortcuts then, made once."""
    from ntm_desktop.store.database import open_store
    from ui.main_window import MainWindow

    store = open_store(home_db)
    try:
        at_once = MainWindow(store)
        qtbot.addWidget(at_once)
        later = MainWindow(store, menus_later=True)
        qtbot.addWidget(later)
        assert [title for title, _ in _menus(later)] == [title for title, _ in _menus(at_once)]
        assert all(entries == [] for _, entries in _menus(later))
        assert [a.text() for a in later.menuBar().actions()] == [a.text() for a in at_once.menuBar().actions()]
        later.build_menus()
        later.build_menus()  # once
        assert _menus(later) == _menus(at_once)
        assert sum(len(entries) for _, entries in _menus(later)) >= 35
        assert later.undo_action.shortcuts() == at_once.undo_action.shortcuts()
    finally:
        store.close()


def test_status_colours_without_the_engine_are_the_engines(qapp):
    """The scorecard colours a computed status by its value (the engine loads after the first paint):
    the same brush as by the engine's members, for each of them and for an official True, False, None."""
    from ntm_desktop.engine import Status
    from ui.scorecard.model import brushes, status_brush

    expected = {Status.MET: brushes().met, Status.NOT_MET: brushes().not_met, Status.NO_THRESHOLD: brushes().grey,
                Status.UNKNOWN: brushes().grey, True: brushes().met, False: brushes().not_met}
    for status in (*Status, True, False, None):
        assert status_brush(status) is expected.get(status)


def test_the_windows_texts_are_added_once_to_a_catalog(monkeypatch):
    from ntm_desktop import i18n
    from ui import catalog

    calls = []
    real = i18n.register
    monkeypatch.setattr(i18n, "register", lambda more: (calls.append(more), real(more)))
    catalog.install()
    catalog.install()
    assert calls == []  # the conftest installed them into this catalog already
    assert all(i18n.messages()[key] == pair for key, pair in catalog.MESSAGES.items())
    fresh = {k: v for k, v in i18n.messages().items() if k not in catalog.MESSAGES}
    monkeypatch.setitem(i18n._kept, "catalog", fresh)  # another catalog (a test's, a reload): added to it
    catalog.install()
    assert len(calls) == 1 and all(fresh[key] == pair for key, pair in catalog.MESSAGES.items())
    catalog.install()
    assert len(calls) == 1


def test_another_question_goes_to_pysides_own(monkeypatch):
    """A call the 6.x hook does not make (another release's signature) is PySide6's own to answer."""
    import json

    fake = types.ModuleType(lean_start.HOOK_MODULE)
    fake._mod_uses_pyside = lambda *args, **kwargs: ("own", args, kwargs)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, lean_start.HOOK_MODULE, fake)
    assert lean_start.ask_files()
    asked = fake._mod_uses_pyside  # type: ignore[attr-defined]
    assert asked(json) is False and asked(sys) == ("own", (sys,), {})  # sys: built in, no file
    assert asked(json, 2) == ("own", (json, 2), {}) and asked(module=json) == ("own", (), {"module": json})
    monkeypatch.delitem(sys.modules, lean_start.HOOK_MODULE)
    assert lean_start.ask_files() is False  # no PySide6 hook: nothing replaced
