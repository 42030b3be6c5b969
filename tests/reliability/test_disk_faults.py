"""Disk and device faults: a read-only or locked database, a full disk during an import or a backup, a
missing data folder, a USB stick that is write-protected, full, or pulled out mid-copy. Each gets a
clear Russian message (exit code 2, no traceback) and nothing already saved is lost.

Full and read-only disks are real: a small tmpfs mounted for the test (root can mount here and in CI).
Where mounting is not allowed, a full disk is simulated with RLIMIT_FSIZE (writes past the limit fail
as they do on a full disk: SQLite reports SQLITE_FULL) and the read-only cases are skipped.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.builders.schools_files import invented_school, write_schools_xlsx
from tests.cli.run import msoko
from tests.reliability.harness import is_russian_line
from tests.reliability.kill import ROOT, assert_sound, scalar


def mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


def unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.fixture
def tmpfs(tmp_path):
    mounted: list[Path] = []

    def make(size: str, name: str = "disk") -> Path | None:
        folder = tmp_path / name
        if not mount_tmpfs(folder, size):
            return None
        mounted.append(folder)
        return folder

    yield make
    for folder in mounted:
        unmount(folder)


def remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def assert_clear_refusal(result: subprocess.CompletedProcess, *words: str) -> str:
    """Exit code 2 and one Russian line «Ошибка: …» containing `words`; returns the line."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "Внутренняя ошибка" not in result.stderr, result.stderr
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and line.startswith("Ошибка: "), line
    assert is_russian_line(line, ""), line
    for word in words:
        assert word in line, line
    return line


@pytest.fixture(scope="module")
def big_list(tmp_path_factory):
    return write_schools_xlsx(tmp_path_factory.mktemp("list") / "schools.xlsx",
                              [invented_school(n) for n in range(1, 20_001)])


def demo(db: Path) -> int:
    assert msoko("demo", "--db", db).returncode == 0
    return scalar(db, "SELECT count(*) FROM schools")


