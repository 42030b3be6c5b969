"""Qt's own words in Russian: the buttons of message boxes («Да», «Нет», «Отмена»), the right-click
menu of every text field («Отменить действие», «Вырезать», «Копировать», «Вставить», «Выделить всё»), Qt's
file, print and colour dialogs. The translations ship with PySide6 (qtbase_ru.qm); the locale makes
dates and numbers Russian too (a decimal comma, «декабрь»)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger("msoko.views")
TRANSLATIONS = ("qtbase_ru",)


def install_russian(app: QCoreApplication) -> bool:
    """Load Qt's Russian translations into `app`; False (and a line in the log) when they are missing."""
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = True
    for name in TRANSLATIONS:
        translator = QTranslator(app)  # the application keeps it alive
        if translator.load(name, folder):
            app.installTranslator(translator)
        else:
            loaded = False
            log.warning("Qt translation %s not found in %s", name, folder)
    return loaded
