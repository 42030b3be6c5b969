"""A `msoko schools import` killed with SIGKILL at a random moment leaves a sound database holding
all of the import or none of it, and the next run works without any manual step."""

import pytest

from tests.builders.schools_files import invented_school, write_schools_xlsx
from tests.cli.run import msoko
from tests.reliability.kill import KillRounds, assert_all_or_none, assert_sound, scalar

ROWS = 20_000


@pytest.fixture(scope="module")
def big_list(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "schools-20000.xlsx"
    return write_schools_xlsx(path, [invented_school(n) for n in range(1, ROWS + 1)])


def kill_rounds(big_list, tmp_path, rounds: int, seed: int) -> KillRounds:
    db = tmp_path / "demo.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    base = scalar(db, "SELECT count(*) FROM schools")
    command = ["schools", "import", big_list, "--db", db]
    killer = KillRounds("schools import (20,000 rows)", seed)
    full = killer.measure(command)
    assert scalar(db, "SELECT count(*) FROM schools") == base + ROWS

    for _ in range(rounds):
        assert msoko("demo", "--db", db, "--force").returncode == 0
        killer.kill_at_random(command, full)
        assert_sound(db)
        outcome = assert_all_or_none("schools import", scalar(db, "SELECT count(*) FROM schools"), base, base + ROWS)
        killer.record(outcome)
        # The next start works with no manual step: an import runs to the end.
        if outcome == "none":
            assert msoko("schools", "import", big_list, "--db", db).returncode == 0
            assert scalar(db, "SELECT count(*) FROM schools") == base + ROWS
    return killer


def test_kill_during_schools_import_short(big_list, tmp_path):
    kill_rounds(big_list, tmp_path, rounds=3, seed=1)


@pytest.mark.slow
@pytest.mark.timeout(1200)  # 40 kills of a 20,000-row import: ~2 min on 2 busy cores
def test_kill_during_schools_import_long(big_list, tmp_path):
    from tests.reliability.kill import KILLS

    kill_rounds(big_list, tmp_path, rounds=40, seed=7)
    outcomes = {k: v for k, v in KILLS.outcomes.items() if k.startswith("schools import")}
    # Random moments over the whole run land both before and after the commit.
    assert {k.rsplit(": ", 1)[1] for k in outcomes} >= {"none", "all"}, outcomes
