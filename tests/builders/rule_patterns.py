"""ФИС ОКО reports with designed patterns for the rules: a school far above the region, and the same
district without it. The files are «Статистика по отметкам» written by `result_files.write_fisoko_marks`
(the region there is the district plus 3 700 invented pupils, quality about 49%)."""

from __future__ import annotations

from tests.builders.result_files import DEFAULT_MARK_SCHOOLS, SchoolMarks, Written, write_fisoko_marks

NEAR = (3, 12, 11, 4)  # 30 pupils: quality 50,0%, mean mark 3,53 — about the region's
FAR = (0, 2, 12, 16)  # 30 pupils: quality 93,3%, mean mark 4,47
SCHOOLS = [(s.name, s.code) for s in DEFAULT_MARK_SCHOOLS]  # the last is a гимназия by name
FAR_SCHOOL = SCHOOLS[0][1]
GYMNASIUM = SCHOOLS[3][1]


def write_region_pattern(path, *, year: int = 2026, subject: str = "Математика", grade: int = 5,
                         far: frozenset[str] | set[str] = frozenset({FAR_SCHOOL}), kind: str = "ВПР") -> Written:
    """The district's four schools, those in `far` far above the region, the others about it; an empty
    `far` is the file without the pattern."""
    schools = [SchoolMarks(name, code, FAR if code in far else NEAR) for name, code in SCHOOLS]
    return write_fisoko_marks(path, year=year, subject=subject, grade=grade, schools=schools,
                              date_text=f"20.04.{year}", kind=kind)
