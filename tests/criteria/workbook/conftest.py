"""Criteria-set workbooks (ntm_desktop/criteria/workbook/): appendix workbooks written with
openpyxl by tests.criteria.workbook.books, read back, loaded into real SQLite files."""

import pytest

from tests.criteria.workbook import books


@pytest.fixture
def region_book(tmp_path):
    return books.build(tmp_path / "vung.xlsx", books.REGION_COLUMNS, books.region_rows(), common=True)


@pytest.fixture
def group_book(tmp_path):
    return books.build(tmp_path / "nhom.xlsx", books.GROUP_COLUMNS, books.group_rows(),
                       super_header="Chỉ tiêu theo nhóm xã")


@pytest.fixture
def common_book(tmp_path):
    return books.build(tmp_path / "chung.xlsx", ["Chỉ tiêu chung"], books.common_rows(), super_header=None)
