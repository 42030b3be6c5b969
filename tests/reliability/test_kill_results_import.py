"""A `msoko results import` of a 30,000-row «Индивидуальные результаты» file (ВПР, per student, with its
schools added to the registry) killed with SIGKILL at a random moment leaves a sound database holding
the whole import — the import record, every student, every new school — or none of it; the next run
imports the file whole."""

import shutil

import pytest

from tests.builders.result_files import write_fisoko_individual
from tests.cli.run import msoko
from tests.reliability.kill import KILLS, KillRounds, assert_all_or_none, assert_sound, scalar

ROWS = 30_000
CASE = f"results import ({ROWS:,} students)"


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    return write_fisoko_individual(tmp_path_factory.mktemp("results") / "впр-30000.xlsx", n_rows=ROWS).path


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    db = tmp_path_factory.mktemp("pristine") / "demo.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    return db


def counts(db) -> tuple[int, int, int]:
    return (scalar(db, "SELECT count(*) FROM result_imports"), scalar(db, "SELECT count(*) FROM student_results"),
            scalar(db, "SELECT count(*) FROM schools"))


def fresh_copy(pristine, db) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        target = db.with_name(db.name + suffix)
        target.unlink(missing_ok=True)
    shutil.copyfile(pristine, db)


def kill_rounds(big_file, pristine, tmp_path, rounds: int, seed: int) -> None:
    db = tmp_path / "office.sqlite"
    command = ["results", "import", big_file, "--db", db, "--add-schools"]
    fresh_copy(pristine, db)
    none = counts(db)
    killer = KillRounds(CASE, seed)
    full = killer.measure(command)
    whole = counts(db)
    assert whole[0] == none[0] + 1 and whole[1] == none[1] + ROWS and whole[2] > none[2]

    for _ in range(rounds):
        fresh_copy(pristine, db)
        killer.kill_at_random(command, full)
        assert_sound(db)
        found = counts(db)
        outcomes = {assert_all_or_none(what, found[i], none[i], whole[i])
                    for i, what in enumerate(("results import record", "results import students",
                                              "schools added by a results import"))}
        if len(outcomes) != 1:  # every part must agree: all of the import or none of it
            KILLS.partial += 1
            raise AssertionError(f"parts of one import disagree: {found}, none {none}, whole {whole}")
        (outcome,) = outcomes
        killer.record(outcome)
        if outcome == "none":  # the next run works with no manual step
            assert msoko(*command).returncode == 0
            assert counts(db) == whole


def test_kill_during_results_import_short(big_file, pristine, tmp_path):
    kill_rounds(big_file, pristine, tmp_path, rounds=2, seed=4)


@pytest.mark.slow
@pytest.mark.timeout(1200)  # 40 kills of a 30,000-pupil import: ~2.5 min on 2 busy cores
def test_kill_during_results_import_long(big_file, pristine, tmp_path):
    kill_rounds(big_file, pristine, tmp_path, rounds=40, seed=17)
    outcomes = {k.rsplit(": ", 1)[1] for k in KILLS.outcomes if k.startswith(CASE)}
    assert outcomes >= {"none", "all"}, KILLS.outcomes
