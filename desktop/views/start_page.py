"""«Сегодня», the first tab: what is overdue and due this week in every plan and order (a click opens the
measure in «Дорожная карта»), the schools with flags the last import brought, the last loads and
backups, and the first steps of a new office until they are done. Its data is
`desktop.services.attention.today` (also `msoko today`).

Cheap on purpose, for it is what the window paints first: labels with links, no item views; the flags,
which read every result of the last years, are computed off the UI thread after the first paint.
"""

from __future__ import annotations

import html
import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.errors import UserError
from desktop.services import attention
from desktop.services.wording import plural
from desktop.views.actions import tab_action

log = logging.getLogger("msoko.today")
FLAGS_DELAY_MS = 300
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
          "ноября", "декабря")
WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
SHOWN = 12  # entries a list shows; the rest are behind «все …»


def _section(title: str) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                  | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)  # Tab, then Enter
    label.setProperty("title", title)
    return label


def _escape(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return html.escape(text if len(text) <= limit else text[: limit - 1] + "…")


class StartPage(QScrollArea):
    open_measure = Signal(int, int)  # roadmap id, measure id
    open_school = Signal(int)
    step_requested = Signal(str)  # a key of attention.STEPS
    overdue_requested = Signal()  # «все просроченные»: the window of every overdue entry

    def __init__(self, db, db_path: Path, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.db_path = Path(db_path)
        self._today = today
        self.view: attention.Today | None = None
        self.flags: attention.NewFlags | None = None
        self._shown_before = False
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold")
        self.steps = _section("Первые шаги")
        self.steps.setStyleSheet("background: #fff8dc; border: 1px solid #e0c060; padding: 8px")
        self.overdue = _section("Просрочено")
        self.due_week = _section("Срок на этой неделе")
        self.new_flags = _section("Новые признаки")
        self.loads = _section("Последние загрузки")
        self.backups = _section("Резервные копии")
        for label in (self.steps, self.overdue, self.due_week, self.new_flags, self.loads, self.backups):
            label.linkActivated.connect(self._link)

        content = QWidget()
        content.setMaximumWidth(1500)  # lines a reader can follow on a wide screen
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.steps)
        columns = QHBoxLayout()
        columns.setSpacing(32)
        for stretch, labels in ((3, (self.overdue, self.due_week)), (2, (self.new_flags, self.loads, self.backups))):
            column = QVBoxLayout()
            column.setSpacing(12)
            for label in labels:
                column.addWidget(label)
            column.addStretch(1)
            columns.addLayout(column, stretch)
        layout.addLayout(columns)
        layout.addStretch(1)
        self.setWidget(content)
        tab_action(self, "Печать…", QKeySequence.StandardKey.Print, self.print_list)
        self.refresh()
        # After the first paint: a worker started now would compete with building the window.
        QTimer.singleShot(FLAGS_DELAY_MS, self.refresh_flags)

    @property
    def on(self) -> date:
        return self._today or date.today()

    # --- data ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Everything but the flags (a few queries): done again whenever the page is shown."""
        self.view = attention.today(self.db, self.db_path, self.on, with_flags=False)
        self._show()

    def refresh_flags(self) -> None:
        """The flags of the latest year, off the UI thread; what they were before the last import is
        noted here (the window holds the database's lock)."""
        from desktop.services.database import open_database
        from desktop.views.jobs import run_task

        db_path = self.db_path

        def work():
            db = open_database(db_path, create=False)  # the worker thread needs its own connection
            try:
                computed = attention.current_flags(db)
                flags = attention.new_flags(db, computed)
                try:
                    attention.note_flags(db, computed)
                except UserError as error:  # the page works without it; the next import is told against older flags
                    log.warning("flags not noted: %s", error)
                return flags
            finally:
                db.close()

        def done(flags: attention.NewFlags) -> None:
            self.flags = flags
            self._show()

        run_task(work, done, lambda error: log.warning("flags not computed: %s", error), owner=self)

    def showEvent(self, event: QShowEvent) -> None:
        # Shown again (back from another tab): what was done there shows here. The first show is the
        # window's: the page was filled a moment ago.
        if self._shown_before and not event.spontaneous():
            self.refresh()
        self._shown_before = True
        super().showEvent(event)

    def print_list(self):
        """Ctrl+P: what the page lists, overdue and due this week in every plan, in the document preview."""
        from desktop.views.dialogs.overdue_dialog import preview_urgent

        return preview_urgent(self, self.db_path, self.on, soon=True, days=attention.WEEK_DAYS)

    # --- drawing -------------------------------------------------------------------------------
    def _show(self) -> None:
        view = self.view
        on = view.on
        self.heading.setText(f"Сегодня {on.day} {MONTHS[on.month - 1]} {on.year}, {WEEKDAYS[on.weekday()]}")
        self.steps.setVisible(bool(view.steps))
        self.steps.setText(self._steps_html(view.steps))
        self.overdue.setText(self._entries_html(
            "Просрочено", view.overdue, "Просроченных мероприятий и поручений нет.", "#b00020"))
        self.due_week.setText(self._entries_html(
            f"Срок в ближайшие {attention.WEEK_DAYS} дней", view.due_week, "На этой неделе сроков нет.", "#8a5a00"))
        self.new_flags.setText(self._flags_html())
        self.loads.setText(self._list_html("Последние загрузки", [
            f"{load.when:%d.%m.%Y %H:%M} — {_escape(load.what, 90)}" if load.when else _escape(load.what, 90)
            for load in view.loads], "Файлы ещё не загружались."))
        self.backups.setText(self._list_html("Резервные копии", [
            f"{b.created:%d.%m.%Y %H:%M} — {html.escape(b.path.name)}" for b in view.backups],
            "Резервных копий нет: «Файл → Создать резервную копию» (Ctrl+Shift+B)."))

    @staticmethod
    def _steps_html(steps: list[str]) -> str:
        rows = "".join(f'<li><a href="step:{key}"><b>{attention.STEPS[key][0]}</b></a> — {attention.STEPS[key][1]}</li>'
                       for key in steps)
        return (f"<b>Первые шаги</b><ul style='margin-top:4px'>{rows}</ul>"
                "Файлы можно и перетащить на окно из Проводника: приказ Word, книги Excel с результатами "
                "или списком школ.")

    def _entries_html(self, title: str, entries: list, empty: str, colour: str) -> str:
        if not entries:
            return f"<h3>{title}</h3><p>{empty}</p>"
        rows = []
        for entry in entries[:SHOWN]:
            due = f"{entry.due:%d.%m.%Y}" if entry.due else "без даты"
            late = f", {plural(entry.overdue_days, 'день', 'дня', 'дней')} назад" if entry.overdue_days else ""
            rows.append(
                f'<p style="margin:0 0 6px 0"><a href="measure:{entry.roadmap_id}:{entry.measure_id}">'
                f"{html.escape(entry.number)} {_escape(entry.text)}</a><br>"
                f'<span style="color:{colour}">срок {due}{late}</span>'
                f'<span style="color:#555"> · {_escape(entry.plan, 90)}</span></p>')
        more = (f'<p><a href="overdue">все ({len(entries)}) в одном списке…</a></p>' if len(entries) > SHOWN else "")
        return f"<h3>{title} ({len(entries)})</h3>{''.join(rows)}{more}"

    def _flags_html(self) -> str:
        flags = self.flags
        if flags is None:
            return "<h3>Признаки школ</h3><p style='color:#555'>Считаются…</p>"
        if flags.year is None:
            return "<h3>Признаки школ</h3><p>Результатов ещё нет.</p>"
        title = "Школы с новыми признаками" if flags.known else "Школы с признаками"
        if not flags.schools:
            return f"<h3>{title}, {flags.year}</h3><p>После последней загрузки новых признаков нет.</p>"
        rows = [f'<p style="margin:0 0 6px 0"><a href="school:{school_id}">{html.escape(name)}</a><br>'
                f'<span style="color:#555">{_escape("; ".join(r.rstrip(".") for r in reasons), 200)}</span></p>'
                for school_id, name, reasons in flags.schools[:SHOWN]]
        note = "" if flags.known else "<p style='color:#555'>Какие признаки были до последней загрузки, не записано.</p>"
        return f"<h3>{title}, {flags.year} ({len(flags.schools)})</h3>{note}{''.join(rows)}"

    @staticmethod
    def _list_html(title: str, rows: list[str], empty: str) -> str:
        body = "<br>".join(rows) if rows else empty
        return f"<h3>{title}</h3><p>{body}</p>"

    def _link(self, link: str) -> None:
        kind, _, rest = link.partition(":")
        if kind == "measure":
            roadmap_id, measure_id = rest.split(":")
            self.open_measure.emit(int(roadmap_id), int(measure_id))
        elif kind == "school":
            self.open_school.emit(int(rest))
        elif kind == "step":
            self.step_requested.emit(rest)
        elif kind == "overdue":
            self.overdue_requested.emit()
