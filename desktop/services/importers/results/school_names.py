"""School names and codes as they appear in result files.

ФИС ОКО writes the level code in parentheses right after the name: `МБОУ «СОШ №1»(edu203389)`,
`…район(reg20_m012)`, older years `(sch201234)`. The same school is spelled differently from file to
file («МБОУ "СОШ №1"», «МБОУ «СОШ № 1»»): `normalize_school_name` gives one key for all spellings.
"""

from __future__ import annotations

import re

from desktop.folding import fold

CODE_IN_PARENS = re.compile(r"\(\s*(sch\d{6}|edu\d{6}|reg\d+_m\d+)\s*\)", re.IGNORECASE)
BARE_CODE = re.compile(r"(?<![0-9A-Za-z_])(sch\d{6}|edu\d{6}|reg\d+_m\d+)(?![0-9A-Za-z_])", re.IGNORECASE)

_QUOTES = re.compile(r"[«»“”„‟\"'‘’‚‹›`]")
_NUMBER_SIGN = re.compile(r"\s*№\s*")
_SPACES = re.compile(r"\s+")


def extract_code(text: object) -> str | None:
    """The level code in a cell: `(edu203389)` anywhere, or a cell that is just the code; lower case."""
    if not isinstance(text, str):
        return None
    match = CODE_IN_PARENS.search(text) or BARE_CODE.search(text)
    return match.group(1).lower() if match else None


def split_code(text: str) -> tuple[str, str | None]:
    """`«МБОУ «СОШ №1»(edu203389)»` → (`МБОУ «СОШ №1»`, `edu203389`); a name without a code stays whole."""
    match = CODE_IN_PARENS.search(text)
    if not match:
        return text.strip(), None
    name = (text[: match.start()] + text[match.end() :]).strip()
    return name, match.group(1).lower()


def code_level(code: str | None) -> str | None:
    """«municipality» for `reg…_m…`, «school» for `edu…`/`sch…`, None without a code."""
    if not code:
        return None
    return "municipality" if code.startswith("reg") else "school"


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
