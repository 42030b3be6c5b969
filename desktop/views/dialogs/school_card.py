"""A school's card as a page to read: its particulars, its figures by year and subject in small tables,
the rules' flags year by year with their reasons, and the measures of the plans addressed to it with
their state (desktop.services.school_card). «Печать…» (Ctrl+P) shows it as it prints, to print or save
as PDF, DOCX or Excel; «Добавить в план…» addresses the school's flags in a plan."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from desktop.models.schools import SchoolsRepository
from desktop.services.documents.model import format_value
from desktop.services.documents.report_model import MARK_COLOURS, Heading, Paragraph, ReportDocument, ReportTable
from desktop.services.school_card import card_document, school_card
from desktop.views.actions import tab_action


def document_html(document: ReportDocument) -> str:
    """A report's headings, paragraphs and tables (their marks coloured as on paper) as HTML for the screen."""
    parts = [f"<h2>{html.escape(document.title)}</h2>"]
    if document.date_line:
        parts.append(f"<p style='color:#555'>{html.escape(document.date_line)}</p>")
    for block in document.blocks:
        if isinstance(block, Heading):
            parts.append(f"<h3>{html.escape(block.text)}</h3>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{html.escape(block.text)}</p>")
        elif isinstance(block, ReportTable):
            parts.append(_table_html(block))
    return "".join(parts)


def _table_html(table: ReportTable) -> str:
    head = "".join(f"<th>{html.escape(h).replace(chr(10), '<br>')}</th>" for h in table.header)
    rows = []
    for row in table.rows:
        cells = []
        for column, (value, fmt) in enumerate(zip(table.padded_cells(row), table.formats, strict=True)):
            colour = MARK_COLOURS.get(row.marks.get(column, ""))
            style = f" style='background:#{colour}'" if colour else ""
            align = "" if fmt == "text" else " align='right'"
            cells.append(f"<td{style}{align}>{html.escape(format_value(value, fmt))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    caption = f"<p><b>{html.escape(table.caption)}</b></p>" if table.caption else ""
    return (f"{caption}<table border='1' cellspacing='0' cellpadding='3' style='border-color:#999'>"
            f"<tr style='background:#eee'>{head}</tr>{''.join(rows)}</table>")


class SchoolCardDialog(QDialog):
    plans_changed = Signal(int)  # a plan got measures from «Добавить в план…»: its id

    def __init__(self, db, school_id: int, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.db, self.today = db, today or date.today()
        self.school = SchoolsRepository(db).get(school_id)
        self.setWindowTitle(f"Карточка школы — {self.school.short_name}")
        self.resize(900, 720)
        self.page = QTextBrowser()
        self.page.setOpenLinks(False)
        self.add_button = QPushButton("Добавить в план…")
        self.add_button.setToolTip("Мероприятия плана для признаков школы: ответственные и срок — в окне")
        self.add_button.clicked.connect(lambda: self.add_to_plan())
        self.print_button = QPushButton("Печать…")
        self.print_button.setToolTip("Карточка, как она будет напечатана: печать, PDF, DOCX, Excel (Ctrl+P)")
        self.print_button.clicked.connect(lambda: self.print_card())
        tab_action(self, "Печать карточки…", QKeySequence.StandardKey.Print, self.print_card)
        close = QPushButton("Закрыть")
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        row.addWidget(self.print_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addLayout(row)
        self.preview = None
        self.reload()

    def reload(self) -> None:
        from desktop.models.office import load_office

        self.card = school_card(self.db, self.school, self.today)
        self.document = card_document(self.card, load_office(self.db).full_name)
        self.page.setHtml(document_html(self.document))
        self.flag_year = max((year for year, flags in self.card.flags.items() if flags), default=None)
        self.add_button.setEnabled(self.flag_year is not None)

    def print_card(self):
        """The card as it prints (Ctrl+P): the preview prints it and saves it as PDF, DOCX or Excel."""
        from desktop.services.documents.report_pdf import render_report_pdf
        from desktop.views.dialogs.document_preview import DocumentPreviewDialog, report_formats

        document = self.document
        self.preview = DocumentPreviewDialog(f"карточка школы {self.school.short_name}", lambda: document,
                                             render_report_pdf, report_formats(),
                                             f"Карточка {self.school.short_name}", "results", self)
        self.preview.open()
        return self.preview

    def add_to_plan(self) -> None:
        """The school's flags of the latest year it has any, as measures of a plan chosen in the dialog."""
        from desktop.views.dialogs.targeted_dialog import TargetedDialog

        if self.flag_year is None:
            return
        dialog = TargetedDialog(self.db, self.flag_year, {self.school.id}, self)
        if dialog.exec() and dialog.result is not None:
            self.reload()
            self.plans_changed.emit(dialog.plan.currentData())
