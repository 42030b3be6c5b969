"""Where the program keeps its files: the user's data folder, the database, logs and backups."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "MSOKO"
DB_ENV = "MSOKO_DB"
DATA_DIR_ENV = "MSOKO_DATA_DIR"  # tests and portable installs point the data folder elsewhere


def data_dir() -> Path:
    """%LOCALAPPDATA%\\MSOKO on Windows, ~/.local/share/MSOKO on Linux."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "msoko.sqlite"


def resolve_db_path(explicit: str | os.PathLike | None = None) -> Path:
    """`--db PATH` wins over the MSOKO_DB variable, which wins over the data folder."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser().resolve()
    return default_db_path()


def backups_dir(db_path: Path) -> Path:
    """Backups live beside the database they copy, so a moved database keeps its history."""
    return db_path.parent / "backups"


def logs_dir() -> Path:
    return data_dir() / "logs"


def resources_dir() -> Path:
    """The shipped fonts, icons and templates: `desktop/_resources` in an installed wheel,
    `resources/` at the top of a source checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "_resources"
    return installed if installed.is_dir() else package.parent / "resources"


_UNSAFE = str.maketrans({c: "-" for c in '<>:"/\\|?*'} | {chr(c): " " for c in range(32)})


def safe_file_name(name: str, limit: int = 150) -> str:
    """A file name made from user text («Приказ № 128/1-О») that stays inside the chosen folder and
    is valid on Windows: no separators or reserved characters, no trailing dots or spaces."""
    cleaned = " ".join(name.translate(_UNSAFE).split()).strip(" .")
    return cleaned[:limit].rstrip(" .") or "документ"
