import json

from claimkb.pipeline import ingest
from claimkb.query import who_said
from claimkb.rdf.mapping import graph_iri
from claimkb.store import open_store
from tests.conftest import N_CORPUS


def graph_size(store, doc_id: str) -> int:
    g = graph_iri(doc_id)
    return sum(1 for q in store.quads() if q.graph_name == g)


def test_reingesting_an_unchanged_file_changes_nothing(tmp_path, corpus_copy):
    with open_store(tmp_path, write=True) as store:
        first = ingest(store, [corpus_copy])
        before = sorted(map(str, store.quads()))
        second = ingest(store, [corpus_copy])
        after = sorted(map(str, store.quads()))
    assert len(first.added) == N_CORPUS
    assert second.added == [] and len(second.unchanged) == N_CORPUS
    assert before == after


def test_a_changed_file_replaces_its_graph(tmp_path, corpus_copy):
    path = corpus_copy / "03-coast-guard.txt"
    with open_store(tmp_path, write=True) as store:
        ingest(store, [path])
        old = graph_size(store, "03-coast-guard")
        path.write_text("Coast guard update\n\nThe commandant said the ferry was towed home.\n")
        report = ingest(store, [path])
        new = graph_size(store, "03-coast-guard")
        texts = [q.object.value for q in store.quads() if q.predicate.value.endswith("/text")]
    assert report.replaced == ["03-coast-guard"]
    assert 0 < new < old
    assert not any("43 people" in t for t in texts)


def test_bad_files_are_reported_and_the_rest_stored(tmp_path, corpus_copy):
    (corpus_copy / "empty.txt").write_bytes(b"")
    with open_store(tmp_path, write=True) as store:
        report = ingest(store, [corpus_copy])
    assert len(report.added) == N_CORPUS
    assert [p for p, _ in report.skipped] == [str(corpus_copy / "empty.txt")]


def test_two_files_with_one_name_in_one_run_keep_the_first_whole(tmp_path):
    for folder, who in (("june", "Ada Vance"), ("july", "Bo Lind")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "port.txt").write_text(f"{who} said the pier will reopen.\n")
    with open_store(tmp_path / "kb", write=True) as store:
        report = ingest(store, [tmp_path / "july", tmp_path / "june"])
        speakers = {r["speaker"] for r in who_said(store, None)}
    assert report.added == ["port"]
    assert [p for p, _ in report.skipped] == [str(tmp_path / "june" / "port.txt")]
    assert "is document 'port' already" in report.skipped[0][1]
    assert speakers == {"Bo Lind"}


