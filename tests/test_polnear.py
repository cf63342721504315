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
from tests.conftest import ROOT, SHARED

DEV = SHARED / "data" / "polnear" / "dev"
SCORER = SHARED / "tools" / "score_attributions.py"
N_DOCS = 12


def load_module(name: str, path):
    """A script outside the package (the shared scorer, our eval scripts) as a module."""
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses looks its module up here
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    assert DEV.is_dir(), f"{DEV} is missing: the test suite reads PolNeAR from ../shared"
    scorer = load_module("claimkb_test_scorer", SCORER)
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


def test_sources_are_named_right_on_the_hand_checked_set():
    """scripts/eval_speakers.py on tests/data/speakers_dev.tsv (66 "he"/"she",
    34 "the <title>" and 156 other sources from dev, names checked by hand).
    Before the resolver read given names, skipped names inside reported words
    and read unbound titles as epithets: pronouns 0.58, titles 0.41; after:
    0.80, 0.78.  Other sources: 0.81 before a source's own name came first and
    names that only qualify a noun stopped naming it (session 37), 0.83 after."""
    mod = load_module("claimkb_eval_speakers", ROOT / "scripts" / "eval_speakers.py")
    res = mod.score(mod.load(ROOT / "tests" / "data" / "speakers_dev.tsv"))
    assert res["kinds"]["pronoun"]["items"] >= 60
    assert res["kinds"]["title"]["items"] >= 30
    assert res["kinds"]["other"]["items"] >= 150
    assert res["kinds"]["pronoun"]["accuracy"] >= 0.70, res["misses"]
    assert res["kinds"]["title"]["accuracy"] >= 0.60, res["misses"]
    assert res["kinds"]["other"]["accuracy"] >= 0.80, res["misses"]


def test_sources_are_named_right_on_the_train_set_nobody_tuned_on():
    """tests/data/speakers_train.tsv (60 pronoun and 48 title sources from
    PolNeAR train, checked by hand in session 41, and twice 39 more pronouns
    drawn in session 43): pronouns 0.77 and titles 0.73 when it was built,
    the two later batches 0.74 and 0.79 when each was drawn, 29 more titles
    0.66, and 40 pronouns drawn after that session's changes 0.85; in
    session 44, drawn before its changes, 40 pronouns 0.82, 27 titles 0.63
    and 40 other sources 0.60, and 39 pronouns drawn after most of them 0.79;
    in session 45, drawn before its changes, 40 pronouns 0.80, 11 titles 0.64
    and 40 other sources 0.68, and 40 pronouns and 40 other sources drawn
    after most of them 0.80 and 0.72, and twice 39 pronouns and 40 other
    sources after all of them 0.77, 0.92 and 0.75; in session 47, drawn
    before its changes, the last 28 pronouns 0.82 and 40 other sources 0.65
    (the last 8 title sources name nobody the story names); most misses are
    sources the tagger found no statement for."""
    mod = load_module("claimkb_eval_speakers", ROOT / "scripts" / "eval_speakers.py")
    res = mod.score(mod.load(ROOT / "tests" / "data" / "speakers_train.tsv"))
    kinds = res["kinds"]
    assert [kinds[k]["items"] for k in ("pronoun", "title", "other")] == [443, 115, 200]
    assert kinds["pronoun"]["accuracy"] >= 0.72, res["misses"]
    assert kinds["title"]["accuracy"] >= 0.62, res["misses"]
    assert kinds["other"]["accuracy"] >= 0.60, res["misses"]


def test_a_statement_s_confidence_is_as_often_right_as_it_says_on_dev(monkeypatch):
    """scripts/eval_confidence.py: statements binned by confidence are right
    about that often (calibration error 0.019 when fitted, session 41), and
    right ones rank above wrong ones (AUC 0.76; the constants every tagger
    statement had before, 0.8 nearly all, ranked at 0.51)."""
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))  # it reads train_tagger's gold reader
    mod = load_module("claimkb_eval_confidence", ROOT / "scripts" / "eval_confidence.py")
    res = mod.reliability(mod.rated("dev", raw=False))
    assert res["statements"] > 1500
    assert res["ece"] < 0.05, res["bins"]
    assert res["auc"] > 0.7
