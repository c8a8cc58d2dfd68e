"""The PySide6 window of NTM Desktop. Everything it changes goes through ntm_desktop.

The core modules the window's start needs are imported here, before PySide6 (which ``ui.app``
imports next, as ``main.py`` imports ``ui.app`` first): PySide6's import hook reads the source
of every module imported after it, looking for the word PySide6 (shibokensupport's
``_mod_uses_pyside``, for its ``__feature__`` switches), and for these it cost about 14 ms of
CPU at every start (December 2026, issue 22: `import ui.app` 218 → 201 ms of CPU, medians of
5). The order changes nothing else; a module listed that the start no longer needs costs its
import (compare with ``python -X importtime -c "import ui.app"``).
"""

from ntm_desktop import checks, logs, recognition, summary  # noqa: F401
from ntm_desktop.assessments import copying  # noqa: F401
from ntm_desktop.setup import demo, prepare  # noqa: F401
from ntm_desktop.store import backup, checkpoint  # noqa: F401
