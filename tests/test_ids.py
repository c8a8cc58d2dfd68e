import uuid

from ntm_desktop.ids import new_uuids


def test_bulk_uuids_are_distinct_version_4():
    made = new_uuids(2000)
    assert len(set(made)) == 2000
    for text in made:
        parsed = uuid.UUID(text)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and str(parsed) == text
    assert new_uuids(0) == []
