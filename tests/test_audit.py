"""The audit: each check fires on its cases and stays quiet on look-alikes
(tests/audit_cases.py), and the sample corpus's planted cases are all found."""

from __future__ import annotations

import pytest
from scripts.eval_audit import scores

from claimkb.audit import CHECKS, audit
from claimkb.errors import QueryError
from claimkb.store import open_store
from tests.audit_cases import CASES
from tests.conftest import make_kb


def test_every_check_has_cases_both_ways():
    assert set(CASES) == set(CHECKS)
    for must, must_not in CASES.values():
        assert len(must) >= 3 and len(must_not) >= 3


@pytest.mark.parametrize("check", sorted(CASES))
def test_check_level_precision_and_recall(check):
    """Floors, so a regression fails; the exact figures: scripts/eval_audit.py."""
    precision, recall, missed, false = scores(check)
    assert precision >= 0.75, (check, "false alarms on look-alikes", false)
    assert recall >= 0.66, (check, "missed cases", missed)


def test_findings_name_check_statement_document_and_reason(tmp_path):
    must, _ = CASES["conflicting-figures"]
    with open_store(make_kb(tmp_path, must[0])) as store:
        (f,) = audit(store, ["conflicting-figures"])
    assert f.check == "conflicting-figures" and f.severity == "high"
    assert f.statement and f.doc in {"a", "b"} and f.start is not None
    assert "150" in f.reason and "120" in f.reason


def test_circular_sourcing_names_every_hop(tmp_path):
    must, _ = CASES["circular-sourcing"]
    with open_store(make_kb(tmp_path, must[2])) as store:
        (f,) = audit(store, ["circular-sourcing"])
    for hop in ("North Herald cites Bay News", "Bay News cites Valley Wire", "Valley Wire cites"):
        assert hop in f.reason


def test_unknown_check_is_refused(sample_kb):
    with open_store(sample_kb) as store, pytest.raises(QueryError, match="unknown check"):
        audit(store, ["gossip"])


def test_sample_corpus_planted_cases_are_found(sample_kb):
    with open_store(sample_kb) as store:
        found = audit(store)
    assert {f.check for f in found} == set(CHECKS)
    drift = next(f for f in found if f.check == "quote-drift")
    assert "[-by-]{+with+}" in drift.reason
    circular = next(f for f in found if f.check == "circular-sourcing")
    assert "Amberly Courier" in circular.reason and "Harbour Gazette" in circular.reason


def test_audit_help_names_every_check():
    from typer.testing import CliRunner

    from claimkb.cli import app

    res = CliRunner().invoke(app, ["audit", "--help"])
    assert res.exit_code == 0
    flat = " ".join(res.output.split()).replace("- ", "-")  # the help wraps at hyphens
    assert all(name in flat for name in CHECKS), flat


def test_a_short_figure_found_word_for_word_in_a_longer_one_is_no_conflict(tmp_path):
    # every word of the first is in the second: one sentence, but not the same one
    docs = {
        "a.txt": "Ada Lind will win at least 24 seats, the council said.\n",
        "b.txt": "Ada Lind will win at least 14 seats in the north and lose 30 in the "
        "south of the harbour district, the union said.\n",
    }
    with open_store(make_kb(tmp_path, docs)) as store:
        assert audit(store, ["conflicting-figures"]) == []


def test_a_hedge_beside_another_source_is_not_this_statements(tmp_path):
    """In a paragraph that also quotes what "experts say", a named engineer's
    own words rest on her, not on hearsay; "reportedly" next to a name does."""
    kb = make_kb(
        tmp_path,
        {
            "a.txt": "Tunnels under the dam are a risk that experts say no wall can fix. "
            "“We inspect the dam every week and it is sound,” said Ada Lind, its engineer.\n\n"
            "Mayor Ann Lee reportedly told aides that the pier would close.\n"
        },
    )
    with open_store(kb) as store:
        found = audit(store, ["vague-source"])
    reasons = {f.text: f.reason for f in found}
    assert not any("inspect the dam" in text for text in reasons)
    (lee,) = [r for t, r in reasons.items() if "pier" in t]
    assert lee == "attributed through “reportedly” (source: “Mayor Ann Lee”)"


def test_two_stories_own_differing_figures_are_low_and_two_sources_high(tmp_path):
    kb = make_kb(
        tmp_path,
        {
            "monday.txt": "The storm damaged 120 cars at the port.\n\n"
            "The ferry carried 40 passengers, the police said.\n",
            "tuesday.txt": "The storm damaged 150 cars at the port.\n\n"
            "The ferry carried 44 passengers, the mayor said.\n",
        },
    )
    with open_store(kb) as store:
        found = audit(store, ["conflicting-figures"])
    by_figure = {("150" in f.reason, "44" in f.reason): f.severity for f in found}
    assert by_figure == {(True, False): "low", (False, True): "high"}


def test_a_window_audits_the_stories_published_in_it(tmp_path):
    import json

    articles = [
        {"id": "mon", "date": "2026-03-02",
         "text": "The storm damaged 120 cars at the port, the police said."},
        {"id": "fri", "date": "2026-03-06",
         "text": "The storm damaged 150 cars at the port, the mayor said."},
        {"id": "sat", "date": "2026-03-07",
         "text": "The storm damaged 180 cars at the port, the union said."},
    ]  # fmt: skip
    kb = make_kb(tmp_path, {"feed.jsonl": "".join(json.dumps(a) + "\n" for a in articles)})
    with open_store(kb) as store:
        every = audit(store, ["conflicting-figures"])
        week_end = audit(store, ["conflicting-figures"], since="2026-03-05")
        alone = audit(store, ["conflicting-figures"], until="2026-03-03")
    assert len(every) == 3
    assert [(f.doc, "180" in f.reason and "150" in f.reason) for f in week_end] == [("sat", True)]
    assert alone == []
