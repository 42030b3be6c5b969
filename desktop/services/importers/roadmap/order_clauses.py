"""The clauses (пункты) of an order read into a plan: sections and measures.

An order without a plan table is still a plan: «3. Управлению образования (Попова Л.С.): 3.1. разработать
план… Срок: до 8 сентября 2023 г.». The rules (issue 9 §1):

* clauses start after «ПРИКАЗЫВАЮ:» («п р и к а з ы в а ю:», «ОБЯЗЫВАЮ») and end at the control clause
  («Контроль за исполнением … оставляю за собой» is not a measure), the signature block or «Приложение»;
* clause numbers «1.», «5.1.», «5.10.», «7.4» (no final dot), «- 5.1.» (a bullet before it), or Word's
  automatic numbering (the caller puts the number into the paragraph text);
* a clause with sub-clauses is a section (its text is the title), its sub-clauses are its measures;
  a clause without sub-clauses is a measure in a section without number and title;
* unnumbered paragraphs, bullets and numbered lists that cannot continue the order's numbering
  («1. Анализ…» after clause 6.1) belong to the clause above;
* the clause's text is never shortened: brackets and names stay. Only a deadline labelled «срок»
  («…, срок – постоянно», «– в срок до 01.05.2024г.», «(срок до 10 января 2023 г)») is taken out of it, as
  the «Срок:» paragraph it stands for would be; other deadlines («(апрель 2024)», «в 2024 году (февраль,
  апрель)», «– в течение 2023-2024 уч. г.») stay in the text and are read too, all of them («(декабрь
  2023), (март 2024)» → «декабрь 2023; март 2024»); a «Срок: …» paragraph applies to the clauses since the
  previous one inside the same parent clause, with a warning when it covers several;
* the addressee, in the dative, is kept as written: «Руководителям ОО» from «Рекомендовать руководителям
  ОО:», «Руководителям ОО: обеспечить …» or «Руководителям ОО обеспечить …», «Управлению образования
  (Попова Л.С., …), МКУ «ИМЦ РУО» (Мифтахудинова Е.А.)» from a head clause; sub-clauses inherit it;
* the responsible are the executors named as such: an «Ответственный: …» paragraph or phrase, names in
  brackets after the body («Провести семинар (Сидоренко А.А.).») or after the addressee; where no executor
  is named, the addressee. Names in brackets in the middle of the text, or not in the nominative, or after
  a verb of sending and its recipient («представить отчёт в управление образования (Поповой Л.С.)»), are
  not executors; the nearest clause that names someone (the measure itself first) decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from desktop.services.importers.problems import Problem
from desktop.services.importers.roadmap.order_header import ORDER_MARKER_RE, collapse
from desktop.services.importers.roadmap.records import DocParagraph, ParsedMeasure, ParsedSection
from desktop.services.wording import plural

CLAUSES_SHEET = "Текст приказа"
OPENING_PARAGRAPHS = 30  # where a document's title is looked for when saying what it looks like

_BULLETS = "-–—•·*▪●○◦⁃‣"
CLAUSE_RE = re.compile(
    r"^[\s" + re.escape(_BULLETS) + r"]*(?P<num>[1-9]\d?(?:\s?\.\s?[1-9]\d?){0,3})(?P<end>\.|\)|(?=\s))\s*(?P<rest>.*)$",
    re.DOTALL,
)
DEADLINE_PARAGRAPH_RE = re.compile(
    r"^[\s*_]*срок(?:и)?(?:\s+(?:исполнения|выполнения|проведения|представления))?\s*[:\-–—]\s*(?P<d>.+?)[\s*_]*$",
    re.IGNORECASE | re.DOTALL,
)
CONTROL_RE = re.compile(
    r"^(?:контроль\s+(?:за\s+|над\s+)?(?:исполнени|выполнени)|контроль\s+исполнения"
    r"|исполнение\s+настоящего\s+(?:приказа|распоряжения)|ответственность\s+за\s+(?:исполнение|выполнение)"
    r"|настоящий\s+(?:приказ|распоряжение)\s+вступает|.*оставляю\s+за\s+собой)",
    re.IGNORECASE | re.DOTALL,
)
SIGNATURE_RE = re.compile(
    r"^(?:и\.?\s?о\.?\s+|врио\s+|временно\s+исполняющий\s+обязанности\s+)?"
    r"(?:начальник|руководитель|заместитель|первый\s+заместитель|заведующ(?:ий|ая)|директор|глава|председатель)"
    r"(?![а-яё])",
    re.IGNORECASE,
)
END_RE = re.compile(
    r"^(?:приложени[ея]\b|исп\.|исполнитель\s*:|с\s+(?:приказом|распоряжением)\s+ознакомлен|согласовано\b|верно\s*:)",
    re.IGNORECASE,
)
INITIALS_SURNAME = r"[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.\s?)?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
SURNAME_INITIALS = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.?)?"
NAME_RE = re.compile(rf"(?<![А-Яа-яЁё])(?:{INITIALS_SURNAME}|{SURNAME_INITIALS})")
NAME_ONLY_RE = re.compile(rf"^(?:{INITIALS_SURNAME}|{SURNAME_INITIALS})$")
ADDRESSEE_VERBS_RE = re.compile(
    r"^(?:рекомендовать|поручить|обязать|предложить|просить)\s+", re.IGNORECASE
)

_MONTH_STEMS = r"(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-яё]*"
_DEADLINE_START = (
    r"(?:до\s+\d|до\s+«|до\s+конца|до\s+" + _MONTH_STEMS + r"|не\s+позднее|в\s+течение|в\s+срок|ежегодно|ежемесячно"
    r"|ежеквартально|еженедельно|ежедневно|постоянно|регулярно|систематически|по\s+мере|по\s+графику"
    r"|по\s+плану|по\s+итогам|в\s+\d{4}|с\s+\d|\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}\s*(?:г|-)|" + _MONTH_STEMS + r"\s*[\d,–-])"
)
DEADLINE_START_RE = re.compile(_DEADLINE_START, re.IGNORECASE)
_MONTH_WORD = (
    r"(?:(?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)(?:ь|я|е|ю|ем)|(?:март|август)(?:а|е|у|ом)?"
    r"|ма(?:й|я|е|ю|ем))(?![а-яё])"
)
# «(март)», «(февраль, апрель)», «(ноябрь и март)» — months alone in brackets
_MONTHS_ONLY_RE = re.compile(
    rf"^{_MONTH_WORD}(?:\s*(?:[,–—-]|и)\s*{_MONTH_WORD})*\s*(?:(?:19|20)\d{{2}}\s*(?:гг?\.?|года?)?)?\.?$",
    re.IGNORECASE,
)
# «в срок до 25.12.2023 г.» at the end, kept with its «в срок»
IN_TERM_RE = re.compile(
    r"(?P<lead>[\s,;]*(?:[-–—]\s*)?)[*_]*(?P<d>в\s+срок\s+(?:до|не\s+позднее)\s+[^\n]*?)[*_]*\s*$",
    re.IGNORECASE | re.DOTALL,
)
# «…, срок – постоянно», «Срок: до 8 сентября 2023 г.», «(срок до 10 января 2023 г)» at the end
TERM_LEAD_RE = re.compile(
    r"(?P<lead>[\s,;.]*(?:[-–—]\s*)?)(?P<open>\(\s*)?[*_]*(?<!в\s)срок(?:и)?"
    r"(?:\s+(?:исполнения|выполнения|проведения|представления))?\s*(?:[:\-–—]\s*|(?=(?:до|не\s+позднее|в\s+течение)\b))"
    r"(?P<d>[^()\n]+?)[*_]*\s*(?:(?P<close>\))\s*[.;,]?)?\s*$",
    re.IGNORECASE | re.DOTALL,
)
# «… – в течение 2023-2024 учебного года», «… – постоянно» at the end
DASH_TERM_RE = re.compile(
    r"(?P<lead>\s+[-–—]\s*)[*_]*(?P<d>" + _DEADLINE_START + r"[^\n–—]*?)[*_]*\s*$",
    re.IGNORECASE | re.DOTALL,
)
PARENTHESES_RE = re.compile(r"\s*\(([^()]{2,200})\)")
_LAST_GROUP_RE = re.compile(r"\(([^()]{1,300})\)$")
# «в 2024 году», «2024 г.» right before the brackets of its months
_YEAR_BEFORE_RE = re.compile(
    r"(?:(?<![А-Яа-яЁё])в\s+)?(?<![\d.])(?:19|20)\d{2}\s*(?:гг?\.?|году|года|год)?\s*$", re.IGNORECASE
)

# «Ответственный: Попова Л.С.» as a paragraph of its own, after the clause (or its «Срок:»)
RESPONSIBLE_PARAGRAPH_RE = re.compile(
    r"^[\s*_]*(?:ответственн(?:ый|ая|ые)(?:\s+(?:исполнител[а-яё]*|за\s+исполнение))?|отв\.)\s*[:\-–—]\s*"
    r"(?P<r>.+?)[\s*_;]*$",
    re.IGNORECASE | re.DOTALL,
)
# «…; ответственный – Попова Л.С.», «… (ответственные: Попова Л.С., Белов С.Н.)» at the end of a clause
_RESPONSIBLE_INLINE_RE = re.compile(
    r"(?:^|[\s,;.(])(?:ответственн(?:ый|ая|ые)(?:\s+исполнител[а-яё]*)?|отв\.)\s*[:\-–—]\s*"
    r"(?P<r>[^();\n]{2,200}?)\)?\s*;?\s*$",
    re.IGNORECASE,
)
_RESPONSIBLE_LABEL_RE = re.compile(
    r"^(?:ответственн(?:ый|ая|ые)(?:\s+исполнител[а-яё]*)?|отв\.|исполнител(?:ь|и))\s*(?:[:\-–—]\s*|\s)",
    re.IGNORECASE,
)
# a surname not in the nominative: «Поповой», «Белову», «Высоцкому» (executors in brackets are «Попова»)
_OBLIQUE_SURNAME_RE = re.compile(r"(?:ов|ев|ёв|ин|ын)(?:ой|у|ым|ыми)$|(?:ск|цк)(?:ой|ому|им|ую)$")
_NOT_INFINITIVES = {"память", "печать", "сеть", "суть", "путь", "треть", "мать", "смерть", "знать", "ночь", "речь", "дочь", "печь"}
_INFINITIVE_RE = re.compile(
    r"(?<![А-Яа-яЁё])(?:[А-Яа-яЁё]{2,}(?<![сС])(?:ть|ться)|[А-Яа-яЁё]*(?:вести|нести|йти|везти|расти)|[А-Яа-яЁё]{2,}чь)"
    r"(?![А-Яа-яЁё])"
)
# verbs of sending: their object's brackets name the recipient
_TRANSFER_RE = re.compile(
    r"(?:пред(?:о)?ставл?[яи]ть|направл?[яи]ть|переда(?:ва)?ть|отправл?[яи]ть|высыла?ть|выслать|сда(?:ва)?ть"
    r"|пода(?:ва)?ть|доложить|докладывать|(?:про)?информировать|сообщ[иа]ть)",
    re.IGNORECASE,
)
_RECIPIENT_RE = re.compile(r"(?<![А-Яа-яЁё])(?:в|во|на\s+имя|на\s+адрес)\s", re.IGNORECASE)
# the first word of an addressee in the dative: «Руководителям», «Управлению», «Главному», «Начальнику»
_DATIVE_WORD_RE = re.compile(
    r"[а-яё]{2,}(?:ам|ям|ому|ему|ым|им)"
    r"|(?:начальник|директор|заместител|руководител|управлени|отдел|комитет|департамент|центр|учреждени"
    r"|председател|методист|специалист|инспектор|координатор|куратор|секретар|эксперт|психолог|педагог"
    r"|учител|организатор)(?:у|ю)|(?:глав|школ)е"
)
# instrumental words that end like a dative: «Настоящим приказом утвердить …»
_NOT_ADDRESSEES = {"настоящим", "данным", "этим", "тем", "всем", "им", "ним", "совместным", "единым"}
# organisations named by their abbreviation: «МКУ «ИМЦ РУО»», «МБОУ …», «ОО»
_ABBREVIATION_RE = re.compile(r"(?:М[БКА]?(?:Д?О)?У|Г[БКА]У|ОО|ОУ|УО|МОУО|ИМЦ|ЦРО|РМО|ШМО|ММО|РУО|ОМСУ)")
# heads that are labels, not addressees: «Срок:», «Ответственный:», «в составе:»
_LABEL_RE = re.compile(r"^(?:срок|ответствен|исполнител|отв\.|примечани|приложени|основани|в\s+составе|состав)", re.I)
MAX_ADDRESSEE = 300
_ABBREVIATION_END = re.compile(r"(?<![а-яё])(?:г|гг|уч|т\.\s?д|т\.\s?п|др)\.$", re.IGNORECASE)


@dataclass
class _Clause:
    path: tuple[int, ...]
    label: str
    lines: list[str]
    paragraph: int | None
    parent: _Clause | None = None
    children: list[_Clause] = field(default_factory=list)
    deadline: str = ""  # from a «Срок:» paragraph
    responsible: str = ""  # from an «Ответственный:» paragraph

    @property
    def number(self) -> str:
        return ".".join(str(part) for part in self.path)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _text(paragraph: DocParagraph | str) -> str:
    return paragraph.text if isinstance(paragraph, DocParagraph) else paragraph


def _index(paragraph: DocParagraph | str, position: int) -> int:
    if isinstance(paragraph, DocParagraph) and paragraph.index is not None:
        return paragraph.index
    return position + 1


def parse_clause_number(text: str) -> tuple[tuple[int, ...], str] | None:
    """(number path, rest) when the paragraph starts with a clause number («5.1.», «7.4», «- 5.1.»)."""
    match = CLAUSE_RE.match(text)
    if not match:
        return None
    rest = match.group("rest").strip()
    if not rest or rest[0].isdigit() or rest[0] in "%.,":
        return None
    number = re.sub(r"\s", "", match.group("num"))
    path = tuple(int(part) for part in number.split("."))
    end = match.group("end")
    if end == ")":
        return None  # «1)» is a list inside a clause, not a clause
    if end == "" and len(path) == 1:
        return None  # «5 классов…»
    return path, rest


def _is_valid_next(last: tuple[int, ...] | None, path: tuple[int, ...]) -> tuple[bool, bool]:
    """(valid, with a gap): can `path` follow `last` in the order's own numbering?"""
    if last is None:
        return (len(path) == 1 or path[:-1] == (1,) * (len(path) - 1)), False
    if len(path) == len(last) + 1 and path[:-1] == last and path[-1] in (1, 2):
        return True, path[-1] == 2
    for depth in range(1, len(last) + 1):
        if len(path) == depth and path[:-1] == last[: depth - 1]:
            step = path[-1] - last[depth - 1]
            if step in (1, 2):
                return True, step == 2
    return False, False


