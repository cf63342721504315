"""Any SPARQL 1.1 endpoint as the store: the scale-out backend.

Speaks only the standard protocols (SPARQL 1.1 Query and Update over HTTP
POST), so Oxigraph server, Virtuoso, Jena Fuseki, GraphDB and Neptune all
work.  Two things differ from the embedded store:

* HTTP has no pre-bound variables, so a bound value travels as a ``VALUES``
  row at the top of the query's WHERE group, written in N-Triples syntax by
  Oxigraph's own term serialiser (escaped), never pasted from user text;
* the server must query all named graphs as its default graph, as claimkb's
  queries expect: ``oxigraph serve --union-default-graph``, Fuseki's
  ``tdb2:unionDefaultGraph true``; Virtuoso does so by default.

Each document (or batch of reviews) is one update request: ``DROP SILENT
GRAPH`` + ``INSERT DATA``, which servers apply atomically.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping

from pyoxigraph import (
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    parse,
    parse_query_results,
)

from claimkb.errors import QueryError, StoreError
from claimkb.rdf.vocab import sparql_prefixes
from claimkb.store import Row, Term

#: Seconds before a request to the endpoint is given up.
TIMEOUT = 120.0
_WHERE = re.compile(r"\bWHERE\s*\{|^\s*ASK\s*\{", re.IGNORECASE)
_FORM = re.compile(r"^\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE | re.MULTILINE)


def bind(query: str, bindings: Mapping[str, Term] | None) -> str:
    """The query with each bound value as a one-row ``VALUES`` block inside WHERE."""
    if not bindings:
        return query
    m = _WHERE.search(query)
    if m is None:
        raise QueryError("a query with bound values needs a WHERE { } group")
    names = " ".join(f"?{k}" for k in bindings)
    values = " ".join(str(v) for v in bindings.values())  # N-Triples syntax, escaped
    return f"{query[: m.end()]} VALUES ({names}) {{ ({values}) }} {query[m.end() :]}"


class SparqlStore:
    """A remote SPARQL endpoint behind the ``Store`` interface."""

    def __init__(self, query_url: str, update_url: str | None = None) -> None:
        self.query_url = query_url
        self.update_url = update_url or default_update_url(query_url)
        self.path = query_url  # for messages, like EmbeddedStore.path

    # --- HTTP ---------------------------------------------------------------------

    def _post(self, url: str, body: str, content_type: str, accept: str) -> bytes:
        req = urllib.request.Request(
            url,
            data=body.encode("utf-8"),
            headers={"Content-Type": content_type, "Accept": accept},
            method="POST",
        )
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
                return resp.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            msg = detail[0] if detail else exc.reason
            if exc.code == 400:
                raise QueryError(
                    f"SPARQL syntax error, or a query the endpoint refused: {msg}"
                ) from None
            raise StoreError(f"{url}: HTTP {exc.code} ({msg})") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"{url}: cannot reach the SPARQL endpoint ({reason})") from None

    def _query(self, query: str) -> QuerySolutions | QueryBoolean | list:
        text = sparql_prefixes() + query
        form = _FORM.search(query)
        if form and form.group(1).upper() in ("CONSTRUCT", "DESCRIBE"):
            data = self._post(
                self.query_url, text, "application/sparql-query", "application/n-triples"
            )
            return list(parse(data, format=RdfFormat.N_TRIPLES))
        data = self._post(
            self.query_url, text, "application/sparql-query", "application/sparql-results+json"
        )
        return parse_query_results(data, format=QueryResultsFormat.JSON)

    # --- the Store interface ------------------------------------------------------------

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[Row]:
        res = self._query(bind(query, bindings))
        if not isinstance(res, QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in res.variables]
        return [{n: sol[n] for n in names if sol[n] is not None} for sol in res]

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        res = self._query(bind(query, bindings))
        if not isinstance(res, QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(res)

    def raw_query(self, query: str) -> object:
        return self._query(query)

    def update(self, update: str) -> None:
        self._post(self.update_url, sparql_prefixes() + update, "application/sparql-update", "*/*")

    def replace_graph(self, graph: NamedNode, quads: list[Quad]) -> None:
        self.replace_graphs([(graph, quads)])

    def replace_graphs(self, graphs: list[tuple[NamedNode, list[Quad]]]) -> None:
        parts = []
        for graph, quads in graphs:
            body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
            parts.append(
                f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}"
            )
        if parts:
            self._post(self.update_url, " ;\n".join(parts), "application/sparql-update", "*/*")

    def quads(self) -> list[Quad]:
        rows = self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return [Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]  # type: ignore[arg-type]

    def triples(self) -> list[tuple[Term, Term, Term]]:
        rows = self.select("SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        return [(r["s"], r["p"], r["o"]) for r in rows]

    def publish_snapshot(self) -> None:
        """Writes are visible to readers as soon as the server commits them."""

    def close(self) -> None:
        """Nothing to release: each request is its own connection."""

    def __enter__(self) -> SparqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def default_update_url(query_url: str) -> str:
    """Oxigraph and Fuseki serve updates beside queries (``…/query`` -> ``…/update``);
    Virtuoso takes both at ``/sparql``."""
    parts = urllib.parse.urlsplit(query_url)
    if parts.path.endswith("/query"):
        return urllib.parse.urlunsplit(parts._replace(path=parts.path[: -len("query")] + "update"))
    return query_url
