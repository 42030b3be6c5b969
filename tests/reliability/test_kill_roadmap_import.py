"""A `msoko roadmap import` of a 500-measure plan (Word and Excel) killed with SIGKILL at a random
moment leaves a sound database with the whole plan or none of it; the next start imports it."""

import pytest

from tests.builders.docx_orders import Table, build_order_docx, roadmap_docx_rows, write_roadmap_xlsx
from tests.cli.run import msoko
from tests.reliability.kill import KILLS, KillRounds, assert_all_or_none, assert_sound, scalar

SECTIONS, PER_SECTION = 20, 25
MEASURES = SECTIONS * PER_SECTION


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plans")
    items = roadmap_docx_rows(SECTIONS, PER_SECTION)
    docx = build_order_docx(folder / "план-500.docx", items)
    table = next(item for item in items if isinstance(item, Table))
    xlsx = write_roadmap_xlsx(folder / "план-500.xlsx", table.rows, title_rows=["План мероприятий на 2024-2025 учебный год", ""],
                              merged_rows=sorted(table.merged_rows))
    return {"docx": docx, "xlsx": xlsx}


def kill_rounds(plan, tmp_path, rounds: int, seed: int) -> None:
    db = tmp_path / "demo.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    command = ["roadmap", "import", plan, "--db", db]
    killer = KillRounds(f"roadmap import ({MEASURES} measures, {plan.suffix})", seed)
    full = killer.measure(command)

    for _ in range(rounds):
        roadmaps = scalar(db, "SELECT count(*) FROM roadmaps")
        measures = scalar(db, "SELECT count(*) FROM measures")
        killer.kill_at_random(command, full)
        assert_sound(db)
        found = scalar(db, "SELECT count(*) FROM measures")
        outcome = assert_all_or_none("roadmap import", found, measures, measures + MEASURES)
        assert scalar(db, "SELECT count(*) FROM roadmaps") == roadmaps + (outcome == "all")
        killer.record(outcome)
        if outcome == "none":  # the next start works: the same plan imports whole
            assert msoko("roadmap", "import", plan, "--db", db).returncode == 0
            assert scalar(db, "SELECT count(*) FROM measures") == measures + MEASURES


def test_kill_during_roadmap_import_short(plans, tmp_path):
    kill_rounds(plans["docx"], tmp_path, rounds=2, seed=3)


@pytest.mark.slow
@pytest.mark.timeout(1200)  # 40 or 25 kills: ~1 min
@pytest.mark.parametrize("kind, rounds", [("docx", 40), ("xlsx", 25)])
def test_kill_during_roadmap_import_long(plans, tmp_path, kind, rounds):
    kill_rounds(plans[kind], tmp_path, rounds=rounds, seed=11)
    outcomes = {k.rsplit(": ", 1)[1] for k in KILLS.outcomes if f"{MEASURES} measures, .{kind}" in k}
    assert outcomes >= {"none", "all"}, KILLS.outcomes
