"""The figures of a reliability run — kills by case, mutated inputs by layout, the slowest case, peak
memory — printed at the end of the run and written to `reliability-figures.json` in pytest's
temporary folder (or to the file named by MSOKO_RELIABILITY_FIGURES)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.builders.result_files import RCOI_SCHOOL_CODES
from tests.reliability import harness, kill


def _figures() -> dict:
    return {"kills": kill.KILLS.to_json(), "fuzz": harness.STATS.to_json()}


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    figures = _figures()
    if not figures["kills"]["total"] and not figures["fuzz"]["mutated_inputs"]:
        return
    target = os.environ.get("MSOKO_RELIABILITY_FIGURES")
    path = Path(target) if target else Path(config._tmp_path_factory.getbasetemp()) / "reliability-figures.json"
    path.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    reporter = terminalreporter
    reporter.section("reliability figures")
    kills, fuzz = figures["kills"], figures["fuzz"]
    reporter.write_line(f"kills: {kills['total']} ({kills['by_case']}), unsound databases: {kills['unsound']}, "
                        f"partial imports: {kills['partial']}")
    reporter.write_line(f"mutated inputs: {fuzz['mutated_inputs']} ({fuzz['by_layout']}), failures: {fuzz['failures']}")
    reporter.write_line(f"slowest case: {fuzz['slowest_case']}; peak memory: {fuzz['peak_memory']}")
    for failure in harness.STATS.failures[:30]:
        reporter.write_line(f"  FAILED INPUT {failure[:600]}")
    reporter.write_line(f"figures written to {path}")


@pytest.fixture(scope="session")
def pristine_db(tmp_path_factory) -> Path:
    """The demo district, built once: every fuzz case imports into a fresh copy of it. The schools of
    the ФИС ОКО fixtures are added by the import itself (`--add-schools`); the РЦОИ protocol's codes
    are remembered as aliases of demo schools, as a user would match them."""
    from desktop.demo import build_demo
    from desktop.services.database import open_database
    from desktop.services.school_matching import alias_text, remember_alias

    path = tmp_path_factory.mktemp("pristine") / "demo.sqlite"
    db = open_database(path)
    try:
        build_demo(db)
        school_ids = [row[0] for row in db.execute("SELECT id FROM schools ORDER BY id LIMIT 3")]
        for code, school_id in zip(RCOI_SCHOOL_CODES, school_ids, strict=True):
            remember_alias(db, alias_text(code, None), school_id)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode = DELETE")
    finally:
        db.close()
    return path
