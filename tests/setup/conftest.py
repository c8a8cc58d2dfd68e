"""Setup tests (ntm_desktop/setup/): prepare() and the demo dataset, on fresh database
files from the root ``db_path`` fixture; nothing here needs more than the bundled data."""
