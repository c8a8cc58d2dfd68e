"""Store tests (ntm_desktop/store/): opening, migrating, backing up and restoring real
SQLite files in tmp_path, and SQLite's errors provoked on them. The root conftest's
``db_path`` and ``store`` fixtures are the starting point; no mocks."""
