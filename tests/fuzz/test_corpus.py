"""Every crash the fuzzer found, kept as a regression test (issue 19 part 7): the named
hostile files of hostile.py, built from the seeds, and the files the fuzzer saved under
tests/fuzz/corpus/<reader>/ (each with a .txt saying what was done to it and what broke;
databases gzipped).
Each must be accepted or refused with exit 3, the database untouched. A file whose .txt has
an ``xfail:`` line waits for a fix in code owned elsewhere (known.py) and runs as
xfail(strict=False)."""

import gzip
from pathlib import Path

import pytest

from tests.fuzz.hostile import HOSTILE
from tests.fuzz.targets import READERS

CORPUS = Path(__file__).parent / "corpus"


def _saved() -> list:
    params = []
    for reader in READERS:
        for file in sorted((CORPUS / reader).glob("*")) if (CORPUS / reader).is_dir() else []:
            if file.suffix == ".txt":
                continue
            note = file.parent / (file.name.split(".")[0] + ".txt")
            lines = note.read_text(encoding="utf-8").splitlines() if note.exists() else []
            why = next((line[6:].strip() for line in lines if line.startswith("xfail:")), None)
            marks = [pytest.mark.xfail(reason=why, strict=False)] if why else []
            params.append(pytest.param(reader, file, marks=marks, id=f"{reader}/{file.name}"))
    return params


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file(harness, name):
    reader, build = HOSTILE[name]
    outcome = harness.run(reader, build(harness), name)
    # these are damaged beyond use: none may be accepted
    assert outcome.startswith("refused"), (name, outcome)


@pytest.mark.parametrize(("reader", "file"), _saved())
def test_saved_crash(harness, reader, file):
    harness.all_commands = True  # a damaged database goes through every command
    data = gzip.decompress(file.read_bytes()) if file.suffix == ".gz" else file.read_bytes()
    outcome = harness.run(reader, data, file.name)
    assert outcome == "accepted" or outcome.startswith("refused"), outcome
