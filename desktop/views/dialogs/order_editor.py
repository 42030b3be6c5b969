"""The order editor: a ready-made order (or a blank one) edited before printing — header, preamble,
clauses and sub-clauses added, moved and deleted with their numbers kept right — then saved as PDF
or DOCX and entered in the journal of orders."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.paths import safe_file_name
from desktop.services.documents.model import KINDS, Clause, OrderDocument
from desktop.services.wording import count_of
from desktop.views.actions import tab_action
from desktop.views.dialogs.buttons import confirm
from desktop.views.dialogs.document_preview import (
    DOCX_FILTER,
    PDF_FILTER,
    XLSX_FILTER,
    DocumentFormat,
    DocumentPreviewDialog,
)
from desktop.views.errors import show_user_error
from desktop.views.long_text_cells import LongTextCells
from desktop.views.settings import last_folder, remember_folder

COL_NUMBER, COL_TEXT, COL_DEADLINE, COL_RESPONSIBLE = range(4)
NO_NUMBER = "Укажите номер документа."


class OrderEditorDialog(QDialog):
    def __init__(self, document: OrderDocument, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.db = db
        self.saved_path: Path | None = None
        self.setWindowTitle(f"{document.kind.capitalize()} — редактирование перед печатью")
        self.resize(1000, 720)

        self.kind = QComboBox()
        self.kind.addItems(list(KINDS))
        self.kind.setCurrentText(document.kind)
        self.number = QLineEdit(document.number)
        self.number.setMaximumWidth(160)
        self.date = QDateEdit(QDate(document.date.year, document.date.month, document.date.day))
        self.date.setDisplayFormat("dd.MM.yyyy")
        self.date.setCalendarPopup(True)
        self.place = QLineEdit(document.place)
        self.place.setMaximumWidth(240)
        self.title = QPlainTextEdit(document.title)
        self.title.setFixedHeight(54)
        self.preamble = QPlainTextEdit(document.preamble)
        self.preamble.setFixedHeight(72)
        header = QHBoxLayout()
        for label, widget in (("Вид:", self.kind), ("№", self.number), ("от", self.date), ("Место:", self.place)):
            header.addWidget(QLabel(label))
            header.addWidget(widget)
        header.addStretch(1)
        form = QFormLayout()
        form.addRow(header)
        form.addRow("Заголовок:", self.title)
        form.addRow("Преамбула:", self.preamble)

        self.clauses = QTreeWidget()
        # a clause and its executors are edited in a box of several lines; a cut cell shows itself on hover
        self.clauses.setItemDelegate(LongTextCells(self.clauses, (COL_TEXT, COL_RESPONSIBLE)))
        self.clauses.setHeaderLabels(["№", "Текст пункта", "Срок", "Ответственные"])
        self.clauses.setColumnWidth(COL_NUMBER, 70)
        self.clauses.setColumnWidth(COL_TEXT, 520)
        self.clauses.setColumnWidth(COL_DEADLINE, 160)
        for clause in document.clauses:
            self._add_item(self.clauses.invisibleRootItem(), clause)
        self.clauses.expandAll()
        self.renumber()

        buttons = QHBoxLayout()
        for text, slot in (("Добавить пункт", self.add_clause), ("Добавить подпункт", self.add_subclause),
                           ("Выше", lambda: self.move(-1)), ("Ниже", lambda: self.move(1)),
                           ("Удалить пункт", self.delete_clause)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        appendices = ", ".join(f"№ {a.number} «{a.title or ''}» ({count_of(sum(len(t.rows) for t in a.tables), 'строка')})"
                               for a in document.appendices)
        footer = QHBoxLayout()
        appendix_label = QLabel(f"Приложения: {appendices}" if appendices else "Без приложений")
        appendix_label.setWordWrap(True)
        footer.addWidget(appendix_label, 1)
        preview = QPushButton("Просмотр…")
        preview.setToolTip("Страницы документа так, как они будут напечатаны (Ctrl+P)")
        preview.clicked.connect(self.preview)
        tab_action(self, "Просмотр", "Ctrl+P", self.preview)
        footer.addWidget(preview)
        for text, suffix in (("Сохранить PDF…", ".pdf"), ("Сохранить DOCX…", ".docx")):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, s=suffix: self.save_as(s))
            footer.addWidget(button)
        close = QPushButton("Закрыть")
        close.clicked.connect(self.reject)
        footer.addWidget(close)

        layout = QVBoxLayout(self)
        if document.to_check:  # what the grammar library could not decline: the user looks before printing
            self.to_check = QLabel("Проверьте перед печатью:\n" + "\n".join(f"• {n}" for n in document.to_check))
            self.to_check.setWordWrap(True)
            self.to_check.setStyleSheet("QLabel { background: #FCE8B2; padding: 6px; }")
            layout.addWidget(self.to_check)
        layout.addLayout(form)
        layout.addWidget(QLabel("Пункты (двойной щелчок или F2 — изменить, Enter — готово; номера расставляются сами):"))
        layout.addWidget(self.clauses, 1)
        layout.addLayout(buttons)
        layout.addLayout(footer)

    # --- clauses ---------------------------------------------------------------------------------
    def _add_item(self, parent: QTreeWidgetItem, clause: Clause, at: int | None = None) -> QTreeWidgetItem:
        item = QTreeWidgetItem(["", clause.text, clause.deadline or "", clause.responsible or ""])
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        parent.insertChild(parent.childCount() if at is None else at, item)
        for child in clause.children:
            self._add_item(item, child)
        return item

    def renumber(self) -> None:
        def walk(parent: QTreeWidgetItem, prefix: str) -> None:
            for index in range(parent.childCount()):
                child = parent.child(index)
                number = f"{prefix}{index + 1}."
                child.setText(COL_NUMBER, number)
                walk(child, number)

        walk(self.clauses.invisibleRootItem(), "")

    def _parent_of(self, item: QTreeWidgetItem) -> QTreeWidgetItem:
        return item.parent() or self.clauses.invisibleRootItem()

    def _insert(self, parent: QTreeWidgetItem, at: int | None) -> None:
        item = self._add_item(parent, Clause("Новый пункт"), at)
        parent.setExpanded(True)
        self.renumber()
        # The cell being edited is the current one: when the current cell moves on, Qt commits and
        # closes its editor (an editor left open elsewhere would refuse the next clause's editing).
        self.clauses.setCurrentItem(item, COL_TEXT)
        self.clauses.editItem(item, COL_TEXT)

    def add_clause(self) -> None:
        current = self.clauses.currentItem()
        if current is None:
            self._insert(self.clauses.invisibleRootItem(), None)
            return
        parent = self._parent_of(current)
        self._insert(parent, parent.indexOfChild(current) + 1)

    def add_subclause(self) -> None:
        current = self.clauses.currentItem()
        if current is not None:
            self._insert(current, None)

    def move(self, step: int) -> None:
        current = self.clauses.currentItem()
        if current is None:
            return
        parent = self._parent_of(current)
        at = parent.indexOfChild(current)
        if not 0 <= at + step < parent.childCount():
            return
        expanded = current.isExpanded()
        parent.takeChild(at)
        parent.insertChild(at + step, current)
        current.setExpanded(expanded)
        self.renumber()
        self.clauses.setCurrentItem(current)

    def delete_clause(self) -> None:
        current = self.clauses.currentItem()
        if current is not None:
            parent = self._parent_of(current)
            parent.takeChild(parent.indexOfChild(current))
            self.renumber()

    # --- the document ------------------------------------------------------------------------------
    def edited_document(self) -> OrderDocument:
        def clauses_of(parent: QTreeWidgetItem) -> list[Clause]:
            found = []
            for index in range(parent.childCount()):
                item = parent.child(index)
                found.append(Clause(item.text(COL_TEXT).strip(), item.text(COL_DEADLINE).strip() or None,
                                    item.text(COL_RESPONSIBLE).strip() or None, clauses_of(item)))
            return found

        chosen = self.date.date()
        kind = self.kind.currentText()
        return replace(
            self.document, kind=kind, number=self.number.text().strip(),
            date=date(chosen.year(), chosen.month(), chosen.day()), place=self.place.text().strip(),
            title=" ".join(self.title.toPlainText().split()), preamble=self.preamble.toPlainText().strip(),
            clauses=clauses_of(self.clauses.invisibleRootItem()),
            # the defaults follow the kind: «ПРИКАЗЫВАЮ:» and «…настоящего приказа…» or the распоряжение's
            operative_word=None if kind != self.document.kind else self.document.operative_word,
            control_clause=None if kind != self.document.kind else self.document.control_clause,
        )

    @staticmethod
    def file_stem(document: OrderDocument) -> str:
        return safe_file_name(f"{document.kind.capitalize()} № {document.number} от {document.date:%d.%m.%Y}")

    def save_as(self, suffix: str, path: str | None = None) -> None:
        from desktop.services.order_files import save_order

        document = self.edited_document()
        if not document.number:
            show_user_error(self, NO_NUMBER, "Сохранение документа")
            return
        if path is None:
            name = self.file_stem(document) + suffix
            path, _ = QFileDialog.getSaveFileName(self, "Сохранить документ", str(Path(last_folder("orders")) / name),
                                                  PDF_FILTER if suffix == ".pdf" else DOCX_FILTER)
            if not path:
                return
            remember_folder("orders", path)
        if not self.confirm_deadlines(document):
            return
        try:
            save_order(self.db, document, Path(path))
        except UserError as error:
            show_user_error(self, error, "Сохранение документа")
            return
        self.saved_path = Path(path)
        from desktop.views.recent_files import SAVED, remember_file

        remember_file(path, SAVED)  # offered by «Экспорт на флешку»

    def confirm_deadlines(self, document: OrderDocument) -> bool:
        """Ask before saving a document whose clauses set deadlines already over on its date."""
        from desktop.services.order_checks import deadline_warnings

        warnings = deadline_warnings(document)
        if not warnings:
            return True
        return confirm(self, "Сроки раньше даты документа",
                       "\n".join(warnings) + "\n\nИсправьте сроки в пунктах или дату документа, или сохраните как есть.",
                       "Сохранить как есть", "Исправить")

    def preview(self) -> DocumentPreviewDialog:
        """The order's pages as they will print; saving from there enters it in the journal too."""
        from desktop.services.documents.pdf import render_order_pdf
        from desktop.services.order_files import check_can_record, has_appendix_tables, record_order, render

        document = self.edited_document()

        def write(doc: OrderDocument, path: Path) -> None:
            if not doc.number:
                raise UserError(NO_NUMBER)
            render(doc, path)

        def journal_takes(doc: OrderDocument, path: Path) -> bool:
            check_can_record(self.db, doc, path)
            return self.confirm_deadlines(doc)

        def recorded(doc: OrderDocument, path: Path) -> None:
            if path.suffix.lower() != ".xlsx":  # the appendices' workbook is not the order itself
                record_order(self.db, doc, path)
                self.saved_path = path

        formats = [DocumentFormat("PDF", ".pdf", PDF_FILTER, write, journal_takes),
                   DocumentFormat("DOCX", ".docx", DOCX_FILTER, write, journal_takes)]
        if has_appendix_tables(document):
            formats.append(DocumentFormat("приложения в Excel", ".xlsx", XLSX_FILTER, write))
        dialog = DocumentPreviewDialog(document.document_title(), lambda: document, render_order_pdf, formats,
                                       self.file_stem(document), "orders", self)
        dialog.saved.connect(recorded)
        dialog.open()
        return dialog
