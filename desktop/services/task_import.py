"""What a results file tells of its tasks, saved with its import: each task's maximum, level and planned
result (`assessment_tasks`), and the groups' completion rates of the ФИС ОКО reports (`task_rates`).

Called by `results_import._save_file` inside the import's transaction. A school row of a report is
linked to the registry school its code or name matches (no question is asked: such a report adds no
school figures); a municipality row is the district's when its code is one the district's files use,
or when the report names only one municipality.
"""

from __future__ import annotations

from desktop.models.db import Database
from desktop.models.tasks import TasksRepository
from desktop.services.importers.results.records import ParsedFile
from desktop.services.school_matching import SchoolMatcher


def save_task_data(db: Database, parsed: ParsedFile, assessment_ids: list[int], import_id: int,
                   own_codes: set[str]) -> int:
    """Save the file's task descriptions and rates; returns the number of rates saved."""
    repository = TasksRepository(db)
    for index, tasks in parsed.task_info.items():
        if tasks and index < len(assessment_ids):
            repository.save_tasks(assessment_ids[index], tasks)
    if not parsed.task_rates or not assessment_ids:
        return 0
    municipalities = {r.code for r in parsed.task_rates if r.level == "municipality" and r.code}
    own = (municipalities & own_codes) or (municipalities if len(municipalities) == 1 else set())
    matcher = SchoolMatcher(db)
    schools: dict[tuple, int | None] = {}
    rows = []
    for rate in parsed.task_rates:
        school_id = None
        if rate.level == "school" and (rate.parent_code is None or not own or rate.parent_code in own):
            key = (rate.code, rate.name)
            if key not in schools:
                found = matcher.match(rate.code, rate.name)
                schools[key] = found.school_id if found else None
            school_id = schools[key]
        code = rate.code or ("" if rate.level in ("all", "region") else rate.name)
        is_own = int(rate.level == "municipality" and rate.code in own)
        rows.append((assessment_ids[0], rate.level, code, rate.name, is_own, school_id, rate.task, rate.rate,
                     rate.participants))
    repository.save_rates(rows, import_id)
    return len(rows)
