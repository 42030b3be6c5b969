"""Kills while a PDF, DOCX or XLSX is written: the target name holds the previous complete file or
nothing — never half a file — the database stays sound, and the next run writes the file."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import pytest

from tests.builders.docx_orders import build_order_docx, roadmap_docx_rows
from tests.builders.schools_files import invented_school, write_schools_xlsx
from tests.cli.run import msoko, msoko_json
from tests.reliability.kill import KILLS, KillRounds, assert_sound


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """A database with a 500-measure roadmap."""
    folder = tmp_path_factory.mktemp("office")
    db = folder / "office.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    plan = build_order_docx(folder / "план.docx", roadmap_docx_rows(20, 25))
    roadmap = msoko_json("roadmap", "import", plan, "--db", db, "--json")["id"]
    return db, roadmap


@pytest.fixture(scope="module")
def big_office(office, tmp_path_factory):
    """The same with 20,000 schools, for the schools list export."""
    db, roadmap = office
    schools = write_schools_xlsx(tmp_path_factory.mktemp("schools") / "schools.xlsx",
                                 [invented_school(n) for n in range(1, 20_001)])
    assert msoko("schools", "import", schools, "--db", db).returncode == 0
    return db, roadmap


def whole(path) -> bool:
    """A complete document of its kind: PDF with its trailer and readable by poppler, or a zip
    whose every member passes its CRC and holds the main part."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        if not (data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")):
            return False
        if shutil.which("pdfinfo"):
            return subprocess.run(["pdfinfo", str(path)], capture_output=True).returncode == 0
        return True
    try:
        with zipfile.ZipFile(path) as archive:
            main = "word/document.xml" if path.suffix == ".docx" else "xl/workbook.xml"
            return archive.testzip() is None and main in archive.namelist()
    except zipfile.BadZipFile:
        return False


COMMANDS = {
    "pdf": lambda roadmap, out: ["order", "roadmap", roadmap, "--number", "12", "--date", "2025-09-01", "--out", out],
    "docx": lambda roadmap, out: ["order", "roadmap", roadmap, "--number", "12", "--date", "2025-09-01", "--out", out],
    "xlsx": lambda roadmap, out: ["roadmap", "export", roadmap, "--format", "xlsx", "--out", out],
    "schools.xlsx": lambda roadmap, out: ["schools", "export", out],
}


def kill_rounds(office, tmp_path, kind: str, rounds: int, seed: int) -> None:
    db, roadmap = office
    out = tmp_path / ("документ." + kind.split(".")[-1])
    command = [*COMMANDS[kind](roadmap, out), "--db", db]
    killer = KillRounds(f"writing {kind}", seed)
    full = killer.measure(command)
    assert whole(out)
    for round_number in range(rounds):
        if round_number % 2:
            out.unlink(missing_ok=True)  # half the rounds write a new file, half replace an old one
        killer.kill_at_random(command, full)
        if out.exists():
            assert whole(out), f"half a file under the target name after a kill ({out.stat().st_size} bytes)"
            killer.record("whole file")
        else:
            killer.record("no file")
        assert_sound(db)
        assert msoko(*command).returncode == 0 and whole(out)  # the next run writes it


@pytest.mark.parametrize("kind", ["pdf", "xlsx"])
def test_kill_while_writing_short(office, tmp_path, kind):
    kill_rounds(office, tmp_path, kind, rounds=1, seed=8)


@pytest.mark.slow
@pytest.mark.timeout(1200)  # 20 kills: ~1 min; a kill round can wait up to 30 s for a stuck process
@pytest.mark.parametrize("kind", ["pdf", "docx", "xlsx", "schools.xlsx"])
def test_kill_while_writing_long(office, big_office, tmp_path, kind):
    def recorded() -> int:  # the short test of the same session records under the same name
        return sum(v for k, v in KILLS.outcomes.items() if k.startswith(f"writing {kind}:"))

    before = recorded()
    kill_rounds(big_office if kind == "schools.xlsx" else office, tmp_path, kind, rounds=20, seed=21)
    assert recorded() - before == 20
