"""msoko results scales list | set | import | delete: the scales that turn primary scores into marks,
as in the window («Правила» → «Шкалы перевода баллов…»)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.common import add_db_argument, open_db
from desktop.cli.output import one_line, print_json
from desktop.errors import UserError

SCALES_HELP = """\
Шкала перевода первичных баллов в отметки — для файлов, где есть первичный балл ученика, но нет
отметки (региональные выгрузки ВПР по ученикам): для процедуры, года, предмета и класса — наименьший
первичный балл на «3», «4» и «5» и максимальный балл. Балл ниже «3» — отметка «2»; выше максимума —
ошибка в файле. Встроенных шкал нет: их вводят или загружают из таблицы, указывая источник.

JSON (list --json): [{"kind", "year", "subject", "grade", "min3", "min4", "min5", "max", "source"}]
"""
SET_HELP = """\
Сохраняет шкалу одной процедуры, года, предмета и класса (прежняя шкала того же класса заменяется).
Пример: msoko results scales set --kind ВПР --year 2025 --subject Математика --grade 5 --bounds 7,12,17
--max 20 --source "письмо РЦОИ от 01.04.2025 № 12"
"""
IMPORT_HELP = """\
Загружает шкалы из таблицы .xlsx или .xls: строка заголовков ищется в первых 20 строках каждого листа
по словам (регистр, «ё», кавычки и знаки препинания не важны):
  «Процедура» (или «Вид», «Оценочная процедура»): ВПР, ОГЭ, ЕГЭ, ГВЭ, НИКО, РМ, МКР;
  «Год» (или «Учебный год»): год числом, например 2025;
  «Предмет» (или «Учебный предмет»);
  «Класс» (или «Параллель»): 5, «5 класс»;
  «Мин. балл на «3»», «Мин. балл на «4»», «Мин. балл на «5»» — любой заголовок, где отметка стоит
    отдельным словом: «3», «Отметка «4»», «Балл на 5»; в ячейке — наименьший балл отметки или её
    диапазон «7–11» (берётся первое число; у «5» последнее — максимальный балл, если он не указан);
  «Максимальный балл» (или «Макс», «Максимум»);
  «Источник» (или «Основание», «Документ») — необязательный.
