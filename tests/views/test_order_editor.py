import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from desktop.demo import build_demo
from desktop.models.orders import OrdersRepository
from desktop.paths import safe_file_name
from desktop.services.database import open_database
from desktop.services.orders import blank_order, roadmap_order
from desktop.views.dialogs.order_editor import COL_NUMBER, COL_TEXT, OrderEditorDialog
from tests.views.helpers import press_keys, type_text

TODAY = date(2026, 11, 23)


@pytest.fixture
def demo(tmp_path):
    db = open_database(tmp_path / "demo.sqlite")
    build_demo(db, today=TODAY)
    yield db
    db.close()


def numbers_and_texts(editor) -> list[tuple[str, str]]:
    found = []

    def walk(parent):
        for i in range(parent.childCount()):
            child = parent.child(i)
            found.append((child.text(COL_NUMBER), child.text(COL_TEXT)))
            walk(child)

    walk(editor.clauses.invisibleRootItem())
    return found


def test_clauses_are_renumbered_as_they_are_added_and_moved(qtbot, demo):
    editor = OrderEditorDialog(roadmap_order(demo, 1, "", TODAY), demo)
    qtbot.addWidget(editor)
    assert [n for n, _ in numbers_and_texts(editor)] == ["1.", "2.", "3."]
    editor.clauses.setCurrentItem(editor.clauses.topLevelItem(0))
    editor.add_subclause()
    editor.clauses.currentItem().setText(COL_TEXT, "Опубликовать план на сайте управления")
    editor.clauses.setCurrentItem(editor.clauses.topLevelItem(1))
    editor.add_clause()
    editor.clauses.currentItem().setText(COL_TEXT, "Провести совещание с руководителями ОО")
    editor.move(-1)
    listed = numbers_and_texts(editor)
    assert [n for n, _ in listed] == ["1.", "1.1.", "2.", "3.", "4."]
    assert listed[1][1] == "Опубликовать план на сайте управления"
    assert listed[2][1] == "Провести совещание с руководителями ОО"
    editor.clauses.setCurrentItem(editor.clauses.topLevelItem(0))
    editor.delete_clause()
    assert [n for n, _ in numbers_and_texts(editor)] == ["1.", "2.", "3."]
    document = editor.edited_document()
    assert document.clauses[0].text == "Провести совещание с руководителями ОО"
    assert document.appendices and document.appendices[0].number == 1


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_a_blank_order_is_written_typed_and_saved_to_the_journal(qtbot, demo, tmp_path):
    editor = OrderEditorDialog(blank_order(demo, TODAY), demo)
    qtbot.addWidget(editor)
    type_text(editor.number, "128/1-О")
    editor.title.setPlainText("О проведении муниципальной контрольной работы по математике")
    editor.clauses.topLevelItem(0).setText(COL_TEXT, "Провести контрольную работу в 6 и 8 классах.")
    editor.clauses.setCurrentItem(editor.clauses.topLevelItem(0))
    editor.add_clause()
    editor.clauses.currentItem().setText(COL_TEXT, "Руководителям ОО обеспечить объективность проверки.")
    out = tmp_path / f"{safe_file_name('Приказ № 128/1-О')}.pdf"
    editor.save_as(".pdf", str(out))
    assert editor.saved_path == out and out.parent == tmp_path
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split())
    assert "№ 128/1-О" in text and "О проведении муниципальной контрольной работы по математике" in text
    assert text.index("1. Провести контрольную работу") < text.index("2. Руководителям ОО обеспечить")
    assert "3. Контроль за исполнением настоящего приказа оставляю за собой" in text
    assert [o.number for o in OrdersRepository(demo).list()][-1] == "128/1-О"


def test_safe_file_names_stay_in_the_folder():
    assert safe_file_name("Приказ № 128/1-О от 03.09.2024") == "Приказ № 128-1-О от 03.09.2024"
    assert safe_file_name("../../etc/passwd") == "-..-etc-passwd"
    assert safe_file_name('a<b>c:d"e|f?g*h\\i\n') == "a-b-c-d-e-f-g-h-i"
    assert safe_file_name(" ... ") == "документ"


