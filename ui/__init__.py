"""The PySide6 window of NTM Desktop. Everything it changes goes through ntm_desktop.

The core modules the window's start needs are imported here, before PySide6 (which ``ui.app``
imports next, as ``main.py`` imports ``ui.app`` first): PySide6's import hook reads the source
of every module imported after it, looking for the word PySide6 (shibokensupport's
``_mod_uses_pyside``, for its ``__feature__`` switches), and for these it cost about 14 ms of
CPU at every start (December 2026, issue 22: `import ui.app` 218 → 201 ms of CPU, medians of
5). The order changes nothing else; a module listed that the start no longer needs costs its
import (compare with ``python -X importtime -c "import ui.app"``). Modules the start imports inside
functions are listed too (criteria's tables and years, units' tree: prepare() took 8.5 ms of CPU
instead of 6 with the hook). ``locale`` is no longer among them: the window's argparse asks gettext
nothing (``ui.lean_start.plain_argparse_texts``). The hook still asks about the modules the window's own
modules name (their imports of the core and of the standard library): ``ui.lean_start`` has it read
their files, not their sources through ``inspect`` (by the first paint 50 modules, 6.3 ms → about 1).

What the first paint does not need is not listed, and is imported after it: the scorecard's service
and the engine, the checks, the recognitions and the copy from the period before on the turn after the
first paint (``ui.app.WARM_UP``), the menus' entries on the same turn (``MainWindow.build_menus``), the backups
with the daily backup, the log file's handler with the first record.
"""

from ntm_desktop.store.bulk import pause_gc, resume_gc

# The start allocates tens of thousands of objects (modules, classes, PySide6's types and their enums)
# and none of them is garbage: the cyclic collector walked them 48 times before the first paint, 7-20
# ms of CPU (December 2026, issue 22). It is off while the core and PySide6 load here, and in
# ui.app.main until the first paint; each pause is undone, whatever happens (store.bulk counts them).
pause_gc()
try:
    from ntm_desktop import checks, i18n, logs, summary  # noqa: F401
    from ntm_desktop.criteria import tables, years  # noqa: F401 - prepare() and the scorecard import them in main()
    from ntm_desktop.setup import demo, prepare  # noqa: F401
    from ntm_desktop.store import checkpoint  # noqa: F401
    from ntm_desktop.units import tree  # noqa: F401 - the unit tree's, in main()

    # the window's texts (data, no PySide6: 17 modules through the hook), and the hook's cheaper question
    from ui import catalog, lean_start  # noqa: F401

    i18n.messages()  # the core's texts (16 modules, loaded on first use) before the hook as well

    # isort: split
    # then PySide6, which every module of the package imports (after the core: its import hook)
    import PySide6.QtWidgets  # noqa: F401

    lean_start.ask_files()  # the hook's question asked of files: 6.3 → about 1 ms by the first paint
finally:
    resume_gc()
