"""`msoko schools card` and `msoko roadmap targeted` as a user runs them (issue 20 point 8, issue 21
point 4): the JSON contracts, a second `targeted` adding nothing, and the card listing what it added."""

from __future__ import annotations

from datetime import date

import pytest

from tests.builders.demo_office import demo_with_results
from tests.cli.run import msoko, msoko_json

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    return demo_with_results(tmp_path_factory.mktemp("card") / "office.sqlite", TODAY)


def test_targeted_adds_a_measure_per_flagged_school_once_and_the_card_lists_it(office, tmp_path):
    plan = msoko_json("roadmap", "list", "--db", office, "--json")[0]["id"]
    added = msoko_json("roadmap", "targeted", plan, "--year", "2026", "--flag", "low_results",
                       "--deadline", "до 1 февраля 2027 г.", "--responsible", "Методический отдел",
                       "--db", office, "--json")
    assert set(added) == {"section_id", "measures"} and added["measures"]
    assert all(set(m) == {"id", "number", "school_id", "flag"} and m["flag"] == "low_results"
               for m in added["measures"])
    pairs = [(m["school_id"], m["flag"]) for m in added["measures"]]
    assert len(pairs) == len(set(pairs))
    again = msoko_json("roadmap", "targeted", plan, "--year", "2026", "--flag", "low_results", "--db", office, "--json")
    assert again == {"section_id": added["section_id"], "measures": []}

    school = added["measures"][0]["school_id"]
    code = next(s["code"] for s in msoko_json("schools", "list", "--db", office, "--json") if s["id"] == school)
    card = msoko_json("schools", "card", code, "--db", office, "--on", "2026-11-23", "--json")
    assert set(card) == {"school", "results", "flags", "measures"}
    assert card["school"]["id"] == school and card["results"]
    assert "low_results" in {f["flag"] for f in card["flags"]["2026"]}
    assert set(card["flags"]) <= {str(y) for y in range(2020, 2027)}
    assert card["measures"] == [{"plan_id": plan, "number": added["measures"][0]["number"],
                                 "text": card["measures"][0]["text"], "status": "not_started", "due": "2027-02-01"}]
    assert msoko_json("schools", "card", str(school), "--db", office, "--json")["school"]["code"] == code

    for name, start in (("карточка.pdf", b"%PDF"), ("карточка.docx", b"PK")):
        printed = msoko("schools", "card", code, "--db", office, "--out", tmp_path / name)
        assert printed.returncode == 0 and (tmp_path / name).read_bytes().startswith(start), printed.stderr


def test_an_unknown_school_is_said_in_russian(office):
    result = msoko("schools", "card", "edu000000", "--db", office, "--json")
    assert result.returncode != 0 and "Школа «edu000000» не найдена в реестре" in result.stderr


def test_address_names_the_schools_of_a_measure_and_the_card_shows_it(office):
    plan = msoko_json("roadmap", "list", "--db", office, "--json")[0]["id"]
    named = msoko_json("roadmap", "address", plan, "2.3", "edu990101", "5", "--db", office, "--json")
    assert [s["school_id"] for s in named["schools"]] == [1, 5] and named["schools"][0]["flag"] is None
    assert "2.3." in [m["number"] for m in msoko_json("schools", "card", "5", "--db", office, "--json")["measures"]]
    cleared = msoko_json("roadmap", "address", plan, "2.3", "--db", office, "--json")
    assert cleared == {"measure_id": named["measure_id"], "schools": []}
    refused = msoko("roadmap", "address", plan, "2.3", "edu999999", "--db", office)
    assert refused.returncode != 0 and "Школа «edu999999» не найдена в реестре" in refused.stderr
