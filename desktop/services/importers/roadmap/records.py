"""Plain records a roadmap is read into, before anything touches the database.

A roadmap comes from a Word order (its plan table or its numbered clauses), from an Excel sheet or
from text pasted from Word or Excel. Every reader returns a `ParsedRoadmap`; the caller shows it in
a preview (with its `problems`), parses the deadline texts and saves it.

Texts are kept as written: a deadline is «до 8 сентября 2023 г.», not a date, and a number is
«128/1-О», not an integer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop.services.importers.problems import Problem


@dataclass
class ParsedOrder:
    """The order (приказ, распоряжение) a roadmap was approved by, as far as it could be read."""

    kind: str | None = None  # "ПРИКАЗ" | "РАСПОРЯЖЕНИЕ"
    number: str | None = None  # as written: «128/1-О», «679-од», «341», «116-26-528»
    date: date | None = None
    title: str | None = None  # «Об утверждении …» / «О …», one line, whitespace collapsed
    place: str | None = None  # «с. Левокумское»
    # its own text, to print it again as written: {"preamble", "operative_word", "clauses": [{"text",
    # "deadline", "responsible", "children"}]} (models/orders.py `OrderInfo.wording`); None if unread
    wording: dict | None = None

    @property
    def is_empty(self) -> bool:
        return not any((self.kind, self.number, self.date, self.title, self.place))


@dataclass
class ParsedMeasure:
    """One measure (мероприятие): a plan-table row or an order clause."""

    number: str | None
    text: str
    deadline_text: str = ""
    participants: str = ""
    responsible: str = ""
    note: str = ""
    # the table row (docx: row of its table; xlsx: sheet row; text: record number) or the paragraph
    # number of a clause; None when built by hand
    source_row: int | None = None
    # whom the order's clause addresses, as written («Руководителям ОО», «Управлению образования (Попова Л.С.,
    # …)»); a plan table has none. Not stored yet: the preview shows it.
    addressee: str = ""


@dataclass
class ParsedSection:
    """A section (раздел) of a roadmap; number and title are None for measures outside any section."""

    number: str | None
    title: str | None
    measures: list[ParsedMeasure] = field(default_factory=list)
    # the period a stage row gives its section, as written: «I. Этап подготовки | ноябрь 2012 – май 2013г.»
    period_text: str = ""


@dataclass
class ParsedRoadmap:
    title: str
    order: ParsedOrder
    sections: list[ParsedSection]
    problems: list[Problem]
    source: str  # "table" | "clauses"

    @property
    def measure_count(self) -> int:
        return sum(len(section.measures) for section in self.sections)

    @property
    def measures(self) -> list[ParsedMeasure]:
        """All measures in document order."""
        return [measure for section in self.sections for measure in section.measures]


@dataclass
class DocParagraph:
    """A paragraph of a document as the header and clause readers see it.

    `text` starts with the paragraph's automatic Word number when it has one («5.1. …»); `numbered`
    tells that the number came from Word numbering rather than from the typed text. `index` is the
    1-based position among the document's body paragraphs (used in problem locations).
    """

    text: str
    bold: bool = False
    numbered: bool = False
    index: int | None = None
