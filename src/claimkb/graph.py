"""networkx views of the knowledge base, for Gephi, Cytoscape or a notebook.

Three questions, three graphs, all read from the store with one query each:

* ``speakers``: who talks about whom (speaker -> entity mentioned in what they
  said), weighted by statements;
* ``citations``: which document cites which speaker, weighted by statements;
* ``entities``: which entities are mentioned together in one statement.
"""

from __future__ import annotations

import io
import json
import random
import re
from collections import Counter

import networkx as nx
import numpy as np

from claimkb.errors import QueryError
from claimkb.query import select_rows
from claimkb.store import Store

VIEWS = ("speakers", "citations", "entities")
FORMATS = ("graphml", "gexf", "json")

# Read inside each document's graph: speaker and entity facts repeat in every
# graph that mentions them, and the union default graph would multiply rows.
_SPEAKER_ENTITY = """
SELECT DISTINCT ?st ?sp ?speaker ?speaker_type ?e ?entity WHERE { GRAPH ?g {
    ?st schema:author ?sp ; schema:mentions ?e .
    ?sp rdfs:label ?speaker ; ckb:speakerType ?speaker_type .
    ?e rdfs:label ?entity .
} }"""
_CITATIONS = """
SELECT DISTINCT ?st ?d ?doc ?sp ?speaker ?speaker_type WHERE { GRAPH ?g {
    ?st schema:author ?sp ; schema:isPartOf ?d .
    ?d schema:identifier ?doc .
    ?sp rdfs:label ?speaker ; ckb:speakerType ?speaker_type .
} }"""
_MENTIONS = """
SELECT DISTINCT ?st ?e ?entity WHERE {
    GRAPH ?g { ?st schema:mentions ?e . ?e rdfs:label ?entity }
}"""


def _add_edges(g: nx.Graph, counts: Counter, kind: str) -> None:
    for (a, b), n in sorted(counts.items()):
        g.add_edge(a, b, weight=n, kind=kind)


def build(store: Store, view: str) -> nx.Graph:
    """One view as a networkx graph; node ids are IRIs, ``label`` is the name."""
    if view not in VIEWS:
        raise QueryError(f"unknown view {view!r}; choose from {', '.join(VIEWS)}")
    if view == "speakers":
        g: nx.Graph = nx.DiGraph(view=view)
        counts: Counter = Counter()
        for r in select_rows(store, _SPEAKER_ENTITY):
            g.add_node(r["sp"], label=r["speaker"], type=r["speaker_type"], role="speaker")
            g.add_node(r["e"], label=r["entity"], role="entity")
            counts[(r["sp"], r["e"])] += 1
        _add_edges(g, counts, "talks-about")
    elif view == "citations":
        g = nx.DiGraph(view=view)
        counts = Counter()
        for r in select_rows(store, _CITATIONS):
            g.add_node(r["d"], label=r["doc"], role="document")
            g.add_node(r["sp"], label=r["speaker"], type=r["speaker_type"], role="speaker")
            counts[(r["d"], r["sp"])] += 1
        _add_edges(g, counts, "cites")
    else:
        g = nx.Graph(view=view)
        by_statement: dict[str, list[str]] = {}
        for r in select_rows(store, _MENTIONS):
            g.add_node(r["e"], label=r["entity"], role="entity")
            by_statement.setdefault(r["st"], []).append(r["e"])
        counts = Counter()
        for ents in by_statement.values():
            ents = sorted(set(ents))
            for i, a in enumerate(ents):
                for b in ents[i + 1 :]:
                    counts[(a, b)] += 1
        _add_edges(g, counts, "co-mentioned")
    return g


#: what XML 1.0 cannot hold: the C0 controls but tab, newline and return
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def serialise(g: nx.Graph, fmt: str) -> str:
    """A graph as GraphML, GEXF or node-link JSON."""
    if fmt == "json":
        return json.dumps(nx.node_link_data(g, edges="edges"), indent=1, sort_keys=True) + "\n"
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(_xml_safe(g), buf)
    elif fmt == "gexf":
        nx.write_gexf(_xml_safe(g), buf)
    else:
        raise QueryError(f"unknown graph format {fmt!r}; choose from {', '.join(FORMATS)}")
    return buf.getvalue().decode("utf-8")


def _xml_safe(g: nx.Graph) -> nx.Graph:
    """``g`` with each control character XML cannot hold shown as U+FFFD: a
    name keeps what the page printed (an escape character pasted into
    ``Ada\\x1bVance``), and networkx refuses to write such a string at all."""

    def clean(value: object) -> object:
        return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value

    def attrs(data: dict) -> dict:
        return {k: clean(v) for k, v in data.items()}

    out = g.__class__()
    out.graph.update(attrs(g.graph))
    out.add_nodes_from((clean(n), attrs(d)) for n, d in g.nodes(data=True))
    out.add_edges_from((clean(u), clean(v), attrs(d)) for u, v, d in g.edges(data=True))
    return out


