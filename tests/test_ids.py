import uuid

from ntm_desktop.ids import new_uuids


def test_bulk_uuids_are_distinct_increasing_version_7():
    made = new_uuids(2000)
    assert len(set(made)) == 2000
    assert made == sorted(made)  # appended at the right edge of the uuid index
    for text in made:
        parsed = uuid.UUID(text)
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122 and str(parsed) == text
    assert new_uuids(0) == []


def test_two_batches_do_not_collide():
    first, second = new_uuids(5000), new_uuids(5000)
    assert not set(first) & set(second)


def test_single_uuids_are_version_7_and_follow_the_clock():
    import time

    from ntm_desktop.ids import new_uuid

    first = new_uuid()
    time.sleep(0.002)
    made = [new_uuid() for _ in range(3000)]
    assert len(set(made)) == 3000
    for text in (first, *made):
        parsed = uuid.UUID(text)
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122 and str(parsed) == text
    # the first 48 bits are the milliseconds: a later uuid never sorts before an earlier one's millisecond
    assert all(first[:13] < text[:13] for text in made)
    millis = int(made[-1].replace("-", "")[:12], 16)
    assert abs(millis - time.time_ns() // 1_000_000) < 60_000


def test_records_made_one_by_one_get_time_ordered_uuids(tmp_path):
    from ntm_desktop import assessments, criteria, units
    from ntm_desktop.periods import Period
    from ntm_desktop.store.database import open_store

    store = open_store(tmp_path / "t.sqlite3")
    criteria.load_bundled(store)
    units.load_reference(store)
    commune = store.query("SELECT nkey FROM units WHERE level = 'commune' LIMIT 1")[0]["nkey"]
    assessments.set_official(store, units.by_nkey(store, commune), Period(2023, "Y"), 1, True)
    for table in ("criterion_results", "changes", "units"):
        text = store.query(f"SELECT uuid FROM {table} ORDER BY id DESC LIMIT 1")[0]["uuid"]
        assert uuid.UUID(text).version == 7, table
    store.close()


def test_bulk_uuids_count_up_by_one_across_their_blocks():
    """Made a block of 256 at a time: any count, across block edges, gives consecutive ids."""
    for count in (1, 2, 255, 256, 257, 511, 4097, 70_000):
        made = new_uuids(count)
        assert len(made) == count and len(set(made)) == count
        numbers = [uuid.UUID(text).int for text in made]
        assert numbers == list(range(numbers[0], numbers[0] + count))
        for text in (made[0], made[-1]):
            parsed = uuid.UUID(text)
            assert parsed.version == 7 and parsed.variant == uuid.RFC_4122 and str(parsed) == text
