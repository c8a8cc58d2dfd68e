"""The overview's figures (ntm_desktop/overview/): the grid agrees with the summary (CONTRACT §3),
takes its shape from the set in force (19 criteria in 2019, 10 in 2026), reads a chosen period
as of that period, flags official statuses that differ from computed ones, and filters, sorts
and counts as the tab shows them."""

from __future__ import annotations

from ntm_desktop import overview, summary, targets, units
from ntm_desktop.overview.grid import cell_period
from ntm_desktop.periods import Period
from tests.overview.conftest import H1, MET_2026, first_commune


def test_2019_grid_agrees_with_the_summary(kt):
    view = overview.grid(kt, 2019)
    figures = summary.summary(kt, 2019)
    assert view.shape.count == figures["criteria_count"] == 19
    assert view.set_code == figures["criteria_set"]
    assert len(view.rows) == figures["communes"]
    assert {str(n): m for n, m in overview.totals(view, view.rows).items()} == figures["per_criterion"]
    assert overview.band_counts(view, view.rows) == figures["bands"]
    assert overview.average(view.rows) == figures["average"]
    no_data = sum(1 for r in view.rows if set(r.statuses) == {overview.NO_DATA})
    assert no_data == figures["no_data"]
    by_id = {c["id"] for c in summary.communes_in_scope(kt, 2019)}
    assert {r.id for r in view.rows} == by_id


def test_2026_has_ten_criteria_and_no_districts(kt):
    view = overview.grid(kt, 2026)
    figures = summary.summary(kt, 2026)
    assert view.shape.count == 10 and view.numbers == tuple(range(1, 11))
    assert all(len(r.statuses) == 10 for r in view.rows)
    assert view.districts == []
    assert len(view.rows) == figures["communes"]
    met = {r.code: r.met for r in view.rows if r.code in MET_2026}
    assert met == {code: len(numbers) for code, numbers in MET_2026.items()}
    full = [r for r in view.rows if r.met == 10]
    assert [r.code for r in full] == ["23500"] and full[0].band == view.shape.full_key
    assert overview.band_counts(view, view.rows) == figures["bands"]


def test_a_chosen_period_reads_as_of_that_period(kt):
    commune = first_commune(kt)
    whole = {r.id: r for r in overview.grid(kt, 2019).rows}[commune.id]
    early = overview.grid(kt, 2019, H1)
    row = {r.id: r for r in early.rows}[commune.id]
    assert early.period == H1
    # as of the first half only its two statuses exist
    assert row.statuses[early.position(3)] == overview.MET
    assert row.statuses[early.position(4)] == overview.NOT_MET
    assert row.met == 1 and row.statuses.count(overview.NO_DATA) == 17
    assert all(set(r.statuses) == {overview.NO_DATA} for r in early.rows if r.id != commune.id)
    # for the year the year's own statuses count; criterion 1 is officially not met
    assert whole.statuses[0] == overview.NOT_MET
    assert cell_period(kt, early, commune.id, 3) == H1
    assert cell_period(kt, overview.grid(kt, 2019), commune.id, 1) == Period(2019, "Y")
    assert cell_period(kt, early, commune.id, 10) == H1  # no status: the grid's period


def test_official_differing_from_computed_is_flagged(kt):
    commune = first_commune(kt)
    view = overview.grid(kt, 2019)
    flagged = {r.id: r.differs for r in view.rows if r.differs}
    assert flagged == {commune.id: frozenset({1})}


def test_district_scope_and_filters(kt):
    view = overview.grid(kt, 2019)
    district_id, name = view.districts[0]
    only = overview.filter_rows(view, overview.Filters(district_id=district_id))
    assert only and all(r.district == name for r in only)
    scoped = overview.grid(kt, 2019, district_id=district_id)
    assert [r.id for r in scoped.rows] == [r.id for r in only]
    assert {str(n): m for n, m in overview.totals(view, only).items()} == \
        summary.summary(kt, 2019, district=name)["per_criterion"]
    band = "15-18"
    in_band = overview.filter_rows(view, overview.Filters(band=band))
    assert len(in_band) == overview.band_counts(view, view.rows)[band] > 0
    assert all(15 <= r.met <= 18 for r in in_band)
    failing = overview.filter_rows(view, overview.Filters(failing=6))
    assert len(failing) == len(view.rows) - overview.totals(view, view.rows)[6]
    short = overview.filter_rows(view, overview.Filters(short=True))
    assert [r.id for r in short] == [r.id for r in view.rows if r.met in (17, 18)]
    both = overview.filter_rows(view, overview.Filters(band=band, failing=6))
    assert {r.id for r in both} == {r.id for r in in_band} & {r.id for r in failing}


def test_sorting(kt):
    view = overview.grid(kt, 2019)
    by_met = overview.sort_rows(view, view.rows, "met", descending=True)
    assert [r.met for r in by_met] == sorted((r.met for r in view.rows), reverse=True)
    on_7 = overview.sort_rows(view, view.rows, 7)
    letters = [r.statuses[6] for r in on_7]
    assert letters == sorted(letters, key=lambda x: {"M": 0, "N": 1, "-": 2}[x])
    names = overview.sort_rows(view, view.rows, "commune", descending=True)
    assert len(names) == len(view.rows) and names[0].name >= names[-1].name


def test_lagging_and_totals_text(kt):
    view = overview.grid(kt, 2019)
    met = overview.totals(view, view.rows)
    worst = overview.lagging(view, view.rows, 3)
    assert [n for n, _name, _m in worst] == sorted(met, key=lambda n: (met[n], n))[:3]
    assert worst[0][2] == min(met.values())
    assert overview.total_text(met[1], len(view.rows)) == f"{met[1]}/85"


def test_progress_over_the_years(kt):
    points = overview.progress(kt)
    assert [p.year for p in points] == [2019, 2026]
    for point in points:
        figures = summary.summary(kt, point.year)
        assert point.criteria_count == figures["criteria_count"]
        assert point.communes == figures["communes"]
        assert point.full == summary.full_count(figures)
        assert point.average == figures["average"]


def test_behind_target(kt):
    view = overview.grid(kt, 2026)
    assert overview.behind(kt, view) is None  # no commune target: no filter
    late = units.resolve_code(kt, "23326", "2026-12-31")  # 7 of 10
    done = units.resolve_code(kt, "23500", "2026-12-31")  # 10 of 10
    later = units.resolve_code(kt, "23497", "2026-12-31")  # 3 of 10, target 2028
    targets.set_commune(kt, late, "ntm", 2026)
    targets.set_commune(kt, done, "ntm", 2025)
    targets.set_commune(kt, later, "ntm", 2028)
    targets.set_commune(kt, done, "criterion", 2026, criterion=10)
    assert overview.behind(kt, view) == frozenset({late.id})
    rows = overview.filter_rows(view, overview.Filters(behind=overview.behind(kt, view)))
    assert [r.code for r in rows] == ["23326"]
