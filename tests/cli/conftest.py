"""Command-line tests (ntm_desktop/cli/): ``ntm`` run through cli.main in-process or as
``python -m ntm_desktop``, on database files from the root conftest's fixtures, and the one
Kon Tum database of both eras (``ntm init --province "Kon Tum"``, made once a session, about
0.3 s) that the era tests copy."""

import json
import shutil

import pytest

from tests.cli.test_cli import ntm


@pytest.fixture(scope="session")
def initialised_db(tmp_path_factory):
    """A database made by ``ntm init`` (Kon Tum of 2020 and the criteria sets), once a session:
    never write to it, copy it (``initialised_copy``)."""
    db = tmp_path_factory.mktemp("initialised") / "base.sqlite3"
    result = ntm(db, "init")
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture
def initialised_copy(initialised_db, tmp_path):
    """A private copy of the ``ntm init`` database, for a test that writes."""
    target = tmp_path / "ntm.sqlite3"
    shutil.copy(initialised_db, target)
    return target


@pytest.fixture(scope="session")
def kontum_eras_db(tmp_path_factory):
    """A database made by ``ntm init --province "Kon Tum"``: never write to it, copy it."""
    db = tmp_path_factory.mktemp("eras") / "ntm.sqlite3"
    result = ntm(db, "init", "--province", "Kon Tum")
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture
def kontum_eras_copy(kontum_eras_db, tmp_path):
    """A copy of the Kon Tum database of both eras, for a test that writes."""
    target = tmp_path / "copy.sqlite3"
    shutil.copy(kontum_eras_db, target)
    return target


def as_json(result):
    """The JSON a successful command printed."""
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
