"""NTM Desktop: start the window (``python main.py [FILE.ntmpkg]``), or ``--smoke-test``."""

import os
import sys

if __name__ == "__main__":
    import multiprocessing

    # a large package import reads its history in a helper process (sync.history_stage):
    # in the frozen program, that process starts this executable again
    multiprocessing.freeze_support()
    # A frozen windowed program (NTMDesktop.exe) has no console: keep messages from failing.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115

    from ui.app import main

    sys.exit(main())
