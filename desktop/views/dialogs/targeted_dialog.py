"""«Добавить в план…»: measures for the schools the rules flag, in a plan chosen here, with their
responsible and deadline (desktop.services.targeted_measures)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.errors import UserError
from desktop.models.roadmaps import RoadmapsRepository
from desktop.services import targeted_measures
from desktop.services.orders import FLAG_NAMES
from desktop.services.wording import count_of
from desktop.views.dialogs.buttons import dialog_buttons
from desktop.views.errors import show_user_error


class TargetedDialog(QDialog):
    """`school_ids`: only these schools (the card's one); None: every school flagged in `year`.
    `result` holds what was added once the dialog is accepted."""

    def __init__(self, db, year: int, school_ids: set[int] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Добавить в план")
        self.db, self.year, self.school_ids = db, year, school_ids
        self.result: targeted_measures.Targeted | None = None
        self.plan = QComboBox()
        for roadmap in RoadmapsRepository(db).list(include_archived=False):
            self.plan.addItem(roadmap.title, roadmap.id)
        self.plan.setMinimumContentsLength(50)
        self.flag = QComboBox()
        self.flag.addItem("Оба признака", None)
        for key, name in FLAG_NAMES.items():
            self.flag.addItem(name.capitalize(), key)
        self.deadline = QLineEdit()
        self.deadline.setPlaceholderText("например: до 1 марта 2027 г.")
        self.responsible = QLineEdit()
        self.responsible.setPlaceholderText("например: методический отдел, руководители ОО")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        for widget in (self.plan, self.flag):
            widget.currentIndexChanged.connect(lambda _: self._count())
        form = QFormLayout()
        form.addRow("План:", self.plan)
        form.addRow("Признак:", self.flag)
        form.addRow("Срок:", self.deadline)
        form.addRow("Ответственные:", self.responsible)
        self.buttons = dialog_buttons(self, "Добавить")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Раздел «{targeted_measures.SECTION_TITLE}»: по мероприятию на каждую школу и "
                                f"признак {year} года; основание признака — в примечании."))
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._count()

    def _count(self) -> None:
        roadmap_id = self.plan.currentData()
        pairs = targeted_measures.flagged(self.db, self.year, self.flag.currentData(), self.school_ids)
        done = RoadmapsRepository(self.db).addressed(roadmap_id) if roadmap_id is not None else set()
        new = sum(pair not in done for pair in pairs)
        if roadmap_id is None:
            text = "Планов в работе нет: загрузите план во вкладке «Дорожная карта»."
        elif not pairs:
            text = f"Школ с этим признаком в {self.year} году нет."
        else:
            text = f"Будет добавлено: {count_of(new, 'мероприятие')}."
            if len(pairs) - new:
                text += f" Уже в плане: {len(pairs) - new}."
        self.summary.setText(text)
        self.buttons.button(self.buttons.StandardButton.Ok).setEnabled(roadmap_id is not None and new > 0)

    def accept(self) -> None:
        try:
            self.result = targeted_measures.add_targeted(
                self.db, self.plan.currentData(), self.year, flag=self.flag.currentData(),
                deadline=self.deadline.text().strip(), responsible=self.responsible.text().strip(),
                school_ids=self.school_ids)
        except UserError as error:
            show_user_error(self, error, "Добавить в план")
            return
        super().accept()
