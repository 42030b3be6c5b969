"""An imported order printed again in its own words: its preamble, operative word and clauses as
written, the plan as it is now; a clause that became a measure as edited since."""

from datetime import date

import pytest

from desktop.models.db import transaction
from desktop.services.database import open_database
from desktop.services.documents.model import clause_text, deadline_text
from desktop.services.importers.roadmap.word_order import read_roadmap_docx
from desktop.services.orders import roadmap_order
from desktop.services.roadmap_import import apply_roadmap_import, plan_roadmap_import
from tests.builders.docx_orders import build_order_docx, zarechny_clause_order_items, zarechny_table_order_items

DAY = date(2026, 12, 3)


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "wording.sqlite")
    yield database
    database.close()


def imported(db, tmp_path, items, name: str) -> int:
    path = build_order_docx(tmp_path / name, items)
    return apply_roadmap_import(db, plan_roadmap_import(path))


def test_the_clauses_of_an_order_are_read_whole_with_their_tree_and_the_control_clause(tmp_path):
    parsed = read_roadmap_docx(build_order_docx(tmp_path / "приказ.docx", zarechny_clause_order_items()))
    wording = parsed.order.wording
    assert wording["operative_word"] == "ПРИКАЗЫВАЮ:"
    assert wording["preamble"] == ("В целях качественной подготовки выпускников Заречного муниципального округа "
                                   "к государственной итоговой аттестации в 2024 году")
    tops = [c["text"] for c in wording["clauses"]]
    assert tops[1] == "Рекомендовать руководителям ОО:" and tops[2].startswith("Управлению образования (Кравцова")
    assert tops[-1] == "Контроль за исполнением настоящего приказа оставляю за собой."
    inner = wording["clauses"][3]["children"][0]  # a list inside a clause stays its text
    assert inner["text"].splitlines()[1:] == ["1. Анализ результатов ВПР;", "2. Диссеминацию лучших практик;",
                                             "- адресные консультации учителей."]
    assert inner["deadline"] == "постоянно"
    assert wording["clauses"][1]["children"][2]["text"].endswith("(апрель 2024)")  # brackets kept


def test_a_distribution_order_is_printed_again_as_itself_with_its_plan_as_the_appendix(db, tmp_path):
    roadmap_id = imported(db, tmp_path, zarechny_table_order_items(), "распоряжение.docx")
    document = roadmap_order(db, roadmap_id, "60-р", DAY)
    assert document.kind == "РАСПОРЯЖЕНИЕ" and document.operative_word == ""
    assert document.preamble.startswith("В целях повышения качества образования в общеобразовательных организациях "
                                         "Заречного муниципального округа и реализации муниципальной программы")
    assert [c.text for c in document.clauses] == [
        "Утвердить дорожную карту по повышению качества образования (приложение).",
        "Контроль за исполнением настоящего распоряжения оставляю за собой."]
    assert document.control_text() is None  # its own, not a second one
    words = " ".join([document.preamble, *(c.text for c in document.clauses)])
    assert "ежеквартально" not in words and "В целях повышения качества образования и обеспечения" not in words
    assert document.appendices and len(document.appendices[0].tables[0].rows) > 5


def test_an_imported_distribution_order_printed_again_says_распоряжение_and_never_приказ(db, tmp_path):
    import pypdfium2
    from docx import Document

    from desktop.services.order_files import render

    document = roadmap_order(db, imported(db, tmp_path, zarechny_table_order_items(), "распоряжение.docx"), "60-р", DAY)
    render(document, tmp_path / "снова.pdf")
    render(document, tmp_path / "снова.docx")
    pdf = pypdfium2.PdfDocument(str(tmp_path / "снова.pdf"))
    pdf_text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()
    word = Document(str(tmp_path / "снова.docx"))
    docx_text = "\n".join([*(p.text for p in word.paragraphs),
                           *(cell.text for table in word.tables for row in table.rows for cell in row.cells),
                           *(p.text for section in word.sections for p in section.header.paragraphs),
                           word.core_properties.title])
    for text in (pdf_text, docx_text):
        assert "РАСПОРЯЖЕНИЕ" in text
        assert "к распоряжению" in text and "настоящего распоряжения" in text
        assert "приказ" not in text.casefold()  # ПРИКАЗ, ПРИКАЗЫВАЮ, «к приказу», «настоящего приказа»


def test_a_clause_order_is_printed_as_written_until_a_measure_is_edited(db, tmp_path):
    roadmap_id = imported(db, tmp_path, zarechny_clause_order_items(), "приказ.docx")
    document = roadmap_order(db, roadmap_id, "17", DAY)
    assert document.kind == "ПРИКАЗ" and document.appendices == []
    first = document.clauses[1].children[0]
    assert clause_text("2.1.", first) == "2.1. провести анализ результатов ГИА-2023, срок – до 20.09.2023;"
    assert deadline_text(document.clauses[2].children[2]) == "Срок: до 8 июня 2024 г."

    with transaction(db):
        db.execute("UPDATE measures SET text = 'провести анализ результатов ГИА-2024' "
                   "WHERE roadmap_id = ? AND text LIKE 'провести анализ результатов ГИА-2023%'", [roadmap_id])
    edited = roadmap_order(db, roadmap_id, "17", DAY).clauses[1].children[0]
    assert edited.text == "провести анализ результатов ГИА-2024" and edited.deadline  # the measure now


def test_a_clauses_addressee_is_stored_with_its_measures_and_exported(db, tmp_path):
    import json

    from desktop.services.roadmap_export import roadmap_json

    roadmap_id = imported(db, tmp_path, zarechny_clause_order_items(), "приказ.docx")
    stored = dict(db.execute("SELECT text, addressee FROM measures WHERE roadmap_id = ?", [roadmap_id]).fetchall())
    analysis = next(t for t in stored if t.startswith("провести анализ результатов ГИА-2023"))
    assert stored[analysis] and "уководителям ОО" in stored[analysis]  # «Рекомендовать руководителям ОО:» above it
    exported = json.loads(json.dumps(roadmap_json(db, roadmap_id), ensure_ascii=False, default=str))
    measures = [m for s in exported["sections"] for m in s["measures"]]
    assert any(m["addressee"] and "уководителям ОО" in m["addressee"] for m in measures)
