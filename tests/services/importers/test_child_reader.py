"""Excel 97–2003 files are read in a child process (desktop/services/importers/intake/child_reader.py): a file
that makes calamine abort costs the child, never the program, and the user gets one Russian line."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from desktop.errors import ImportFormatError
from desktop.services.importers.intake import child_reader
from desktop.services.importers.results.detect import read_result_file
from tests.builders import hostile_files as hostile
from tests.builders.result_files import write_fisoko_individual, write_rcoi_protocol, write_rows
from tests.cli.run import msoko

pytest.importorskip("xlwt")

# Found by fuzzing: these flipped bytes make calamine ask for 34 GB reading the .xls below and abort.
ABORTING_FLIP = [["flip", 313059903, 10]]
BARE_CALAMINE = (
    "import sys, python_calamine as p\n"
    "book = p.CalamineWorkbook.from_path(sys.argv[1])\n"
    "for name in book.sheet_names: book.get_sheet_by_name(name).to_python()"
)


@pytest.fixture(scope="module")
def individual_xls(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xls")
    xlsx = write_fisoko_individual(folder / "individual.xlsx", n_rows=2000).path
    return hostile.xls_copy(xlsx, folder / "individual.xls")


@pytest.fixture(scope="module")
def aborting_xls(individual_xls):
    path = individual_xls.with_name("повреждённый.xls")
    path.write_bytes(hostile.apply_plan(individual_xls.read_bytes(), "xls", ABORTING_FLIP))
    bare = subprocess.run([sys.executable, "-c", BARE_CALAMINE, str(path)], capture_output=True, text=True,
                          timeout=120)
    # the test proves something only if calamine really dies on this file
    assert bare.returncode != 0 and "memory allocation of" in bare.stderr, (bare.returncode, bare.stderr[-500:])
    return path


def test_a_file_that_aborts_calamine_is_refused_in_one_line(aborting_xls, tmp_path):
    db = tmp_path / "demo.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    data = tmp_path / "data"
    result = msoko("results", "import", aborting_xls, "--db", db, env={"MSOKO_DATA_DIR": str(data)})
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("Ошибка")]
    assert errors == [f"Ошибка: файл «{aborting_xls.name}»: {child_reader.OUT_OF_MEMORY}"], result.stderr
    assert "memory allocation" not in result.stderr and "panicked" not in result.stderr
    log = (data / "logs" / "msoko.log").read_text(encoding="utf-8")
    assert "memory allocation of" in log  # the child's stderr is kept for whoever reads the log


def test_the_child_reads_what_this_process_reads(individual_xls, tmp_path):
    """Students cross the pipe as columns and come back equal, field by field."""
    protocol = hostile.xls_copy(write_rcoi_protocol(tmp_path / "protocol.xlsx").path, tmp_path / "protocol.xls")
    for path in (individual_xls, protocol):
        here = read_result_file(path, keep_names=True)
        there = child_reader.read_untrusted("result_file", path, keep_names=True)
        assert there == here
        assert there.students and there.students[-1].tasks == here.students[-1].tasks


def test_refusals_keep_their_place(tmp_path):
    """An ImportFormatError raised in the child arrives with its file and sheet."""
    xlsx = write_rows(tmp_path / "report.xlsx", [["Распределение первичных баллов"]], sheet="Баллы")
    report = hostile.xls_copy(xlsx, tmp_path / "report.xls")
    with pytest.raises(ImportFormatError) as here:
        read_result_file(report)
    with pytest.raises(ImportFormatError) as there:
        child_reader.read_untrusted("result_file", report)
    assert there.value.location.sheet == "Баллы"
    assert str(there.value) == str(here.value) and there.value.location == here.value.location


def test_a_child_past_its_time_is_stopped(individual_xls, monkeypatch):
    monkeypatch.setattr(child_reader, "TIME_BASE_S", 0.05)
    monkeypatch.setattr(child_reader, "TIME_PER_MB_S", 0.0)
    with pytest.raises(ImportFormatError, match="читается дольше") as refused:
        child_reader.read_untrusted("result_file", individual_xls)
    assert refused.value.location.file == str(individual_xls)


def test_memory_limit_of_the_child(individual_xls, monkeypatch):
    """With the address space of a child that has only imported the readers (plus 2 MB), the file does
    not fit: the child runs out of memory and says so; with the usual limit it reads."""
    if not sys.platform.startswith("linux"):
        pytest.skip("RLIMIT_AS and /proc are Linux's")
    started = subprocess.run(
        [sys.executable, "-X", "utf8", "-c", "import desktop.services.importers.results.detect, python_calamine; "
         "print(next(l for l in open('/proc/self/status') if l.startswith('VmPeak')).split()[1])"],
        capture_output=True, text=True, check=True, timeout=60,
    )
    monkeypatch.setattr(child_reader, "MEMORY_LIMIT", (int(started.stdout) + 2048) * 1024)
    with pytest.raises(ImportFormatError) as refused:
        child_reader.read_untrusted("result_file", individual_xls)
    assert refused.value.message == child_reader.OUT_OF_MEMORY
    monkeypatch.undo()
    assert len(child_reader.read_untrusted("result_file", individual_xls).students) == 2000


def test_reading_from_a_worker_thread(individual_xls):
    """The window imports in a worker thread."""
    found = []
    thread = threading.Thread(target=lambda: found.append(child_reader.read_untrusted("result_file", individual_xls)))
    thread.start()
    thread.join(60)
    assert found and len(found[0].students) == 2000
