"""Tests of the logged entity kinds (ntm_desktop/history/): the explicit list that undo,
sync and the history dialog consult, on the root conftest's real database files."""
