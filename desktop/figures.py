"""The figures of assessment results in one place: the kinds of assessment, the figure fields in their
order with their Russian labels, and the one way a figure is printed.

Layer-neutral: it imports nothing of the program, so the models (what is stored), the services
(importers, the office template, indicators, documents), the Qt item models and the views all read
the same definitions. What the screen shows and what the paper prints come from `format_figure`:

    format_figure(0.3715, "percent")      → «37,1»
    format_figure(0.052, "change")        → «+5,2»   (percentage points)
    format_figure(-0.02, "change")        → «−2,0»   (U+2212 MINUS SIGN, as typeset)
    format_figure(-0.0004, "change")      → «0,0»    (a value that rounds to zero has no sign)
    format_figure(3.456, "decimal")       → «3,46»   (a negative number of any format: «−», never «-»)
    format_figure(2.36, "score_change")   → «+2,4»

Rounding is Python's: the exact binary value is rounded to the nearest, an exact half to even
(−1,25 → «−1,2»; 3,715 is stored as 3,71500…02 and prints «3,7»).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# --- kinds of assessment ------------------------------------------------------------------------

ESSAY, INTERVIEW = "ИС-11", "ИС-9"  # итоговое сочинение (изложение), итоговое собеседование
KINDS = ("ВПР", "ОГЭ", "ЕГЭ", "ГВЭ", "НИКО", "РМ", "МКР", ESSAY, INTERVIEW)
# the kinds whose short name is not self-explaining, in words (the office template's instructions)
KIND_NAMES = {"РМ": "региональный мониторинг", "МКР": "муниципальная контрольная работа",
              ESSAY: "итоговое сочинение (изложение)", INTERVIEW: "итоговое собеседование по русскому языку"}
# procedures judged «зачёт» / «незачёт», without marks: their figures are the counts of each and, for the
# собеседование, the mean score (`mean_primary`, out of the assessment's maximum, 20)
PASS_FAIL_KINDS = (ESSAY, INTERVIEW)
# procedures marked «2»…«5» or scored (ЕГЭ): scales of primary scores into marks are kept for these
MARK_KINDS = tuple(kind for kind in KINDS if kind not in PASS_FAIL_KINDS)
# procedures whose marks are compared against the school journal (lowered / confirmed / raised)
JOURNAL_KINDS = ("ВПР", "НИКО", "РМ", "МКР")

# --- figure fields, in the order they are stored -------------------------------------------------

MARKS = ("n2", "n3", "n4", "n5")  # how many got «2» … «5»
JOURNAL = ("lowered", "confirmed", "raised")  # how many got a mark below / equal to / above the journal's
COUNTS = ("participants", *MARKS, *JOURNAL)  # what a report of marks and of the journal comparison gives
MEANS = ("mean_primary", "mean_test")  # means, added up weighted by participants
SCORE_COUNTS = ("below_threshold", "score_81_100", "score_100")  # ЕГЭ: how many below the minimum, 81–100, 100
PASS_FAIL = ("passed", "failed")  # how many got «зачёт» / «незачёт» (`PASS_FAIL_KINDS`)
# the columns of `school_results` and `reference_results`, and the fields of `IndicatorRow` in this order
FIGURES = (*COUNTS, *MEANS, *SCORE_COUNTS, *PASS_FAIL)

@dataclass(slots=True)
class Figures:
    """The figures of one group for one assessment, `FIGURES` in this order, each None when unknown.

    The one list of these fields: a file's group row (`GroupRow`) and an indicator row
    (`IndicatorRow`) extend it with keyword-only fields of their own, so both are still made from
    the stored columns by position (`IndicatorRow(*columns, level=…)`).
    """

    participants: int | None = None
    n2: int | None = None
    n3: int | None = None
    n4: int | None = None
    n5: int | None = None
    lowered: int | None = None
    confirmed: int | None = None
    raised: int | None = None
    mean_primary: float | None = None
    mean_test: float | None = None
    below_threshold: int | None = None
    score_81_100: int | None = None
    score_100: int | None = None
    passed: int | None = None
    failed: int | None = None


# Headers of the counts: the results table on the screen, the office template, the journal comparison.
LABELS = {
    "participants": "Участников",
    "n2": "«2»",
    "n3": "«3»",
    "n4": "«4»",
    "n5": "«5»",
    "lowered": "Понизили",
    "confirmed": "Подтвердили",
    "raised": "Повысили",
    "passed": "Зачёт",
    "failed": "Незачёт",
}
# Indicators computed from the counts (`IndicatorRow`), as the screen heads its columns.
INDICATOR_LABELS = {
    "pass_rate": "Успеваемость",
    "quality_rate": "Качество",
    "quality_change": "Δ качества",
    "mean_mark": "Ср. отметка",
    "sou": "СОУ",
    "share_2": "Доля «2»",
    "share_lowered": LABELS["lowered"],
    "share_confirmed": LABELS["confirmed"],
    "share_raised": LABELS["raised"],
    "share_failed": "Доля незачёта",
    "mean_primary": "Ср. балл",
}

# --- printing a figure -------------------------------------------------------------------------------

# «percent» holds fractions (0.372 → «37,2»), «change» differences of fractions in percentage points
# (0.031 → «+3,1»), «decimal» two places, «score» one place, «score_change» a signed difference with
# one place (test scores: 2.35 → «+2,4»), «int» a whole number, «text» as it is.
FigureFormat = Literal["text", "int", "percent", "change", "decimal", "score", "score_change"]
FIGURE_FORMATS: tuple[FigureFormat, ...] = ("text", "int", "percent", "change", "decimal", "score", "score_change")
MINUS = "\u2212"  # «−», the minus sign of typeset text


def _comma(number: float, places: int) -> str:
    """12.345, 1 → «12,3», −2.0 → «−2,0» (U+2212); a value that rounds to zero prints without a sign
    («0,0», not «-0,0»)."""
    text = f"{number:.{places}f}"
    if float(text) == 0:
        text = f"{0:.{places}f}"
    return text.replace(".", ",").replace("-", MINUS)


def format_figure(value, fmt: FigureFormat = "text") -> str:
    """A figure as the screen and the paper print it in a column of format `fmt`: None (and NaN, ∞) as
    «», a number by `fmt` with a decimal comma and «−» for a minus, a change signed «+3,1» / «−2,0»
    («0,0» when it rounds to zero); text, and a number in a «text» column, as `str` gives it."""
    if value is None:
        return ""
    if fmt == "text" or not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    if fmt == "int":
        return str(round(value)).replace("-", MINUS)
    if fmt == "percent":
        return _comma(value * 100, 1)
    if fmt in ("change", "score_change"):
        text = _comma(value * 100 if fmt == "change" else value, 1)
        return "+" + text if text != "0,0" and value > 0 else text
    if fmt in ("decimal", "score"):
        return _comma(value, 2 if fmt == "decimal" else 1)
    raise ValueError(f"unknown figure format {fmt!r}; known: {FIGURE_FORMATS}")
