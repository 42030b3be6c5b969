"""Pupils' names in the window's results import: read for the preview, saved only when the user ticks
«Сохранить фамилии и имена», and the summary says which of the two will happen."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date

import pytest

from desktop.demo import build_demo
from desktop.services.database import open_database
from desktop.services.school_matching import remember_alias
from desktop.views.dialogs.results_import_dialog import ResultsImportDialog
from desktop.views.results_tab import ResultsTab
from tests.builders.result_files import RCOI_SCHOOL_CODES, ExamBlock, exam_students, write_rcoi_protocol
from tests.views.helpers import press, when_dialog

NAME = ("Забубенская", "Ефросинья", "Поликарповна")  # invented


@pytest.mark.parametrize("keep", [False, True])
def test_names_are_saved_only_when_the_user_ticks_the_box(qtbot, tmp_path, keep):
    path = tmp_path / "office.sqlite"
    db = open_database(path)
    build_demo(db, today=date(2026, 11, 23), with_results=False)
    for school_id, code in enumerate(RCOI_SCHOOL_CODES, 1):
        remember_alias(db, f"Код ОО {code}", school_id)
    students = [dataclasses.replace(s, last_name=NAME[0], first_name=NAME[1], patronymic=NAME[2])
                for s in exam_students(7, seed=5)]
    protocol = write_rcoi_protocol(tmp_path / "протокол.xlsx",
                                   blocks=[ExamBlock(2, "Математика", "2026.06.05", students)]).path
    tab = ResultsTab(db, path)
    qtbot.addWidget(tab)
    tab.show()
    seen = {}

    def confirm(dialog):
        seen["offered"] = dialog.keep_names.isVisible()
        seen["label"] = dialog.keep_names.text()
        seen["default"] = dialog.keep_names.isChecked()
        if keep:
            dialog.keep_names.click()
        seen["summary"] = dialog.summary.text()
        press(dialog, "Сохранить")

    when_dialog(confirm, kind=ResultsImportDialog)
    tab.import_files([str(protocol)])
    qtbot.waitUntil(lambda: "summary" in seen and tab.kind.count() == 1, timeout=15_000)
    assert seen["offered"] and "(7)" in seen["label"] and seen["default"] is False
    expected = "будут сохранены в базе" if keep else "не сохраняются"
    assert f"Фамилии и имена обучающихся {expected}" in seen["summary"]
    db.close()
    conn = sqlite3.connect(path)
    stored = conn.execute("SELECT count(*), count(full_name) FROM student_results").fetchone()
    kept_name = conn.execute("SELECT full_name FROM student_results WHERE full_name IS NOT NULL LIMIT 1").fetchone()
    conn.close()
    assert stored == ((7, 7) if keep else (7, 0))
    if keep:
        assert kept_name == (" ".join(NAME),)
