"""Running hostile inputs through `msoko` and judging how each ended.

The promise checked for every input: a correct import, or exit code 2 with a Russian message naming
the file — never a traceback, never more than `TIME_LIMIT_S` seconds, never more than
`MEMORY_LIMIT_MB` of memory, never a change to the database when nothing was imported.

    with FuzzRunner(tmp_path) as runner:
        failures = runner.check(Case("schools", path, "flip 3 bytes"))

Figures of a run (cases per target, the slowest case, peak memory) are kept in `STATS` and written by
tests/reliability/conftest.py to `reliability-figures.json` in the pytest temporary folder.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIME_LIMIT_S = 10.0
MEMORY_LIMIT_MB = 500.0
HANG_AFTER_S = 30.0  # the worker is killed if a case has not answered by then
RESTART_EVERY = 400  # cases per worker process: memory measured per process stays meaningful

# How each target is imported: as the user would, by `msoko`.
TARGETS = {
    "schools": ["schools", "import", "{file}", "--db", "{db}", "--json"],
    "roadmap": ["roadmap", "import", "{file}", "--db", "{db}", "--json"],
    "results": ["results", "import", "{file}", "--db", "{db}", "--add-schools", "--replace", "--json"],
}

_LATIN_WORD = re.compile(r"[A-Za-z]{4,}")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_QUOTED = re.compile(r"«[^»]*»|\([^)]*\)")


@dataclass
class Case:
    target: str  # a key of TARGETS
    file: Path
    label: str  # what was done to the file, for the report
    layout: str = ""  # the fixture it came from


@dataclass
class Outcome:
    code: int | None
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0
    maxrss_mb: float = 0.0
    db_changed: bool = False
    bugs: list[str] = field(default_factory=list)
    died: str = ""  # why the worker had to be replaced, if it was


@dataclass
class Stats:
    cases: Counter = field(default_factory=Counter)  # by layout
    outcomes: Counter = field(default_factory=Counter)  # «imported» / «refused»
    failures: list[str] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")
    peak_mb: tuple[float, str] = (0.0, "")

    def to_json(self) -> dict:
        return {
            "mutated_inputs": sum(self.cases.values()),
            "by_layout": dict(sorted(self.cases.items())),
            "outcomes": dict(self.outcomes),
            "failures": len(self.failures),
            "slowest_case": {"seconds": round(self.slowest[0], 2), "case": self.slowest[1]},
            "peak_memory": {"rss_mb": round(self.peak_mb[0], 1), "case": self.peak_mb[1]},
            "failed_inputs": self.failures,
        }


STATS = Stats()


class Worker:
    """One tests/reliability/fuzz_worker.py process; replaced when it dies or hangs."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.process: subprocess.Popen | None = None
        self.served = 0

    def _start(self) -> None:
        env = {**os.environ, "MSOKO_DATA_DIR": str(self.data_dir), "PYTHONPATH": str(ROOT)}
        env.pop("MSOKO_DB", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.fuzz_worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            cwd=ROOT, env=env, text=True, encoding="utf-8", bufsize=1,
        )
        self.served = 0
        ready = self._read_line(60)
        if not ready or not json.loads(ready).get("ready"):
            raise RuntimeError("the fuzz worker did not start")

    def _read_line(self, timeout: float) -> str | None:
        assert self.process and self.process.stdout
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            return None
        return self.process.stdout.readline() or None

    def stop(self) -> None:
        if self.process:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self.process = None

    def run(self, argv: list[str], db: Path | None) -> Outcome:
        if self.process is None or self.process.poll() is not None or self.served >= RESTART_EVERY:
            self.stop()
            self._start()
        assert self.process and self.process.stdin
        self.served += 1
        started = time.perf_counter()
        try:
            self.process.stdin.write(json.dumps({"argv": argv, "db": str(db) if db else None}) + "\n")
            self.process.stdin.flush()
            line = self._read_line(HANG_AFTER_S)
        except (BrokenPipeError, OSError):
            line = None
        if line is None:
            seconds = time.perf_counter() - started
            alive = self.process.poll() is None
            self.stop()
            how = f"hung (no answer in {HANG_AFTER_S:.0f} s)" if alive else f"worker died (signal/exit {self._code})"
            return Outcome(None, seconds=seconds, died=how)
        answer = json.loads(line)
        outcome = Outcome(**answer)
        if outcome.maxrss_mb > MEMORY_LIMIT_MB:
            self.stop()  # measure the next case in a fresh process
        return outcome

    @property
    def _code(self):
        return self.process.returncode if self.process else "?"


# Names of programs and formats that Russian messages write in Latin letters.
PROPER_NAMES = re.compile(r"\b(?:Excel|Word|HTML|XML|SQLite|Windows|LibreOffice|OpenOffice|ZIP|JSON)\b")


def is_russian_line(line: str, file_name: str) -> bool:
    """Cyrillic text, and no English words outside «quoted» parts, the file's own name and the names
    of programs and formats (Excel, Word)."""
    rest = PROPER_NAMES.sub("", _QUOTED.sub("", line.replace(file_name, "")))
    return bool(_CYRILLIC.search(line)) and not _LATIN_WORD.search(rest)


