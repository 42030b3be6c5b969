"""The demo district with its three years of results, built once per module, and the Results tab over it."""

from __future__ import annotations

from datetime import date

import pytest

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def results_db_path(tmp_path_factory):
    from desktop.demo import build_demo
    from desktop.demo_results import build_demo_results
    from desktop.services.database import open_database

    path = tmp_path_factory.mktemp("results") / "demo.sqlite"
    db = open_database(path)
    build_demo(db, today=TODAY)
    build_demo_results(db, TODAY)
    db.close()
    return path


@pytest.fixture
def results_tab(qtbot, results_db_path):
    from desktop.services.database import open_database
    from desktop.views.results_tab import ResultsTab

    db = open_database(results_db_path)
    widget = ResultsTab(db, results_db_path)
    qtbot.addWidget(widget)
    widget.resize(1300, 720)
    widget.show()
    yield widget
    db.close()
