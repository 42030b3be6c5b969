"""School names and codes as they appear in result files.

ФИС ОКО writes the level code in parentheses right after the name: `МБОУ «СОШ №1»(edu203389)`,
`…район(reg20_m012)`, older years `(sch201234)`. The same school is spelled differently from file to
file («МБОУ "СОШ №1"», «МБОУ «СОШ № 1»»): `normalize_school_name` gives one key for all spellings.
The regional export of 2022 writes the code before the name: `edu223017 | МБОУ "Вавилонская СОШ"`.
Every reader takes a code from a cell through `extract_code` or `split_code`, and both fold it in one
place (`_as_code`): NFKC and lower case, so full-width «ｅｄｕ７７１００１» is «edu771001». A code still
written with letters or digits of another script once folded — a Cyrillic «е» in «еdu771001»,
Arabic-Indic «٩» — is found all the same and kept as written, never dropped (a school without a code
would be matched by its name): the matching refuses it (`school_matching.code_refusal`) naming the cell.

`school_from_file` makes the registry record of a school first met in a result file: the name
without its code, the code in its field, the kind and the settlement where the name states them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from desktop.folding import fold

if TYPE_CHECKING:
    from desktop.models.schools import School

_LOGIN = r"sch\d{6}|edu\d{6}|reg\d+_m\d+"
CODE_IN_PARENS = re.compile(rf"\(\s*({_LOGIN})\s*\)", re.IGNORECASE)
BARE_CODE = re.compile(rf"(?<![0-9A-Za-z_])({_LOGIN})(?![0-9A-Za-z_])", re.IGNORECASE)
# `edu223017 | МБОУ …`, `edu223017 - МБОУ …`: a school login written before the name
LEADING_CODE = re.compile(r"^\s*((?:edu|sch)[0-9]{6})(?![0-9A-Za-z_])\s*[|:;,–—-]?\s*", re.IGNORECASE)
# a login written after the name without parentheses: `МБОУ «СОШ № 1» edu900101`
TRAILING_CODE = re.compile(r"\s*[|:;,–—-]?\s*(?<![0-9A-Za-z_])((?:edu|sch)[0-9]{6})\s*$", re.IGNORECASE)

_QUOTES = re.compile(r"[«»“”„‟\"'‘’‚‹›`]")
_NUMBER_SIGN = re.compile(r"\s*№\s*")
_SPACES = re.compile(r"\s+")


# A word a code may be written as: letters and digits of any script (full-width ones too), one underscore
# inside (`reg20_m012`); in parentheses (full-width ones too) or standing alone.
_CODE_WORD = r"[^\W_]+(?:[_\uff3f][^\W_]+)?"
_WORD_IN_PARENS = re.compile(rf"[(\uff08]\s*({_CODE_WORD})\s*[)\uff09]")
_BARE_WORD = re.compile(rf"(?<![^\W_])({_CODE_WORD})")
_ASCII_CODE = re.compile(r"(?:edu|sch)[0-9]{6}|reg[0-9]+_m[0-9]+", re.ASCII)  # match with fullmatch
_CODE_STARTS = ("edu", "sch", "reg")
# Letters of other scripts that pass for Latin ones in a code (lower case, as a folded code is): Cyrillic
# and Greek look-alikes, Armenian «ս». Only to recognise a code typed with them, never to accept it.
_LOOK_ALIKES = str.maketrans({
    "а": "a", "в": "b", "г": "r", "д": "d", "ԁ": "d", "е": "e", "ԍ": "g", "һ": "h", "н": "h", "і": "i",
    "ј": "j", "к": "k", "м": "m", "о": "o", "р": "p", "ԛ": "q", "с": "c", "ѕ": "s", "т": "t", "у": "y",
    "х": "x", "ԝ": "w", "ս": "u", "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "ϲ": "c", "τ": "t", "υ": "u", "χ": "x",
})


def _skeleton(code: str) -> str:
    """A folded code with look-alike letters read as Latin and digits of any script as 0–9."""
    text = code.translate(_LOOK_ALIKES)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text)


def _as_code(word: str) -> str | None:
    """The one folding of a code read from a file: NFKC, lower case. A code of other letters or digits
    once folded (`еdu771001`, `edu٩٩٠١٠١`) is kept so, for the matching to refuse; None for a word that
    is no code at all."""
    folded = unicodedata.normalize("NFKC", word).lower()
    if _ASCII_CODE.fullmatch(folded):
        return folded
    # most words of a name are no code: their first three letters, read as Latin, say so
    if not folded.isascii() and _skeleton(folded[:3]) in _CODE_STARTS and _ASCII_CODE.fullmatch(_skeleton(folded)):
        return folded
    return None


def extract_code(text: object) -> str | None:
    """The level code in a cell: `(edu203389)` anywhere, else a code standing alone (`edu223017 | МБОУ …`,
    a cell that is just the code); folded by `_as_code`."""
    if not isinstance(text, str):
        return None
    for pattern in (_WORD_IN_PARENS, _BARE_WORD):
        for match in pattern.finditer(text):
            code = _as_code(match.group(1))
            if code:
                return code
    return None


def split_code(text: str) -> tuple[str, str | None]:
    """`«МБОУ «СОШ №1»(edu203389)»` → (`МБОУ «СОШ №1»`, `edu203389`), the code folded by `_as_code`; a name
    without a code in parentheses stays whole."""
    for match in _WORD_IN_PARENS.finditer(text):
        code = _as_code(match.group(1))
        if code:
            return (text[: match.start()] + text[match.end() :]).strip(), code
    return text.strip(), None


def code_level(code: str | None) -> str | None:
    """«municipality» for `reg…_m…`, «school» for `edu…`/`sch…`, None without a code."""
    if not code:
        return None
    return "municipality" if _skeleton(code).startswith("reg") else "school"


def normalize_school_name(name: str | None) -> str:
    """One comparison key for every spelling of a school's name.

    Quotes of all kinds removed, «№» followed by one space, case folded, ё → е, whitespace collapsed,
    a level code in parentheses removed.
    """
    if not name:
        return ""
    text = CODE_IN_PARENS.sub(" ", str(name))
    text = text.replace("\xa0", " ").replace("\u202f", " ")
    text = _QUOTES.sub(" ", text)
    text = _NUMBER_SIGN.sub(" № ", text)
    text = fold(text)
    return _SPACES.sub(" ", text).strip()


def strip_code(text: str) -> str:
    """A school's name without the code written in it: `(edu771003)` anywhere, a leading
    `edu223017 | ` (the regional export of 2022), a trailing bare login."""
    text = _fold_width(text)
    text = CODE_IN_PARENS.sub(" ", text)
    text = LEADING_CODE.sub("", text)
    text = TRAILING_CODE.sub("", text)
    return " ".join(text.split())


def _fold_width(text: str) -> str:
    """Full-width Latin letters, digits and signs (ｅｄｕ７７１００３) read as ASCII; «№» and every other
    sign stay as written (NFKC would turn «№» into «No»)."""
    return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else " " if c in "\u3000\xa0\u202f" else c
                   for c in text)


# --------------------------------------------------------------------------------------------------
# a new school from a result file

NOTE_FROM_RESULTS = "Добавлена при загрузке результатов"
_LOGIN_CODE = re.compile(r"(?:edu|sch)[0-9]{6}", re.ASCII)
_RCOI_CODE = re.compile(r"[0-9]{1,12}", re.ASCII)

# The kind of school where the name states it, most specific first: «Лицей-интернат» is a lyceum,
# «СОШ-интернат» a boarding school. Patterns run over the folded name (lower case, ё → е).
_KINDS = [
    ("Гимназия", re.compile(r"гимнази")),
    ("Лицей", re.compile(r"(?<!\w)лице[йяюе]")),
    ("Школа-интернат", re.compile(r"интернат|(?<!\w)ши(?!\w)")),
    ("Вечерняя (сменная)", re.compile(r"вечерн|сменн|(?<!\w)в\s?\(?с\)?\s?ош(?!\w)|(?<!\w)вош(?!\w)")),
    ("ЦО", re.compile(r"(?<!\w)цо(?!\w)|центр\w*\s+образовани")),
    ("СОШ", re.compile(r"(?<!\w)сош(?!\w)|средн\w*\s+(?:общеобразовательн\w*\s+)?школ")),
    ("ООШ", re.compile(r"(?<!\w)оош(?!\w)|основн\w*\s+(?:общеобразовательн\w*\s+)?школ")),
    ("НОШ", re.compile(r"(?<!\w)(?:нош|нш)(?!\w)|начальн\w*\s+(?:общеобразовательн\w*\s+)?школ")),
]

# A settlement as names write it: a lower-case prefix (с., п., пос., д., г., ст., х., рп, пгт, село…)
# and a capitalised name, with a second word after an adjective («с. Новая Деревня», «п. Красный Яр»)
# but not a genitive one («с. Заречное Тестового района» is «с. Заречное»).
_PREFIXES = (r"р\.\s?п\.|рп\.?|пгт\.?|пос\.|пст\.|дер\.|ст-ца|ст\.|хут\.|сл\.|мкр\.|аул|с\.|п\.|д\.|г\.|х\.|"
             r"село|деревня|посёлок|поселок|город|станица|хутор")
_WORD = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]*)*"
_ADJECTIVE_END = r"(?<=ая|яя|ое|ее|ий|ый|ой|ие|ые)"
_SETTLEMENT = re.compile(
    rf"(?<![\w.])(?P<prefix>{_PREFIXES})\s*(?P<name>{_WORD}(?:{_ADJECTIVE_END}\s+(?!\w+(?:ого|его)(?!\w)){_WORD})?)"
)


def school_from_file(code: str | None, name: str) -> School:
    """The registry record of a school first met in a result file, ready to add (`SchoolsRepository.add`).

    The short name is the name as written without its code (`…(edu771003)`, `edu223017 | …`), spaces
    and stray quotes tidied; an edu/sch login goes to `code`, a code of digits to `rcoi_code`; the kind
    and the settlement are read from the name where it states them (nothing is guessed otherwise)."""
    from desktop.models.schools import School, normalized

    folded = unicodedata.normalize("NFKC", code or "").strip().lower()
    login = folded if _LOGIN_CODE.fullmatch(folded) else None
    written = _fold_width(name or "")
    if login is None:
        found = LEADING_CODE.search(written) or CODE_IN_PARENS.search(written) or TRAILING_CODE.search(written)
        if found and _LOGIN_CODE.fullmatch(found.group(1).lower()):
            login = found.group(1).lower()
    rcoi = folded if _RCOI_CODE.fullmatch(folded) else None
    short_name = tidy_school_name(strip_code(written))
    if not short_name:
        short_name = (f"Школа {login}" if login else f"Школа с кодом РЦОИ {rcoi}" if rcoi
                      else "Школа из файла результатов")
    return normalized(School(
        short_name=short_name, code=login, rcoi_code=rcoi, kind=school_kind(short_name) or "",
        settlement=school_settlement(short_name) or "", note=NOTE_FROM_RESULTS,
    ))


def school_kind(name: str) -> str | None:
    """The kind (a value of SCHOOL_KINDS) a school's name states: «МБОУ «СОШ № 1»» → СОШ,
    «Гимназия № 2» → Гимназия; None when the name does not say."""
    text = fold(strip_code(name))
    return next((kind for kind, pattern in _KINDS if pattern.search(text)), None)


def school_settlement(name: str) -> str | None:
    """The settlement a school's name states, as written: «ООШ с. Берёзовка» → «с. Берёзовка»;
    None when the name does not say («им. А. С. Пушкина» is no settlement)."""
    found = _SETTLEMENT.search(strip_code(name))
    if not found:
        return None
    return f"{''.join(found.group('prefix').split())} {found.group('name')}"


def tidy_school_name(text: str) -> str:
    """Spaces collapsed; doubled straight quotes (`""СОШ""`, as CSV writes them) made single; a stray
    straight quote dropped or closed; a missing closing «» added; separators left at the ends dropped.
    Quotes as written stay: `МБОУ "Вавилонская СОШ"` is kept so."""
    text = " ".join(text.split())
    text = re.sub(r'"{2,}', '"', text)
    text = re.sub(r"«\s+", "«", text)
    text = re.sub(r"\s+»", "»", text)
    text = text.strip(" |;:,–—-")
    if text.count('"') % 2:
        if text.startswith('"'):
            text = text[1:]
        elif text.count('"') == 1 and text.endswith('"'):
            text = text[:-1]
        else:
            text += '"'
    if len(text) >= 2 and text[0] == text[-1] == '"' and '"' not in text[1:-1]:
        text = text[1:-1]  # the whole name wrapped in quotes: a spreadsheet's quoting, not the name's
    opening, closing = text.count("«"), text.count("»")
    if opening > closing:
        text += "»" * (opening - closing)
    elif closing > opening and text.endswith("»"):
        extra = closing - opening
        while extra and text.endswith("»"):
            text, extra = text[:-1], extra - 1
    return " ".join(text.split()).strip()
