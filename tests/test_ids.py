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
