"""The bounded fuzzing run of every change (issue 19 part 7): Hypothesis draws structural
mutations of each reader's valid seed (tests/fuzz/mutate.py) and every one must be
accepted or refused with exit 3 and the database untouched (tests/fuzz/targets.py).

Hypothesis rather than a coverage-guided fuzzer (atheris): the readers are Python over
zip, XML, CSV, JSON and SQLite, where the hard part is producing files that get past the
outer layers (CRCs, hashes, signatures), which the mutators do by construction; Hypothesis
drives them with shrinking (a failure comes back as the smallest mutation that breaks),
runs under pytest with no native build, and the same mutators run unshrunk at hundreds of
thousands of cases from scripts/fuzz_long.py. A crash it finds goes into tests/fuzz/corpus/
(replayed by test_corpus.py). Crashes in code owned elsewhere are listed in known.py.
"""

import collections

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.draw import HypothesisDraw
from tests.fuzz.known import known
from tests.fuzz.targets import Crash

# cases per reader in the normal suite: about 20 s in all on the project's 2-core machine
EXAMPLES = {"package": 300, "backup": 80, "database": 80, "table": 60, "criteria": 60, "template": 40}
outcomes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)


def _case(harness, reader: str, data) -> None:
    blob, label = harness.mutate(reader, HypothesisDraw(data))
    try:
        outcome = harness.run(reader, blob, label)
    except Crash as crash:
        why = known(reader, str(crash))
        if why is None:
            raise
        outcome = f"known: {why}"
    outcomes[reader][outcome.split(" ")[0]] += 1


def _fuzz(reader: str):
    # derandomize: the same cases on every run of the same code (no flaky CI); the long run
    # (scripts/fuzz_long.py) is where new ground is covered
    @settings(max_examples=EXAMPLES[reader], deadline=None, database=None, print_blob=True, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
    @given(data=st.data())
    def test(harness, data):
        _case(harness, reader, data)

    test.__name__ = f"test_fuzz_{reader}"
    test.__doc__ = f"Mutated {reader} files are accepted or refused (exit 3), the database untouched."
    return test


test_fuzz_package = _fuzz("package")
test_fuzz_backup = _fuzz("backup")
test_fuzz_database = _fuzz("database")
test_fuzz_table = _fuzz("table")
test_fuzz_criteria = _fuzz("criteria")
test_fuzz_template = _fuzz("template")


def test_the_mutations_reach_past_the_outer_checks():
    """Runs after the others (file order): the mutations are neither all refused at the door
    nor all harmless; in particular re-signed packages reach the row checks."""
    seen = {reader: sum(counter.values()) for reader, counter in outcomes.items()}
    if not seen:
        pytest.skip("run with the fuzz tests above")
    for reader, counter in outcomes.items():
        assert counter["refused"] > 0, (reader, counter)
    assert outcomes["package"]["accepted"] + outcomes["backup"]["accepted"] > 0, outcomes
