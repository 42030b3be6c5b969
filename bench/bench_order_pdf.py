"""Benchmark: an order with a 600-measure roadmap appendix rendered to PDF and to DOCX.

Each run is a fresh Python process, so the time includes importing reportlab (or python-docx) and
registering the fonts, as when the program exports its first document. Targets: PDF ≤ 1.0 s,
DOCX ≤ 2.0 s (median of 5, measured inside the child from before the imports to the saved file).

    python bench/bench_order_pdf.py [--runs 5] [--measures 600] [--keep DIR]
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()  # before any heavy import, for the child runs

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"pdf": 1.0, "docx": 1.0}  # issue 17

SECTIONS = [
    "Нормативно-правовое обеспечение",
    "Организационно-методическая работа",
    "Работа с педагогическими кадрами",
    "Подготовка к государственной итоговой аттестации",
    "Всероссийские проверочные работы",
    "Работа со школами с низкими образовательными результатами",
    "Информационное сопровождение и работа с родителями",
    "Контроль и анализ результатов",
]
ACTIONS = [
    "Проведение семинара для заместителей директоров по УВР",
    "Мониторинг результатов оценочных процедур",
    "Совещание с руководителями общеобразовательных организаций",
    "Анализ результатов ВПР по предметам",
    "Организация общественного наблюдения",
    "Тематическая проверка",
    "Консультации для учителей-предметников",
    "Подготовка аналитической справки",
]
TOPICS = [
    "по вопросам объективности оценивания",
    "с учётом выявленных предметных дефицитов обучающихся",
    "в школах с признаками необъективных результатов",
    "по итогам промежуточной аттестации",
    "",
]
TERMS = ["сентябрь 2026 г.", "октябрь–ноябрь 2026 г.", "в течение учебного года", "по графику ВПР",
         "до 25.12.2026", "март 2027 г."]
WHO = ["МКУ «ИМЦ»", "Управление образования", "Руководители ОО", "МКУ «ИМЦ», руководители ОО",
       "Петрова А. А., Сидоров В. В."]


def build_order(measures: int = 600):
    """An invented district order with a roadmap of `measures` rows in sections."""
    from datetime import date

    from desktop.services.documents.model import (
        Appendix,
        Clause,
        Executor,
        Letterhead,
        OrderDocument,
        Signature,
        Table,
        TableRow,
    )

    rows = []
    per_section = -(-measures // len(SECTIONS))
    n = 0
    for s, section in enumerate(SECTIONS, start=1):
        rows.append(TableRow.section(f"{s}. {section}"))
        for _ in range(per_section):
            if n == measures:
                break
            n += 1
            text = f"{ACTIONS[n % len(ACTIONS)]} {TOPICS[n % len(TOPICS)]}".strip()
            rows.append(TableRow([f"{s}.{n}.", text, TERMS[n % len(TERMS)], WHO[n % len(WHO)]]))
    table = Table(["№ п/п", "Мероприятие", "Срок", "Ответственные"], rows, [0.9, 4.2, 1.6, 2.1])
    return OrderDocument(
        letterhead=Letterhead(
            "Управление образования администрации Заречного муниципального округа",
            short_name_genitive="управления образования",
        ),
        date=date(2026, 9, 1),
        number="57",
        place="с. Заречное",
        title="Об утверждении дорожной карты по повышению качества образования на 2026-2027 учебный год",
        preamble="В целях повышения качества образования в общеобразовательных организациях округа",
        clauses=[
            Clause("Утвердить дорожную карту (приложение № 1)."),
            Clause(
                "Руководителям общеобразовательных организаций:",
                children=[Clause("Обеспечить выполнение дорожной карты.", deadline="в течение года")],
            ),
        ],
        signature=Signature("Начальник управления образования", "И. П. Смирнова"),
        executor=Executor("Кузнецова Ольга Викторовна", "8 (49200) 2-11-23"),
        appendices=[Appendix(1, "Дорожная карта", [table])],
    )


def child(kind: str, out: str, measures: int) -> None:
    sys.path.insert(0, str(ROOT))
    if kind == "pdf":
        from desktop.services.documents.pdf import render_order_pdf as render
    else:
        from desktop.services.documents.docx_writer import render_order_docx as render
    render(build_order(measures), out)
    print(json.dumps({"seconds": time.perf_counter() - _T0}))


def pages(path: Path) -> str:
    try:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return next((line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")), "?")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--measures", type=int, default=600)
    parser.add_argument("--keep", type=Path, help="folder to keep the last PDF and DOCX in")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.measures)
        return 0

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-order-"))
    folder.mkdir(parents=True, exist_ok=True)
    failed = False
    for kind in ("pdf", "docx"):
        out = folder / f"order-{args.measures}.{kind}"
        inner, wall = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            result = subprocess.run(
                [sys.executable, __file__, "--measures", str(args.measures), "--child", kind, str(out)],
                capture_output=True, text=True, check=True, cwd=ROOT,
            )
            wall.append(time.perf_counter() - start)
            inner.append(json.loads(result.stdout.splitlines()[-1])["seconds"])
        median = statistics.median(inner)
        ok = median <= TARGETS[kind]
        failed |= not ok
        extra = f", {pages(out)} pages" if kind == "pdf" else ""
        print(
            f"{kind.upper():4} {args.measures} measures{extra}: median {median:.3f} s "
            f"(import + render; runs {', '.join(f'{t:.3f}' for t in inner)}), "
            f"process wall median {statistics.median(wall):.3f} s; "
            f"target ≤ {TARGETS[kind]:.1f} s: {'ok' if ok else 'OVER'}"
        )
    if not args.keep:
        for file in folder.iterdir():
            file.unlink()
        folder.rmdir()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
