"""The window's side of the new rules: the thresholds dialog, the flags over the years beside the flags
of the year, and a list of medalists loaded from the Results tab."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

import pytest
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QFormLayout, QMessageBox

from desktop.models.medalists import MedalistsRepository
from desktop.services.medalists import read_medalists
from desktop.services.rules import SETTING_LABELS, RuleSettings
from desktop.views.dialogs.rules_dialog import RulesDialog
from tests.builders.medalists_files import MedalistLine, write_medalists
from tests.views.helpers import when_dialog

TODAY = date(2026, 11, 23)


@pytest.fixture
def tab(results_tab):
    return results_tab


def test_the_dialog_shows_every_setting_with_its_russian_label_and_gives_it_back(qtbot):
    settings = replace(RuleSettings(), region_margin=0.25, region_mean_margin=0.5, region_exempt_lyceums=True)
    dialog = RulesDialog(settings)
    qtbot.addWidget(dialog)
    form = dialog.findChild(QFormLayout)
    labels = [form.itemAt(i, QFormLayout.ItemRole.LabelRole).widget().text() for i in range(form.rowCount())]
    assert len(labels) == len(fields(RuleSettings)) == len(SETTING_LABELS)
    assert "Выше региона: качество выше регионального на:" in labels
    assert "Медалисты: тестовый балл ЕГЭ ниже:" in labels
    assert dialog.editors["region_margin"].value() == 25.0 and dialog.editors["region_margin"].suffix() == " %"
    mean = dialog.editors["region_mean_margin"]
    assert isinstance(mean, QDoubleSpinBox) and mean.value() == 0.5 and mean.suffix() == ""
    exempt = dialog.editors["region_exempt_lyceums"]
    assert isinstance(exempt, QCheckBox) and exempt.isChecked()
    exempt.setChecked(False)
    dialog.editors["medalist_min_score"].setValue(65)
    chosen = dialog.chosen()
    assert chosen == replace(settings, region_exempt_lyceums=False, medalist_min_score=65)


def test_flags_over_the_years_are_made_when_their_tab_opens(tab):
    assert tab.flags_history.shown_years == []  # not made while hidden
    tab.charts.setCurrentWidget(tab.flags_history)
    assert tab.flags_history.shown_years == [2022, 2023, 2024, 2025, 2026]
    text = tab.flags_history.table.toPlainText()
    assert "Признаки по годам (2022–2026)" in text and "МКОУ «ООШ п. Лесной»" in text
    assert "низкие результаты: доля «2» не ниже порога в нескольких ВПР" in text
    tab.flags_history.explain("0")
    assert tab.flags_history.detail.text() == tab.flags_history.explanations[0]
    assert "%" in tab.flags_history.detail.text()
    tab.year.setCurrentIndex(tab.year.findText("2025"))
    assert tab.flags_history.shown_years[-1] == 2025


def test_a_list_of_medalists_is_loaded_and_a_wrong_one_is_refused(qtbot, tab, tmp_path):
    good = write_medalists(tmp_path / "m.xlsx", [MedalistLine("edu990101", "I", (90, 50, 80), "Ю. Ю.")])
    assert tab._save_medalists(read_medalists(good.path))
    assert [m.full_name for m in MedalistsRepository(tab.db).list(year=2026)] == ["Ю. Ю."]
    assert "медалист" in tab.flags.toPlainText()
    bad = write_medalists(tmp_path / "bad.xlsx", [MedalistLine("edu990101", "бронзовая")])
    seen = when_dialog(lambda box: box.accept(), kind=QMessageBox)
    assert tab._save_medalists(read_medalists(bad.path)) is False
    assert seen == ["Загрузка медалистов"]
    assert len(MedalistsRepository(tab.db).list(year=2026)) == 1
