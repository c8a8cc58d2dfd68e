"""NTM Desktop's core: everything but the window, without Qt (tests/test_qt_free.py).

The version is written here as well as in pyproject.toml: ``ntm --version`` reads it
without importlib.metadata, which would read the installed distribution's files at every
start of the command line."""

__version__ = "0.1.0"
