import pytest
import rdflib
from rdflib.compare import isomorphic

from claimkb.export import FORMATS, RDFLIB_FORMATS, export_rdf
from claimkb.store import open_store
from tests.conftest import N_CORPUS


@pytest.fixture(scope="module")
def exports(sample_kb):
    with open_store(sample_kb) as store:
        return {fmt: export_rdf(store, fmt) for fmt in FORMATS}


def union(data: bytes, fmt: str) -> rdflib.Graph:
    if fmt in ("trig", "nquads", "jsonld"):
        ds = rdflib.Dataset()
        ds.parse(data=data, format=RDFLIB_FORMATS[fmt])
        g = rdflib.Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    return rdflib.Graph().parse(data=data, format=RDFLIB_FORMATS[fmt])


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_parses_back_to_the_same_graph(exports, fmt):
    reference = union(exports["nt"], "nt")
    assert len(reference) > 500
    assert isomorphic(union(exports[fmt], fmt), reference)


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_dataset_formats_keep_one_graph_per_document(exports, fmt):
    ds = rdflib.Dataset()
    ds.parse(data=exports[fmt], format=RDFLIB_FORMATS[fmt])
    graphs = {str(c) for _, _, _, c in ds.quads((None, None, None, None))}
    assert len({g for g in graphs if "/graph/" in g}) == N_CORPUS


def test_export_is_deterministic(sample_kb, exports):
    with open_store(sample_kb) as store:
        assert export_rdf(store, "nt") == exports["nt"]


def test_no_blank_nodes(exports):
    g = union(exports["nt"], "nt")
    assert not any(isinstance(t, rdflib.BNode) for triple in g for t in triple)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_conforms_to_the_shapes(exports, fmt):
    from claimkb.validate import validate_graph

    report = validate_graph(union(exports[fmt], fmt))
    assert report.conforms, report.text[:2000]


def test_csv_export_has_a_row_per_statement_with_true_offsets(sample_kb):
    import csv
    import io

    from claimkb.export import export
    from claimkb.query import all_statements, document_texts

    with open_store(sample_kb) as store:
        rows = list(csv.DictReader(io.StringIO(export(store, "csv").decode("utf-8"))))
        expected = all_statements(store)
        texts = document_texts(store)
    assert len(rows) == len(expected) > 0
    assert list(rows[0])[:3] == ["id", "doc", "date"]  # the day a reader sorts a sheet by
    with_source = [r for r in rows if r["source_start"]]
    assert with_source
    for r in with_source:
        text = texts[r["doc"]]
        assert text[int(r["source_start"]) : int(r["source_end"])] == r["source"]


def test_graphml_export_opens_in_networkx(sample_kb):
    import io

    import networkx as nx

    from claimkb.export import export

    with open_store(sample_kb) as store:
        g = nx.read_graphml(io.BytesIO(export(store, "graphml")))
    labels = {d.get("label") for _, d in g.nodes(data=True)}
    assert "Mara Castell" in labels and g.number_of_edges() > 0
