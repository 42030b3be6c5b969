"""Qt's own words in Russian: the buttons of message boxes («Да», «Нет», «Отмена»), the right-click
menu of every text field («Отменить действие», «Вырезать», «Копировать», «Вставить», «Выделить всё»), Qt's
file, print and colour dialogs. The translations ship with PySide6 (qtbase_ru.qm); the locale makes
dates and numbers Russian too (a decimal comma, «декабрь»)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger("msoko.views")
TRANSLATIONS = ("qtbase_ru",)


def translation_folders() -> list[str]:
    """Where Qt's translations may be: Qt's own idea of it, and the folders of the PySide6 package
    (`translations` in the Windows wheel, `Qt/translations` in the Linux one) should that idea miss."""
    import PySide6

    package = Path(PySide6.__file__).parent
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
               str(package / "translations"), str(package / "Qt" / "translations")]
    return list(dict.fromkeys(folders))


def install_russian(app: QCoreApplication) -> bool:
    """Load Qt's Russian translations into `app`; False (and a line in the log) when they are missing."""
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    folders = translation_folders()
    loaded = True
    for name in TRANSLATIONS:
        translator = QTranslator(app)  # the application keeps it alive
        if any(translator.load(name, folder) for folder in folders):
            app.installTranslator(translator)
        else:
            loaded = False
            log.warning("Qt translation %s not found in %s", name, ", ".join(folders))
    return loaded
