"""Window layout and last folders, kept in an .ini file in the data folder (so tests and portable
installs keep their own, and nothing goes to the Windows registry)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from desktop.paths import data_dir


def app_settings() -> QSettings:
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def last_folder(key: str) -> str:
    folder = app_settings().value(f"folders/{key}", "", str)
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remember_folder(key: str, chosen_file: str) -> None:
    app_settings().setValue(f"folders/{key}", str(Path(chosen_file).parent))
