"""Kills during a migration and during a backup: the database stays sound and keeps every row, the next
start finishes the migration by itself, a half-made backup is never listed, and the backup made before
the migration restores on request."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.cli.run import msoko
from tests.reliability.kill import KillRounds, assert_integrity, assert_sound, scalar

SCHOOLS = 60_000


@pytest.fixture(scope="module")
def old_database(tmp_path_factory):
    """A database one schema version behind, big enough (~20 MB) that its backup takes a while."""
    from desktop.models.db import connect, transaction
    from desktop.models.migrations import LATEST_VERSION, migrate

    path = tmp_path_factory.mktemp("old") / "office.sqlite"
    db = connect(path)
    migrate(db, LATEST_VERSION - 1)
    with transaction(db):
        db.executemany(
            "INSERT INTO schools (short_name, full_name, code) VALUES (?, ?, ?)",
            [(f"СОШ № {n} с. Новоселье", f"Средняя общеобразовательная школа № {n} с. Новоселье " * 3, f"edu{n:07d}")
             for n in range(1, SCHOOLS + 1)],
        )
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    return path


def backups_are_whole(db) -> list[str]:
    """Every listed backup is a complete, sound copy; returns the names of the listed ones."""
    listed = json.loads(msoko("backup", "list", "--db", db, "--json").stdout)
    for backup in listed:
        assert backup["file"].endswith(".sqlite")
        assert_integrity(backup["file"])
    return [b["file"] for b in listed]


def migration_rounds(old_database, tmp_path, rounds: int, seed: int) -> None:
    from desktop.models.migrations import LATEST_VERSION

    db = tmp_path / "office.sqlite"
    start_command = ["schools", "list", "--db", db]
    killer = KillRounds("migration", seed)
    shutil.copyfile(old_database, db)
    full = killer.measure(start_command)
    assert scalar(db, "PRAGMA user_version") == LATEST_VERSION

    for round_number in range(rounds):
        for leftover in tmp_path.iterdir():
            if leftover.is_dir():
                shutil.rmtree(leftover)
            else:
                leftover.unlink()
        shutil.copyfile(old_database, db)
        killer.kill_at_random(start_command, full)

        version = assert_integrity(db)
        assert version in (LATEST_VERSION - 1, LATEST_VERSION)
        assert scalar(db, "SELECT count(*) FROM schools") == SCHOOLS  # nothing lost
        partial = list((tmp_path / "backups").glob("*.partial")) if (tmp_path / "backups").is_dir() else []
        listed = backups_are_whole(db)
        killer.record("migrated" if version == LATEST_VERSION else
                      "during backup" if partial else "after backup" if listed else "before backup")

        if listed and round_number % 2:
            # on request: the copy made before the migration restores, with a message saying so
            restored = msoko("backup", "restore", listed[0], "--db", db)
            assert restored.returncode == 0, restored.stderr
            assert "восстановлена" in restored.stdout
        # the next start finishes the migration with no manual step
        again = msoko(*start_command)
        assert again.returncode == 0, again.stderr
        assert_sound(db)
        assert scalar(db, "SELECT count(*) FROM schools") == SCHOOLS


def backup_rounds(old_database, tmp_path, rounds: int, seed: int) -> None:
    db = tmp_path / "office.sqlite"
    shutil.copyfile(old_database, db)
    assert msoko("schools", "list", "--db", db).returncode == 0  # migrated: a current database
    command = ["backup", "create", "--db", db]
    killer = KillRounds("backup", seed)
    full = killer.measure(command)

    for _ in range(rounds):
        before = len(backups_are_whole(db))
        killer.kill_at_random(command, full)
        assert_sound(db)
        assert scalar(db, "SELECT count(*) FROM schools") == SCHOOLS
        after = len(backups_are_whole(db))  # a killed backup is whole and listed, or not listed at all
        assert after in (before, before + 1)
        killer.record("made" if after > before else "not made")
        assert msoko(*command).returncode == 0  # the next backup works


def test_kill_during_migration_short(old_database, tmp_path):
    migration_rounds(old_database, tmp_path, rounds=1, seed=5)


def test_kill_during_backup_short(old_database, tmp_path):
    backup_rounds(old_database, tmp_path, rounds=1, seed=6)


@pytest.mark.slow
@pytest.mark.timeout(1200)  # 40 kills: ~1-2 min on 2 busy cores
def test_kill_during_migration_long(old_database, tmp_path):
    migration_rounds(old_database, tmp_path, rounds=40, seed=15)


@pytest.mark.slow
@pytest.mark.timeout(1200)  # 30 kills: ~1-2 min
def test_kill_during_backup_long(old_database, tmp_path):
    backup_rounds(old_database, tmp_path, rounds=30, seed=16)
