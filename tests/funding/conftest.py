"""Funding tests (ntm_desktop/funding/): the Kon Tum database of 2020 as the targets tests make
it (a real SQLite file copied for each test), workbooks written with openpyxl; no mocks."""

from __future__ import annotations

from tests.targets.conftest import dump, kontum, kontum_file

__all__ = ["dump", "kontum", "kontum_file"]
