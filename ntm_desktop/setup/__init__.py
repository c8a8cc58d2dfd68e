"""Setting a database up: bringing it up to date with the shipped data (prepare, for `ntm
init` and the window) and the demo dataset (demo)."""
