"""A database on a medium that cannot be written (a write-protected stick, a CD, a read-only mount):
it is read as it is — no WAL or -shm wanted, nothing left beside it — `db check` says «только для
чтения», not «повреждён», and every write is refused in Russian with the file unchanged.

A real read-only mount is needed (as root, file permissions are no obstacle): a tmpfs mounted and
remounted read-only; where mounting is not permitted the test is skipped.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import uuid

import pytest

from tests.cli.run import msoko


@pytest.fixture
def read_only_copy(tmp_path):
    """The demo district's database (left in WAL mode, as the program leaves it) on a read-only mount."""
    mount = tmp_path / "stick"
    mount.mkdir()
    tried = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", f"msoko-{uuid.uuid4().hex[:8]}", str(mount)],
                           capture_output=True, text=True)
    if tried.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {tried.stderr.strip()}")
    try:
        db = mount / "Отчёты #2" / "msoko.sqlite"
        db.parent.mkdir()
        assert msoko("demo", "--db", db).returncode == 0
        assert msoko("schools", "list", "--db", db).returncode == 0
        (db.parent / "msoko.sqlite.lock").unlink(missing_ok=True)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield db
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _state(db):
    return hashlib.sha256(db.read_bytes()).hexdigest(), sorted(p.name for p in db.parent.iterdir())


def test_a_database_on_a_read_only_medium_is_read_and_never_written(read_only_copy):
    db = read_only_copy
    header = db.read_bytes()[18:20]
    assert header == b"\x02\x02"  # WAL mode in the file's header: it needs a -shm to be read otherwise
    before = _state(db)

    schools = msoko("schools", "list", "--json", "--db", db)
    assert schools.returncode == 0, schools.stderr
    assert len(json.loads(schools.stdout)) > 10
    indicators = msoko("results", "indicators", "--kind", "ВПР", "--year", "2026", "--json", "--db", db)
    assert indicators.returncode == 0, indicators.stderr

    check = msoko("db", "check", "--json", "--db", db)
    report = json.loads(check.stdout)
    assert check.returncode == 0 and report["ok"] and report["read_only"] and report["integrity"] == "ok"
    said = msoko("db", "check", "--db", db)
    assert "только для чтения" in said.stdout and "повреждён" not in said.stdout

    for command in (["office", "set", "--head-name", "И. И. Иванова"],
                    ["results", "rules", "--set", "min_participants=3"]):
        refused = msoko(*command, "--db", db)
        assert refused.returncode == 2 and "только для чтения" in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr
    assert _state(db) == before  # not a byte changed, nothing left beside it
