"""NTM Desktop: start the window (``python main.py``), or ``--smoke-test``."""

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())
