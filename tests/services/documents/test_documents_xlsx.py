"""Tables to XLSX: text stays text (never a formula), sections merge, printing is set up."""

from __future__ import annotations

import openpyxl
import pytest

from desktop.services.documents.model import Table, TableRow
from desktop.services.documents.xlsx_writer import (
    FLOAT_FORMAT,
    INT_FORMAT,
    sanitize_sheet_title,
    write_table_xlsx,
)

DANGEROUS = ["=1+1", "=HYPERLINK(\"http://example.com\",\"x\")", "+7 (900) 000-00-00", "-5 дней", "@SUM(A1)"]


def plan() -> Table:
    return Table(
        ["№", "Мероприятие", "Участники", "Доля, %"],
        [
            TableRow.section("1. Организационные мероприятия"),
            TableRow(["1.", "Совещание с руководителями ОО", 25, 87.5]),
            TableRow(["2.", DANGEROUS[0], DANGEROUS[1], None]),
            TableRow.section("2. Контроль"),
            TableRow(["3.", DANGEROUS[2], DANGEROUS[3], DANGEROUS[4]]),
            TableRow(["4.", "Короткая строка"]),  # shorter than the header: padded
        ],
        [0.5, 4, 2, 1],
    )


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "план.xlsx"
    write_table_xlsx(path, [("План: 2026/2027", plan()), ("План: 2026/2027", plan())], title="Дорожная карта")
    return openpyxl.load_workbook(path)


def test_formula_like_text_stays_text(workbook):
    ws = workbook.worksheets[0]
    values = {}
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                values[cell.value] = cell
    assert sorted(values) == sorted(DANGEROUS)
    for text, cell in values.items():
        assert cell.data_type == "s", text
        assert cell.quotePrefix, text


def test_numbers_are_numbers_with_formats(workbook):
    ws = workbook.worksheets[0]
    row = next(r for r in ws.iter_rows() if r[0].value == "1.")
    assert row[2].value == 25 and row[2].data_type == "n" and row[2].number_format == INT_FORMAT
    assert row[3].value == 87.5 and row[3].number_format == FLOAT_FORMAT


def test_layout_title_header_sections_and_printing(workbook):
    ws = workbook.worksheets[0]
    assert ws["A1"].value == "Дорожная карта"
    header_row = 3
    assert [c.value for c in ws[header_row]] == ["№", "Мероприятие", "Участники", "Доля, %"]
    assert all(c.font.bold and c.alignment.wrap_text and c.border.left.style == "thin" for c in ws[header_row])
    assert ws[header_row][0].fill.fgColor.rgb.endswith("D9D9D9")

    merged = {str(r) for r in ws.merged_cells.ranges}
    assert merged == {"A1:D1", "A4:D4", "A7:D7"}
    assert ws["A4"].value == "1. Организационные мероприятия" and ws["A4"].font.bold
    assert ws["A7"].value == "2. Контроль"

    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.orientation == "portrait"
    widths = [ws.column_dimensions[c].width for c in "ABCD"]
    assert widths[1] > widths[2] > widths[3] and widths[1] == pytest.approx(4 * widths[3], rel=0.05)


def test_many_columns_print_landscape_without_title(tmp_path):
    path = tmp_path / "wide.xlsx"
    table = Table([f"Графа {i}" for i in range(8)], [TableRow(list(range(8)))])
    write_table_xlsx(path, [("Широкая", table)])
    ws = openpyxl.load_workbook(path).active
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$1:$1" and ws.freeze_panes == "A2"
    assert [c.value for c in ws[2]] == list(range(8))


def test_sheet_names_are_sanitised_and_unique(workbook):
    assert workbook.sheetnames == ["План_ 2026_2027", "План_ 2026_2027 (2)"]
    assert sanitize_sheet_title("a[b]:c*d?e/f\\g") == "a_b__c_d_e_f_g"
    long = sanitize_sheet_title("Я" * 40)
    assert len(long) == 31
    assert len(sanitize_sheet_title("Я" * 40, {long})) == 31
    assert sanitize_sheet_title("'цитата'") == "цитата"
    assert sanitize_sheet_title("  ") == "Лист"
    assert sanitize_sheet_title("history").lower() != "history"


def test_control_characters_do_not_break_the_file(tmp_path):
    path = tmp_path / "ctrl.xlsx"
    write_table_xlsx(path, [("Лист", Table(["Текст"], [TableRow(["из Word\x0bвторая строка\x07"])]))])
    assert openpyxl.load_workbook(path).active["A2"].value == "из Word\nвторая строка"


def test_no_tables_is_an_error(tmp_path):
    with pytest.raises(ValueError):
        write_table_xlsx(tmp_path / "empty.xlsx", [])
    assert not list(tmp_path.iterdir())