def _strip_deadline_end(deadline: str) -> str:
    deadline = deadline.strip().strip("*_").strip()
    deadline = deadline.rstrip(";,").rstrip()
    if deadline.endswith(".") and not _ABBREVIATION_END.search(deadline):
        deadline = deadline[:-1].rstrip()
    return deadline


def _clean_text_end(text: str) -> str:
    return text.rstrip().rstrip(",;–—-").rstrip()


def _looks_like_deadline(text: str) -> bool:
    text = text.strip().strip("*_").strip()
    if re.match(r"^срок", text, re.IGNORECASE) or _MONTHS_ONLY_RE.match(text):
        return True
    if DEADLINE_START_RE.match(text) is None:
        return False
    # a month or a date must be at the start; «по итогам года» and the like are deadlines on their own
    return len(text) <= 80


def _labelled_deadline(body: str) -> tuple[str, str] | None:
    """(text before it, deadline) when `body` ends with a deadline labelled «срок»: «…, срок – постоянно»,
    «Срок: до …», «(срок до 10 января 2023 г)», «… в срок до 01.05.2024г.»."""
    match = IN_TERM_RE.search(body)
    if match and re.search(r"\d|" + _MONTH_STEMS, match.group("d"), re.IGNORECASE):
        return body[: match.start()], _strip_deadline_end(match.group("d"))
    for match in reversed(list(re.finditer(r"срок", body, re.IGNORECASE))):
        start = match.start()
        lead_start = start
        while lead_start > 0 and body[lead_start - 1] in " \t\n,;.-–—(*_":
            lead_start -= 1
        tail = TERM_LEAD_RE.match(body, lead_start)
        if tail and tail.start("d") > start and bool(tail.group("open")) == bool(tail.group("close")):
            deadline = _strip_deadline_end(tail.group("d"))
            if deadline:
                return body[:lead_start], deadline
        break
    return None


