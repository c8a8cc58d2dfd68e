"""Funding by source (issue 18 part 2, CONTRACT §8): the 2016-2020 figures give the published
total, the counterpart rule is checked (a shortfall shown, never refused), a set figure replaces
the entries of its key, undo goes through the change log, refusals change nothing."""

from __future__ import annotations

import pytest

from ntm_desktop import funding, history, units
from ntm_desktop.errors import InputRejected
from tests.targets.conftest import dump

# Kon Tum 2016-2020 (DOMAIN.md), million đồng, spread over the years as entries
PUBLISHED = [(2016, "central", 920700, None), (2017, "local", 207906, "province"), (2018, "carried", 6504, None),
             (2018, "integrated", 405591, None), (2019, "credit", 167801, None), (2020, "enterprise", 53443, None),
             (2020, "people", 85616, None)]


def _add_published(store):
    for year, source, amount, level in PUBLISHED:
        funding.add(store, funding.entry(store, year=year, source=source, amount=amount, level=level))


def test_the_2016_2020_figures_give_the_published_total(kontum):
    _add_published(kontum)
    figures = funding.summary(kontum, 2016, 2020)
    assert figures["total"] == sum(a for *_, a, _lv in PUBLISHED)
    assert funding.billions(figures["total"]) == "1.847,561 tỷ đồng"
    assert funding.billions(figures["state_budget"]) == "1.135,110 tỷ đồng"
    assert figures["by_source"] == {s: a for _y, s, a, _lv in PUBLISHED}
    assert figures["words"].startswith("tổng nguồn vốn 1.847,561 tỷ đồng, trong đó: vốn ngân sách nhà nước trực "
                                       "tiếp 1.135,110 tỷ đồng (ngân sách trung ương 920,700 tỷ đồng")
    assert "nhân dân và cộng đồng đóng góp 85,616 tỷ đồng" in figures["words"]
    assert figures["plan"]["total"] == 0
    assert funding.summary(kontum, 2017, 2018)["total"] == 207906 + 6504 + 405591


def test_the_counterpart_rule_is_checked_and_its_shortfall_shown(kontum):
    _add_published(kontum)
    part = funding.summary(kontum, 2016, 2020)["counterpart"]
    assert (part["central"], part["local"], part["met"]) == (920700, 207906, False)
    assert part["ratio"] == round(207906 / 920700, 4)
    assert part["rule"]["split"] == {"province": 0.5, "district": 0.3, "commune": 0.2}
    assert part["required"] == 920700
    assert part["shortfall"] == 920700 - 207906
    assert part["by_level_required"] == {"province": 460350, "district": 276210, "commune": 184140}
    assert part["by_level_shortfall"]["province"] == 460350 - 207906
    assert "712,794 tỷ đồng" in part["words"] and "cấp huyện" in part["words"]
    # a rule is dated: no rule covers 2021-2025, so nothing is asked
    assert funding.summary(kontum, 2021, 2025)["counterpart"]["rule"] is None


def test_a_met_rule_says_so(kontum):
    for level, amount in (("province", 50), ("district", 30), ("commune", 20)):
        funding.add(kontum, funding.entry(kontum, year=2019, source="local", level=level, amount=amount))
    funding.add(kontum, funding.entry(kontum, year=2019, source="central", amount=100))
    part = funding.summary(kontum, 2019, 2019)["counterpart"]
    assert part["met"] is True and part["shortfall"] == 0
    assert part["words"] == "Vốn đối ứng đạt tỷ lệ 1:1 so với ngân sách trung ương."


def test_set_figures_replace_the_entries_of_their_key_and_twice_changes_nothing(kontum):
    dak_ha = units.resolve_district(kontum, "Đăk Hà")
    for amount in (100, 250.5):
        funding.add(kontum, funding.entry(kontum, year=2020, source="central", amount=amount, unit=dak_ha))
    assert funding.summary(kontum, 2020, 2020, dak_ha)["total"] == 350.5
    assert funding.summary(kontum, 2020, 2020)["total"] == 0  # the province's own figures are others
    items = [funding.entry(kontum, year=2020, source="central", amount=400, unit=dak_ha),
             funding.entry(kontum, year=2020, source="central", amount=90, kind="plan", unit=dak_ha)]
    done = funding.put(kontum, items)
    assert done.written == 4  # two tombstones, two figures
    figures = funding.summary(kontum, 2020, 2020, dak_ha)
    assert (figures["total"], figures["plan"]["total"]) == (400, 90)
    assert funding.summary(kontum, 2020, 2020, dak_ha, kind="plan")["total"] == 90
    before = dump(kontum)
    assert funding.put(kontum, items).written == 0
    assert dump(kontum) == before
    history.revert_batch(kontum, done.batch.id)  # undo brings the two entries back
    assert funding.summary(kontum, 2020, 2020, dak_ha)["total"] == 350.5
    history.revert_batch(kontum, done.batch.id, redo=True)
    assert funding.summary(kontum, 2020, 2020, dak_ha)["total"] == 400
    shown = sorted(history.show("funding", r) for r in funding.entries(kontum, 2020, 2020, dak_ha))
    assert shown == ["2020 · Ngân sách trung ương (giải ngân): 400 triệu đồng",
                     "2020 · Ngân sách trung ương (kế hoạch): 90 triệu đồng"]


@pytest.mark.parametrize(("given", "words"), [
    ({"source": "central", "amount": -5}, ["-5"]),
    ({"source": "central", "amount": "năm trăm"}, ["năm trăm"]),
    ({"source": "bogus", "amount": 5}, ["bogus", "central", "local", "carried", "integrated", "credit", "enterprise",
                                        "people"]),
    ({"source": "central", "amount": 5, "level": "district"}, ["--level district", "central"]),
    ({"source": "local", "amount": 5, "level": "village"}, ["village"]),
    ({"source": "central", "amount": 5, "kind": "maybe"}, ["maybe"]),
    ({"source": "central", "amount": 5, "year": 1890}, ["1890"]),
])
def test_refusals_name_what_is_wrong_and_change_nothing(kontum, given, words):
    before = dump(kontum)
    with pytest.raises(InputRejected) as refused:
        funding.add(kontum, funding.entry(kontum, **{"year": 2020, **given}))
    assert all(w in str(refused.value) for w in words), str(refused.value)
    assert dump(kontum) == before


def test_the_same_key_twice_in_one_set_is_refused(kontum):
    before = dump(kontum)
    items = [funding.entry(kontum, year=2020, source="credit", amount=a) for a in (1, 2)]
    with pytest.raises(InputRejected, match="credit"):
        funding.put(kontum, items)
    assert dump(kontum) == before


def test_local_without_a_level_takes_the_units_level(kontum):
    ha_mon = units.resolve_commune(kontum, "Hà Mòn", "Đăk Hà")
    assert funding.entry(kontum, year=2020, source="local", amount=1, unit=ha_mon).level == "commune"
    assert funding.entry(kontum, year=2020, source="local", amount=1).level == "province"
    assert funding.entry(kontum, year=2020, source="Ngân sách trung ương", amount="1.500,5").amount == 1500.5
