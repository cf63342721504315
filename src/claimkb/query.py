"""Questions a fact-checker asks, as parameterised SPARQL.

Every user string reaches the store as a bound variable (``?q``), never as
query text, so a name like ``"} ; DROP ALL`` is just a name that matches
nobody.  Each function returns plain rows (dicts of str/int/float) in a stable
order; rendering is the CLI's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal

from claimkb.errors import QueryError
from claimkb.store import Store

#: Columns of a statement row, in display order.
STATEMENT_COLUMNS = ["speaker", "kind", "cue", "content", "doc", "id"]

_STATEMENT_FIELDS = """
    ?st schema:identifier ?id ; schema:text ?content ; ckb:kind ?kind ;
        schema:isPartOf ?docnode ; ckb:confidence ?confidence ;
        ckb:contentSelector ?sel .
    ?sel oa:start ?start .
    FILTER(STRENDS(STR(?sel), "#content-0"))
    ?docnode schema:identifier ?doc .
    OPTIONAL { ?st ckb:cue ?cue }
    OPTIONAL { ?st schema:author ?sp . ?sp rdfs:label ?speaker ; ckb:speakerType ?speaker_type }
    OPTIONAL { ?st ckb:resolvedBy ?resolved_by }
    OPTIONAL { ?st ckb:sourceSelector ?srcsel . ?srcsel oa:exact ?source }
"""

# A speaker matches a name given in full, by surname or first name, or by any
# alias (the source text it was resolved from, e.g. "the president").
_NAME_MATCH = """
    FILTER(
        LCASE(STR(?speaker)) = LCASE(?q)
        || STRENDS(LCASE(STR(?speaker)), CONCAT(" ", LCASE(?q)))
        || STRSTARTS(LCASE(STR(?speaker)), CONCAT(LCASE(?q), " "))
        || EXISTS { ?sp schema:alternateName ?alias FILTER(LCASE(STR(?alias)) = LCASE(?q)) }
    )
"""

_ORDER = "ORDER BY ?doc ?start"
# Oxigraph substitutes bound values only for projected variables, so every
# query names its columns (and its bound variables) explicitly.
_COLUMNS = (
    "?st ?id ?content ?kind ?doc ?confidence ?start ?cue ?speaker ?speaker_type "
    "?resolved_by ?source"
)


def _py(term: Any) -> Any:
    """An RDF term as a plain Python value."""
    if term is None:
        return None
    if isinstance(term, Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith("#integer"):
            return int(term.value)
        if dt.endswith("#decimal") or dt.endswith("#double"):
            return float(term.value)
        return term.value
    return getattr(term, "value", str(term))


def select_rows(store: Store, query: str, bindings: dict[str, Any] | None = None) -> list[dict]:
    """Rows of a SELECT with plain Python values (str, int, float) instead of RDF terms."""
    return [{k: _py(v) for k, v in r.items()} for r in store.select(query, bindings)]


def _statement_rows(rows: list[dict]) -> list[dict]:
    out = []
    for r in rows:
        out.append(
            {
                "speaker": r.get("speaker"),
                "speaker_type": r.get("speaker_type"),
                "resolved_by": r.get("resolved_by"),
                "source": r.get("source"),
                "kind": r.get("kind"),
                "cue": r.get("cue"),
                "content": r.get("content"),
                "doc": r.get("doc"),
                "start": r.get("start"),
                "confidence": r.get("confidence"),
                "id": r.get("id"),
            }
        )
    return out


def _need(text: str, what: str) -> Literal:
    if not text or not text.strip():
        raise QueryError(f"{what} must not be empty")
    return Literal(text.strip())


def who_said(store: Store, name: str | None = None, limit: int | None = None) -> list[dict]:
    """Statements by a speaker (any alias, surname or full name); all if no name."""
    # A statement with no resolved speaker cannot be "said by" anyone.
    where = _STATEMENT_FIELDS + '?st schema:author ?sp .\nFILTER(?kind != "unattributed")\n'
    bindings: dict[str, Any] = {}
    if name is not None:
        bindings["q"] = _need(name, "speaker name")
        where += _NAME_MATCH
    bound = " ?q" if bindings else ""
    query = f"SELECT DISTINCT {_COLUMNS}{bound} WHERE {{ {where} }} ORDER BY ?speaker ?doc ?start"
    if limit:
        query += f" LIMIT {int(limit)}"
    return _statement_rows(select_rows(store, query, bindings))


def all_statements(store: Store) -> list[dict]:
    """Every statement, the outlet's own voice included, with its source offsets."""
    query = f"""SELECT DISTINCT {_COLUMNS} ?source_start ?source_end WHERE {{ {_STATEMENT_FIELDS}
        OPTIONAL {{ ?st ckb:sourceSelector ?ss . ?ss oa:start ?source_start ; oa:end ?source_end }}
        }} {_ORDER}"""
    rows = select_rows(store, query)
    out = _statement_rows(rows)
    for row, raw in zip(out, rows, strict=True):
        row["source_start"], row["source_end"] = raw.get("source_start"), raw.get("source_end")
    return out


def document_texts(store: Store) -> dict[str, str]:
    """Document id -> text, for checks that need to look around a statement."""
    rows = select_rows(
        store,
        "SELECT ?doc ?text WHERE { ?d a schema:NewsArticle ; "
        "schema:identifier ?doc ; schema:text ?text }",
    )
    return {r["doc"]: r["text"] for r in rows}


