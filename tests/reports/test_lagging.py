"""Issue 21 part 3 (and review finding 11): the localities the province report names as lagging.

The rule (docs/reports.md): a locality is lagging on a criterion when its share of communes
meeting it, over its communes with data, is below the province's own share over the communes
with data; the city is named with its kind, after the districts.

Measured on a 2020-like province (tests/reports/province2020.py: 85 communes in 10
district-level units, the city among them; criterion 2 is the published one, DOMAIN.md)
against lists an officer would write by a **different, stated reasoning** (:func:`officer_lists`,
from the table's counts, not from the program): reading the table in communes, the officer names
a locality that is at least one whole commune short of where the province's share would put it
(share × its communes − met ≥ 1), as the published three are (Sa Thầy 2,7, Tu Mơ Rông 3,4,
Ia H'Drai 2,0 communes short). The province's real 2020 lists are held out.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from ntm_desktop.reports import figures as fig
from ntm_desktop.reports import sentences, settings
from ntm_desktop.store.database import open_store
from tests.reports import province2020

PUBLISHED_2 = ("Tiêu chí số 2 về Giao thông: có 57/85 xã đạt chuẩn. Các địa phương có số xã đạt chuẩn thấp là:"
               " Sa Thầy (đạt 4/10 xã), Tu Mơ Rông (đạt 4/11 xã) và Ia H'Drai (đạt 0/3 xã).")


def officer_lists() -> set[tuple[str, str]]:
    """(criterion, locality) an officer names, from the table's counts: one whole commune or more
    short of the province's share."""
    total = sum(province2020.SIZES)
    out = set()
    for n, counts in province2020.COUNTS.items():
        share = Fraction(sum(counts), total)
        out |= {(str(n), name) for name, met, size in zip(province2020.ORDER, counts, province2020.SIZES, strict=True)
                if share * size - met >= 1}
    return out


def named(data, numbers):
    return {(n, r["district"]) for n in numbers for r in data["low_shares"][n]}


def recall_precision(got, wanted):
    hits = len(got & wanted)
    return hits / len(wanted), (hits / len(got) if got else 1.0)


@pytest.fixture
def store_2020(province_2020_db):
    store = open_store(province_2020_db)
    yield store
    store.close()


def test_the_published_criterion_reads_as_the_province_wrote_it(store_2020):
    data = fig.province_figures(store_2020, 2020)
    assert data["low_rule"] == {"rule": "province", "share": 50.0, "margin": 0.0}
    assert data["summary"]["per_criterion"]["2"] == 57 and data["summary"]["communes"] == 85
    line = sentences.criterion_line(2, "Giao thông", 57, 85) + ". " + sentences.low_line(data["low_shares"]["2"])
    assert line == PUBLISHED_2


def test_the_rule_against_the_officers_lists_and_the_old_fixed_share(store_2020):
    wanted = officer_lists()
    assert {name for n, name in wanted if n == "2"} == {"Sa Thầy", "Tu Mơ Rông", "Ia H'Drai"}  # the published
    numbers = [str(n) for n in province2020.COUNTS]
    now = fig.province_figures(store_2020, 2020)
    recall, precision = recall_precision(named(now, numbers), wanted)
    old = fig.province_figures(store_2020, 2020, low_rule="share", low_share=50)
    old_recall, old_precision = recall_precision(named(old, numbers), wanted)
    # every locality a commune or more short is below the share: the rule finds them all (the
    # measure that can fail here is precision); the fixed 50% misses those between 50% and the
    # province's share (Kon Rẫy and Kon Plông on criterion 5, the city on criterion 7 …)
    assert recall == 1.0 and old_recall < 0.75, (recall, old_recall)
    # what the rule names beyond the officer: localities less than one commune short (Đăk Glei
    # 8/11 under 80/85 …), about half its names on this table; the fixed 50% names fewer of those
    assert 0.45 <= precision < old_precision, (precision, old_precision)
    assert ("5", "Kon Rẫy") in named(now, ["5"]) and ("5", "Kon Rẫy") not in named(old, ["5"])
    # no locality at or above the province's share is named, on any criterion
    total = now["summary"]["communes"]
    for n, rows in now["low_shares"].items():
        share = now["summary"]["per_criterion"][n] / total
        assert all(r["met"] / r["communes"] < share for r in rows)
    assert all(not now["low_shares"][str(n)] for n in now["all_met"])