def _trailing_groups(text: str) -> list[re.Match]:
    """The bracketed groups at the very end of `text` («… (Попова Л.С.) (апрель 2024).»), last first."""
    groups = []
    end = len(text.rstrip(" .;,\t\n"))
    while end and text[end - 1] == ")":
        match = _LAST_GROUP_RE.search(text, 0, end)
        if match is None:
            break
        groups.append(match)
        end = len(text[: match.start()].rstrip(" .;,\t\n"))
    return groups


def split_deadline(text: str) -> tuple[str, str]:
    """(text, deadline as written) — the deadline is "" when there is none.

    Only a deadline labelled «срок» is taken out of the text: it is the clause's «Срок:» paragraph
    written inline. Every other deadline — in brackets («(апрель 2024)», «в 2024 году (февраль,
    апрель)», with its year), after a dash at the end («– в течение 2023-2024 уч. г.») — stays in the
    text and is read from it too; several deadlines are joined with «; » in the order written."""
    body = text.strip()
    # names in brackets after a labelled deadline: «…, срок – до 01.10.2023 (Попова Л.С.).»
    aside = ""
    groups = _trailing_groups(body)
    if groups and not _looks_like_deadline(groups[0].group(1)):
        cut = len(body[: groups[0].start()].rstrip())
        body, aside = body[:cut], body[cut:]
    labelled = _labelled_deadline(body)
    deadlines: list[str] = []
    if labelled:
        body = _clean_text_end(labelled[0]) + aside
    else:
        body = body + aside
    read_to = 0  # where the last deadline in brackets ends
    for match in PARENTHESES_RE.finditer(body):
        inner = match.group(1)
        if _looks_like_deadline(inner) and not NAME_RE.search(inner):
            deadline = _strip_deadline_end(re.sub(r"^срок(?:и)?\s*[:\-–—]?\s*", "", inner.strip(), flags=re.IGNORECASE))
            year = _YEAR_BEFORE_RE.search(body, read_to, match.start())
            if year and deadline:
                # «в 2024 году (февраль, апрель)»: the year belongs to the months in its brackets
                deadline = collapse(body[year.start() : match.end()].strip())
            if deadline:
                deadlines.append(deadline)
                read_to = match.end()
    if labelled:
        deadlines.append(labelled[1])
    else:
        dash = DASH_TERM_RE.search(body, read_to)
        if dash:
            deadlines.append(_strip_deadline_end(dash.group("d")))
    return _clean_text_end(body), "; ".join(deadlines)


