"""Unit tests (ntm_desktop/units/): the Kon Tum reference file (10 districts, 85 communes)
loaded into real SQLite files by the root conftest's ``store`` fixture, names resolved and
communes added against it; no mocks."""
