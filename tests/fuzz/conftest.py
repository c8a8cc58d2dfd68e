"""Fuzzing fixtures: the seed files, made once per module by the program itself
(tests/fuzz/seeds.py), and a harness that runs mutated files through the readers."""

import pytest

from tests.fuzz import seeds
from tests.fuzz.targets import Harness


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NTM_DATA_DIR", str(folder / "data"))
        made = Harness(seeds.build(folder / "seeds"), folder / "work")
        yield made
        made.close()
