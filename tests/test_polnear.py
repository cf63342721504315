"""Extraction quality on real news: a slice of PolNeAR dev, scored by the shared scorer.

The floor is the ~90-line spaCy rule baseline's attribution F1 (0.45); our
extractor must stay well above it.  Full dev figures come from `make eval`.
"""

import importlib.util
import json
import sys

import pytest

from claimkb.extract import extract_many
from claimkb.ingest import iter_documents
from claimkb.records import extraction_dict
from tests.conftest import SHARED

DEV = SHARED / "data" / "polnear" / "dev"
SCORER = SHARED / "tools" / "score_attributions.py"
N_DOCS = 12


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    assert DEV.is_dir(), f"{DEV} is missing: the test suite reads PolNeAR from ../shared"
    spec = importlib.util.spec_from_file_location("claimkb_test_scorer", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    sys.modules["claimkb_test_scorer"] = scorer  # dataclasses looks its module up here
    spec.loader.exec_module(scorer)
    tmp = tmp_path_factory.mktemp("polnear")
    gold = tmp / "gold"
    (gold / "text").mkdir(parents=True)
    (gold / "attributions").symlink_to(DEV / "attributions")
    files = sorted((DEV / "text").glob("*.txt"))[:N_DOCS]
    for f in files:
        (gold / "text" / f.name).symlink_to(f)
    docs = [d for _, d in iter_documents(files)]
    pred = tmp / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as fh:
        for ex in extract_many(docs):
            fh.write(json.dumps(extraction_dict(ex)) + "\n")
    return scorer.evaluate(str(gold), str(pred))


def test_attribution_f1_beats_the_rule_baseline(scores):
    assert scores["attribution"]["f1"] >= 0.50, scores["attribution"]


def test_exact_source_and_content_are_useful(scores):
    assert scores["exact"]["source"]["f1"] >= 0.55, scores["exact"]["source"]
    assert scores["exact"]["content"]["f1"] >= 0.38, scores["exact"]["content"]


def test_no_warnings_from_the_scorer(scores):
    assert [w for w in scores["warnings"] if "gold" not in w] == []
