"""The office (МОУО): the letterhead and the people every document names."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from desktop.models.db import Database, transaction


@dataclass
class Office:
    full_name: str = ""
    short_name: str = ""
    address_line: str = ""
    place: str = ""
    head_position: str = ""
    head_name: str = ""
    executor_name: str = ""
    executor_phone: str = ""
    # the office as the sentences of an order need it; empty: suggested from the name (services.wording)
    genitive_name: str = ""  # «к приказу управления образования …»
    dative_name: str = ""  # «представлять управлению образования сведения …»

    @property
    def display_name(self) -> str:
        return self.short_name or self.full_name or "организация не указана"


OFFICE_FIELDS = [f.name for f in fields(Office)]

# Labels shared by the window's dialog and the command line.
OFFICE_LABELS = {
    "full_name": "Полное наименование (бланк)",
    "short_name": "Краткое наименование",
    "address_line": "Адрес, телефон, e-mail",
    "place": "Место издания (с. / г.)",
    "head_position": "Должность руководителя",
    "head_name": "Руководитель (И. О. Фамилия)",
    "executor_name": "Исполнитель",
    "executor_phone": "Телефон исполнителя",
    "genitive_name": "Наименование в родительном падеже («к приказу …»)",
    "dative_name": "Наименование в дательном падеже («представлять …»)",
}


def load_office(db: Database) -> Office:
    row = db.execute(f"SELECT {', '.join(OFFICE_FIELDS)} FROM office WHERE id = 1").fetchone()
    return Office(*row) if row else Office()


def save_office(db: Database, office: Office) -> None:
    values = {k: (v or "").strip() for k, v in asdict(office).items()}
    with transaction(db):
        db.execute(
            f"UPDATE office SET {', '.join(f'{k} = :{k}' for k in values)} WHERE id = 1", values
        )