def test_a_json_lines_corpus_is_stored_an_article_a_graph(tmp_path):
    lines = [
        {"id": "pier", "text": "Ada Vance said the pier will reopen."},
        {"id": "toll", "title": "Toll", "text": "Bo Lind said the toll stays."},
        {"id": "pier", "text": "Cy Moss said the pier stays shut."},
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    with open_store(tmp_path / "kb", write=True) as store:
        first = ingest(store, [feed])
        speakers = {r["speaker"] for r in who_said(store, None)}
        again = ingest(store, [feed])
    assert first.added == ["pier", "toll"]
    assert first.skipped == [
        (str(feed), f"{feed}:3: {feed}:1 is document 'pier' already; rename one of them")
    ]
    assert speakers == {"Ada Vance", "Bo Lind"}
    assert again.unchanged == ["pier", "toll"] and again.added == []


def test_a_document_stored_by_an_older_mapping_is_extracted_again(tmp_path, corpus_copy):
    """Same bytes, older triples (no ckb:mappingVersion): re-ingest rewrites it, so an
    upgraded claimkb never answers from a stale layout."""
    path = corpus_copy / "03-coast-guard.txt"
    with open_store(tmp_path, write=True) as store:
        ingest(store, [path])
        store.update("DELETE WHERE { GRAPH ?g { ?d ckb:mappingVersion ?v } }")
        report = ingest(store, [path])
        assert report.replaced == ["03-coast-guard"]
        assert ingest(store, [path]).unchanged == ["03-coast-guard"]


def test_jobs_and_batched_writes_store_what_one_process_does(tmp_path, corpus_copy):
    with open_store(tmp_path / "one", write=True) as store:
        ingest(store, [corpus_copy])
        one = sorted(map(str, store.quads()))
    with open_store(tmp_path / "two", write=True) as store:
        ingest(store, [corpus_copy], jobs=2)
        two = sorted(map(str, store.quads()))
    assert one == two


def test_a_document_extracted_by_another_model_is_extracted_again(tmp_path, corpus_copy):
    """A retrained tagger (new hash) or another --method must not leave the old
    extraction standing as "unchanged"."""
    path = corpus_copy / "03-coast-guard.txt"
    with open_store(tmp_path, write=True) as store:
        ingest(store, [path], method="rules")
        assert ingest(store, [path], method="rules").unchanged == ["03-coast-guard"]
        assert ingest(store, [path]).replaced == ["03-coast-guard"]
        assert ingest(store, [path]).unchanged == ["03-coast-guard"]


def test_a_document_extracted_by_older_extraction_code_is_extracted_again(
    tmp_path, corpus_copy, monkeypatch
):
    """Same bytes, same tagger, but a mended rule or word list: the stored graph is
    stale, so re-ingest must extract it again rather than call it unchanged."""
    import importlib

    # by name: `import claimkb.extract` yields the function the package re-exports
    extract_package = importlib.import_module("claimkb.extract")
    path = corpus_copy / "03-coast-guard.txt"
    with open_store(tmp_path, write=True) as store:
        ingest(store, [path])
        monkeypatch.setattr(extract_package, "code_digest", lambda paths: "0" * 12)
        assert ingest(store, [path]).replaced == ["03-coast-guard"]
        assert ingest(store, [path]).unchanged == ["03-coast-guard"]


def test_a_verdict_follows_its_statement_when_re_extraction_moves_it(tmp_path):
    from claimkb import factcheck
    from claimkb.validate import validate_store

    page = tmp_path / "corpus" / "pier.txt"
    page.parent.mkdir()
    page.write_text("Port news\n\nJane Roe said the pier was “a disaster.”\n")
    kb = tmp_path / "kb"
    with open_store(kb, write=True) as store:
        ingest(store, [page])
        (old,) = who_said(store, "Roe")
        ids, claim = factcheck.statement_ids(store, old["id"])
        review = factcheck.make_review(
            claim, "False", "Checks", "https://checks.example/1", statements=ids
        )
        factcheck.record(store, [review])
        # the same words, a new span: an edit above them moves the statement's id
        page.write_text("Port news\n\nJane Roe said on Monday the pier was “a disaster.”\n")
        moved = ingest(store, [page])
        (new,) = who_said(store, "Roe")
        judged = {sid for r in factcheck.reviews(store) for sid in r["statements"]}
        page.write_text("Port news\n\nJane Roe said the ferry was late.\n")
        gone = ingest(store, [page])
        (left,) = factcheck.reviews(store)
        report = validate_store(store)
    assert new["id"] != old["id"]
    assert (moved.relinked, judged) == (1, {new["id"]})
    # words no longer said: the review judges a claim of its own, as an
    # imported one that matches nothing does, and the store stays valid
    assert (gone.relinked, left["statements"], left["claim"]) == (1, [], claim)
    assert (left["claimant"], left["claimant_type"]) == ("Jane Roe", "person")
    assert report.conforms, report.text


def test_remove_takes_documents_out_whole_and_keeps_their_verdicts(tmp_path):
    from claimkb import factcheck
    from claimkb.pipeline import remove
    from claimkb.query import documents
    from claimkb.validate import validate_store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "monday.txt").write_text("Port news\n\nJane Roe said the pier was “a disaster.”\n")
    (corpus / "tuesday.txt").write_text("Pier\n\nJane Roe said again the pier was “a disaster.”\n")
    (corpus / "wednesday.txt").write_text("Ferries\n\nTom Lind said the ferry was late.\n")
    with open_store(tmp_path / "kb", write=True) as store:
        ingest(store, [corpus])
        monday = [r for r in who_said(store, "Roe") if r["doc"] == "monday"]
        ids, claim = factcheck.statement_ids(store, monday[0]["id"])
        review = factcheck.make_review(claim, "False", "Checks", "https://checks.example/1",
                                       statements=ids)  # fmt: skip
        factcheck.record(store, [review])
        first = remove(store, ["monday"])
        (moved,) = factcheck.reviews(store)
        docs = [r["doc"] for r in documents(store)]
        left = {r["doc"] for r in who_said(store, "Roe")}
        remove(store, ["tuesday"])
        (own,) = factcheck.reviews(store)
        valid = validate_store(store)
    assert (first.removed, first.statements, first.relinked) == (["monday"], 1, 1)
    assert docs == ["tuesday", "wednesday"] and left == {"tuesday"}
    # the verdict now judges Tuesday's statement of the same words, then its own claim
    assert moved["statements"] and moved["statements"][0] != ids[0]
    assert (own["statements"], own["claim"], own["claimant"]) == ([], claim, "Jane Roe")
    assert valid.conforms, valid.text


def test_remove_with_one_unknown_id_removes_nothing(tmp_path, corpus_copy):
    import pytest

    from claimkb.errors import QueryError
    from claimkb.pipeline import remove

    with open_store(tmp_path, write=True) as store:
        ingest(store, [corpus_copy])
        before = sorted(map(str, store.quads()))
        with pytest.raises(QueryError, match="'no-such-story'; nothing removed"):
            remove(store, ["03-coast-guard", "no-such-story"])
        with pytest.raises(QueryError, match="at least one"):
            remove(store, [])
        after = sorted(map(str, store.quads()))
    assert before == after


def test_an_ingest_mends_reviews_a_stopped_removal_left_pointing_at_nothing(tmp_path):
    from claimkb import factcheck
    from claimkb.validate import validate_store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "monday.txt").write_text("Port news\n\nJane Roe said the pier was “a disaster.”\n")
    with open_store(tmp_path / "kb", write=True) as store:
        ingest(store, [corpus])
        (said,) = who_said(store, "Roe")
        ids, claim = factcheck.statement_ids(store, said["id"])
        review = factcheck.make_review(claim, "False", "Checks", "https://checks.example/1",
                                       statements=ids)  # fmt: skip
        factcheck.record(store, [review])
        # a removal stopped after dropping the graph, before relinking
        store.replace_graphs([(graph_iri("monday"), [])])
        assert not validate_store(store).conforms
        (corpus / "tuesday.txt").write_text("Ferries\n\nTom Lind said the ferry was late.\n")
        (corpus / "monday.txt").unlink()
        report = ingest(store, [corpus])
        (left,) = factcheck.reviews(store)
        valid = validate_store(store)
    assert report.added == ["tuesday"] and report.relinked == 1
    assert (left["statements"], left["claim"]) == ([], claim)
    assert valid.conforms, valid.text
