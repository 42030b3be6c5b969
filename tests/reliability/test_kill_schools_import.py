"""A `msoko schools import` killed with SIGKILL at a random moment leaves a sound database holding
all of the import or none of it, and the next run works without any manual step."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.builders.schools_files import invented_school, write_schools_xlsx
from tests.cli.run import msoko, msoko_json

ROWS = 20_000


def count_schools(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM schools").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def big_list(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "schools-20000.xlsx"
    return write_schools_xlsx(path, [invented_school(n) for n in range(1, ROWS + 1)])


def start_import(xlsx, db):
    return subprocess.Popen(
        [sys.executable, "-m", "desktop.cli.main", "schools", "import", str(xlsx), "--db", str(db)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def kill_rounds(big_list, tmp_path, rounds: int, seed: int) -> dict:
    rng = random.Random(seed)
    db = tmp_path / "demo.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    base = count_schools(db)
    started = time.perf_counter()
    assert start_import(big_list, db).wait(timeout=120) == 0
    full = time.perf_counter() - started
    assert count_schools(db) == base + ROWS

    outcomes = {"none": 0, "all": 0}
    for _ in range(rounds):
        assert msoko("demo", "--db", db, "--force").returncode == 0
        process = start_import(big_list, db)
        time.sleep(rng.uniform(0.05, full * 1.1))
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

        check = msoko_json("db", "check", "--db", db, "--json")
        assert check["ok"], check
        count = count_schools(db)
        assert count in (base, base + ROWS), f"partial import: {count - base} of {ROWS} rows"
        outcomes["all" if count == base + ROWS else "none"] += 1
        # The next start works with no manual step: an import runs to the end.
        if count == base:
            assert msoko("schools", "import", big_list, "--db", db).returncode == 0
            assert count_schools(db) == base + ROWS
    return outcomes


def test_kill_during_schools_import_short(big_list, tmp_path):
    outcomes = kill_rounds(big_list, tmp_path, rounds=4, seed=1)
    assert sum(outcomes.values()) == 4


@pytest.mark.slow
def test_kill_during_schools_import_long(big_list, tmp_path):
    outcomes = kill_rounds(big_list, tmp_path, rounds=40, seed=7)
    # Random moments over the whole run land both before and after the commit.
    assert outcomes["none"] > 0 and outcomes["all"] > 0
