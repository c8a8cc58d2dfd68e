"""Entry point of the bundled command-line tool (``ntm`` / ``ntm.exe``)."""

import multiprocessing

from ntm_desktop.cli import main

if __name__ == "__main__":
    # a large package import reads its history in a helper process (sync.history_stage),
    # which starts this executable again
    multiprocessing.freeze_support()
    raise SystemExit(main())
