"""msoko results rules | minimums: the thresholds of the rules and the ЕГЭ minimum scores, shown and
changed from the command line as in the window («Пороги правил…», «Минимальные баллы ЕГЭ…»)."""

from __future__ import annotations

import argparse

from desktop.cli.common import add_db_argument, open_db
from desktop.cli.output import print_json
from desktop.errors import UserError


def register(commands: argparse._SubParsersAction) -> None:
    rules = commands.add_parser("rules", help="пороги правил (ШНОР, объективность, низкое качество)")
    rules.add_argument("--set", action="append", default=[], metavar="ИМЯ=ЗНАЧЕНИЕ",
                       help="изменить порог, например low_quality_rate=0.35 (доли — числами 0–1)")
    add_db_argument(rules)
    rules.add_argument("--json", action="store_true", help="вывести JSON")
    rules.set_defaults(func=run_rules)

    minimums = commands.add_parser("minimums", help="минимальные баллы ЕГЭ года")
    minimums.add_argument("--year", required=True, type=int)
    minimums.add_argument("--set", action="append", default=[], metavar="ПРЕДМЕТ=БАЛЛ",
                          help="минимальный тестовый балл, например «Математика профильная=27»")
    minimums.add_argument("--set-mark", action="append", default=[], metavar="ПРЕДМЕТ=ОТМЕТКА",
                          help="минимальная отметка, например «Математика базовая=3»")
    add_db_argument(minimums)
    minimums.add_argument("--json", action="store_true", help="вывести JSON")
    minimums.set_defaults(func=run_minimums)


def _pairs(items: list[str], what: str) -> list[tuple[str, str]]:
    pairs = []
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise UserError(f"«{item}»: ожидается {what}.")
        pairs.append((name.strip(), value.strip().replace(",", ".")))
    return pairs


def _number(text: str, item: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise UserError(f"«{item}»: «{text}» — не число.") from None


def run_rules(args: argparse.Namespace) -> int:
    from dataclasses import fields, replace

    from desktop.models.db import transaction
    from desktop.services.rules import SETTING_LABELS, load_rule_settings, save_rule_settings

    db = open_db(args, write=bool(args.set))
    settings = load_rule_settings(db)
    if args.set:
        kinds = {f.name: f.type for f in fields(settings)}
        changes = {}
        for name, value in _pairs(args.set, "ИМЯ=ЗНАЧЕНИЕ"):
            if name not in kinds:
                raise UserError(f"Порога «{name}» нет; есть: {', '.join(kinds)}.")
            if kinds[name] in (bool, "bool"):
                if value.casefold() not in ("0", "1", "да", "нет", "true", "false"):
                    raise UserError(f"«{SETTING_LABELS[name][0]}» — 1 (да) или 0 (нет), а не {value}.")
                changes[name] = value.casefold() in ("1", "да", "true")
                continue
            number = _number(value, f"{name}={value}")
            if kinds[name] in (int, "int"):
                if number != int(number):
                    raise UserError(f"«{SETTING_LABELS[name][0]}» — целое число, а не {value}.")
                number = int(number)
            changes[name] = number
        settings = replace(settings, **changes)
        with transaction(db):
            save_rule_settings(db, settings)
    if args.json:
        print_json(settings.to_json())
    else:
        for name, (label, _, _) in SETTING_LABELS.items():
            print(f"{name} = {getattr(settings, name):g}  — {label}")
    return 0


def run_minimums(args: argparse.Namespace) -> int:
    from desktop.models.min_scores import MinScoresRepository

    if not 2000 <= args.year <= 2100:
        raise UserError(f"Год {args.year} вне допустимого 2000–2100.")
    changing = bool(args.set or args.set_mark)
    db = open_db(args, write=changing)
    repository = MinScoresRepository(db)
    scores = _pairs(args.set, "ПРЕДМЕТ=БАЛЛ")
    marks = _pairs(args.set_mark, "ПРЕДМЕТ=ОТМЕТКА")
    if changing:
        changes = [(subject, _number(value, f"{subject}={value}"), None) for subject, value in scores]
        for subject, value in marks:
            mark = _number(value, f"{subject}={value}")
            if mark != int(mark):
                raise UserError(f"«{subject}={value}»: отметка — целое число от 2 до 5.")
            changes.append((subject, None, int(mark)))
        repository.save_year(args.year, changes)
    listed = repository.list(args.year) or repository.list(repository.nearest_year(args.year) or args.year)
    if args.json:
        print_json([score.to_json() for score in listed])
    else:
        if listed and listed[0].year != args.year:
            print(f"За {args.year} год минимумов нет; показаны {listed[0].year} года.")
        for score in listed:
            print(f"{score.subject}: {score.describe()}")
    return 0
