"""Sync tests (ntm_desktop/sync/): packages written and read as real zip files between real
SQLite files in tmp_path (tests/sync/test_support.py builds the stores and compares their
content by natural keys); no mocks."""
