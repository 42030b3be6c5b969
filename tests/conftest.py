"""Every test gets its own data folder and, where asked, a fresh database: no shared state."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="run the long reliability and fuzzing suites")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="long suite: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("MSOKO_DATA_DIR", str(folder))
    monkeypatch.delenv("MSOKO_DB", raising=False)
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "office.sqlite"


@pytest.fixture
def db(db_path: Path):
    from desktop.services.database import open_database

    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def demo_db_path(tmp_path: Path) -> Path:
    from desktop.demo import build_demo
    from desktop.services.database import open_database

    path = tmp_path / "demo.sqlite"
    database = open_database(path)
    build_demo(database, with_results=False)  # tests load the results they need
    database.close()
    return path


@pytest.fixture
def demo_db(demo_db_path: Path):
    from desktop.services.database import open_database

    database = open_database(demo_db_path)
    yield database
    database.close()
