"""«Признаки по годам» beside the flags of the year in the Results tab: a school × year table of every
flag with its rule, «второй год подряд» marked, and the years a school left a list. A click on a flag
shows its explanation with the numbers under the table."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from desktop.services.flags_history import flags_history
from desktop.services.orders import FLAG_SHORT
from desktop.services.results_report import RULE_NAMES

YEARS_SHOWN = 5  # the year chosen and the four before it
HINT = "Щёлкните признак, чтобы увидеть его основание."


class FlagsHistoryView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTextBrowser()
        self.table.setOpenLinks(False)
        self.table.anchorClicked.connect(lambda url: self.explain(url.fragment()))
        self.detail = QLabel(HINT)
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        self.shown_years: list[int] = []
        self.explanations: list[str] = []
        self.history = None

    def show_years(self, db, last: int, count: int = YEARS_SHOWN) -> None:
        history = self.history = flags_history(db, last - count + 1, last)
        self.shown_years, self.explanations = history.years, []
        self.detail.setText(HINT)
        title = f"<h4>Признаки по годам ({history.years[0]}–{last})</h4>"
        if not history.schools:
            self.table.setHtml(title + "<p>Признаков нет.</p>")
            return
        head = "".join(f"<th>{y}</th>" for y in history.years)
        body = []
        for school in history.schools:
            cells = []
            for year in history.years:
                items = []
                for flag in school.flags.get(year, []):
                    self.explanations.append(f"<b>{html.escape(school.name)}</b>, {year}: {html.escape(flag.explanation)}")
                    text = html.escape(f"{FLAG_SHORT.get(flag.flag, flag.flag)}: {RULE_NAMES.get(flag.rule, flag.rule)}")
                    link = f'<a href="#{len(self.explanations) - 1}">{text}</a>'
                    if flag.second_year:
                        running = "второй год подряд" if flag.running == 2 else f"{flag.running}-й год подряд"
                        link = f"<b>{link} ({running})</b>"
                    items.append(link)
                items += [f"<i>вышла из списка: {html.escape(FLAG_SHORT.get(kind, kind))}</i>"
                          for kind in school.left.get(year, [])]
                cells.append(f"<td>{'<br>'.join(items)}</td>")
            body.append(f"<tr><td>{html.escape(school.name)}</td>{''.join(cells)}</tr>")
        self.table.setHtml(title + f'<table border="1" cellspacing="0" cellpadding="3"><tr><th>Школа</th>{head}</tr>'
                           + "".join(body) + "</table><p><i>Жирным — признак второй год подряд и дольше.</i></p>")

    def explain(self, fragment: str) -> None:
        if fragment.isdigit() and int(fragment) < len(self.explanations):
            self.detail.setText(self.explanations[int(fragment)])
