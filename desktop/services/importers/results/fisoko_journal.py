"""ФИС ОКО «Сравнение отметок с отметками по журналу»: how many lowered, confirmed, raised their mark.

Two shapes:
- wide: `Группы участников | Кол-во участников(всего)` then a `%` and a `Кол-во участников` column for
  each of Понизили / Подтвердили / Повысили. The header comes on two rows with merged cells (the
  second row empty under them) or flattened into one row («Понизили (…) %»). No «Вся выборка» row.
- long: `Группы участников | Кол-во участников | %`, each group followed by the rows `Понизили (…)`,
  `Подтвердили (…)`, `Повысили (…)`, `Всего`.
"""

from __future__ import annotations

from desktop.errors import ImportFormatError, column_letter
from desktop.figures import JOURNAL, LABELS
from desktop.services.importers.intake.workbook import Sheet, cell_number, cell_text, find_row, header_text
from desktop.services.importers.results.fisoko_common import group_of, read_preamble
from desktop.services.importers.results.fisoko_marks import PERCENT_TOLERANCE, to_count
from desktop.services.importers.results.records import GroupRow, ParsedFile, ProblemLog

LAYOUT = "fisoko_journal"
DESCRIPTION = "ФИС ОКО: сравнение отметок с отметками по журналу"  # what the user is told the file was read as
OUTCOMES = JOURNAL
OUTCOME_WORDS = {"lowered": "понизил", "confirmed": "подтверд", "raised": "повысил"}  # how headers spell them
OUTCOME_RU = {outcome: LABELS[outcome] for outcome in OUTCOMES}


def _outcome_of(text: str) -> str | None:
    for outcome, word in OUTCOME_WORDS.items():
        if word in text:
            return outcome
    return None


def _wide_header(texts: list[str]) -> bool:
    return "группы участников" in texts and any("понизил" in t for t in texts)


def _long_header(texts: list[str]) -> bool:
    return "группы участников" in texts and "кол-во участников" in texts and "%" in texts


def find(sheets: list[Sheet]) -> tuple[Sheet, int, str] | None:
    """(sheet, header row, shape) of the first sheet holding the report."""
    for sheet in sheets:
        row = find_row(sheet, _wide_header)
        if row is not None:
            return sheet, row, "wide"
        row = find_row(sheet, _long_header)
        if row is not None:
            # the long shape is told apart from other reports by the outcome rows under the header
            for values in sheet.rows[row : row + 12]:
                if values and _outcome_of(header_text(values[0])):
                    return sheet, row, "long"
    return None


def matches(sheets: list[Sheet]) -> bool:
    return find(sheets) is not None


def parse(path, sheets: list[Sheet], keep_names: bool = False) -> ParsedFile:
    found = find(sheets)
    if found is None:
        raise ImportFormatError("Не найден заголовок отчёта «Сравнение отметок с отметками по журналу».", file=path)
    sheet, header_row, shape = found
    key, _title = read_preamble(sheet, header_row, path)
    log = ProblemLog(sheet.name)
    if shape == "wide":
        groups = _parse_wide(sheet, header_row, log)
    else:
        groups = _parse_long(sheet, header_row, log)
    if not groups:
        log.error("Под заголовком таблицы нет ни одной строки с группой участников.", header_row + 1)
    return ParsedFile(str(path), LAYOUT, sheet.name, [key], groups=groups, problems=log.finish())


class _Levels:
    """Levels by row order: a codeless row before any municipality or school is the region."""

    def __init__(self):
        self.seen_coded = False
        self.municipality: str | None = None

    def classify(self, text: str, row: int, column: str, log: ProblemLog):
        level, name, code = group_of(text, has_school_count=not self.seen_coded)
        if code:
            self.seen_coded = True
        if level == "municipality":
            self.municipality = code
        if level == "school" and code is None:
            log.error(
                f"Не найден код ОО в названии «{name}»: ожидается код в скобках, например (edu203389).",
                row, column, kind="no_code",
            )
        parent = self.municipality if level == "school" else None
        return level, name, code, parent