def page_is_printed_on(picture) -> bool:
    """Some dark pixels (text) on a page picture, not a blank placeholder."""
    image = picture.toImage()
    step = max(1, image.width() // 60)
    return any(image.pixelColor(x, y).lightness() < 100
               for y in range(0, image.height(), step) for x in range(0, image.width(), step))


def test_the_preview_shows_the_pages_and_saves_the_order_into_the_journal(qtbot, demo, tmp_path):
    editor = OrderEditorDialog(roadmap_order(demo, 1, "", TODAY), demo)
    qtbot.addWidget(editor)
    type_text(editor.number, "57")
    preview = editor.preview()
    qtbot.waitUntil(lambda: preview.page_count > 0, timeout=20_000)
    assert preview.page_count >= 2  # the order and its appendix (the plan)
    assert preview.save_buttons[".xlsx"].text() == "Сохранить приложения в Excel…"  # the plan as a table
    assert preview.visible_pages()[0] == 0
    first = preview.page_picture(0)
    assert first.width() < first.height() and page_is_printed_on(first)  # portrait A4, printed
    width = first.width()
    preview.zoom_in.click()
    assert preview.page_picture(0).width() > width * 1.2
    out = tmp_path / "приказ-57.docx"
    with qtbot.waitSignal(preview.saved, timeout=20_000):
        preview.save(".docx", str(out))
    assert out.stat().st_size > 0 and editor.saved_path == out
    assert [(o.number, o.status) for o in OrdersRepository(demo).list()][-1] == ("57", "проект")
    temp = Path(preview._temp.name)
    preview.reject()
    assert not temp.exists()  # the preview's temporary PDF is gone


def test_a_preview_saved_without_a_number_says_so_and_writes_nothing(qtbot, demo, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from tests.views.helpers import when_dialog

    editor = OrderEditorDialog(blank_order(demo, TODAY), demo)
    qtbot.addWidget(editor)
    preview = editor.preview()
    qtbot.waitUntil(lambda: preview.page_count > 0, timeout=20_000)
    journal_before = len(OrdersRepository(demo).list())
    assert ".xlsx" not in preview.save_buttons  # no appendix table to put in a workbook
    messages: list[str] = []
    when_dialog(lambda box: (messages.append(box.text()), box.accept()), kind=QMessageBox)
    preview.save(".pdf", str(tmp_path / "без номера.pdf"))
    qtbot.waitUntil(lambda: bool(messages), timeout=20_000)
    assert messages == ["Укажите номер документа."]
    assert not (tmp_path / "без номера.pdf").exists()
    assert len(OrdersRepository(demo).list()) == journal_before
    preview.reject()


def test_the_journal_opens_an_orders_file_or_says_it_is_gone(qtbot, demo, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop.services.order_files import save_order
    from desktop.views.dialogs import orders_journal_dialog
    from desktop.views.dialogs.orders_journal_dialog import ORDER_ROLE, OrdersJournalDialog
    from tests.views.helpers import when_dialog

    out = tmp_path / "приказ-57.pdf"
    saved = save_order(demo, roadmap_order(demo, 1, "57", TODAY), out)
    opened = []
    monkeypatch.setattr(orders_journal_dialog.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = OrdersJournalDialog(demo, TODAY, saved.id)
    qtbot.addWidget(dialog)
    assert dialog.tree.currentItem().data(0, ORDER_ROLE) == saved.id and dialog.file_button.isEnabled()
    dialog.file_button.click()
    assert [url.toLocalFile() for url in opened] == [str(out)]
    out.unlink()
    messages: list[str] = []
    when_dialog(lambda box: (messages.append(box.text()), box.accept()), kind=QMessageBox)
    dialog.file_button.click()
    qtbot.waitUntil(lambda: bool(messages))
    assert len(opened) == 1 and messages[0].startswith(f"Файл приказа «{out}» не найден")


def test_documents_saved_from_the_preview_go_on_to_the_usb_stick(qtbot, demo, tmp_path):
    import hashlib

    editor = OrderEditorDialog(roadmap_order(demo, 1, "57", TODAY), demo)
    qtbot.addWidget(editor)
    preview = editor.preview()
    qtbot.waitUntil(lambda: preview.page_count > 0, timeout=20_000)
    assert not preview.usb_button.isEnabled()  # nothing saved yet
    saved = tmp_path / "saved"
    saved.mkdir()
    for suffix in (".pdf", ".docx"):
        with qtbot.waitSignal(preview.saved, timeout=20_000):
            preview.save(suffix, str(saved / f"приказ-57{suffix}"))
    assert preview.usb_button.isEnabled()
    usb = preview.to_usb()
    listed = [usb.files.item(i).text() for i in range(usb.files.count())]
    assert listed == [str(saved / "приказ-57.pdf"), str(saved / "приказ-57.docx")]
    stick = tmp_path / "stick"
    stick.mkdir()
    usb.set_target(str(stick))
    usb.accept()
    written = sorted(stick.glob("*/*"))
    assert [p.name for p in written] == ["приказ-57.docx", "приказ-57.pdf"]
    for copy in written:
        assert hashlib.sha256(copy.read_bytes()).digest() == hashlib.sha256((saved / copy.name).read_bytes()).digest()
    preview.reject()


def test_a_preview_saved_under_a_signed_orders_number_is_refused_before_writing(qtbot, demo, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from tests.views.helpers import when_dialog

    signed = next(o for o in OrdersRepository(demo).list() if o.status == "подписан")
    editor = OrderEditorDialog(roadmap_order(demo, 1, "", signed.date), demo)
    qtbot.addWidget(editor)
    type_text(editor.number, signed.number)
    preview = editor.preview()
    qtbot.waitUntil(lambda: preview.page_count > 0, timeout=20_000)
    messages: list[str] = []
    when_dialog(lambda box: (messages.append(box.text()), box.accept()), kind=QMessageBox)
    out = tmp_path / "приказ.pdf"
    preview.save(".pdf", str(out))
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert "уже есть приказ" in messages[0] and signed.title in messages[0]
    assert not out.exists()
    assert [o for o in OrdersRepository(demo).list() if o.id == signed.id] == [signed]
    preview.reject()


def test_printing_from_the_preview_prints_every_page(qtbot, demo, tmp_path):
    import pypdfium2
    from PySide6.QtCore import Qt
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from tests.views.helpers import when_dialog

    editor = OrderEditorDialog(roadmap_order(demo, 1, "57", TODAY), demo)
    qtbot.addWidget(editor)
    preview = editor.preview()
    qtbot.waitUntil(lambda: preview.page_count > 0, timeout=20_000)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a PDF printer: the pages can be counted
    printer.setOutputFileName(str(tmp_path / "напечатано.pdf"))
    assert preview.print_document(printer) == preview.page_count
    printed = pypdfium2.PdfDocument(str(tmp_path / "напечатано.pdf"))
    shown = pypdfium2.PdfDocument(str(Path(preview._temp.name) / "preview.pdf"))
    assert len(printed) == preview.page_count

    def ink(pdf):  # where the first page's print lies, in pixels at 50 dpi
        from PIL import ImageOps
        return ImageOps.invert(pdf[0].render(scale=50 / 72).to_pil().convert("L")).point(lambda v: 255 * (v > 96)).getbbox()
    assert all(abs(a - b) <= 2 for a, b in zip(ink(printed), ink(shown), strict=True))  # the document's margins kept
    printed.close()
    shown.close()
    assert "Отправлено на печать" in preview.status.text()

    seen: list[str] = []
    when_dialog(lambda dialog: (seen.append(type(dialog).__name__), dialog.reject()), kind=QPrintDialog)
    qtbot.keyClick(preview, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # Ctrl+P asks where to print
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    preview.reject()


def test_a_deadline_already_over_on_the_order_s_date_is_asked_about_before_saving(qtbot, demo, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from desktop.services.documents.model import Clause
    from tests.views.helpers import press, when_dialog

    document = roadmap_order(demo, 1, "57", TODAY)
    document.clauses.append(Clause("Представить программы повышения качества образования.", deadline="до 1 октября 2025 г."))
    editor = OrderEditorDialog(document, demo)
    qtbot.addWidget(editor)
    for answer, name in (("Исправить", "нет.docx"), ("Сохранить как есть", "да.docx")):
        asked: list[str] = []

        def reply(box, answer=answer, asked=asked):
            asked.append(box.text())
            press(box, answer)  # the buttons say what they do, not «Да»/«Нет»

        when_dialog(reply, kind=QMessageBox)
        editor.save_as(".docx", str(tmp_path / name))
        qtbot.waitUntil(lambda asked=asked: bool(asked), timeout=10_000)
        assert "до 1 октября 2025 г." in asked[0] and "23.11.2026" in asked[0]
    assert not (tmp_path / "нет.docx").exists() and (tmp_path / "да.docx").exists()


def _executor(db, name: str) -> None:
    from desktop.models.db import transaction

    with transaction(db):
        db.execute("UPDATE office SET executor_name = ?", [name])


def test_a_name_the_library_cannot_decline_is_left_as_written_and_shown_to_check(qtbot, demo):
    _executor(demo, "Ким Е. В.")  # the gender cannot be told: no accusative is guessed
    document = roadmap_order(demo, 1, "57", TODAY)
    assert any("Ким Е. В." in note and "падеж" in note for note in document.to_check)
    assert any(c.text.endswith("плана Ким Е. В.") for c in document.clauses)  # as written, one period
    editor = OrderEditorDialog(document, demo)
    qtbot.addWidget(editor)
    assert editor.to_check.isVisibleTo(editor) and "Ким Е. В." in editor.to_check.text()

    _executor(demo, "Е. В. Колесникова")
    sure = roadmap_order(demo, 1, "57", TODAY)
    assert sure.to_check == [] and any("Е. В. Колесникову" in c.text for c in sure.clauses)
    editor = OrderEditorDialog(sure, demo)
    qtbot.addWidget(editor)
    assert not hasattr(editor, "to_check")


def test_msoko_order_says_what_to_check(tmp_path, demo):
    from tests.cli.run import msoko

    _executor(demo, "Ким Е. В.")
    path = demo.path
    out = tmp_path / "приказ.docx"
    result = msoko("order", "roadmap", "1", "--number", "57", "--date", "23.11.2026", "--out", out, "--db", path)
    assert result.returncode == 0, result.stderr
    assert "Проверьте:" in result.stderr and "Ким Е. В." in result.stderr and out.exists()


def test_a_clause_is_edited_in_a_box_of_several_lines_enter_keeps_it_and_esc_does_not(qtbot, demo):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

    from desktop.views.dialogs.order_editor import COL_DEADLINE, COL_RESPONSIBLE

    editor = OrderEditorDialog(roadmap_order(demo, 1, "", TODAY), demo)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    tree = editor.clauses
    item = tree.topLevelItem(1)
    before = item.text(COL_TEXT)

    def open_editor(column):
        tree.setCurrentItem(item, column)
        press_keys(qtbot, tree, Qt.Key.Key_F2)  # as a user edits a cell: F2, or a double click
        box = QApplication.focusWidget()
        assert box is not None and box.parent() is tree.viewport()
        return box

    box = open_editor(COL_TEXT)
    assert isinstance(box, QPlainTextEdit)
    assert box.toPlainText() == before
    assert box.height() >= 4 * box.fontMetrics().lineSpacing()  # several lines, the text wrapped in them
    assert box.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth
    type_text(box, " в установленные сроки")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert item.text(COL_TEXT) == before + " в установленные сроки"
    assert "\n" not in item.text(COL_TEXT)

    box = open_editor(COL_TEXT)
    type_text(box, " лишнее")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert item.text(COL_TEXT) == before + " в установленные сроки"  # left as it was

    assert isinstance(open_editor(COL_RESPONSIBLE), QPlainTextEdit)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert isinstance(open_editor(COL_DEADLINE), QLineEdit)  # a deadline is short: one line
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert editor.edited_document().clauses[1].text == before + " в установленные сроки"
