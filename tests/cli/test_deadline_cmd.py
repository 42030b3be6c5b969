"""msoko deadline: one JSON object on stdout, or one Russian error line and exit code 2."""

from __future__ import annotations

import json

import pytest

from desktop.cli import deadline_cmd
from desktop.cli.main import build_parser, run
from desktop.errors import UserError
from desktop.paths import DATA_DIR_ENV
from tests.cli import run as process


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    # main.run sets up logging into the data folder; keep it out of the user's one.
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))


def msoko(capsys, *argv: str) -> tuple[int, str, str]:
    code = run(["deadline", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_prints_the_reading_as_json(capsys):
    code, out, err = msoko(capsys, "октябрь-декабрь", "--period", "2024-09-01:2025-08-31")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "text": "октябрь-декабрь",
        "kind": "dates",
        "ranges": [["2024-10-01", "2024-12-31"]],
        "warnings": [],
        "recurrence": None,
        "occurrences": [["2024-10-01", "2024-12-31"]],
    }


def test_without_options(capsys):
    code, out, _ = msoko(capsys, "Апрель-июнь 2023, 2024 гг.")
    assert code == 0
    assert json.loads(out)["ranges"] == [["2023-04-01", "2023-06-30"], ["2024-04-01", "2024-06-30"]]


def test_text_is_printed_as_written(capsys):
    code, out, _ = msoko(capsys, "  Срок: до 8 сентября 2023 г.  ")
    assert code == 0
    assert json.loads(out) == {
        "text": "  Срок: до 8 сентября 2023 г.  ",
        "kind": "dates",
        "ranges": [["2023-09-08", "2023-09-08"]],
        "warnings": [],
        "recurrence": None,
        "occurrences": [["2023-09-08", "2023-09-08"]],
    }


def test_issued_date_shows_a_typo_warning(capsys):
    code, out, _ = msoko(capsys, "01.03.2004", "--issued", "2023-09-01")
    assert code == 0
    assert json.loads(out)["warnings"] == [
        "Срок «01.03.2004» больше чем на год раньше даты приказа 01.09.2023: возможно, опечатка в годе."
    ]


def test_continuous_without_a_period(capsys):
    code, out, _ = msoko(capsys, "постоянно")
    assert code == 0
    assert json.loads(out) == {
        "text": "постоянно", "kind": "continuous", "ranges": [], "warnings": [], "recurrence": None, "occurrences": [],
    }


def test_a_recurring_deadline_prints_its_recurrence_and_occurrences(capsys):
    code, out, err = msoko(capsys, "ежеквартально", "--period", "2025-09-01:2026-08-31")
    assert (code, err) == (0, "")
    reading = json.loads(out)
    assert list(reading) == ["text", "kind", "ranges", "warnings", "recurrence", "occurrences"]
    assert reading["recurrence"] == {"every": "quarter", "day": None, "months": None}
    assert reading["occurrences"] == [
        ["2025-09-01", "2025-09-30"], ["2025-10-01", "2025-12-31"], ["2026-01-01", "2026-03-31"],
        ["2026-04-01", "2026-06-30"],
    ]  # fmt: skip


@pytest.mark.parametrize("issued", ["03.09.2025", "2025-09-03"])
def test_issued_counts_a_relative_deadline_in_either_date_form(capsys, issued):
    code, out, _ = msoko(capsys, "в течение 10 дней со дня подписания", "--issued", issued)
    assert code == 0
    assert json.loads(out) == {
        "text": "в течение 10 дней со дня подписания",
        "kind": "dates",
        "ranges": [["2025-09-03", "2025-09-13"]],
        "warnings": [],
        "recurrence": None,
        "occurrences": [["2025-09-03", "2025-09-13"]],
    }


def test_the_json_shape_as_a_user_runs_it():
    # a separate process, as on the user's machine
    reading = process.msoko_json(
        "deadline", "Ежемесячно до 15 числа месяца, следующего за отчетным периодом",
        "--period", "2025-09-01:2025-12-31", "--issued", "01.09.2025",
    )  # fmt: skip
    assert reading == {
        "text": "Ежемесячно до 15 числа месяца, следующего за отчетным периодом",
        "kind": "recurring",
        "ranges": [["2025-10-15", "2025-10-15"], ["2025-11-15", "2025-11-15"], ["2025-12-15", "2025-12-15"]],
        "warnings": [],
        "recurrence": {"every": "month", "day": 15, "months": None},
        "occurrences": [["2025-10-15", "2025-10-15"], ["2025-11-15", "2025-11-15"], ["2025-12-15", "2025-12-15"]],
    }
    unread = process.msoko_json("deadline", "по графику ФЦТ")
    assert (unread["kind"], unread["recurrence"], unread["occurrences"]) == ("text", None, [])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--period", "2024-09-01"],
            "Ошибка: Не удалось прочитать период «2024-09-01»: ожидается ГГГГ-ММ-ДД:ГГГГ-ММ-ДД, "
            "например 2024-09-01:2025-08-31.",
        ),
        (
            ["--period", "2024-09-01:31-08-2025"],
            "Ошибка: Не удалось прочитать окончание периода (--period) «31-08-2025»: ожидается дата "
            "ДД.ММ.ГГГГ или ГГГГ-ММ-ДД, например 01.09.2024.",
        ),
        (
            ["--period", "2024-02-30:2025-08-31"],
            "Ошибка: Не удалось прочитать начало периода (--period) «2024-02-30»: ожидается дата "
            "ДД.ММ.ГГГГ или ГГГГ-ММ-ДД, например 01.09.2024.",
        ),
        (
            ["--period", "2025-09-01:2024-08-31"],
            "Ошибка: Период «2025-09-01:2024-08-31» задан неверно: начало позже окончания.",
        ),
        (
            ["--issued", "вчера"],
            "Ошибка: Не удалось прочитать дату приказа (--issued) «вчера»: ожидается дата ДД.ММ.ГГГГ или "
            "ГГГГ-ММ-ДД, например 01.09.2024.",
        ),
    ],
)
def test_malformed_options_are_one_error_line_and_exit_2(capsys, argv, message):
    code, out, err = msoko(capsys, "до 1 марта 2024", *argv)
    assert (code, out) == (2, "")
    assert err == message + "\n"


def test_register_adds_the_command():
    args = build_parser(["deadline"]).parse_args(
        ["deadline", "ежегодно", "--period", "2024-09-01:2025-08-31", "--issued", "2024-09-03"]
    )
    assert args.func is deadline_cmd.run
    assert (args.text, args.period, args.issued) == ("ежегодно", "2024-09-01:2025-08-31", "2024-09-03")


def test_run_raises_user_error_for_main_to_report():
    args = build_parser(["deadline"]).parse_args(["deadline", "x", "--period", "2024:2025"])
    with pytest.raises(UserError):
        deadline_cmd.run(args)
