"""The demo office with its results loaded: plans, schools and three years of invented results."""

from __future__ import annotations

from datetime import date
from pathlib import Path


def demo_with_results(path: Path, today: date) -> Path:
    from desktop.demo import build_demo
    from desktop.demo_results import build_demo_results
    from desktop.services.database import open_database

    db = open_database(path)
    build_demo(db, today=today)
    build_demo_results(db, today)
    db.close()
    return path
