"""Threshold column titles: the workbook keeps the decision's spelling, the window follows the language."""

from __future__ import annotations

import pytest

from ntm_desktop import i18n
from ntm_desktop.criteria.documents import column_keys
from ntm_desktop.criteria.workbook import labels


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("vi")


def test_workbook_titles_stay_vietnamese_and_read_back(english):
    for kind in ("group", "region"):
        for column in column_keys(kind):
            title = labels.column_title(column)
            assert labels.column_key(title) == ("common" if column == "*" else kind, column)
    assert labels.column_title("*") == "Chỉ tiêu chung"
    assert labels.column_title("2") == "Xã nhóm 2"


def test_window_titles_follow_the_language():
    vietnamese = {c: labels.shown_column(c) for c in column_keys("group")}
    i18n.set_language("en")
    try:
        english = {c: labels.shown_column(c) for c in column_keys("group")}
        region_en = labels.shown_column("DBSCL")
    finally:
        i18n.set_language("vi")
    assert vietnamese["*"][0] == "Chỉ tiêu chung" and english["*"][0] == "Common"
    assert vietnamese["3"] == ("Xã nhóm 3", "Xã nhóm 3")
    assert english["3"] == ("Commune group 3", "Commune group 3")
    assert region_en == ("ĐBSCL", "Mekong Delta")
    assert labels.shown_column("DBSCL") == ("ĐBSCL", "Đồng bằng sông Cửu Long")
    assert labels.shown_column("??") == ("??", "")
