import sqlite3
from datetime import datetime, timedelta

import pytest

from desktop.errors import DatabaseError
from desktop.models.schools import School, SchoolsRepository
from desktop.services import backup
from desktop.services.database import open_database


def school_names(path):
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT short_name FROM schools"))
    finally:
        conn.close()


def test_backup_and_restore_round_trip(demo_db_path):
    db = open_database(demo_db_path)
    before = school_names(demo_db_path)
    made = backup.create_backup(demo_db_path, "manual")
    SchoolsRepository(db).add(School("МКОУ «НОШ д. Новая»"))
    db.execute("DELETE FROM schools WHERE code = 'edu990101'")
    db.close()
    assert school_names(demo_db_path) != before

    safety = backup.restore_backup(demo_db_path, made.path)

    assert school_names(demo_db_path) == before
    # The state just before the restore is kept, so the restore itself can be undone.
    assert "МКОУ «НОШ д. Новая»" in school_names(safety.path)
    assert {b.reason for b in backup.list_backups(demo_db_path)} == {"manual", "before-restore"}


def test_backup_captures_changes_still_in_the_wal(db_path):
    db = open_database(db_path)
    SchoolsRepository(db).add(School("МБОУ «Лицей № 9»"))  # committed, but not checkpointed
    made = backup.create_backup(db_path)
    assert school_names(made.path) == ["МБОУ «Лицей № 9»"]
    db.close()


def test_restore_refuses_a_damaged_copy_and_keeps_the_database(demo_db_path, tmp_path):
    damaged = tmp_path / "broken.sqlite"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    before = school_names(demo_db_path)
    with pytest.raises(DatabaseError, match="непригодна"):
        backup.restore_backup(demo_db_path, damaged)
    assert school_names(demo_db_path) == before


def test_daily_backup_happens_once_a_day(demo_db_path):
    day = datetime(2026, 11, 23, 9, 0)
    assert backup.ensure_daily_backup(demo_db_path, day) is not None
    assert backup.ensure_daily_backup(demo_db_path, day + timedelta(hours=3)) is None
    assert backup.ensure_daily_backup(demo_db_path, day + timedelta(days=1)) is not None
    assert len(backup.list_backups(demo_db_path)) == 2


def test_pruning_keeps_the_last_ten_and_one_per_month(demo_db_path):
    start = datetime(2026, 1, 10, 8, 0)
    for day in range(0, 120, 3):  # 40 daily copies over four months
        backup.ensure_daily_backup(demo_db_path, start + timedelta(days=day))
    kept = backup.list_backups(demo_db_path)
    newest_ten = kept[:10]
    assert all(b.created >= start + timedelta(days=90) for b in newest_ten)
    months = {(b.created.year, b.created.month) for b in kept}
    assert months == {(2026, 1), (2026, 2), (2026, 3), (2026, 4), (2026, 5)}
    # Older than the last ten: only the newest copy of each month survives.
    older = kept[10:]
    assert len(older) == len({(b.created.year, b.created.month) for b in older})


def test_a_killed_backup_leaves_no_copy_that_looks_whole(demo_db_path):
    folder = backup.backups_dir(demo_db_path)
    folder.mkdir(parents=True)
    (folder / "demo-2026-11-20_10-00-00-daily.sqlite.partial").write_bytes(b"half")
    assert backup.list_backups(demo_db_path) == []
    backup.create_backup(demo_db_path)
    backup.prune_backups(demo_db_path)
    assert not list(folder.glob("*.partial"))
