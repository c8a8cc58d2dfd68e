"""``ntm demo`` (CONTRACT §1, §6): the demo dataset from the command line, marked DEMO, never
written into a database with real data."""

from tests.cli.test_cli import ntm, scalar, sha256


def test_demo_fills_a_new_database_marked_demo(tmp_path):
    db = tmp_path / "demo.sqlite3"
    result = ntm(db, "demo")
    assert result.returncode == 0, result.stderr
    assert "DEMO" in result.stdout
    assert scalar(db, "SELECT value FROM meta WHERE key = 'demo'") == "1"
    assert scalar(db, "SELECT value FROM meta WHERE key = 'home_province'") == "province:62"
    assert scalar(db, "SELECT count(*) FROM criterion_results") > 1000
    assert scalar(db, "SELECT count(*) FROM twinnings") >= 15
    # the same figures as the first-run dialog's demo (one seed): the window marks it DEMO
    summary = ntm(db, "summary", "--year", "2020", "--json")
    assert summary.returncode == 0, summary.stderr
    # a second run changes nothing
    before = sha256(db)
    again = ntm(db, "demo", lang="en")
    assert again.returncode == 0, again.stderr
    assert "demo database already" in again.stdout
    assert sha256(db) == before


def test_demo_refuses_a_database_with_real_data(tmp_path):
    db = tmp_path / "real.sqlite3"
    assert ntm(db, "init").returncode == 0
    entered = ntm(db, "set", "--year", "2020", "--district", "Đăk Hà", "--commune", "Đăk Mar",
                  "--criterion", "1", "--met", "yes")
    assert entered.returncode == 0, entered.stderr
    before = sha256(db)
    result = ntm(db, "demo", lang="en")
    assert result.returncode == 3
    assert result.stderr.startswith("error: ")
    assert "holds assessment values or twinnings" in result.stderr
    assert sha256(db) == before
    assert scalar(db, "SELECT count(*) FROM meta WHERE key = 'demo'") == 0


def test_demo_with_a_home_province(tmp_path):
    db = tmp_path / "demo.sqlite3"
    result = ntm(db, "demo", "--province", "Gia Lai")
    assert result.returncode == 0, result.stderr
    home = scalar(db, "SELECT value FROM meta WHERE key = 'home_province'")
    assert home.startswith("province:")
    assert scalar(db, "SELECT count(*) FROM units WHERE nkey = ?", (home,)) == 1
    assert scalar(db, "SELECT count(*) FROM criterion_results") > 1000


def test_demo_takes_db_after_the_command(tmp_path):
    db = tmp_path / "after.sqlite3"
    result = ntm(None, "demo", "--db", str(db), "--province", "Kon Tum")
    assert result.returncode == 0, result.stderr
    assert scalar(db, "SELECT value FROM meta WHERE key = 'demo'") == "1"
    assert scalar(db, "SELECT value FROM meta WHERE key = 'home_province'") == "province:62"


def test_demo_refuses_an_unknown_province_and_writes_nothing(tmp_path):
    db = tmp_path / "none.sqlite3"
    result = ntm(db, "demo", "--province", "Atlantis")
    assert result.returncode == 3
    assert not db.exists()
