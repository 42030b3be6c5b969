"""A database in any folder a user can name: «#», «?», «%XX», spaces and Cyrillic are file names, not
parts of a URI. Every command opens the file it was given and leaves no stray file beside it."""

from __future__ import annotations

import sys

import pytest

from tests.cli.run import msoko, msoko_json

FOLDERS = ["Отчёты #2", "Отчёт%20копия", "что? где", "100% план", "a&b=c;d"]


@pytest.mark.parametrize("folder", FOLDERS)
def test_check_backup_and_restore_work_in_folders_with_uri_characters(tmp_path, folder):
    if "?" in folder and sys.platform == "win32":
        pytest.skip("Windows file names cannot hold «?»")
    base = tmp_path / folder
    base.mkdir()
    db = base / "база #1.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    before = sorted(p.name for p in base.iterdir())

    check = msoko("db", "check", "--db", db)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "повреждён" not in check.stdout + check.stderr

    created = msoko("backup", "create", "--db", db)
    assert created.returncode == 0, created.stderr
    backups = msoko_json("backup", "list", "--db", db, "--json")
    assert backups, "the backup is listed"
    restored = msoko("backup", "restore", backups[0]["file"], "--db", db)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert msoko_json("schools", "list", "--db", db, "--json")

    stray = [p.name for p in base.iterdir() if p.name not in before and p.name != "backups" and not p.name.startswith("база #1.sqlite")]
    assert stray == []
    assert not list(tmp_path.glob("база*")), "no file was made outside the folder"