def test_communes_without_data_do_not_count_as_not_met(report_store):
    """Finding 11: with 2019's sample (most communes without data) the province was at 10/85 and
    no district was ever below it; shares are now over the communes with data, the province's too."""
    data = fig.province_figures(report_store, 2019)
    summary = data["summary"]
    assert summary["no_data"] > summary["communes"] / 2
    assessed = summary["communes"] - summary["no_data"]
    by_name = {d["name"]: d for d in data["districts"]}
    assert any(data["low_shares"].values())
    for n, rows in data["low_shares"].items():
        share = Fraction(summary["per_criterion"][n], assessed)
        expected = {d["name"] for d in data["districts"] if d["has_data"]
                    and Fraction(d["per_criterion"][n], d["communes"] - d["no_data"]) < share}
        assert {r["district"] for r in rows} == expected
        for r in rows:
            assert r["assessed"] == by_name[r["district"]]["communes"] - by_name[r["district"]]["no_data"]
    # over every commune, the districts named were those mostly without data (Đăk Tô, 1 of 8
    # assessed), never one whose assessed communes lag: now these are named
    over_all = {(n, d["name"]) for d in data["districts"] if d["has_data"] for n in summary["per_criterion"]
                if Fraction(d["per_criterion"][n], d["communes"]) < Fraction(summary["per_criterion"][n],
                                                                             summary["communes"])}
    mostly_missing = {d["name"] for d in data["districts"] if d["no_data"] * 2 > d["communes"]}
    assert {name for _n, name in over_all} <= mostly_missing
    assert {name for _n, name in named(data, list(data["low_shares"]))} - mostly_missing
    partial = next(r for rows in data["low_shares"].values() for r in rows if r["assessed"] < r["communes"])
    assert f"(đạt {partial['met']}/{partial['assessed']} xã có số liệu)" in sentences.low_line([partial])
    assert "tỷ lệ tính trên số xã có số liệu đánh giá" in sentences.low_rule_note(data)


def test_the_city_is_named_apart_after_the_districts(store_2020):
    data = fig.province_figures(store_2020, 2020)
    rows = data["low_shares"]["7"]
    assert [r["district"] for r in rows][-1] == "Thành phố Kon Tum"
    assert sentences.low_line(rows).endswith("Ia H'Drai (đạt 2/3 xã) và thành phố Kon Tum (đạt 5/11 xã).")


def test_the_rule_is_a_setting_with_a_margin_and_old_settings_keep_their_share(store_2020):
    settings.set_public(store_2020, "low_margin", "10")
    data = fig.province_figures(store_2020, 2020)
    # under 62,4% - 10 = 52,4%: Sa Thầy at 50%, not Đăk Glei at 54,5%
    assert named(data, ["6"]) == {("6", "Sa Thầy"), ("6", "Tu Mơ Rông"), ("6", "Ia H'Drai")}
    assert "quá 10 điểm phần trăm" in sentences.low_rule_note(data)
    settings.set_public(store_2020, "low_share", "40")  # choosing a share chooses the fixed-share rule
    data = fig.province_figures(store_2020, 2020)
    assert data["low_rule"]["rule"] == "share" and named(data, ["6"]) == {("6", "Tu Mơ Rông"), ("6", "Ia H'Drai")}
    assert "dưới 40% số xã" in sentences.low_rule_note(data)
    # settings stored by a version without the rule: a share changed by hand is kept, the old default is not
    for stored, rule in (({"low_share": 35.0}, "share"), ({"low_share": 50.0}, "province")):
        with store_2020.transaction():
            store_2020.set_meta(settings.META_KEY, json.dumps(stored))
        assert settings.load(store_2020).low_rule == rule
