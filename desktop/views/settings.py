"""Window layout and last folders, kept in an .ini file in the data folder (so tests and portable
installs keep their own, and nothing goes to the Windows registry)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from desktop.paths import data_dir


def app_settings() -> QSettings:
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


LAST = "folders/last"  # the folder of the last file chosen in any dialog


def last_folder(key: str) -> str:
    """Where a file dialog for `key` (results, schools, roadmaps, orders, export …) starts: the folder
    last used for it, else the last folder used in any dialog (the flash drive the files came from),
    the home folder only the first time."""
    settings = app_settings()
    for folder in (settings.value(f"folders/{key}", "", str), settings.value(LAST, "", str)):
        if folder and Path(folder).is_dir():
            return folder
    return str(Path.home())


def remember_folder(key: str, chosen_file: str) -> None:
    settings = app_settings()
    settings.setValue(f"folders/{key}", str(Path(chosen_file).parent))
    settings.setValue(LAST, str(Path(chosen_file).parent))