def stats(store: Store, top: int = 10) -> dict[str, list[dict]]:
    """Top speakers (statements), top entities (mentions) and the most central
    nodes of the who-talks-about-whom graph (betweenness on the undirected view:
    the names that connect otherwise separate conversations)."""
    speakers = Counter()
    names = {}
    for r in select_rows(store, _CITATIONS):
        speakers[r["sp"]] += 1
        names[r["sp"]] = r["speaker"]
    entities = Counter()
    for r in select_rows(store, _MENTIONS):
        entities[r["e"]] += 1
        names[r["e"]] = r["entity"]
    g = build(store, "speakers")
    rank = _betweenness(g.to_undirected()) if g.number_of_edges() else {}
    return {
        "speakers": [{"speaker": names[k], "statements": n} for k, n in _top(speakers, top)],
        "entities": [{"entity": names[k], "mentions": n} for k, n in _top(entities, top)],
        "central": [
            {"name": g.nodes[k]["label"], "role": g.nodes[k]["role"], "betweenness": round(v, 4)}
            for k, v in _top(Counter(rank), top)
        ],
    }


#: above this many nodes betweenness is estimated from this many sources, not
#: all: exact, it took two minutes on the 6,577 nodes of PolNeAR train, and the
#: estimate from 500 (fixed seed) kept 9 of its top 10
BETWEENNESS_SAMPLE = 500
#: sources searched at once, fewer on a large graph: each holds a row of
#: numbers for every edge end, and this many numbers in all
_BATCH_NUMBERS = 1 << 22


def _betweenness(g: nx.Graph) -> dict:
    """Normalised betweenness, as ``nx.betweenness_centrality`` gives it (the
    same sources sampled, the same scaling), by Brandes' algorithm run for a
    batch of sources at once in numpy: a breadth-first search level by level,
    every edge at a time, in place of networkx's node-by-node Python loop
    (PolNeAR train's 6,360 nodes: 2.5 s against 9.6, equal to 1e-15)."""
    nodes = list(g)
    n = len(nodes)
    if n - 1 < 2:
        return dict.fromkeys(nodes, 0.0)
    sampled = n > 2 * BETWEENNESS_SAMPLE
    # the draw networkx makes with seed=0
    sources = random.Random(0).sample(nodes, BETWEENNESS_SAMPLE) if sampled else nodes
    index = {v: i for i, v in enumerate(nodes)}
    ends = np.array([(index[u], index[v]) for u, v in g.edges() if u != v], dtype=np.int64)
    ends = ends.reshape(-1, 2)
    src = np.concatenate([ends[:, 0], ends[:, 1]])
    dst = np.concatenate([ends[:, 1], ends[:, 0]])
    order = np.argsort(dst, kind="stable")
    src, dst = src[order], dst[order]
    targets, starts = np.unique(dst, return_index=True)
    batch = max(1, min(64, _BATCH_NUMBERS // max(len(src), 1)))
    picked = np.array([index[v] for v in sources], dtype=np.int64)
    total = np.zeros(n)
    for i in range(0, len(picked), batch):
        total += _dependencies(picked[i : i + batch], src, targets, starts, n)
    big_n = n - 1
    if sampled:
        k = len(sources)
        scale = np.full(n, 1 / (k * (big_n - 1)))
        scale[picked] = 1 / ((k - 1) * (big_n - 1))
    else:
        scale = np.full(n, 1 / (big_n * (big_n - 1)))
    return {v: float(x) for v, x in zip(nodes, total * scale, strict=True)}


def _spread(values: np.ndarray, src: np.ndarray, targets: np.ndarray, starts: np.ndarray):
    """Each node's sum of its neighbours' ``values``, row by row."""
    out = np.zeros_like(values)
    if len(src):
        out[:, targets] = np.add.reduceat(values[:, src], starts, axis=1)
    return out


def _dependencies(batch: np.ndarray, src, targets, starts, n: int) -> np.ndarray:
    """Brandes' dependencies of every node, summed over the ``batch`` sources."""
    rows = np.arange(len(batch))
    sigma = np.zeros((len(batch), n))  # shortest paths from each source
    sigma[rows, batch] = 1.0
    depth = np.full((len(batch), n), -1, dtype=np.int32)
    depth[rows, batch] = 0
    frontier, level = sigma.copy(), 0
    while True:
        reach = _spread(frontier, src, targets, starts)
        reach[depth >= 0] = 0.0
        if not reach.any():
            break
        level += 1
        depth[reach > 0] = level
        sigma += reach
        frontier = reach
    delta = np.zeros_like(sigma)
    safe = np.where(sigma > 0, sigma, 1.0)
    for d in range(level, 0, -1):
        share = np.where(depth == d, (1.0 + delta) / safe, 0.0)
        delta += np.where(depth == d - 1, sigma * _spread(share, src, targets, starts), 0.0)
    delta[rows, batch] = 0.0
    return delta.sum(axis=0)


def _top(counts: Counter, n: int) -> list[tuple[str, float]]:
    """Most common first, ties by key, so output is stable."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
