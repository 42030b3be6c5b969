"""Hostile files: valid fixtures of every layout, mutated, run through the importers as `msoko` runs them.

Every input must end in a correct import or in exit code 2 with a Russian message naming the file —
never a traceback, never more than 10 s, never more than 500 MB, never a change to the database (see
tests/reliability/harness.py). The everyday run tries a sample; `--run-slow` tries every named mutation
of every fixture, the files no mutation makes (a million rows, bombs, paths that are not files) and
thousands of random mutation plans drawn by hypothesis.
"""

from __future__ import annotations

import itertools
import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import hostile_files as hostile
from tests.reliability.corpus import build_corpus
from tests.reliability.harness import TARGETS, Case, FuzzRunner

RANDOM_EXAMPLES_LONG = int(os.environ.get("MSOKO_FUZZ_EXAMPLES", "230"))  # per fixture: × 16 fixtures
RANDOM_EXAMPLES_SHORT = 3


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    return build_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def secret_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("secret") / "secret.txt"
    path.write_text(hostile.SECRET, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def runner(tmp_path_factory, pristine_db):
    with FuzzRunner(tmp_path_factory.mktemp("fuzz"), pristine_db, secret=hostile.SECRET) as running:
        yield running


class Inputs:
    """Mutated files written into one folder under names that say what was done to them."""

    def __init__(self, folder, secret_file):
        self.folder = folder
        self.secret_file = secret_file
        self.counter = itertools.count(1)

    def write(self, seed, plan: list, data: bytes | None = None) -> Case:
        label = " ".join(f"{op}{tuple(args) if args else ''}" for op, *args in plan)
        if data is None:
            data = hostile.apply_plan(seed.path.read_bytes(), seed.kind, plan, secret_file=self.secret_file)
        path = self.folder / f"{next(self.counter):05d}-{seed.path.stem}{seed.path.suffix}"
        path.write_bytes(data)
        return Case(seed.target, path, label, seed.layout)


@pytest.fixture(scope="session")
def inputs(tmp_path_factory, secret_file):
    return Inputs(tmp_path_factory.mktemp("inputs"), secret_file)


def run_all(runner, cases) -> list[str]:
    failures = []
    for case in cases:
        problems = runner.check(case)
        if problems:
            failures.append(f"{case.layout} / {case.label} ({case.file.name}): {'; '.join(problems)}")
        elif case.file.is_file() and case.file.stat().st_size > 50_000_000:
            case.file.unlink()  # big inputs are not kept once judged
    return failures


# ---------------------------------------------------------------------------------------------------
# the fixtures themselves


def test_every_fixture_imports_cleanly(corpus, runner):
    """The seeds are valid: each imports (the blank form is refused by design, with its message)."""
    for seed in corpus:
        case = Case(seed.target, seed.path, "as made", seed.layout)
        outcome = runner.worker.run([p.format(file=seed.path, db=runner.db) for p in TARGETS[seed.target]], runner.db)
        expected = 2 if seed.layout == "blank-form" else 0
        assert outcome.code == expected, (seed.layout, outcome.stderr, outcome.bugs)
        if outcome.db_changed:
            runner._reset_db()
        assert not runner.check(case, counted=False)


# ---------------------------------------------------------------------------------------------------
# named mutations: every fixture × every way of breaking it that the issue lists


def named_plans(kind: str) -> list[list]:
    plans: list[list] = [
        [["truncate", 0.0]], [["truncate", 0.1]], [["truncate", 0.5]], [["truncate", 0.97]],
        [["flip", 1, 1]], [["flip", 2, 50]], [["splice", 3]],
    ]
    if kind in ("xlsx", "docx"):
        plans += [[["drop_member", i]] for i in range(12)]
        plans += [[["dup_member", i]] for i in range(0, 12, 3)]
        plans += [[["swap_members", i, j]] for i, j in ((0, 1), (1, 2), (2, 5), (3, 4), (4, 6), (5, 7))]
        plans += [[["shuffle_members", 1]], [["stored"]], [["bad_crc", 0]], [["bad_crc", 3]],
                  [["zip_version", 0, 148]], [["zip_version", 2, 63]]]
        plans += [[["truncate_member", i, 0.5]] for i in range(0, 8, 2)]
        plans += [[["garble_member", i, 7]] for i in range(4)]
        plans += [[["reencode_member", i, enc]] for i in (1, 3) for enc in ("utf-16", "cp1251", "cp1251-declared", "latin-1-declared", "bom")]
        plans += [[["entity_bomb", i]] for i in range(5)]
        plans += [[["xxe", i]] for i in range(5)]
    plans += [[[op, seed]] for op in hostile.CELL_OPS for seed in (1, 2, 3)]
    return plans


def named_cases(corpus, inputs, every: int = 1) -> list[Case]:
    cases = []
    for seed in corpus:
        for n, plan in enumerate(named_plans(seed.kind)):
            if n % every == 0:
                cases.append(inputs.write(seed, plan))
    return cases


def test_named_mutations_sample(corpus, inputs, runner):
    failures = run_all(runner, named_cases(corpus, inputs, every=9))
    assert not failures, "\n".join(failures)


@pytest.mark.slow
@pytest.mark.timeout(1800)  # nine times the sample's inputs: ~5 min on 2 busy cores
def test_named_mutations_all(corpus, inputs, runner):
    failures = run_all(runner, named_cases(corpus, inputs))
    assert not failures, "\n".join(failures)


# ---------------------------------------------------------------------------------------------------
# files no plan makes


def _other_formats(corpus, inputs) -> list[Case]:
    cases = []
    for seed in {(s.target, s.path.suffix): s for s in corpus}.values():
        for name, data in hostile.OTHER_FORMATS.items():
            cases.append(inputs.write(seed, [[f"other-format:{name}"]], data))
    return cases


def _not_files(corpus, inputs) -> list[Case]:
    cases = []
    for seed in {(s.target, s.path.suffix): s for s in corpus}.values():
        folder = inputs.folder / f"not-files-{seed.target}-{seed.kind}"
        for kind in hostile.NOT_FILES:
            cases.append(Case(seed.target, hostile.not_a_file(kind, folder, seed.path.suffix), kind, seed.layout))
        odd = folder / f"имя\nс переводом строки{seed.path.suffix}"
        shutil.copyfile(seed.path, odd)
        cases.append(Case(seed.target, odd, "a file name with a line break", seed.layout))
    return cases


def test_not_files_and_other_formats(corpus, inputs, runner):
    failures = run_all(runner, _not_files(corpus, inputs) + _other_formats(corpus, inputs))
    assert not failures, "\n".join(failures)


def _zip_seeds(corpus):
    return [s for s in corpus if s.kind in ("xlsx", "docx")]


def _bombs_and_lies(seeds, inputs, runner):
    cases = []
    for seed in seeds:
        for name, make in (("decompression bomb", hostile.decompression_bomb), ("forged-size bomb", hostile.forged_bomb)):
            path = inputs.folder / f"{name.replace(' ', '-')}-{seed.path.name}"
            make(seed.path, path, 768 * 1024 * 1024)
            cases.append(Case(seed.target, path, name, seed.layout))
        for name, data in (
            ("cell at XFD1048576", hostile.far_cell(seed.path, seed.kind)),
            ("lying dimension", hostile.lying_dimension(seed.path, seed.kind)),
            ("100,000 nested elements", hostile.deep_nesting(seed.path)),
            ("20,000 zip members", hostile.many_members(seed.path)),
        ):
            cases.append(inputs.write(seed, [[name]], data))
    failures = run_all(runner, cases)
    assert not failures, "\n".join(failures)


def test_bombs_and_lies_sample(corpus, inputs, runner):
    """Decompression bombs (honest and forged sizes), a cell at XFD1048576, a lying dimension, 100,000
    nested elements and 20,000 zip members: one fixture per importer."""
    _bombs_and_lies(list({s.target: s for s in _zip_seeds(corpus)}.values()), inputs, runner)


@pytest.mark.slow
@pytest.mark.timeout(1200)  # every .xlsx and .docx fixture: ~1 min
def test_bombs_and_lies(corpus, inputs, runner):
    """The same for every .xlsx and .docx fixture."""
    _bombs_and_lies(_zip_seeds(corpus), inputs, runner)


@pytest.mark.slow
@pytest.mark.timeout(1800)  # builds and imports a 1,000,000-row sheet per layout
def test_million_row_sheets(corpus, inputs, runner):
    """A sheet of 1,000,000 rows for every spreadsheet layout (65,536, the format's limit, for .xls) and a
    Word plan table of 30,000 rows."""
    cases = []
    for seed in corpus:
        path = inputs.folder / f"huge-{seed.path.name}"
        if seed.kind == "xlsx":
            hostile.million_rows_xlsx(seed.path, path)
            label = "1,000,000 rows"
        elif seed.kind == "xls":
            name, grid, _ = max(hostile.read_grid(seed.path), key=lambda s: len(s[1]))
            body = grid[8:] or grid
            grid = (grid + body * (65536 // max(len(body), 1) + 1))[:65536]
            path.write_bytes(hostile.write_xls_bytes([(name, grid, False)]))
            label = "65,536 rows"
        elif seed.layout == "roadmap-table.docx":
            hostile.huge_docx_table(seed.path, path, 30_000)
            label = "30,000 table rows"
        else:
            continue
        cases.append(Case(seed.target, path, label, seed.layout))
        failures = run_all(runner, cases[-1:])
        assert not failures, "\n".join(failures)


# ---------------------------------------------------------------------------------------------------
# random mutation plans (hypothesis)


def _operation(kind: str):
    seeds = st.integers(0, 2**31)
    index = st.integers(0, 40)
    byte_ops = [
        st.tuples(st.just("truncate"), st.floats(0, 1)),
        st.tuples(st.just("flip"), seeds, st.integers(1, 64)),
        st.tuples(st.just("splice"), seeds),
    ]
    zip_ops = [
        st.tuples(st.just("drop_member"), index),
        st.tuples(st.just("dup_member"), index),
        st.tuples(st.just("swap_members"), index, index),
        st.tuples(st.just("shuffle_members"), seeds),
        st.tuples(st.just("garble_member"), index, seeds),
        st.tuples(st.just("truncate_member"), index, st.floats(0, 1)),
        st.tuples(st.just("reencode_member"), index, st.sampled_from(["utf-16", "cp1251", "cp1251-declared", "latin-1-declared", "bom"])),
        st.tuples(st.just("entity_bomb"), index),
        st.tuples(st.just("xxe"), index),
        st.tuples(st.just("stored")),
        st.tuples(st.just("bad_crc"), index),
        st.tuples(st.just("zip_version"), index, st.integers(0, 0xFFFF)),
    ]
    cell_ops = [st.tuples(st.sampled_from(hostile.CELL_OPS), seeds)]
    if kind in ("xlsx", "docx"):
        # cell and zip damage weigh more than raw bytes: most random bytes just break the zip
        return st.one_of(*cell_ops, *cell_ops, *zip_ops, *byte_ops)
    return st.one_of(*cell_ops, *cell_ops, *byte_ops)


def _plans(kind: str):
    return st.lists(_operation(kind).map(list), min_size=1, max_size=3)


def _random_mutations(corpus, inputs, runner, examples: int, derandomize: bool):
    def check_seed(seed):
        @settings(max_examples=examples, deadline=None, database=None, derandomize=derandomize,
                  suppress_health_check=list(HealthCheck), print_blob=True)
        @given(plan=_plans(seed.kind))
        def check(plan):
            case = inputs.write(seed, plan)
            problems = runner.check(case)
            assert not problems, f"{seed.layout} / {case.label}: {'; '.join(problems)}"

        check()

    failures = []
    for seed in corpus:  # a failing fixture (shrunk by hypothesis) does not stop the others
        try:
            check_seed(seed)
        except AssertionError as error:
            failures.append(str(error).splitlines()[0][:2000])
    assert not failures, "\n".join(failures)


def test_random_mutations_sample(corpus, inputs, runner):
    _random_mutations(corpus, inputs, runner, RANDOM_EXAMPLES_SHORT, derandomize=True)


@pytest.mark.slow
# ~0.3-0.6 s an input on 2 busy cores (17 fixtures × RANDOM_EXAMPLES_LONG inputs: 20-40 min at 230);
# the bound allows ~1.2 s an input and grows with MSOKO_FUZZ_EXAMPLES
@pytest.mark.timeout(600 + 20 * RANDOM_EXAMPLES_LONG)
def test_random_mutations(corpus, inputs, runner):
    _random_mutations(corpus, inputs, runner, RANDOM_EXAMPLES_LONG, derandomize=False)


def test_bomb_is_what_it_claims(tmp_path, corpus):
    """The bombs used above really unpack to hundreds of megabytes (else the test proves nothing)."""
    seed = _zip_seeds(corpus)[0]
    path = hostile.decompression_bomb(seed.path, tmp_path / "bomb.xlsx", 64 * 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024
    members = hostile.zip_entries(path.read_bytes())
    assert max(len(content) for _, content in members) > 64 * 1024 * 1024
    forged = hostile.forged_bomb(seed.path, tmp_path / "forged.xlsx", 80 * 1024 * 1024)
    import zipfile

    with zipfile.ZipFile(forged) as archive:
        assert max(info.file_size for info in archive.infolist()) < 1024 * 1024  # the lie
