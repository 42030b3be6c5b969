"""One writer at a time: commands that write take the window's lock (or wait for it, a bounded time,
saying so), so two commands started together give the database that one after the other would."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

from desktop.models.lock import DatabaseLock
from tests.builders.schools_files import invented_school, write_schools_xlsx
from tests.cli.run import msoko, msoko_json


def _start(*args, env=None):
    return subprocess.Popen([sys.executable, "-m", "desktop.cli.main", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            env={**os.environ, **(env or {})})


def test_a_command_refuses_to_write_behind_the_windows_back(tmp_path, demo_db_path):
    with DatabaseLock(demo_db_path):  # as the window holds it
        started = time.monotonic()
        result = msoko("office", "set", "--short-name", "Другой отдел", "--db", demo_db_path,
                       env={"MSOKO_LOCK_WAIT_S": "1"})
        waited = time.monotonic() - started
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert "жду до 1 с" in lines[0] and "окно МСОКО" in lines[0]
    assert lines[-1].startswith("Ошибка: База данных") and "с ней работает окно МСОКО" in lines[-1]
    assert 1 <= waited < 10
    assert msoko_json("office", "show", "--db", demo_db_path, "--json")["short_name"] != "Другой отдел"


def test_a_command_waits_for_another_and_then_does_its_work(tmp_path, demo_db_path):
    lock = DatabaseLock(demo_db_path, holder="команда «msoko schools»")
    lock.acquire()
    threading.Timer(1.5, lock.release).start()
    result = msoko("office", "set", "--short-name", "Отдел после ожидания", "--db", demo_db_path)
    assert result.returncode == 0, result.stderr
    assert "жду" in result.stderr and "команда «msoko schools»" in result.stderr
    assert msoko_json("office", "show", "--db", demo_db_path, "--json")["short_name"] == "Отдел после ожидания"


def test_two_imports_of_one_list_at_once_give_what_one_after_the_other_gives(tmp_path):
    rows = [invented_school(n) for n in range(1, 301)] + [[301, "МКОУ «НОШ д. Безкодовка»", "", "", "НОШ"]]
    sheet = write_schools_xlsx(tmp_path / "школы.xlsx", rows)
    together, apart = tmp_path / "вместе.sqlite", tmp_path / "подряд.sqlite"
    first, second = _start("schools", "import", sheet, "--db", together), _start("schools", "import", sheet, "--db", together)
    results = [process.communicate(timeout=120) + (process.returncode,) for process in (first, second)]
    assert [code for _, _, code in results] == [0, 0], results
    for _ in range(2):
        assert msoko("schools", "import", sheet, "--db", apart).returncode == 0

    def registry(db):
        return sorted((s["code"] or "", s["short_name"]) for s in msoko_json("schools", "list", "--db", db, "--json"))
    assert registry(together) == registry(apart)
    assert len(registry(together)) == 301


def test_first_writes_of_a_new_database_do_not_meet(tmp_path):
    db = tmp_path / "новая.sqlite"
    sheet = write_schools_xlsx(tmp_path / "школы.xlsx", [invented_school(n) for n in range(1, 21)])
    office = _start("office", "set", "--short-name", "Отдел образования", "--db", db)
    schools = _start("schools", "import", sheet, "--db", db)
    for process in (office, schools):
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    assert len(msoko_json("schools", "list", "--db", db, "--json")) == 20
    assert msoko("db", "check", "--db", db).returncode == 0


def test_two_results_imports_of_one_school_at_once_never_replace_silently(tmp_path, demo_db_path):
    from tests.builders.result_files import SchoolMarks, write_fisoko_marks

    first = write_fisoko_marks(tmp_path / "первый.xlsx", year=2027, schools=[
        SchoolMarks("МБОУ «СОШ № 1 с. Заречное»", "edu990101", (3, 10, 12, 5))]).path
    second = write_fisoko_marks(tmp_path / "второй.xlsx", year=2027, schools=[
        SchoolMarks("МБОУ «СОШ № 1 с. Заречное»", "edu990101", (1, 1, 1, 27))]).path
    runs = [_start("results", "import", path, "--db", demo_db_path) for path in (first, second)]
    outcomes = sorted(process.wait(timeout=120) for process in runs)
    assert outcomes == [0, 2], [process.stderr.read() for process in runs]  # as one after the other
    indicators = msoko_json("results", "indicators", "--kind", "ВПР", "--year", "2027", "--json",
                            "--db", demo_db_path)
    assert indicators, "the first import's figures are there"
