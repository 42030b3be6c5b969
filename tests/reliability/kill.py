"""Killing real `msoko` processes with SIGKILL at random moments, and checking what they leave.

    rounds = KillRounds("roadmap import", seed=3)
    full = rounds.measure(["roadmap", "import", plan, "--db", db])   # seconds of an uninterrupted run
    for _ in range(40):
        rounds.kill_at_random(["roadmap", "import", plan, "--db", db], full)
        assert_sound(db)                                              # `msoko db check` passes
        rounds.record(outcome)                                        # "none" / "all" / …

`KILLS` counts every kill by case, and the unsound databases and partial imports found, for the figures
of the run (tests/reliability/conftest.py).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.cli.run import msoko

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class KillStats:
    by_case: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)  # "case: outcome"
    unsound: int = 0
    partial: int = 0

    def to_json(self) -> dict:
        return {
            "total": sum(self.by_case.values()),
            "by_case": dict(sorted(self.by_case.items())),
            "outcomes": dict(sorted(self.outcomes.items())),
            "unsound": self.unsound,
            "partial": self.partial,
        }


KILLS = KillStats()


def start(args: list, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop.cli.main", *map(str, args)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env={**os.environ, **(env or {})},
    )


class KillRounds:
    def __init__(self, case: str, seed: int):
        self.case = case
        self.rng = random.Random(seed)

    def measure(self, args: list, timeout: float = 300) -> float:
        """Seconds an uninterrupted run takes; it must succeed."""
        started = time.perf_counter()
        process = start(args)
        assert process.wait(timeout=timeout) == 0, f"{args} failed without a kill"
        return time.perf_counter() - started

    def kill_at_random(self, args: list, full: float, *, earliest: float = 0.05) -> float:
        """Start the command, SIGKILL it at a random moment of a normal run; returns the moment."""
        moment = self.rng.uniform(earliest, full * 1.1)
        process = start(args)
        time.sleep(moment)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        KILLS.by_case[self.case] += 1
        return moment

    def record(self, outcome: str) -> None:
        KILLS.outcomes[f"{self.case}: {outcome}"] += 1


def assert_sound(db: Path) -> dict:
    """`msoko db check --json` passes on `db` (integrity, foreign keys, schema version)."""
    import json

    result = msoko("db", "check", "--db", db, "--json")
    report = json.loads(result.stdout) if result.stdout.strip() else {"ok": False, "stderr": result.stderr}
    if result.returncode != 0 or not report.get("ok"):
        KILLS.unsound += 1
        raise AssertionError(f"unsound database after a kill: {report}")
    return report


def assert_integrity(db: Path) -> int:
    """The file is a sound SQLite database (whatever its schema version); returns the version."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        violations = conn.execute("PRAGMA foreign_key_check").fetchall()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        KILLS.unsound += 1
        raise AssertionError(f"unreadable database after a kill: {error}") from error
    finally:
        conn.close()
    if integrity != "ok" or violations:
        KILLS.unsound += 1
        raise AssertionError(f"unsound database after a kill: {integrity}, {len(violations)} FK violations")
    return version


def assert_all_or_none(what: str, found: int, none: int, all_: int) -> str:
    if found not in (none, all_):
        KILLS.partial += 1
        raise AssertionError(f"partial {what}: {found - none} of {all_ - none}")
    return "all" if found == all_ and all_ != none else "none"


def scalar(db: Path, sql: str, params=()) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()