def said_about(store: Store, entity: str, limit: int | None = None) -> list[dict]:
    """Statements that mention an entity (as a recognised entity or in their words)."""
    q = _need(entity, "entity")
    where = (
        _STATEMENT_FIELDS
        + """
        FILTER(
            EXISTS { ?st schema:mentions ?e . ?e rdfs:label ?label
                     FILTER(LCASE(STR(?label)) = LCASE(?q)
                            || STRENDS(LCASE(STR(?label)), CONCAT(" ", LCASE(?q)))) }
            || CONTAINS(LCASE(STR(?content)), LCASE(?q))
        )
        """
    )
    query = f"SELECT DISTINCT {_COLUMNS} ?q WHERE {{ {where} }} {_ORDER}"
    if limit:
        query += f" LIMIT {int(limit)}"
    return _statement_rows(select_rows(store, query, {"q": q}))


def sources(store: Store, limit: int | None = None) -> list[dict]:
    """Speakers with how many statements and documents each."""
    query = """
    SELECT ?speaker ?speaker_type (COUNT(DISTINCT ?st) AS ?statements)
           (COUNT(DISTINCT ?docnode) AS ?documents)
    WHERE {
        ?st schema:author ?sp ; schema:isPartOf ?docnode .
        ?sp rdfs:label ?speaker ; ckb:speakerType ?speaker_type .
    }
    GROUP BY ?sp ?speaker ?speaker_type
    ORDER BY DESC(?statements) ?speaker
    """
    if limit:
        query += f" LIMIT {int(limit)}"
    return select_rows(store, query)


@dataclass
class StatementDetail:
    """One statement with everything ``claimkb show`` displays."""

    row: dict
    document_text: str
    headline: str
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    entities: list[str] = field(default_factory=list)


def show(store: Store, statement_id: str) -> StatementDetail:
    """A statement by id (a unique prefix of it is enough)."""
    q = _need(statement_id, "statement id")
    query = f"""SELECT DISTINCT {_COLUMNS} ?q WHERE {{ {_STATEMENT_FIELDS}
        FILTER(STRSTARTS(STR(?id), ?q)) }} LIMIT 2"""
    rows = select_rows(store, query, {"q": q})
    if not rows:
        raise QueryError(f"no statement with id {statement_id}")
    if len(rows) > 1 and rows[0]["id"] != rows[1]["id"]:
        raise QueryError(f"statement id {statement_id} is ambiguous; give more of it")
    row = _statement_rows(rows)[0]
    st = store.select(
        "SELECT ?st ?id WHERE { ?st schema:identifier ?id . ?st ckb:kind ?k }",
        {"id": Literal(row["id"])},
    )[0]["st"]
    doc = select_rows(
        store,
        """SELECT ?text ?headline ?st WHERE {
            ?st schema:isPartOf ?d . ?d schema:text ?text .
            OPTIONAL { ?d schema:headline ?headline } }""",
        {"st": st},
    )[0]
    spans: dict[str, list[tuple[int, int]]] = {"content": [], "source": [], "cue": []}
    for r in select_rows(
        store,
        """SELECT ?role ?s ?e ?st WHERE {
            VALUES (?rel ?role) { (ckb:contentSelector "content") (ckb:sourceSelector "source")
                                  (ckb:cueSelector "cue") }
            ?st ?rel ?sel . ?sel oa:start ?s ; oa:end ?e } ORDER BY ?s""",
        {"st": st},
    ):
        spans[r["role"]].append((r["s"], r["e"]))
    ents = [
        r["label"]
        for r in select_rows(
            store,
            "SELECT DISTINCT ?label ?st WHERE { ?st schema:mentions ?e . ?e rdfs:label ?label } "
            "ORDER BY ?label",
            {"st": st},
        )
    ]
    return StatementDetail(row, doc["text"], doc.get("headline", ""), spans, ents)


_UPDATE_WORDS = (
    "insert",
    "delete",
    "drop",
    "clear",
    "load",
    "create",
    "add",
    "move",
    "copy",
    "with",
)


def looks_like_update(text: str) -> bool:
    """True when the text (after PREFIX/BASE lines) starts with an update keyword."""
    body = [
        line
        for line in text.splitlines()
        if line.strip() and not line.strip().lower().startswith(("prefix", "base", "#"))
    ]
    first = body[0].strip().lower() if body else ""
    return first.startswith(_UPDATE_WORDS)


def sparql(store: Store, text: str) -> tuple[list[str], list[dict]] | bool | list[tuple]:
    """Run a user's read-only query: (columns, rows) for SELECT, a bool for ASK,
    (s, p, o) string triples for CONSTRUCT/DESCRIBE."""
    from pyoxigraph import QueryBoolean, QuerySolutions

    if looks_like_update(text):
        raise QueryError("this is an update; claimkb sparql is read-only unless --update is given")
    res = store.raw_query(text)
    if isinstance(res, QueryBoolean):
        return bool(res)
    if isinstance(res, QuerySolutions):
        cols = [v.value for v in res.variables]
        return cols, [{c: _py(sol[c]) for c in cols} for sol in res]
    return [(str(t.subject), str(t.predicate), str(t.object)) for t in res]
