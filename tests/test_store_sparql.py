"""The SPARQL-endpoint backend against a real server on loopback (oxigraph serve)."""

from __future__ import annotations

import json

import pytest
from pyoxigraph import Literal, NamedNode, Quad
from typer.testing import CliRunner

from claimkb.cli import app
from claimkb.errors import StoreError
from claimkb.store.sparql import SparqlStore, bind, default_update_url
from tests.conftest import CORPUS, N_CORPUS

runner = CliRunner()


def test_bound_values_travel_escaped_inside_where():
    q = bind("SELECT ?x ?q WHERE { ?x ?p ?q }", {"q": Literal('"} ; DROP ALL ; #\n')})
    assert q.startswith('SELECT ?x ?q WHERE { VALUES (?q) { ("\\"} ; DROP ALL ; #\\n") }')
    assert bind("ASK { ?d ?p ?o }", {"d": NamedNode("http://a.example/d")}).startswith(
        "ASK { VALUES (?d) { (<http://a.example/d>) }"
    )


def test_update_url_sits_beside_the_query_url():
    assert default_update_url("http://h:7878/query") == "http://h:7878/update"
    assert default_update_url("http://h:8890/sparql") == "http://h:8890/sparql"


def test_a_hostile_literal_is_stored_verbatim(sparql_endpoint):
    store = SparqlStore(sparql_endpoint)
    nasty = '"} } ; DROP ALL ; INSERT DATA { <a> <b> "c" } #\n\u2028'
    g = NamedNode("https://claimkb.org/id/graph/test-hostile")
    s = NamedNode("https://claimkb.org/id/test/hostile")
    store.replace_graph(g, [Quad(s, NamedNode("http://schema.org/text"), Literal(nasty), g)])
    rows = store.select("SELECT ?t ?s WHERE { ?s <http://schema.org/text> ?t }", {"s": s})
    assert rows[0]["t"].value == nasty
    # nothing else was dropped
    assert store.ask("ASK { ?d a <http://schema.org/NewsArticle> }")
    store.replace_graph(g, [])


def test_an_unreachable_endpoint_is_one_clear_error():
    store = SparqlStore("http://127.0.0.1:9/query")
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint"):
        store.ask("ASK { ?s ?p ?o }")


def test_cli_ingest_and_query_through_store_option(tmp_path, sparql_endpoint):
    """The same commands, pointed at the server with --store."""
    res = runner.invoke(app, ["--store", sparql_endpoint, "who-said", "Brandt", "-f", "json"])
    assert res.exit_code == 0, res.output
    assert {r["speaker"] for r in json.loads(res.stdout)} == {"Ilse Brandt"}
    res = runner.invoke(app, ["--store", sparql_endpoint, "ingest", str(CORPUS)])
    assert res.exit_code == 0 and f"{N_CORPUS} unchanged" in res.output
    out = tmp_path / "kb.nq"
    res = runner.invoke(app, ["--store", sparql_endpoint, "export", "-f", "nquads", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text().count("\n") > 500
    res = runner.invoke(app, ["--store", "ftp://nowhere", "sources"])
    assert res.exit_code == 3 and "http(s) SPARQL endpoint" in res.output


@pytest.mark.parametrize("url", ["http://[::1", "http://", "http://host:port/query"])
def test_a_store_url_that_is_not_one_is_a_one_line_error(url):
    res = runner.invoke(app, ["--store", url, "sources"])
    assert res.exit_code == 3
    assert (
        res.output
        == f"error: --store / CLAIMKB_STORE must be an http(s) SPARQL endpoint, not {url!r}\n"
    )


def test_cli_removes_a_document_from_the_server(tmp_path, sparql_endpoint):
    page = tmp_path / "extra-story.txt"
    page.write_text("Pier news\n\nJune Marsh said the pier would close in May.\n")
    res = runner.invoke(app, ["--store", sparql_endpoint, "ingest", str(page)])
    assert res.exit_code == 0, res.output
    listed = runner.invoke(app, ["--store", sparql_endpoint, "documents", "-f", "json"])
    assert "extra-story" in {r["doc"] for r in json.loads(listed.stdout)}
    res = runner.invoke(app, ["--store", sparql_endpoint, "remove", "extra-story"])
    assert res.exit_code == 0 and "1 document removed" in res.output, res.output
    listed = runner.invoke(app, ["--store", sparql_endpoint, "documents", "-f", "json"])
    assert len(json.loads(listed.stdout)) == N_CORPUS
    said = runner.invoke(app, ["--store", sparql_endpoint, "who-said", "Marsh", "-f", "json"])
    assert json.loads(said.stdout) == []
