"""Opening an office database for work: create it if new, refuse a newer one, back it up before
migrations and once a day."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop.errors import DatabaseError
from desktop.models import migrations
from desktop.models.db import Database, connect
from desktop.services import backup

log = logging.getLogger("msoko.database")


def open_database(path: Path, *, create: bool = True, daily_backup: bool = False) -> Database:
    path = Path(path)
    if not path.exists():
        if not create:
            raise DatabaseError(f"Нет файла базы данных «{path}».")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseError(
                f"Не удалось создать папку «{path.parent}»: путь занят файлом, диск недоступен или нет права записи."
            ) from error
    db = connect(path)
    try:
        migrations.check_not_newer(db, str(path))
        steps = migrations.pending_steps(db)
        if steps and db.read_only:
            raise DatabaseError(
                f"База данных «{path}» на носителе только для чтения и создана прежней версией программы: "
                "её нельзя обновить там. Скопируйте файл на диск компьютера и откройте копию.")
        if steps:
            if migrations.schema_version(db) > 0:
                made = backup.create_backup(path, f"before-v{steps[-1]}")
                log.info("migrating %s to v%s after backup %s", path.name, steps[-1], made.path.name)
            migrations.migrate(db)
        if daily_backup and not db.read_only:  # nothing can be written beside it, nor would change
            backup.ensure_daily_backup(path)
    except BaseException:
        db.close()
        raise
    return db
