"""Window tests: the window's texts are in the catalog for every test, as when it starts."""

import pytest

from ui import catalog


@pytest.fixture(autouse=True)
def _window_texts():
    catalog.install()
