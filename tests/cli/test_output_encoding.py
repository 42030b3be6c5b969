"""Every byte `msoko` writes is UTF-8, whatever the locale (issue 14).

On Windows a pipe or a redirect gets the ANSI code page: cp1251 on a Russian Windows, cp1252 elsewhere.
`PYTHONIOENCODING` makes this Python's streams start so; the C locale with UTF-8 mode off also hands the
program its arguments undecoded (a Cyrillic file name arrives as surrogate escapes). Under both, JSON
must still be UTF-8 and parse, and an error must be one readable Russian line with exit code 2.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders.result_files import DEFAULT_MARK_SCHOOLS, write_fisoko_marks
from tests.cli.run import msoko_json

ANSI_PAGES = ["cp1252", "cp1251"]
# Under the C locale with UTF-8 mode off (POSIX only: Windows hands its arguments over as Unicode) a
# Cyrillic argument stays surrogate escapes of its bytes: printed back it must read right, but it is not
# understood («--kind ВПР») nor stored (SQLite refuses surrogates). So files to import are named in ASCII,
# and a command whose Cyrillic argument must be understood runs under a UTF-8 locale — its streams still
# start in the code page, which is what is tested.


def msoko_bytes(*args: str | Path, encoding: str, locale: str = "C", timeout: float = 60) -> subprocess.CompletedProcess:
    """`msoko ARGS` with its streams piped and started in `encoding`: exit code, stdout and stderr as bytes."""
    env = {**os.environ, "PYTHONIOENCODING": encoding, "LC_ALL": locale, "LANG": locale, "PYTHONUTF8": "0"}
    env.pop("PYTHONLEGACYWINDOWSSTDIO", None)
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli.main", *map(str, args)],
        capture_output=True, timeout=timeout, env=env,
    )


def utf8_json(result: subprocess.CompletedProcess):
    assert result.returncode == 0, result.stderr.decode("utf-8", "backslashreplace")
    text = result.stdout.decode("utf-8")  # strict: any other byte fails here
    assert "\\u04" not in text  # Cyrillic written as itself, not escaped
    return json.loads(text)


def assert_one_russian_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result.stderr.decode("utf-8", "backslashreplace")
    text = result.stderr.decode("utf-8")  # strict
    assert "Traceback" not in text and "Logging error" not in text and "Внутренняя ошибка" not in text
    assert "\\u04" not in text and "\\udc" not in text and "\ufffd" not in text
    [line] = text.splitlines()
    assert line.startswith("Ошибка: ")
    return line


@pytest.mark.parametrize("encoding", ANSI_PAGES)
def test_schools_list_json_is_utf8_with_cyrillic_intact(demo_db_path, encoding):
    expected = msoko_json("schools", "list", "--json", "--db", demo_db_path)
    answer = utf8_json(msoko_bytes("schools", "list", "--json", "--db", demo_db_path, encoding=encoding))
    assert answer == expected and len(answer) > 3
    assert any("Заречн" in school["full_name"] for school in answer)


@pytest.mark.parametrize("encoding", ANSI_PAGES)
def test_results_import_and_indicators_json_are_utf8(tmp_path, encoding):
    db = tmp_path / "office.sqlite"
    marks = write_fisoko_marks(tmp_path / "marks.xlsx")  # named in ASCII: see ASCII_FILE_NAMES

    imported = utf8_json(msoko_bytes("results", "import", marks.path, "--db", db, "--add-schools", "--json",
                                     encoding=encoding))
    assert imported["saved"] is True
    assert imported["new_schools"] == [{"code": s.code, "name": s.name} for s in DEFAULT_MARK_SCHOOLS]
    assert imported["files"][0]["layout"] == "fisoko_marks"

    answer = utf8_json(msoko_bytes("results", "indicators", "--kind", "ВПР", "--year", "2026", "--db", db, "--json",
                                   encoding=encoding, locale="C.UTF-8"))
    assert {row["name"] for row in answer["schools"]} == {s.name for s in DEFAULT_MARK_SCHOOLS}
    assert {row["subject"] for row in answer["schools"]} == {"Математика"}


@pytest.mark.parametrize("encoding", ANSI_PAGES)
def test_an_xls_read_in_the_child_process_still_imports(tmp_path, encoding):
    pytest.importorskip("xlwt")
    from tests.builders import hostile_files as hostile

    db = tmp_path / "office.sqlite"
    xls = hostile.xls_copy(write_fisoko_marks(tmp_path / "marks.xlsx").path, tmp_path / "marks.xls")
    imported = utf8_json(msoko_bytes("results", "import", xls, "--db", db, "--add-schools", "--json",
                                     encoding=encoding))
    assert imported["saved"] is True and imported["files"][0]["rows"] == 7
    assert imported["new_schools"][0]["name"] == DEFAULT_MARK_SCHOOLS[0].name


@pytest.mark.parametrize("encoding", ANSI_PAGES)
def test_an_argument_in_cyrillic_comes_back_as_written(encoding):
    answer = utf8_json(msoko_bytes("deadline", "до 8 сентября 2023 г.", encoding=encoding))
    assert answer["text"] == "до 8 сентября 2023 г." and answer["ranges"]


@pytest.mark.parametrize("encoding", ANSI_PAGES)
def test_a_missing_file_named_in_cyrillic_is_one_readable_error_line(tmp_path, encoding):
    missing = tmp_path / "школы района.xlsx"
    line = assert_one_russian_error(msoko_bytes("schools", "import", missing, "--db", tmp_path / "office.sqlite",
                                                encoding=encoding))
    assert "школы района.xlsx" in line and "не найден" in line


@pytest.mark.parametrize("encoding", ANSI_PAGES)
def test_bad_input_errors_are_readable_russian(demo_db_path, encoding):
    line = assert_one_russian_error(msoko_bytes("deadline", "до 8 сентября", "--issued", "32.13.2023",
                                                encoding=encoding))
    assert "дату приказа" in line and "«32.13.2023»" in line
    line = assert_one_russian_error(msoko_bytes("results", "indicators", "--kind", "ЕГЭX", "--year", "2026",
                                                "--db", demo_db_path, "--json", encoding=encoding, locale="C.UTF-8"))
    assert "Неизвестная оценочная процедура «ЕГЭX»" in line


def test_the_output_error_handler_writes_valid_utf8():
    """Surrogate escapes of UTF-8 bytes come back as the letters; anything else as U+FFFD, never a crash."""
    from desktop.cli.output import UTF8_ERRORS

    escaped = "школа".encode().decode("ascii", "surrogateescape")
    assert f"«{escaped}»".encode("utf-8", UTF8_ERRORS).decode("utf-8") == "«школа»"
    cp1251 = "школа".encode("cp1251").decode("ascii", "surrogateescape")
    assert cp1251.encode("utf-8", UTF8_ERRORS).decode("utf-8") == "\ufffd" * 5
    assert "a\ud800b".encode("utf-8", UTF8_ERRORS).decode("utf-8") == "a\ufffdb"


def test_run_in_process_leaves_the_streams_of_its_caller(capsys, demo_db_path):
    from desktop.cli.main import run

    before = sys.stdout, sys.stderr
    assert run(["schools", "list", "--json", "--db", str(demo_db_path)]) == 0
    assert (sys.stdout, sys.stderr) == before
    assert any("Заречн" in school["full_name"] for school in json.loads(capsys.readouterr().out))
