"""Qt's item data roles as plain ints (the values of ``Qt::ItemDataRole``, fixed by Qt's ABI;
tests/ui/test_first_paint_imports.py compares them with Qt's).

Naming any member of PySide6's ``Qt`` namespace builds its 93 Python enums at once: 15-20 ms of CPU
(December 2026, issue 22) that the bare window never pays. The window's first paint does without
it: the modules it imports name roles by these ints, and other members of ``Qt`` (flags, text
formats, alignments) as ``QtCore.Qt.…`` where they are used, after the first paint. So are the types
of what the first paint does not show (``QtWidgets.QStyle``: 6-11 ms; the message boxes, file and
input dialogs, button boxes and progress dialogs: 3-5 ms together): importing a name from a PySide6
module builds its Python type and enums.
"""

DISPLAY = 0  # Qt.ItemDataRole.DisplayRole
DECORATION = 1  # DecorationRole
EDIT = 2  # EditRole
TOOLTIP = 3  # ToolTipRole
FONT = 6  # FontRole
BACKGROUND = 8  # BackgroundRole
FOREGROUND = 9  # ForegroundRole
USER = 256  # UserRole: the first role an application defines
