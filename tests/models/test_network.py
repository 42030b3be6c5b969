"""A database on a network folder: rollback journal instead of WAL, one user at a time, and a second
computer told who has it open."""

from __future__ import annotations

import pytest

from desktop.errors import DatabaseLockedError
from desktop.models import lock as lock_module
from desktop.models import network
from desktop.models.db import connect
from desktop.models.lock import DatabaseLock
from tests.cli.run import msoko

MOUNTS = """\
/dev/vda1 / ext4 rw,relatime 0 0
//server/obraz /mnt/Отдел\\040образования cifs rw,vers=3.0 0 0
/dev/sdb1 /mnt/Отдел\\040образования/флешка vfat rw 0 0
server:/export /srv/nfs nfs4 rw 0 0
"""


@pytest.mark.parametrize("path, expected", [
    ("/mnt/Отдел образования/МСОКО/msoko.sqlite", True),
    ("/mnt/Отдел образования/флешка/msoko.sqlite", False),  # a stick plugged into the share's folder
    ("/srv/nfs/msoko.sqlite", True),
    ("/home/user/msoko.sqlite", False),
    ("/mnt/Отдел образования2/msoko.sqlite", False),  # another folder that only starts the same
])
def test_network_mounts_are_told_from_local_ones(path, expected):
    assert (network._mount_type(path, MOUNTS) in network.NETWORK_FILE_SYSTEMS) is expected


def test_a_network_database_has_no_write_ahead_log(tmp_path, monkeypatch):
    monkeypatch.setattr(network, "is_network_path", lambda path, mounts=None: True)
    db = connect(tmp_path / "сеть.sqlite")
    assert db.network
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    db.close()
    monkeypatch.undo()
    local = connect(tmp_path / "здесь.sqlite")
    assert not local.network and local.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    local.close()


def test_db_check_says_the_database_is_on_a_network_folder(tmp_path, monkeypatch):
    db = tmp_path / "база.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    from desktop.services.db_check import check_database

    monkeypatch.setattr(network, "is_network_path", lambda path, mounts=None: True)
    report = check_database(db)
    assert report.ok and report.to_json()["network"] is True


def test_a_second_computer_is_told_who_has_the_database_open(tmp_path, monkeypatch):
    db = tmp_path / "база.sqlite"
    monkeypatch.setattr(lock_module, "_computer", lambda: "КАБИНЕТ-12")
    first = DatabaseLock(db)
    first.acquire()
    monkeypatch.setattr(lock_module, "_computer", lambda: "МЕТОДИСТ-3")
    with pytest.raises(DatabaseLockedError, match="База открыта на другом компьютере: .*компьютер КАБИНЕТ-12"):
        DatabaseLock(db).acquire()
    first.release()
    with DatabaseLock(db):  # free again once the first computer lets go
        pass
