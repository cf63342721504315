"""Each audit check fires on its planted case and stays quiet on a look-alike."""

from __future__ import annotations

import pytest

from claimkb.audit import CHECKS, audit
from claimkb.errors import QueryError
from claimkb.store import open_store
from tests.conftest import make_kb


def run_audit(tmp_path, docs: dict[str, str], check: str) -> list:
    with open_store(make_kb(tmp_path, docs)) as store:
        return audit(store, [check])


CASES = {
    "unattributed": (
        {"a.txt": "Floods hit the valley.\n\nAt least 12 people were killed in the floods.\n"},
        {"a.txt": "Floods hit the valley.\n\nThe valley is known for its orchards and rivers.\n"},
    ),
    "vague-source": (
        {"a.txt": "Sources said the minister would resign before the summer.\n"},
        {"a.txt": "Jane Roe, the minister, said she would resign before the summer.\n"},
    ),
    "unresolved": (
        {"a.txt": "“We will not resign,” he said on Monday.\n"},
        {"a.txt": "Mr. John Doe spoke first.\n\n“We will not resign,” he said on Monday.\n"},
    ),
    "headline-source": (
        {"a.txt": "Minister denies resignation plan\n\nThe ministry was quiet on Monday.\n"},
        {"a.txt": "Storm closes the port\n\nJane Roe said the port would reopen soon.\n"},
    ),
    "single-source": (
        {
            "a.txt": "“The bridge will open in May,” said Jane Roe, the mayor.\n",
            "b.txt": "“The bridge will open in May,” Jane Roe said again.\n",
        },
        {
            "a.txt": "“The bridge will open in May,” said Jane Roe, the mayor.\n",
            "b.txt": "“The council will vote on the budget,” John Doe said.\n",
        },
    ),
    "quote-drift": (
        {
            "a.txt": "“We will rebuild every single home by winter,” said Jane Roe.\n",
            "b.txt": "“We will rebuild every home by the winter,” said Jane Roe.\n",
        },
        {
            "a.txt": "“We will rebuild every single home by winter,” said Jane Roe.\n",
            "b.txt": "“We will rebuild every single home by winter!” said Jane Roe.\n",
        },
    ),
    "conflicting-figures": (
        {
            "a.txt": "The storm damaged 120 cars at the port, the police said.\n",
            "b.txt": "The storm damaged 150 cars at the port, the mayor said.\n",
        },
        {
            "a.txt": "The storm damaged 120 cars at the port, the police said.\n",
            "b.txt": "The city will plant 150 trees along the river, the mayor said.\n",
        },
    ),
}


def test_every_check_has_a_case():
    assert set(CASES) == set(CHECKS)


@pytest.mark.parametrize("check", sorted(CASES))
def test_check_fires_on_its_planted_case(tmp_path, check):
    found = run_audit(tmp_path, CASES[check][0], check)
    assert found, check
    for f in found:
        assert f.check == check and f.reason and f.doc and f.statement


@pytest.mark.parametrize("check", sorted(CASES))
def test_check_stays_quiet_on_a_look_alike(tmp_path, check):
    assert run_audit(tmp_path, CASES[check][1], check) == []


def test_unknown_check_is_refused(sample_kb):
    with open_store(sample_kb) as store, pytest.raises(QueryError, match="unknown check"):
        audit(store, ["gossip"])


def test_sample_corpus_planted_cases_are_found(sample_kb):
    with open_store(sample_kb) as store:
        found = audit(store)
    by_check = {f.check for f in found}
    assert {
        "conflicting-figures",
        "quote-drift",
        "single-source",
        "vague-source",
        "unattributed",
        "headline-source",
    } <= by_check
    drift = next(f for f in found if f.check == "quote-drift")
    assert "[-by-]{+with+}" in drift.reason