def _number(values, col, row, log: ProblemLog, what: str) -> float | None:
    if col is None or col >= len(values):
        return None
    try:
        value = cell_number(values[col])
    except ValueError as error:
        log.error(f"{what}: {error}.", row, column_letter(col + 1), kind="number_text")
        return None
    if value is not None and value < 0:
        log.error(f"{what}: отрицательное значение {value:g}.", row, column_letter(col + 1), kind="negative")
        return None
    return value


def _check(
    log: ProblemLog,
    row: int,
    participants: int | None,
    counts: dict[str, int | None],
    percents: dict[str, float | None],
    count_at: tuple[int, str],
    pct_at: tuple[int, str] | None,
) -> None:
    """Counts against participants, percentages against 100 — warnings, the data stays usable."""
    if participants is None:
        return
    known = [counts[o] for o in OUTCOMES]
    if None not in known and sum(known) != participants:  # type: ignore[arg-type]
        log.warning(
            f"Понизили + подтвердили + повысили = {sum(known)}, а участников {participants}.",  # type: ignore[arg-type]
            count_at[0], count_at[1], kind="count_sum",
        )
    values = [percents[o] for o in OUTCOMES]
    if pct_at and participants > 0 and None not in values:
        total = sum(values)  # type: ignore[arg-type]
        if abs(total - 100) > PERCENT_TOLERANCE:
            log.warning(
                f"Проценты понизили/подтвердили/повысили в сумме дают {total:.2f}%, а не 100%.",
                pct_at[0], pct_at[1], kind="pct_sum",
            )


def _parse_wide(sheet: Sheet, header_row: int, log: ProblemLog) -> list[GroupRow]:
    top = [header_text(v) for v in sheet.rows[header_row - 1]]
    width = len(top)
    second: list[str] = [""] * width
    first_data = header_row + 1
    if header_row < len(sheet.rows):
        below = [header_text(v) for v in sheet.rows[header_row]]
        below += [""] * (width - len(below))
        name_col = top.index("группы участников")
        if not below[name_col] and any(t == "%" or t.startswith("кол-во") for t in below):
            second = below[:width]
            first_data = header_row + 2

    col_name = top.index("группы участников")
    col_n = None
    pct_cols: dict[str, int] = {}
    count_cols: dict[str, int] = {}
    unknown: dict[str, list[int]] = {o: [] for o in OUTCOMES}
    carried = ""
    for c in range(width):
        head = top[c]
        if head and _outcome_of(head):
            carried = head
        elif head:
            carried = ""
        elif second[c]:
            head = carried  # the empty cells of a merged group header
        full = f"{head} {second[c]}".strip()
        outcome = _outcome_of(full)
        if outcome:
            rest = full.replace(head, "", 1) if second[c] else full.split(")", 1)[-1]
            if "%" in rest:
                pct_cols.setdefault(outcome, c)
            elif "кол-во" in rest or "количество" in rest:
                count_cols.setdefault(outcome, c)
            else:
                unknown[outcome].append(c)
        elif full.startswith("кол-во участников") and col_n is None:
            col_n = c
    for outcome, cols in unknown.items():  # a group header with no metric words: % first, then count
        for c in cols:
            if outcome not in pct_cols:
                pct_cols[outcome] = c
            elif outcome not in count_cols:
                count_cols[outcome] = c
    if col_n is None:
        raise ImportFormatError(
            "В заголовке не найден столбец «Кол-во участников(всего)».", sheet=sheet.name, row=header_row
        )

    levels = _Levels()
    groups: list[GroupRow] = []
    for index in range(first_data - 1, len(sheet.rows)):
        values = sheet.rows[index]
        row = index + 1
        text = cell_text(values[col_name]) if col_name < len(values) else None
        if not text:
            continue
        level, name, code, parent = levels.classify(text, row, column_letter(col_name + 1), log)
        n = _number(values, col_n, row, log, "Кол-во участников")
        participants = int(n) if n is not None else None
        if participants is None and level == "school":
            log.error("Не указано кол-во участников.", row, column_letter(col_n + 1), kind="n_missing")
        counts: dict[str, int | None] = {}
        percents: dict[str, float | None] = {}
        for outcome in OUTCOMES:
            pct = _number(values, pct_cols.get(outcome), row, log, f"{OUTCOME_RU[outcome]}, %")
            count = _number(values, count_cols.get(outcome), row, log, f"{OUTCOME_RU[outcome]}, кол-во")
            percents[outcome] = pct
            if count is None and pct is not None and participants is not None:
                count = to_count(pct, participants)
            counts[outcome] = int(count) if count is not None else None
        first_pct = pct_cols.get("lowered")
        _check(
            log, row, participants, counts, percents,
            (row, column_letter(col_n + 1)),
            (row, column_letter(first_pct + 1)) if first_pct is not None else None,
        )
        groups.append(
            GroupRow(participants,
                     level=level, code=code, name=name, lowered=counts["lowered"], confirmed=counts["confirmed"],
                     raised=counts["raised"], row=row, parent_code=parent)
        )
    return groups