Столбец «2» не нужен и не читается. Ошибка в любой строке (она названа листом, строкой и столбцом) —
ничего не сохраняется, код возврата 2.
"""


def register(commands: argparse._SubParsersAction) -> None:
    scales = commands.add_parser("scales", help="шкалы перевода первичных баллов в отметки", description=SCALES_HELP,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = scales.add_subparsers(dest="scales_command", metavar="ДЕЙСТВИЕ", required=True)

    listing = actions.add_parser("list", help="показать сохранённые шкалы", description=SCALES_HELP,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    add_db_argument(listing)
    listing.add_argument("--json", action="store_true", help="вывести JSON")
    listing.set_defaults(func=run_list)

    setting = actions.add_parser("set", help="сохранить шкалу", description=SET_HELP,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_key(setting)
    setting.add_argument("--bounds", required=True, metavar="MIN3,MIN4,MIN5",
                         help="наименьшие первичные баллы на «3», «4» и «5» через запятую, например 7,12,17")
    setting.add_argument("--max", required=True, metavar="MAX", help="максимальный первичный балл, например 20")
    setting.add_argument("--source", default="", metavar="ТЕКСТ", help="откуда шкала: письмо, приказ, сайт")
    add_db_argument(setting)
    setting.add_argument("--json", action="store_true", help="вывести сохранённую шкалу в JSON")
    setting.set_defaults(func=run_set)

    importing = actions.add_parser("import", help="загрузить шкалы из таблицы Excel", description=IMPORT_HELP,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    importing.add_argument("file", metavar="FILE.xlsx", help="таблица шкал (.xlsx или .xls)")
    add_db_argument(importing)
    importing.add_argument("--json", action="store_true", help="вывести загруженные шкалы в JSON")
    importing.set_defaults(func=run_import)

    deleting = actions.add_parser("delete", help="удалить шкалу")
    _add_key(deleting)
    add_db_argument(deleting)
    deleting.set_defaults(func=run_delete)


def _add_key(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", required=True, help="ВПР, ОГЭ, ЕГЭ, ГВЭ, НИКО, РМ, МКР")
    parser.add_argument("--year", required=True, type=int, help="год, например 2025")
    parser.add_argument("--subject", required=True, help="предмет, например «Математика»")
    parser.add_argument("--grade", required=True, type=int, help="класс, 1–12")


def _number(text: str, what: str) -> float:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise UserError(f"{what}: «{text.strip()}» — не число.") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise UserError(f"{what}: «{text.strip()}» — не число.")
    return value


def _bounds(text: str) -> list[float]:
    """«7,12,17» (or «7;12;17», where a decimal comma may be used: «6,5;12;17») → three numbers."""
    parts = text.split(";") if ";" in text else text.split(",")
    if len(parts) != 3 or not all(p.strip() for p in parts):
        raise UserError(f"--bounds «{text}»: ожидаются три числа через запятую — наименьшие баллы на «3», «4» и «5», "
                        "например 7,12,17.")
    return [_number(part, f"--bounds «{text}»") for part in parts]


def _print_table(scales) -> None:
    from desktop.models.scales import score_text

    if not scales:
        print("Шкал перевода баллов нет. Добавьте: msoko results scales set … или msoko results scales import ФАЙЛ.xlsx")
        return
    print(f"{'Процедура':<9} {'Год':>4} {'Предмет':<28} {'Кл':>2} {'«3» от':>7} {'«4» от':>7} {'«5» от':>7} "
          f"{'Макс.':>6}  Источник")
    for s in scales:
        print(f"{s.kind:<9} {s.year:>4} {s.subject[:28]:<28} {s.grade:>2} {score_text(s.min3):>7} "
              f"{score_text(s.min4):>7} {score_text(s.min5):>7} {score_text(s.max):>6}  {s.source or '—'}")


def run_list(args: argparse.Namespace) -> int:
    from desktop.models.scales import ScalesRepository

    scales = ScalesRepository(open_db(args)).list()
    if args.json:
        print_json([s.to_json() for s in scales])
    else:
        _print_table(scales)
    return 0


def run_set(args: argparse.Namespace) -> int:
    from desktop.models.results import parse_kind
    from desktop.models.scales import Scale, ScalesRepository, checked

    min3, min4, min5 = _bounds(args.bounds)
    scale = checked(Scale(parse_kind(args.kind), args.year, args.subject, args.grade, min3, min4, min5,
                          _number(args.max, "--max"), args.source))  # checked before the lock is waited for
    saved = ScalesRepository(open_db(args, write=True)).set(scale)
    if args.json:
        print_json(saved.to_json())
    else:
        print(f"Сохранена шкала {saved.title}: {saved.describe()}.")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from desktop.services.scales_io import read_scales, save_scales

    read = read_scales(Path(args.file))  # read and checked before the lock is taken
    if read.has_errors:
        for message in read.messages():
            print("Ошибка: " + one_line(message), file=sys.stderr)
        print(f"Ничего не сохранено: в файле «{Path(args.file).name}» ошибок — {len(read.problems)}.")
        return 2
    saved = save_scales(open_db(args, write=True), read)
    if args.json:
        print_json([s.to_json() for s in saved])
    else:
        _print_table(saved)
        print(f"Загружено шкал: {len(saved)}.")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    from desktop.models.results import normalize_subject, parse_kind
    from desktop.models.scales import ScalesRepository

    kind = parse_kind(args.kind)
    title = f"{kind} {args.year}, {normalize_subject(args.subject)}, {args.grade} кл."
    if not ScalesRepository(open_db(args, write=True)).delete(kind, args.year, args.subject, args.grade):
        raise UserError(f"Шкалы {title} нет.")
    print(f"Шкала {title} удалена.")
    return 0