def message_problems(stderr: str, file: Path) -> list[str]:
    """What is wrong with the messages of a refused import (empty when they are as promised)."""
    problems = []
    name = " ".join(file.name.splitlines())  # as a one-line message writes a name with a line break
    lines = [line for line in stderr.splitlines() if line.strip()]
    if not lines:
        return ["exit 2 without a message"]
    if "Traceback" in stderr:
        return ["a traceback on stderr"]
    errors = [line for line in lines if line.startswith("Ошибка: ")]
    if not errors:
        problems.append(f"no «Ошибка: …» line: {lines[0][:200]!r}")
    for line in lines:
        if not line.startswith(("Ошибка: ", "Предупреждение: ")):
            problems.append(f"a line that is not a message: {line[:200]!r}")
        elif not is_russian_line(line, name):
            problems.append(f"not a Russian message: {line[:200]!r}")
    if errors and not any(name in line for line in errors):
        problems.append(f"the message does not name the file «{name}»: {errors[0][:200]!r}")
    return problems


def count(db: Path, sql: str, params=()) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


class FuzzRunner:
    """A worker, a pristine database to import into, and the judge of every outcome."""

    def __init__(self, folder: Path, pristine: Path, *, secret: str | None = None):
        self.folder = folder
        self.pristine = pristine
        self.db = folder / "fuzz.sqlite"
        self.secret = secret
        self.worker = Worker(folder / "data")
        self._reset_db()
        self.base_schools = count(self.db, "SELECT count(*) FROM schools")
        self.base_imports = count(self.db, "SELECT count(*) FROM result_imports")

    def __enter__(self) -> FuzzRunner:
        return self

    def __exit__(self, *exc) -> None:
        self.worker.stop()

    def _reset_db(self) -> None:
        for suffix in ("-wal", "-shm", "-journal"):
            Path(str(self.db) + suffix).unlink(missing_ok=True)
        shutil.copyfile(self.pristine, self.db)

    def check(self, case: Case, *, counted: bool = True) -> list[str]:
        """Run one case; returns what went wrong (empty when the promise held) and counts it
        (unless `counted` is false: the valid fixtures themselves are not mutated inputs)."""
        argv = [part.format(file=case.file, db=self.db) for part in TARGETS[case.target]]
        outcome = self.worker.run(argv, self.db if "{db}" in TARGETS[case.target] else None)
        failures = self._judge(case, outcome)
        if outcome.db_changed:
            self._reset_db()
        name = f"{case.layout} / {case.label}"
        if not counted:
            return failures
        STATS.cases[case.layout] += 1
        if outcome.seconds > STATS.slowest[0]:
            STATS.slowest = (outcome.seconds, name)
        if outcome.maxrss_mb > STATS.peak_mb[0]:
            STATS.peak_mb = (outcome.maxrss_mb, name)
        if failures:
            STATS.failures.append(f"{name}: {'; '.join(failures)}")
        else:
            STATS.outcomes["imported" if outcome.code == 0 else "refused"] += 1
        return failures

    def _judge(self, case: Case, outcome: Outcome) -> list[str]:
        if outcome.died:
            return [outcome.died]
        failures = []
        if outcome.seconds > TIME_LIMIT_S:
            failures.append(f"took {outcome.seconds:.1f} s")
        if outcome.maxrss_mb > MEMORY_LIMIT_MB:
            failures.append(f"peak memory {outcome.maxrss_mb:.0f} MB")
        if outcome.bugs:
            failures.append("a bug was logged: " + outcome.bugs[0][-1500:])
        if self.secret and (self.secret in outcome.stdout or self.secret in outcome.stderr):
            failures.append("the content of an external entity leaked into the output")
        if outcome.code == 2:
            if outcome.db_changed:
                failures.append("the database changed although the import was refused")
            failures += message_problems(outcome.stderr, case.file)
        elif outcome.code == 0:
            failures += self._check_import(case, outcome)
        else:
            failures.append(f"exit code {outcome.code}: {outcome.stderr[-1500:]!r}")
        return failures

    def _check_import(self, case: Case, outcome: Outcome) -> list[str]:
        """A successful import must be whole, sound, and free of anything an entity smuggled in."""
        from desktop.services.db_check import check_database

        if "Traceback" in outcome.stderr:
            return ["a traceback on stderr"]
        report = check_database(self.db)
        if not report.ok:
            return [f"db check after the import: {report.problems}"]
        result = json.loads(outcome.stdout)
        if self.secret:
            conn = sqlite3.connect(self.db)
            try:
                dump = "\n".join(conn.iterdump())
            finally:
                conn.close()
            if self.secret in dump:
                return ["the content of an external entity was saved in the database"]
        if case.target == "schools":
            expected = self.base_schools + len(result["added"])
            found = count(self.db, "SELECT count(*) FROM schools")
            if not result["saved"] or found != expected:
                return [f"schools import half done: {found} schools, expected {expected}"]
        elif case.target == "roadmap":
            found = count(self.db, "SELECT count(*) FROM measures WHERE roadmap_id = ?", (result["id"],))
            if found != result["measures"]:
                return [f"roadmap import half done: {found} measures saved of {result['measures']}"]
        elif case.target == "results":
            return self._check_results_import(result)
        return []

    def _check_results_import(self, result: dict) -> list[str]:
        """Saved: one import of the file holding every student read; not saved: nothing new."""
        imports = count(self.db, "SELECT count(*) FROM result_imports")
        if not result["saved"]:
            return [f"results import not saved, yet {imports} imports are stored"] if imports != self.base_imports else []
        (file,) = result["files"]
        expected = sum(item.get("students", 0) for item in file["assessments"])
        students = count(self.db, "SELECT count(*) FROM student_results WHERE import_id = "
                                  "(SELECT max(id) FROM result_imports)")
        if imports != self.base_imports + 1 or students != expected:
            return [f"results import half done: {students} students saved of {expected}, {imports} imports"]
        return []
