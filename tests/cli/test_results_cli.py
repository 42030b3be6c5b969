"""`msoko results …` and `msoko template results` as other tools call them: exit codes, JSON, what is saved."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date

from openpyxl import load_workbook

from tests.builders.result_files import (
    DEFAULT_MARK_SCHOOLS,
    SchoolMarks,
    write_fisoko_individual,
    write_fisoko_marks,
    write_rcoi_protocol,
)
from tests.cli.run import msoko, msoko_json

ROW_FIELDS = {"school_id", "code", "name", "subject", "grade", "participants", "n2", "n3", "n4", "n5", "pass_rate",
              "quality_rate", "mean_mark", "sou", "share_2", "lowered", "confirmed", "raised"}


def count(db, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def run_json(*args):
    result = msoko(*args)
    return result.returncode, json.loads(result.stdout), result.stderr


def test_import_refuses_unknown_schools_adds_them_when_asked_and_skips_a_repeat(tmp_path):
    db = tmp_path / "office.sqlite"
    marks = write_fisoko_marks(tmp_path / "marks.xlsx")

    code, answer, stderr = run_json("results", "import", marks.path, "--db", db, "--json")
    assert code == 2 and answer["saved"] is False and answer["new_schools"] == []
    [file] = answer["files"]
    assert set(file) >= {"file", "layout", "assessments", "rows", "problems"}
    assert file["layout"] == "fisoko_marks" and file["rows"] == 7
    assert file["assessments"] == [{"kind": "ВПР", "year": 2026, "subject": "Математика", "grade": 5,
                                    "date": "2026-04-20", "max_score": 20.0, "schools": 0, "students": 0}]
    first = file["problems"][0]
    assert (first["sheet"], first["row"], first["column"]) == (marks.sheet, marks.rows["edu900101"], "A")
    assert "не найдена в реестре" in first["message"] and "--add-schools" in stderr
    assert count(db, "school_results") == 0

    code, answer, _ = run_json("results", "import", marks.path, "--db", db, "--add-schools", "--json")
    assert code == 0 and answer["saved"] is True
    assert answer["new_schools"] == [{"code": s.code, "name": s.name} for s in DEFAULT_MARK_SCHOOLS]
    assert count(db, "school_results") == 4 and count(db, "schools") == 4

    code, answer, stderr = run_json("results", "import", marks.path, "--db", db, "--json")
    assert code == 0 and answer["saved"] is False
    assert "уже загружен" in answer["files"][0]["problems"][0]["message"] and "уже загружен" in stderr
    assert count(db, "result_imports") == 1


def test_replacing_needs_replace_and_dry_run_saves_nothing(tmp_path):
    db = tmp_path / "office.sqlite"
    folder = tmp_path / "с флешки"
    folder.mkdir()
    write_fisoko_marks(folder / "a.xlsx")
    write_fisoko_marks(folder / "b.xlsx", grade=6)
    assert msoko("results", "import", folder, "--db", db, "--add-schools").returncode == 0  # a folder
    assert count(db, "school_results") == 8

    changed = [SchoolMarks(DEFAULT_MARK_SCHOOLS[0].name, "edu900101", (0, 0, 10, 20))]
    second = write_fisoko_marks(tmp_path / "new.xlsx", schools=changed).path
    code, answer, stderr = run_json("results", "import", second, "--db", db, "--json")
    assert code == 2 and not answer["saved"]
    assert answer["files"][0]["replaced"][0]["previous_file"] == "a.xlsx"
    assert "--replace" in stderr
    code, answer, _ = run_json("results", "import", second, "--db", db, "--replace", "--dry-run", "--json")
    assert code == 0 and answer["saved"] is False and count(db, "result_imports") == 2
    assert msoko("results", "import", second, "--db", db, "--replace").returncode == 0
    assert count(db, "result_imports") == 3


def test_indicators_json_gives_schools_and_the_district_with_rounded_fractions(tmp_path):
    db = tmp_path / "office.sqlite"
    write_fisoko_marks(tmp_path / "marks.xlsx")
    assert msoko("results", "import", tmp_path / "marks.xlsx", "--db", db, "--add-schools").returncode == 0
    answer = msoko_json("results", "indicators", "--kind", "впр", "--year", "2026", "--grade", "5", "--db", db, "--json")
    assert len(answer["schools"]) == 4 and ROW_FIELDS <= set(answer["schools"][0])
    first = next(r for r in answer["schools"] if r["code"] == "edu900101")
    assert (first["n2"], first["quality_rate"], first["pass_rate"]) == (3, round(17 / 30, 4), 0.9)
    [district] = answer["municipality"]
    assert ROW_FIELDS <= set(district) and district["school_id"] is None
    assert district["participants"] == 106 and district["quality_rate"] == round((17 + 17 + 4 + 34) / 106, 4)
    assert {r["level"] for r in answer["reference"]} == {"all", "region", "reported_municipality"}
    unknown = msoko("results", "indicators", "--kind", "ЕГЭX", "--year", "2026", "--db", db, "--json")
    assert unknown.returncode == 2 and "Неизвестная оценочная процедура" in unknown.stderr


def test_flags_json_lists_flags_and_low_quality_subjects(demo_db_path):
    from desktop.demo_results import build_demo_results
    from desktop.services.database import open_database

    database = open_database(demo_db_path)
    build_demo_results(database, date(2026, 11, 23))
    database.close()
    answer = msoko_json("results", "flags", "--year", "2026", "--db", demo_db_path, "--json")
    assert set(answer) >= {"flags", "low_quality"}
    assert all(set(f) >= {"school_id", "flag", "rule", "explanation"} for f in answer["flags"])
    assert {f["code"] for f in answer["flags"]} == {"edu990105", "edu990107", "edu990108", "edu990111"}
    [low] = answer["low_quality"]
    assert (low["subject"], low["grade"], low["years"]) == ("Математика", 8, [2025, 2026])
    assert len(low["quality_rates"]) == 2 and "ниже 40%" in low["explanation"]


def test_template_written_filled_and_imported(demo_db_path, tmp_path):
    out = tmp_path / "шаблон.xlsx"
    made = msoko("template", "results", "--kind", "ОГЭ", "--year", "2019", "--out", out, "--db", demo_db_path)
    assert made.returncode == 0, made.stderr
    workbook = load_workbook(out)
    sheet = workbook["Результаты по школам"]
    sheet.append(["МБОУ «Лицей № 3» (edu990104)", "Математика", 9, 20, 1, 5, 9, 5])
    workbook.save(tmp_path / "лицей.xlsx")
    code, answer, stderr = run_json("results", "import", tmp_path / "лицей.xlsx", "--db", demo_db_path, "--json")
    assert code == 0, stderr
    assert answer["saved"] and answer["files"][0]["layout"] == "office_template"
    wrong = msoko("template", "results", "--kind", "ВПР", "--year", "2019", "--out", tmp_path / "x.docx",
                  "--db", demo_db_path)
    assert wrong.returncode == 2 and ".xlsx" in wrong.stderr


def test_protocol_codes_are_matched_after_an_alias(demo_db_path, tmp_path):
    protocol = write_rcoi_protocol(tmp_path / "огэ.xlsx", kind="ОГЭ").path
    code, answer, _ = run_json("results", "import", protocol, "--db", demo_db_path, "--json")
    assert code == 2 and {p["message"].split("»")[0] for p in answer["files"][0]["problems"]} == {
        "Школа «Код ОО 0042", "Школа «Код ОО 0107", "Школа «Код ОО 0315"}
    for regional, school in (("0042", "edu990101"), ("0107", "edu990102"), ("0315", "edu990103")):
        assert msoko("results", "alias", f"Код ОО {regional}", "--school", school, "--db", demo_db_path).returncode == 0
    code, answer, stderr = run_json("results", "import", protocol, "--db", demo_db_path, "--json")
    assert code == 0 and answer["saved"], stderr
    assert sum(a["students"] for a in answer["files"][0]["assessments"]) == 8


def test_reading_commands_load_no_qt_and_no_spreadsheet_libraries(demo_db_path):
    code = (
        "import sys, json\nfrom desktop.cli.main import run\n"
        f"assert run(['results', 'flags', '--year', '2026', '--db', {str(demo_db_path)!r}, '--json']) == 0\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(json.loads(out.splitlines()[-1]))
    assert not {m for m in loaded if m.startswith(("PySide6", "openpyxl", "python_calamine", "reportlab"))}


def test_a_killed_import_leaves_all_of_it_or_nothing(tmp_path):
    big = write_fisoko_individual(tmp_path / "big.xlsx", n_rows=20_000, engine="fast").path
    db = tmp_path / "office.sqlite"
    args = [sys.executable, "-m", "desktop.cli.main", "results", "import", str(big), "--db", str(db), "--add-schools"]
    started = time.perf_counter()
    assert subprocess.run(args, capture_output=True).returncode == 0
    full = time.perf_counter() - started
    assert count(db, "student_results") == 20_000
    schools = count(db, "school_results")
    rng = random.Random(5)
    for _ in range(2):
        db.unlink()
        for suffix in ("-wal", "-shm"):
            db.with_name(db.name + suffix).unlink(missing_ok=True)
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(full * 0.3, full * 1.05))
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        if db.exists():
            assert msoko_json("db", "check", "--db", db, "--json")["ok"]
            assert count(db, "student_results") in (0, 20_000)
            assert count(db, "school_results") in (0, schools)


def test_results_are_entered_by_hand_and_shown_with_their_own_columns(tmp_path):
    from desktop.models.schools import School, SchoolsRepository
    from desktop.services.database import open_database

    db = tmp_path / "office.sqlite"
    database = open_database(db)
    SchoolsRepository(database).add(School("МБОУ «СОШ № 1»", code="edu900101"))
    database.close()
    code, answer, stderr = run_json("results", "enter", "--kind", "ИС-11", "--year", "2026", "--school", "edu900101",
                                    "--participants", "30", "--passed", "27", "--failed", "3", "--db", db, "--json")
    assert code == 0, stderr
    assert answer == {"assessment": "ИС-11 2026, Русский язык, 11 кл.", "school": "МБОУ «СОШ № 1»", "replaced": False}
    again = msoko("results", "enter", "--kind", "ИС-11", "--year", "2026", "--school", "edu900101",
                  "--participants", "30", "--passed", "26", "--failed", "3", "--replace", "--db", db)
    assert again.returncode == 2 and "Зачёт и незачёт вместе (29) не равно числу участников (30)" in again.stderr
    shown = msoko("results", "indicators", "--kind", "итоговое сочинение", "--year", "2026", "--db", db)
    assert shown.returncode == 0, shown.stderr
    assert "Незач." in shown.stdout and "«2»" not in shown.stdout
    assert " 30     27      3   10.0%" in shown.stdout
    [row] = msoko_json("results", "indicators", "--kind", "ИС-11", "--year", "2026", "--db", db, "--json")["schools"]
    assert (row["passed"], row["failed"], row["share_failed"], row["n2"]) == (27, 3, 0.1, None)
