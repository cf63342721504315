"""The networkx views, on a small knowledge base written for them."""

from __future__ import annotations

import io
import json
import xml.dom.minidom

import networkx as nx
import pytest

from claimkb import graph
from claimkb.store import open_store
from tests.conftest import make_kb

DOCS = {
    "a.txt": "Jane Roe said Amberly and Veloria would share the bridge.\n\n"
    "Jane Roe said Amberly would pay for it.\n",
    "b.txt": "John Doe said Veloria would never pay.\n",
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    return make_kb(tmp_path_factory.mktemp("graph"), DOCS)


def labelled(g: nx.Graph) -> dict[tuple[str, str], int]:
    lab = nx.get_node_attributes(g, "label")
    return {(lab[a], lab[b]): d["weight"] for a, b, d in g.edges(data=True)}


def view(kb, name):
    with open_store(kb) as store:
        return graph.build(store, name)


def test_speakers_view_counts_who_talks_about_whom(kb):
    edges = labelled(view(kb, "speakers"))
    assert edges[("Jane Roe", "Amberly")] == 2
    assert edges[("Jane Roe", "Veloria")] == 1
    assert edges[("John Doe", "Veloria")] == 1


def test_citations_view_links_documents_to_speakers(kb):
    edges = labelled(view(kb, "citations"))
    assert edges[("a", "Jane Roe")] == 2
    assert edges[("b", "John Doe")] == 1


def test_entities_view_links_co_mentions(kb):
    edges = labelled(view(kb, "entities"))
    assert edges in ({("Amberly", "Veloria"): 1}, {("Veloria", "Amberly"): 1})


@pytest.mark.parametrize("fmt", graph.FORMATS)
@pytest.mark.parametrize("name", graph.VIEWS)
def test_every_format_reads_back_to_the_same_graph(kb, name, fmt):
    g = view(kb, name)
    text = graph.serialise(g, fmt)
    if fmt == "graphml":
        back = nx.read_graphml(io.BytesIO(text.encode()))
    elif fmt == "gexf":
        back = nx.read_gexf(io.BytesIO(text.encode()))
    else:
        back = nx.node_link_graph(json.loads(text), edges="edges")
    assert set(back.nodes) == set(g.nodes)
    assert {tuple(e) for e in back.edges} == {tuple(e) for e in g.edges}


def test_stats_rank_speakers_and_entities(kb):
    with open_store(kb) as store:
        s = graph.stats(store, top=5)
    assert s["speakers"][0] == {"speaker": "Jane Roe", "statements": 2}
    assert {e["entity"] for e in s["entities"]} == {"Amberly", "Veloria"}
    assert s["central"][0]["name"] == "Veloria"  # it joins Roe's and Doe's conversations


def test_betweenness_of_a_large_graph_is_estimated_the_same_way_each_time(monkeypatch):
    # a path a-b-c-...: the middle is the most between; with the sample cut
    # to 3 sources the estimate still finds the middle half, the same each run
    g = nx.path_graph(12)
    monkeypatch.setattr(graph, "BETWEENNESS_SAMPLE", 3)
    first, again = graph._betweenness(g), graph._betweenness(g)
    assert first == again
    assert first != nx.betweenness_centrality(g)  # estimated, not exact
    assert max(first, key=first.get) in range(3, 9)


def test_unknown_view_is_a_query_error(kb):
    from claimkb.errors import QueryError

    with open_store(kb) as store, pytest.raises(QueryError):
        graph.build(store, "nope")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_a_control_character_in_a_name_still_writes_xml(fmt):
    g = nx.DiGraph(view="speakers")
    g.add_node("https://claimkb.org/id/speaker/a", label="Ada\x1bVance", role="speaker")
    g.add_node("https://claimkb.org/id/entity/b", label="Port\x07Amberly", role="entity")
    g.add_edge("https://claimkb.org/id/speaker/a", "https://claimkb.org/id/entity/b", weight=1)
    text = graph.serialise(g, fmt)
    xml.dom.minidom.parseString(text.encode("utf-8"))
    assert "Ada\ufffdVance" in text and "Port\ufffdAmberly" in text
    assert g.nodes["https://claimkb.org/id/speaker/a"]["label"] == "Ada\x1bVance"


@pytest.mark.parametrize("sample", [None, 15])
def test_betweenness_is_networkx_s_sources_scaling_and_all(monkeypatch, sample):
    g = nx.gnp_random_graph(70, 0.06, seed=3)
    g.add_edge(1, 1)  # a self loop changes no shortest path
    g.add_edges_from([("x", "y"), ("y", "z")])  # a second component
    g.add_node("alone")
    if sample:  # the estimate from a sample of sources, as stats uses past 2 × sample nodes
        monkeypatch.setattr(graph, "BETWEENNESS_SAMPLE", sample)
    expected = nx.betweenness_centrality(g, k=sample, seed=0 if sample else None)
    found = graph._betweenness(g)
    assert found.keys() == expected.keys()
    assert max(abs(found[v] - expected[v]) for v in g) < 1e-12
    assert found["alone"] == 0.0 and (sample or found["y"] > 0)
