"""Report tests (ntm_desktop/reports/): PDFs and workbooks rendered from a real database and
read back with pdftotext, pdffonts and openpyxl. The shared report database and the PDF
helpers live in ``test_data.py``, which the root conftest loads as a plugin
(``pytest_plugins``) because tests/ui uses the same database."""

import shutil

import pytest

from ntm_desktop.setup import demo
from tests.cli.conftest import kontum_eras_copy, kontum_eras_db  # noqa: F401 (the database of both eras)
from tests.reports import province2020


@pytest.fixture(scope="session")
def province_2020_master(tmp_path_factory):
    """The 2020-like province database (tests/reports/province2020.py), made once a session."""
    return province2020.build(tmp_path_factory.mktemp("province2020") / "kontum-2020.sqlite3")


@pytest.fixture
def province_2020_db(province_2020_master, tmp_path):
    """A private copy of the 2020-like province database."""
    target = tmp_path / "kontum-2020.sqlite3"
    shutil.copyfile(province_2020_master, target)
    return target


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The demo database (fixed seed; do not write to it): its district report of 2020 for Đăk Hà
    once ended page 3 with «III. SO SÁNH VỚI NĂM 2019» and its caption, the table on page 4, and
    its Word form put «Nơi nhận» and the signature on a page of their own."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    demo.create(path).close()
    return path