def _parse_long(sheet: Sheet, header_row: int, log: ProblemLog) -> list[GroupRow]:
    headers = [header_text(v) for v in sheet.rows[header_row - 1]]
    col_name = headers.index("группы участников")
    col_n = headers.index("кол-во участников")
    col_pct = headers.index("%")
    levels = _Levels()
    groups: list[GroupRow] = []
    current: dict | None = None

    def finish(group: dict | None) -> None:
        if group is None:
            return
        counts: dict[str, int | None] = {}
        total = group["total"]
        participants = int(total) if total is not None else group["declared"]
        for outcome in OUTCOMES:
            count, pct = group["count"].get(outcome), group["pct"].get(outcome)
            if outcome not in group["count"] and outcome not in group["pct"]:
                log.warning(f"У группы нет строки «{OUTCOME_RU[outcome]}».", group["row"],
                            column_letter(col_name + 1), kind="long_missing")
            if count is None and pct is not None and participants is not None:
                count = to_count(pct, participants)
            counts[outcome] = int(count) if count is not None else None
        if participants is None:
            log.error("Не указано кол-во участников (строка «Всего»).", group["row"], column_letter(col_n + 1),
                      kind="n_missing")
        at = group["total_row"] or group["row"]
        _check(log, at, participants, counts, {o: group["pct"].get(o) for o in OUTCOMES},
               (at, column_letter(col_n + 1)), (group["row"] + 1, column_letter(col_pct + 1)))
        groups.append(
            GroupRow(participants,
                     level=group["level"], code=group["code"], name=group["name"], lowered=counts["lowered"],
                     confirmed=counts["confirmed"], raised=counts["raised"], row=group["row"],
                     parent_code=group["parent"])
        )

    for index in range(header_row, len(sheet.rows)):
        values = sheet.rows[index]
        row = index + 1
        text = cell_text(values[col_name]) if col_name < len(values) else None
        if not text:
            continue
        folded = header_text(text)
        outcome = _outcome_of(folded) if folded.startswith(("понизил", "подтверд", "повысил")) else None
        if outcome or folded.startswith("всего"):
            if current is None:
                log.warning("Строка итогов без группы над ней.", row, column_letter(col_name + 1), kind="orphan")
                continue
            count = _number(values, col_n, row, log, "Кол-во участников")
            if outcome:
                current["count"][outcome] = count
                current["pct"][outcome] = _number(values, col_pct, row, log, "%")
            else:
                current["total"] = count
                current["total_row"] = row
            continue
        finish(current)
        level, name, code, parent = levels.classify(text, row, column_letter(col_name + 1), log)
        declared = _number(values, col_n, row, log, "Кол-во участников")
        current = {
            "row": row, "level": level, "name": name, "code": code, "parent": parent,
            "declared": int(declared) if declared is not None else None,
            "count": {}, "pct": {}, "total": None, "total_row": None,
        }
    finish(current)
    return groups