def fsize_limited(limit: int):
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def run_limited(args: list, limit: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop.cli.main", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, preexec_fn=fsize_limited(limit), timeout=120)


# ---------------------------------------------------------------------------------------------------
# the database


def test_read_only_database(tmpfs, big_list):
    disk = tmpfs("64m")
    if disk is None:
        pytest.skip("cannot mount a tmpfs here, and root ignores file permissions")
    db = disk / "office.sqlite"
    base = demo(db)
    remount_read_only(disk)
    assert_clear_refusal(msoko("schools", "import", big_list, "--db", db), "только для чтения")
    listing = msoko("schools", "list", "--db", db)
    if listing.returncode:
        assert_clear_refusal(listing, "только для чтения")
    assert scalar(db, "SELECT count(*) FROM schools") == base


def test_database_locked_by_another_process(tmp_path, big_list):
    db = tmp_path / "office.sqlite"
    base = demo(db)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
         "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); sys.stdin.read(); c.execute('ROLLBACK')",
         str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.perf_counter()
        assert_clear_refusal(msoko("schools", "import", big_list, "--db", db), "занята")
        assert time.perf_counter() - started < 30
    finally:
        holder.communicate("", timeout=30)
    assert scalar(db, "SELECT count(*) FROM schools") == base
    assert msoko("schools", "import", big_list, "--db", db).returncode == 0  # free again: it works
    assert scalar(db, "SELECT count(*) FROM schools") == base + 20_000


def test_disk_full_during_import(tmpfs, tmp_path, big_list):
    disk = tmpfs("2m")  # the demo (~0.6 MB) and its backup fit; 20,000 more schools do not
    folder = disk or tmp_path / "limited"
    folder.mkdir(exist_ok=True)
    db = folder / "office.sqlite"
    base = demo(db)
    # today's backup first, so that the import itself runs out of room
    assert msoko("backup", "create", "--db", db).returncode == 0 or disk is None
    if disk:
        result = msoko("schools", "import", big_list, "--db", db)
    else:
        result = run_limited(["schools", "import", big_list, "--db", db], db.stat().st_size + 64 * 1024)
    assert_clear_refusal(result, "места")
    assert_sound(db)
    assert scalar(db, "SELECT count(*) FROM schools") == base


def test_disk_full_during_backup(tmpfs, tmp_path):
    disk = tmpfs("900k")
    folder = disk or tmp_path / "limited"
    folder.mkdir(exist_ok=True)
    db = folder / "office.sqlite"
    base = demo(tmp_path / "demo.sqlite")
    shutil.copyfile(tmp_path / "demo.sqlite", db)  # fits (~0.6 MB with its results); a copy of it does not
    if disk:
        result = msoko("backup", "create", "--db", db)
    else:
        result = run_limited(["backup", "create", "--db", db], 64 * 1024)
    assert_clear_refusal(result, "места")
    assert not list((folder / "backups").glob("*")) if (folder / "backups").exists() else True
    assert_sound(db)
    assert scalar(db, "SELECT count(*) FROM schools") == base


def test_missing_data_folder(tmp_path, big_list):
    missing = tmp_path / "нет такой папки"
    env = {"MSOKO_DATA_DIR": str(missing)}
    assert_clear_refusal(msoko("schools", "list", env=env), "Нет файла базы данных")
    created = msoko("schools", "import", big_list, env=env)  # a write creates the folder and the database
    assert created.returncode == 0, created.stderr
    assert scalar(missing / "msoko.sqlite", "SELECT count(*) FROM schools") == 20_000

    blocked = tmp_path / "файл"
    blocked.write_text("не папка")
    assert_clear_refusal(msoko("schools", "import", big_list, env={"MSOKO_DATA_DIR": str(blocked / "data")}))


# ---------------------------------------------------------------------------------------------------
# a USB stick


@pytest.fixture
def documents(tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    files = []
    for n in range(13):
        path = folder / f"отчёт-{n:02d}.pdf"
        path.write_bytes(bytes([n]) * 4097)  # 4097 bytes: two 4 KB pages of the stick each
        files.append(path)
    return files


def test_usb_write_protected(tmpfs, documents):
    stick = tmpfs("1m", "stick")
    if stick is None:
        pytest.skip("cannot mount a tmpfs here")
    remount_read_only(stick)
    assert_clear_refusal(msoko("export", "usb", *documents, "--to", stick), "защищена от записи")
    assert all(d.stat().st_size == 4097 for d in documents)


def test_usb_full_mid_copy(tmpfs, documents):
    stick = tmpfs("64k", "stick")  # 16 pages: the files fit by their sizes (53 KB) but not by pages (26)
    if stick is None:
        pytest.skip("cannot mount a tmpfs here")
    assert_clear_refusal(msoko("export", "usb", *documents, "--to", stick), "место")
    written = [p for p in stick.rglob("*") if p.is_file()]
    sources = {d.name: d.read_bytes() for d in documents}
    for path in written:
        assert path.name in sources, f"a temporary file left behind: {path.name}"
        assert path.read_bytes() == sources[path.name], f"half a file under its name: {path.name}"
    assert len(written) < len(documents)


def test_usb_pulled_out_mid_copy(tmpfs, tmp_path):
    stick = tmpfs("1g", "stick")
    if stick is None:
        pytest.skip("cannot mount a tmpfs here")
    big = tmp_path / "архив.zip"
    with open(big, "wb") as f:
        for _ in range(300):
            f.write(os.urandom(1 << 20))
    process = subprocess.Popen([sys.executable, "-m", "desktop.cli.main", "export", "usb", str(big), "--to", str(stick)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", cwd=ROOT)
    deadline = time.monotonic() + 30
    while not any(p.name.endswith(".tmp") for p in stick.rglob("*")) and time.monotonic() < deadline:
        time.sleep(0.005)
    unmount(stick)  # pulled out: the path now leads to the empty folder the stick was mounted on
    stdout, stderr = process.communicate(timeout=120)
    result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    assert_clear_refusal(result, "отключена")
    assert not any(stick.rglob("*")), "a file appeared where the stick was"
    assert big.stat().st_size == 300 << 20


def test_refusals_name_no_internal_error_in_json(tmp_path):
    """`--json` commands refuse the same way: nothing half-printed on stdout."""
    result = msoko("schools", "list", "--db", tmp_path / "нет.sqlite", "--json")
    assert_clear_refusal(result, "Нет файла базы данных")
    assert not result.stdout.strip() or json.loads(result.stdout) is not None