def collapse_lines(text: str) -> str:
    """Whitespace collapsed inside each line; empty lines dropped."""
    lines = (collapse(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _is_nominative(name: str) -> bool:
    """Whether a name («Попова Л.С.», «И.П. Кравцова») is in the nominative, as executors in brackets are;
    «Поповой Л.С.», «Белову С.Н.» (to whom a report goes, on whom a duty is put) are not."""
    surname = re.sub(r"[А-ЯЁ]\.\s?", "", name).strip()
    return not _OBLIQUE_SURNAME_RE.search(surname)


def _names(text: str) -> list[str]:
    return [match.group(0).strip() for match in NAME_RE.finditer(text)]


def _is_recipient(before: str, inner: str) -> bool:
    """Whether the names in brackets are who something is sent to, not who does it: «представить отчёт
    в управление образования (Поповой Л.С.)», «… направить информацию в УО (Попова Л.С.)»."""
    if not all(_is_nominative(name) for name in _names(inner)):
        return True
    verbs = [verb for verb in _INFINITIVE_RE.finditer(before) if verb.group(0).lower() not in _NOT_INFINITIVES]
    if not verbs or not _TRANSFER_RE.fullmatch(verbs[-1].group(0)):
        return False
    return bool(_RECIPIENT_RE.search(before[verbs[-1].end() :]))


def _executor_group(inner: str) -> str:
    """The executors of a bracketed group: «Попова Л.С., Дружинина Е.А.», «ответственный – Попова Л.С.»."""
    inner = collapse(inner)
    labelled = _RESPONSIBLE_LABEL_RE.match(inner)
    return _names_end(inner[labelled.end() :]) if labelled else inner


def _names_end(text: str) -> str:
    """Names without the punctuation after them; the dot of a final initial («Белов С.Н.») is kept."""
    text = collapse(text).rstrip(" ;,")
    if text.endswith(".") and not re.search(r"(?<![А-Яа-яЁё])[А-ЯЁ]\.$", text):
        text = text[:-1].rstrip()
    return text


def executors_of(text: str) -> str:
    """The executors a clause names as such: «Ответственный: Попова Л.С.» or «(ответственный – …)»,
    else names in brackets after the body («Провести семинар (Сидоренко А.А., И.П. Кравцова).»);
    "" when it names none. Names in brackets in the middle of the text, and the people a report is to be
    sent to, are not its executors."""
    flat = collapse(text)
    labelled = _RESPONSIBLE_INLINE_RE.search(flat)
    if labelled:
        return _names_end(labelled.group("r"))
    for group in _trailing_groups(flat):
        inner = group.group(1)
        if _looks_like_deadline(inner) and not NAME_RE.search(inner):
            continue  # «… (Попова Л.С.) (апрель 2024).»
        if NAME_RE.search(inner) and not inner.strip().lower().startswith("далее"):
            if _is_recipient(flat[: group.start()], inner):
                return ""
            return _executor_group(inner)
        break
    return ""


def _colon_outside(text: str) -> int | None:
    """The first «:» outside «…» and (…)."""
    depth = 0
    for index, ch in enumerate(text):
        if ch in "«(":
            depth += 1
        elif ch in "»)":
            depth = max(0, depth - 1)
        elif ch == ":" and depth == 0:
            return index
    return None


def _first_infinitive(text: str) -> re.Match | None:
    """The first verb in the infinitive («обеспечить», «провести») outside «…» and (…)."""
    depth = 0
    for match in re.finditer(r"«|»|\(|\)|" + _INFINITIVE_RE.pattern, text):
        token = match.group(0)
        if token in "«(":
            depth += 1
        elif token in "»)":
            depth = max(0, depth - 1)
        elif depth == 0 and token.lower() not in _NOT_INFINITIVES:
            return match
    return None


def _is_dative_start(text: str) -> bool:
    """Whether `text` starts like an addressee in the dative: «Руководителям ОО», «Управлению образования»,
    «Главному специалисту …», «МКУ «ИМЦ РУО» …»."""
    match = re.match(r"[А-ЯЁа-яё]+", text)
    if not match:
        return False
    word = match.group(0)
    if word.lower() in _NOT_ADDRESSEES:
        return False
    return bool(_DATIVE_WORD_RE.fullmatch(word.lower()) or _ABBREVIATION_RE.fullmatch(word))


def addressee_of(text: str) -> str:
    """Whom a clause addresses, as written (brackets and names kept): «Руководителям ОО» from «Рекомендовать
    руководителям ОО:» or «Руководителям ОО: обеспечить …» or «Руководителям ОО обеспечить …»,
    «Управлению образования (Попова Л.С., …), МКУ «ИМЦ РУО» (Мифтахудинова Е.А.)» from the head of a
    clause; "" for «Утвердить:», «Провести совещание.» and the like."""
    flat = ADDRESSEE_VERBS_RE.sub("", collapse(text)).strip()
    if not flat:
        return ""
    colon = _colon_outside(flat)
    verb = _first_infinitive(flat)
    if verb is not None and verb.start() == 0:
        return ""  # «Утвердить:», «Провести совещание»
    if colon is not None and (verb is None or colon < verb.start()):
        head = flat[:colon].strip()
        whole = not flat[colon + 1 :].strip()
        # a clause that is nothing but its head («МКУ «ИМЦ РУО» (Мифтахудинова Е.А.):») addresses whoever it
        # names; a head followed by text («Руководителям ОО: обеспечить …») must be in the dative
        if _LABEL_RE.match(head) or not (whole or _is_dative_start(head)):
            return ""
    elif verb is not None and _is_dative_start(flat):
        head = flat[: verb.start()].strip().rstrip(",")
    else:
        return ""
    if not head or len(head) > MAX_ADDRESSEE:
        return ""
    return head[0].upper() + head[1:]


def _names_in_brackets(text: str) -> str:
    """Executors named in the brackets of an addressee: «Управлению образования (Попова Л.С., …), МКУ
    «ИМЦ РУО» (Мифтахудинова Е.А.)» → «Попова Л.С., …, Мифтахудинова Е.А.»."""
    names = []
    for match in PARENTHESES_RE.finditer(text):
        inner = match.group(1)
        if NAME_RE.search(inner) and not _looks_like_deadline(inner) and not inner.strip().lower().startswith("далее"):
            if all(_is_nominative(name) for name in _names(inner)):
                names.append(_executor_group(inner))
    return ", ".join(names)


_PHONE_RE = re.compile(r"(?:\bтел\b\.?|\d\s?\(\d{3,5}\)\s?\d|\+7\s?\(?\d{3})", re.IGNORECASE)
_FULL_NAME_RE = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s[А-ЯЁ][а-яё]+\s[А-ЯЁ][а-яё]+(?:вич|вна|чна|ична|ич|оглы|кызы)\b")


def is_order_line(text: str) -> bool:
    """Whether a line belongs to the order rather than to a plan's heading: a numbered clause, the
    «ПРИКАЗЫВАЮ:», the control clause, the signature block, the executor's name and phone. A plan's
    title is looked for below the last of them."""
    text = collapse(text)
    if not text:
        return False
    if parse_clause_number(text) or ORDER_MARKER_RE.search(text) or CONTROL_RE.match(text):
        return True
    if re.match(r"^(?:исп\.|исполнитель\s*:|с\s+(?:приказом|распоряжением)\s+ознакомлен|согласовано\b|верно\s*:)", text, re.I):
        return True
    if len(text) <= 160 and (SIGNATURE_RE.match(text) or NAME_ONLY_RE.match(text) or _FULL_NAME_RE.match(text)):
        return True
    if len(text) <= 120 and _PHONE_RE.search(text):
        return True
    # an unnumbered clause: «Утвердить план мероприятий (приложение).»
    verb = _first_infinitive(text)
    return verb is not None and verb.start() == 0


def _is_end(text: str) -> bool:
    if END_RE.match(text):
        return True
    if CONTROL_RE.match(text):
        return True
    if len(text) <= 120 and not text.endswith((":", ".", ";", ",")):
        if SIGNATURE_RE.match(text):
            return True
        if NAME_ONLY_RE.match(text):
            return True
    return False


def _pairs_range(clauses: list[_Clause]) -> str:
    numbers = [clause.number for clause in clauses]
    if len(numbers) == 1:
        return f"пункту {numbers[0]}"
    consecutive = all(
        later.path[:-1] == earlier.path[:-1] and later.path[-1] == earlier.path[-1] + 1
        for earlier, later in zip(clauses, clauses[1:])
    )
    if consecutive:
        return f"пунктам {numbers[0]}–{numbers[-1]}"
    return "пунктам " + ", ".join(numbers)


def has_plan_signs(sections: Sequence[ParsedSection]) -> bool:
    """Whether the clauses read are a plan: some of them have a deadline or a responsible. A document
    whose numbered paragraphs have neither (ФИОКО's «Описание проверочной работы» with its «1. Назначение
    …», «2. Документы …») is not a plan of measures."""
    return any(m.deadline_text or m.responsible for section in sections for m in section.measures)


def not_a_plan(what: str, sections: Sequence[ParsedSection], paragraphs: Sequence[DocParagraph | str]) -> str:
    """The one line refusing a document that is not a plan, saying what it looks like."""
    count = sum(len(section.measures) for section in sections)
    opening = [collapse(_text(p)) for p in paragraphs[:OPENING_PARAGRAPHS] if collapse(_text(p))]
    if any("описание проверочной работы" in line.lower() for line in opening):
        looks = "это похоже на «Описание проверочной работы» ФИОКО"
    elif opening:
        first = opening[0] if len(opening[0]) <= 80 else opening[0][:79] + "…"
        looks = f"начало: «{first}»"
    else:
        looks = ""
    found = plural(count, "пронумерованный абзац", "пронумерованных абзаца", "пронумерованных абзацев")
    return (
        f"{what} не похож на план мероприятий: в документе нет таблицы плана и нет пунктов со сроками или "
        f"ответственными (найдено {found} без сроков и ответственных{'; ' + looks if looks else ''})."
    )


def find_clauses_start(paragraphs: Sequence[DocParagraph | str]) -> tuple[int, str] | None:
    """(index, text after the marker) of the «ПРИКАЗЫВАЮ:» paragraph; None when there is none."""
    for index, paragraph in enumerate(paragraphs):
        match = ORDER_MARKER_RE.search(_text(paragraph))
        if match:
            return index, _text(paragraph)[match.end() :].strip()
    return None


@dataclass(frozen=True)
class ClauseParagraphs:
    """Where an order's clauses are: from the paragraph `start` — the operative word's («ПРИКАЗЫВАЮ:»,
    `marked`), else the clause «1.» (a распоряжение often has no such word) — `items` the paragraphs'
    texts from there on (the operative word's paragraph by what follows the word), each with its
    number in the document."""

    start: int
    marked: bool
    items: list[tuple[str, int]]


def clause_paragraphs(paragraphs: Sequence[DocParagraph | str]) -> ClauseParagraphs | None:
    """The paragraphs of an order's clauses; None when it has neither an operative word nor a «1.»."""
    found = find_clauses_start(paragraphs)
    if found is not None:
        start, rest = found
        items = [(rest, _index(paragraphs[start], start))] if rest else []
        first = start + 1
    else:
        start = next(
            (i for i, p in enumerate(paragraphs) if (parsed := parse_clause_number(_text(p))) and parsed[0] == (1,)),
            None,
        )
        if start is None:
            return None
        items, first = [], start
    items += [(_text(paragraphs[position]), _index(paragraphs[position], position))
              for position in range(first, len(paragraphs))]
    return ClauseParagraphs(start, found is not None, items)


@dataclass(frozen=True)
class ClauseStep:
    """A paragraph of an order's clauses as `walk_clauses` reads it (`text` collapsed, `paragraph` its
    number in the document), by `kind`:

    - "clause": a numbered clause, `path` its number, `text` what follows the number; `gap` when a
      number was skipped; `control` when it is the clause of control, the last step;
    - "deadline": a «Срок:» paragraph, `match` its DEADLINE_PARAGRAPH_RE match;
    - "responsible": an «Ответственный: …» paragraph after a clause, `match` its
      RESPONSIBLE_PARAGRAPH_RE match;
    - "control": an unnumbered clause of control, the last step;
    - "line": a paragraph that continues the clause above it (or comes before the first clause) —
      a list «1.», «2.» inside a clause among them.
    """

    kind: str
    text: str
    paragraph: int
    path: tuple[int, ...] = ()
    gap: bool = False
    control: bool = False
    match: re.Match | None = None


def walk_clauses(items: Sequence[tuple[str, int]]) -> Iterator[ClauseStep]:
    """The steps of the clauses in `items` (`ClauseParagraphs.items`), in the order's own numbering,
    up to the clause of control or the end of the clauses (a signature, «Приложение», «Исп.» …): the
    one walk that both the reader of the plan and that of the order's wording follow."""
    last: tuple[int, ...] | None = None
    nested_last: int | None = None  # the last number of a list inside a clause
    for raw, paragraph in items:
        text = collapse_lines(raw)
        if not text:
            continue
        flat = collapse(text)
        deadline = DEADLINE_PARAGRAPH_RE.match(flat)
        if deadline:
            yield ClauseStep("deadline", flat, paragraph, match=deadline)
            continue
        responsible = RESPONSIBLE_PARAGRAPH_RE.match(flat)
        if responsible and last is not None:
            yield ClauseStep("responsible", flat, paragraph, match=responsible)
            continue
        parsed = parse_clause_number(flat)
        if parsed:
            path, rest = parsed
            nested = nested_last is not None and len(path) == 1 and path[0] == nested_last + 1
            valid, gap = _is_valid_next(last, path)
            if valid and not nested:
                control = CONTROL_RE.match(rest) is not None
                yield ClauseStep("clause", rest, paragraph, path, gap, control)
                if control:
                    return
                last, nested_last = path, None
                continue
            if last is not None and len(path) == 1:
                nested_last = path[0]
        if CONTROL_RE.match(flat):
            yield ClauseStep("control", flat, paragraph)
            return
        if _is_end(flat):
            return
        yield ClauseStep("line", flat, paragraph)


def read_order_clauses(
    paragraphs: Sequence[DocParagraph | str], *, sheet: str = CLAUSES_SHEET
) -> tuple[list[ParsedSection], list[Problem]]:
    """Sections and measures from the clauses of an order, up to the clause of control (not a
    measure); ([], []) when it has no clauses."""
    problems: list[Problem] = []
    found = clause_paragraphs(paragraphs)
    if found is None:
        return [], []
    clauses: list[_Clause] = []
    loose: list[tuple[str, int]] = []  # unnumbered paragraphs before the first clause
    last: _Clause | None = None
    pending: list[_Clause] = []  # clauses a «Срок:» paragraph would apply to
    dated: list[_Clause] = []  # the clauses the «Срок:» paragraph right above applied to
    for step in walk_clauses(found.items):
        if step.kind == "deadline":
            dated = _apply_deadline(step.match, pending, last, step.paragraph, sheet, problems)
            pending = []
            continue
        if step.kind == "responsible":
            # «Ответственный: …» after a clause, or after the «Срок:» of several
            for clause in dated or [last]:
                clause.responsible = clause.responsible or _names_end(step.match.group("r"))
            continue
        dated = []
        if step.kind == "control" or step.control:
            break
        if step.kind == "clause":
            parent = _find_parent(last, step.path)
            clause = _Clause(step.path, ".".join(map(str, step.path)), [step.text], step.paragraph, parent)
            if parent:
                parent.children.append(clause)
            if step.gap:
                problems.append(
                    Problem(
                        f"Пункт {clause.number} идёт после пункта {last.number}: номер пропущен?",
                        sheet,
                        step.paragraph,
                        severity="warning",
                    )
                )
            if pending and pending[-1].parent is not parent:
                pending = []
            pending.append(clause)
            clauses.append(clause)
            last = clause
        elif last is None:
            loose.append((step.text, step.paragraph))
        else:
            last.lines.append(step.text)

    if not clauses:
        # an order whose clauses are not numbered: every paragraph is a clause of its own
        clauses = [_Clause((n,), str(n), [t], i) for n, (t, i) in enumerate(loose, start=1)]
        for clause in clauses:
            clause.label = ""
    return _assemble(clauses, problems), problems


def _find_parent(last: _Clause | None, path: tuple[int, ...]) -> _Clause | None:
    node = last
    while node is not None:
        if len(node.path) < len(path) and path[: len(node.path)] == node.path:
            return node
        node = node.parent
    return None


def _apply_deadline(
    match: re.Match,
    pending: list[_Clause],
    last: _Clause | None,
    paragraph_index: int,
    sheet: str,
    problems: list[Problem],
) -> list[_Clause]:
    deadline = _strip_deadline_end(match.group("d"))
    if not deadline:
        return []
    if not pending and last is not None and not last.deadline:
        pending = [last]
    targets = [clause for clause in pending if not clause.deadline and not split_deadline(clause.text)[1]]
    if not targets:
        problems.append(
            Problem(f"Срок «{deadline}» не отнесён ни к одному пункту", sheet, paragraph_index, severity="warning")
        )
        return []
    for clause in targets:
        clause.deadline = deadline
    if len(targets) > 1:
        problems.append(
            Problem(f"Срок «{deadline}» отнесён к {_pairs_range(targets)}", sheet, paragraph_index, severity="warning")
        )
    return targets


@dataclass(frozen=True)
class _People:
    """Whom a clause addresses and whom it names as its executors, as written."""

    addressee: str = ""
    executors: str = ""


def _people_of(clause: _Clause) -> _People:
    text = collapse(clause.text)
    addressee = addressee_of(clause.lines[0]) or addressee_of(text)
    executors = clause.responsible
    if not executors and not text.endswith(":"):
        executors = executors_of(split_deadline(clause.text)[0])
    return _People(addressee, executors or _names_in_brackets(addressee))


def _measure_of(clause: _Clause, chain: Sequence[_People], inherited_deadline: str) -> ParsedMeasure | None:
    """The measure of a clause; `chain`: the people of its parent clauses, the outermost first. Its
    responsible is who the nearest clause (itself first) names: its executors, else its addressee."""
    text, deadline = split_deadline(clause.text)
    text = _clean_text_end(text)
    if not text:
        return None
    levels = [_people_of(clause), *reversed(chain)]
    responsible = next((level.executors or level.addressee for level in levels if level.executors or level.addressee), "")
    return ParsedMeasure(
        number=clause.label or None,
        text=text,
        deadline_text=clause.deadline or deadline or inherited_deadline,
        responsible=responsible,
        source_row=clause.paragraph,
        addressee=next((level.addressee for level in levels if level.addressee), ""),
    )


def _collect(
    clause: _Clause, chain: list[_People], deadline: str, out: list[ParsedMeasure], problems: list[Problem]
) -> None:
    """Measures of the descendants of `clause`, depth first, in document order."""
    for child in clause.children:
        if child.children:
            child_text = collapse(child.text)
            own_deadline = child.deadline or split_deadline(child_text)[1] or deadline
            if not child_text.endswith(":"):
                measure = _measure_of(child, chain, deadline)
                if measure:
                    out.append(measure)
            _collect(child, [*chain, _people_of(child)], own_deadline, out, problems)
            continue
        measure = _measure_of(child, chain, deadline)
        if measure:
            out.append(measure)
        else:
            problems.append(
                Problem(f"Пункт {child.number} без текста пропущен", CLAUSES_SHEET, child.paragraph, severity="warning")
            )


def _assemble(clauses: list[_Clause], problems: list[Problem]) -> list[ParsedSection]:
    sections: list[ParsedSection] = []
    for clause in clauses:
        if clause.parent is not None:
            continue
        if not clause.children:
            measure = _measure_of(clause, [], "")
            if measure is None:
                problems.append(
                    Problem(
                        f"Пункт {clause.number} без текста пропущен", CLAUSES_SHEET, clause.paragraph, severity="warning"
                    )
                )
                continue
            if not sections or sections[-1].number is not None or sections[-1].title is not None:
                sections.append(ParsedSection(None, None, []))
            sections[-1].measures.append(measure)
            continue
        title = collapse(clause.text)
        deadline = clause.deadline or (split_deadline(title)[1] if not title.endswith(":") else "")
        section = ParsedSection(clause.label or None, title, [])
        _collect(clause, [_people_of(clause)], deadline, section.measures, problems)
        sections.append(section)
    return sections
