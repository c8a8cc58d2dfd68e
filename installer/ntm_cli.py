"""Entry point of the bundled command-line tool (``ntm`` / ``ntm.exe``)."""

from ntm_desktop.cli import main

raise SystemExit(main())
