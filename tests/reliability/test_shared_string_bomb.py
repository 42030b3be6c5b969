"""A small workbook whose cells all refer to one long shared string (143 KB on disk, gigabytes once
every cell holds its copy) is refused before it is read, by every importer, within the memory promise."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.builders.result_files import write_xlsx_fast

MEMORY_PROMISE_MB = 500


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    path = tmp_path_factory.mktemp("bomb") / "школы.xlsx"
    long_text = "Муниципальное общеобразовательное учреждение " * 700  # ~32,000 characters
    write_xlsx_fast(path, "Лист1", [["№", "Краткое наименование", "Код ФИС ОКО"]]
                    + [[n, long_text[:32_000], f"edu{n:06d}"] for n in range(1, 60_001)])
    assert path.stat().st_size < 2 * 1024 * 1024
    return path


def _run_measured(*args) -> tuple[subprocess.CompletedProcess, float]:
    """The command in a child of a fresh interpreter; its peak resident memory in MB (Linux: KB units)."""
    code = ("import json, resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, "
            "text=True, encoding='utf-8'); print(json.dumps([r.returncode, r.stdout, r.stderr, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))")
    out = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "desktop.cli.main", *map(str, args)],
                         capture_output=True, text=True, encoding="utf-8", timeout=120).stdout
    code_, stdout, stderr, peak_kb = json.loads(out)
    return subprocess.CompletedProcess(args, code_, stdout, stderr), peak_kb / 1024


@pytest.mark.skipif(sys.platform != "linux", reason="peak memory read from getrusage in KB (Linux)")
@pytest.mark.parametrize("command", [
    lambda f, db: ("schools", "import", f, "--dry-run", "--db", db),
    lambda f, db: ("roadmap", "import", f, "--db", db),
    lambda f, db: ("results", "import", f, "--dry-run", "--db", db),
])
def test_a_shared_string_bomb_is_refused_within_the_memory_promise(tmp_path, bomb, command):
    db = tmp_path / "база.sqlite"
    assert _run_measured("demo", "--db", db)[0].returncode == 0
    result, peak_mb = _run_measured(*command(bomb, db))
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "тексты ячеек листа заняли бы" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Внутренняя ошибка" not in result.stderr
    assert peak_mb < MEMORY_PROMISE_MB, f"{peak_mb:.0f} MB"
