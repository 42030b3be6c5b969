"""What a results file tells of its tasks, saved with its import: each task's maximum, level and planned
result (`assessment_tasks`), the groups' completion rates of the ФИС ОКО reports (`task_rates`) and their
distributions of primary scores (`score_shares`).

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


def _stored_code(level: str, code: str | None, name: str) -> str:
    """The key of a group among its level's rows: its code, '' for the whole sample and the region, else
    its name (as `reference_results` keys them)."""
    return code or ("" if level in ("all", "region") else name)


def save_task_data(db: Database, parsed: ParsedFile, assessment_ids: list[int], import_id: int,
                   own_codes: set[str]) -> int:
    """Save the file's task descriptions, rates and score shares; returns the number of rates and shares."""
    repository = TasksRepository(db)
    for index, tasks in parsed.task_info.items():
        if tasks and index < len(assessment_ids):
            repository.save_tasks(assessment_ids[index], tasks)
    if parsed.score_shares and assessment_ids:
        repository.save_score_shares([(assessment_ids[0], r.level, _stored_code(r.level, r.code, r.name), r.name,
                                       r.score, r.share, r.participants) for r in parsed.score_shares], import_id)
    if not parsed.task_rates or not assessment_ids:
        return len(parsed.score_shares)
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
        is_own = int(rate.level == "municipality" and rate.code in own)
        rows.append((assessment_ids[0], rate.level, _stored_code(rate.level, rate.code, rate.name), rate.name, is_own, school_id, rate.task, rate.rate,
                     rate.participants))
    repository.save_rates(rows, import_id)
    return len(rows) + len(parsed.score_shares)
