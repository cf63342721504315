"""Questions a fact-checker asks, as parameterised SPARQL.

Every user string reaches the store as a bound variable (``?q``), never as
query text, so a name like ``"} ; DROP ALL`` is just a name that matches
nobody.  Each function returns plain rows (dicts of str/int/float) in a stable
order; rendering is the CLI's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal

from claimkb.errors import QueryError
from claimkb.store import Store

#: Columns of a statement row, in display order.
STATEMENT_COLUMNS = ["speaker", "kind", "cue", "content", "doc", "id"]

# Everything about a statement, read inside its own document graph: speaker
# facts repeat in every graph that mentions the speaker, and reading them
# through the union default graph would multiply rows by that count.
# Each OPTIONAL repeats a triple of ?st (``ckb:kind ?kN``, a fresh variable):
# Oxigraph then joins it statement by statement instead of scanning the whole
# predicate; written otherwise, who-said took 600 ms instead of 5 at 10,000
# statements (benchmarks/bench_store.py).
_STATEMENT_FIELDS = """
    GRAPH ?g {
        ?st schema:identifier ?id ; schema:text ?content ; ckb:kind ?kind ;
            schema:isPartOf ?docnode ; ckb:confidence ?confidence .
        ?docnode schema:identifier ?doc .
        OPTIONAL { ?docnode schema:datePublished ?date ; schema:identifier ?d1 }
        OPTIONAL { ?st ckb:cue ?cue ; ckb:kind ?k1 }
        OPTIONAL { ?st schema:author ?sp ; ckb:kind ?k2 .
                   ?sp rdfs:label ?speaker ; ckb:speakerType ?speaker_type }
        OPTIONAL { ?st ckb:resolvedBy ?resolved_by ; ckb:kind ?k3 }
        OPTIONAL { ?st ckb:sourceSelector ?srcsel ; ckb:kind ?k4 .
                   ?srcsel oa:exact ?source ; oa:start ?source_start ; oa:end ?source_end }
        BIND(IRI(CONCAT(STR(?st), "#content-0")) AS ?sel)
        ?sel oa:start ?start .
    }
"""

# Oxigraph substitutes bound values only for projected variables, so every
# query names its columns (and its bound variables) explicitly.
_COLUMNS = (
    "?st ?id ?content ?kind ?doc ?date ?confidence ?start ?cue ?speaker ?speaker_type "
    "?resolved_by ?source ?source_start ?source_end"
)
#: Statement IRIs per VALUES block: keeps each request a sensible size.
_VALUES_CHUNK = 500


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


_ROW_KEYS = (
    "speaker",
    "speaker_type",
    "resolved_by",
    "source",
    "kind",
    "cue",
    "content",
    "doc",
    "date",
    "start",
    "confidence",
    "id",
    "source_start",
    "source_end",
)


def _statement_rows(rows: list[dict]) -> list[dict]:
    return [{k: r.get(k) for k in _ROW_KEYS} for r in rows]


def _by_doc(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (r["doc"] or "", r["start"] or 0, r["id"] or ""))


def _need(text: str, what: str) -> Literal:
    if not text or not text.strip():
        raise QueryError(f"{what} must not be empty")
    return Literal(text.strip())


def statements(store: Store, iris: list[Any]) -> list[dict]:
    """Statement rows for statement IRIs (as the store returned them), looked up
    directly: the cost grows with how many are asked for, not with the store."""
    out: list[dict] = []
    iris = list(dict.fromkeys(iris))
    for i in range(0, len(iris), _VALUES_CHUNK):
        # IRIs the store gave us, in N-Triples syntax: no user text in the query.
        values = " ".join(str(t) for t in iris[i : i + _VALUES_CHUNK])
        query = (
            f"SELECT DISTINCT {_COLUMNS} WHERE {{ VALUES ?st {{ {values} }} {_STATEMENT_FIELDS} }}"
        )
        out += _statement_rows(select_rows(store, query))
    return out


def who_said(
    store: Store,
    name: str | None = None,
    limit: int | None = None,
    min_confidence: float = 0.0,
    *,
    since: str | None = None,
    until: str | None = None,
    about: str | None = None,
) -> list[dict]:
    """Statements by a speaker (full name, first name, surname or any alias); all if no name.

    Speakers carry ``ckb:nameKey`` literals (their name and its leading and
    trailing words, and aliases, folded by ``name_key``), so finding a speaker
    is an index lookup or two (the key before mapping 5 too) however large the
    knowledge base.  ``min_confidence`` keeps
    the statements at least that likely to be right; ``since`` and ``until``
    (days, months or years, both ends included) those of documents published
    then; ``about``
    those that mention an entity, as ``said_about`` finds them: who said
    what about whom.
    """
    if name is not None:
        from claimkb.rdf.mapping import name_key, plain_key

        wanted = _need(name, "speaker name").value
        found = [
            row
            for key in sorted({name_key(wanted), plain_key(wanted)})
            for row in store.select(
                "SELECT DISTINCT ?st ?key WHERE { ?sp ckb:nameKey ?key . ?st schema:author ?sp }",
                {"key": Literal(key)},
            )
        ]
    else:
        found = store.select("SELECT DISTINCT ?st WHERE { ?st schema:author ?sp }")
    iris = [f["st"] for f in found]
    if about is not None:
        mentioning = set(_mentioning(store, about))
        iris = [i for i in iris if i in mentioning]
    # A statement with no resolved speaker cannot be "said by" anyone.
    rows = [r for r in statements(store, iris) if r["kind"] != "unattributed"]
    rows = _kept(rows, min_confidence, since, until)
    named = (lambda r: 0) if name is None else _named_by(name)
    rows.sort(
        key=lambda r: (named(r), r["speaker"] or "", r["doc"] or "", r["start"] or 0, r["id"])
    )
    return rows[:limit] if limit else rows


def _named_by(name: str) -> Callable[[dict], int]:
    """0 for a row whose speaker the name names (the whole name, or a
    person's first name or surname), 1 for one it only touches (an alias,
    a word of an organisation's name): "Trump" lists Donald Trump's
    statements before those of "Citizens for Trump", which ``--limit`` would
    otherwise have cut him from."""
    from claimkb.rdf.mapping import name_key

    wanted = name_key(name)

    def rank(row: dict) -> int:
        speaker = name_key(row["speaker"] or "")
        if speaker == wanted:
            return 0
        person = row["speaker_type"] == "person"
        return (
            0
            if person and (speaker.endswith(" " + wanted) or speaker.startswith(wanted + " "))
            else 1
        )

    return rank


def all_statements(store: Store) -> list[dict]:
    """Every statement, the outlet's own voice included, with its source offsets."""
    query = f"SELECT DISTINCT {_COLUMNS} WHERE {{ {_STATEMENT_FIELDS} }}"
    return _by_doc(_statement_rows(select_rows(store, query)))


def document_texts(store: Store) -> dict[str, str]:
    """Document id -> text, for checks that need to look around a statement."""
    rows = select_rows(
        store,
        "SELECT ?doc ?text WHERE { ?d a schema:NewsArticle ; "
        "schema:identifier ?doc ; schema:text ?text }",
    )
    return {r["doc"]: r["text"] for r in rows}


#: One row a stored document; its statements counted inside its own graph,
#: where they are (a document's graph holds all of them and nothing else's).
_DOCUMENTS = """
SELECT ?doc ?headline ?date ?url ?path (COUNT(DISTINCT ?st) AS ?statements) WHERE {
    GRAPH ?g {
        ?d a schema:NewsArticle ; schema:identifier ?doc .
        OPTIONAL { ?d schema:headline ?headline }
        OPTIONAL { ?d schema:datePublished ?date }
        OPTIONAL { ?d schema:url ?url }
        OPTIONAL { ?d ckb:sourcePath ?path }
        OPTIONAL { ?st schema:isPartOf ?d ; ckb:kind ?kind }
    }
}
GROUP BY ?doc ?headline ?date ?url ?path
"""

#: Columns of a document row, in display order.
DOCUMENT_COLUMNS = ["doc", "headline", "date", "statements", "url", "path"]


def documents(
    store: Store, limit: int | None = None, *, since: str | None = None, until: str | None = None
) -> list[dict]:
    """Every stored document (or those published from ``since`` to ``until``)
    with how many statements it holds, by id: what ``remove`` takes, and what
    a reader checks an ingest against."""
    rows = select_rows(store, _DOCUMENTS)
    out = published_between([{k: r.get(k) for k in DOCUMENT_COLUMNS} for r in rows], since, until)
    out.sort(key=lambda r: r["doc"])
    return out[:limit] if limit else out


def document(store: Store, doc_id: str) -> dict | None:
    """One stored document's row, as ``documents`` gives it; None when no
    document has that id."""
    rows = select_rows(store, _DOCUMENTS, {"doc": Literal(doc_id)})
    return {k: rows[0].get(k) for k in DOCUMENT_COLUMNS} if rows else None


def said_about(
    store: Store,
    entity: str,
    limit: int | None = None,
    min_confidence: float = 0.0,
    *,
    since: str | None = None,
    until: str | None = None,
) -> list[dict]:
    """Statements that mention an entity (as a recognised entity or in their
    words), those at least ``min_confidence`` likely to be right, of documents
    published from ``since`` to ``until`` when given."""
    found_rows = statements(store, _mentioning(store, entity))
    rows = _by_doc(_kept(found_rows, min_confidence, since, until))
    return rows[:limit] if limit else rows


def _mentioning(store: Store, entity: str) -> list[Any]:
    """The IRIs of the statements that mention an entity: by a recognised
    entity's name (or its last words) or in their own words."""
    q = _need(entity, "entity")
    found = store.select(
        # One FILTER at the top level: a bound ?q is in scope there for every
        # SPARQL engine (inside a UNION branch it would not be, over HTTP).
        # The label from the mention's own graph: an entity's label repeats in
        # every document that names it, and joined across the union of all
        # graphs each mention met each copy (4.8M rows on PolNeAR train, 5 s).
        """SELECT DISTINCT ?st ?q WHERE {
            { GRAPH ?g { ?st schema:mentions ?e . ?e rdfs:label ?label } }
            UNION
            { ?st ckb:kind ?kind ; schema:text ?content }
            FILTER(
                (BOUND(?label) && (LCASE(STR(?label)) = LCASE(?q)
                                   || STRENDS(LCASE(STR(?label)), CONCAT(" ", LCASE(?q)))))
                || (BOUND(?content) && CONTAINS(LCASE(STR(?content)), LCASE(?q)))
            )
        }""",
        {"q": q},
    )
    return [f["st"] for f in found]


def _kept(
    rows: list[dict], min_confidence: float, since: str | None = None, until: str | None = None
) -> list[dict]:
    """The rows at least ``min_confidence`` likely to be right and, when
    ``since`` or ``until`` is given, of a document published in that window
    (an undated document is in none)."""
    if not 0.0 <= min_confidence <= 1.0:
        raise QueryError(f"a confidence is between 0 and 1, not {min_confidence}")
    rows = [r for r in rows if (r["confidence"] or 0.0) >= min_confidence]
    return published_between(rows, since, until)


def published_between(rows: list[dict], since: str | None, until: str | None) -> list[dict]:
    """The rows (of statements or documents) published from ``since`` to ``until``
    (ISO days, both included; either may be None); with neither, all of them.
    An undated document is in no window: its day is unknown, not any day."""
    if since is None and until is None:
        return rows
    lo, hi = _day(since, "--since"), _day(until, "--until", last=True)
    if lo and hi and lo > hi:
        raise QueryError(f"--since {lo} is after --until {hi}")
    return [
        r for r in rows if r["date"] and (not lo or r["date"] >= lo) and (not hi or r["date"] <= hi)
    ]


def _day(text: str | None, what: str, last: bool = False) -> str | None:
    """An ISO day, or a ``QueryError`` naming the option that gave something
    else.  A month (2026-03) or a year (2026) stands for its first day, or its
    last when ``last``: ``--since 2026-03 --until 2026-03`` is March."""
    if text is None:
        return None
    import calendar
    from datetime import date

    given = text.strip()
    try:
        if re.fullmatch(r"\d{4}", given):
            return f"{given}-12-31" if last else f"{given}-01-01"
        if re.fullmatch(r"\d{4}-\d{2}", given):
            year, month = map(int, given.split("-"))
            day = calendar.monthrange(year, month)[1] if last else 1
            return date(year, month, day).isoformat()
        return date.fromisoformat(given).isoformat()
    except ValueError:
        raise QueryError(
            f"{what} takes a day like 2026-03-01 (or a month, 2026-03), not {text!r}"
        ) from None


#: Each statement with a speaker, as the statement's own graph spells the
#: speaker, with its document's day.
_SPOKEN = """SELECT ?sp ?speaker ?speaker_type ?st ?docnode ?date WHERE { GRAPH ?g {
    ?st schema:author ?sp ; schema:isPartOf ?docnode .
    ?sp rdfs:label ?speaker ; ckb:speakerType ?speaker_type .
    OPTIONAL { ?docnode schema:datePublished ?date } } }"""


def sources(
    store: Store, limit: int | None = None, *, since: str | None = None, until: str | None = None
) -> list[dict]:
    """Speakers with how many statements and documents each (of the documents
    published from ``since`` to ``until``, when given): one row a speaker,
    however each document spelt it ("Politico", "POLITICO"), under the
    spelling most of its statements carry.  Counted here rather than by a
    GROUP BY, so that the rows can be windowed by day first (0.8 s on PolNeAR
    train's 25,809 statements, against 0.7 s for the GROUP BY)."""
    by_speaker: dict[str, list[dict]] = {}
    for r in published_between(select_rows(store, _SPOKEN), since, until):
        by_speaker.setdefault(r["sp"], []).append(r)
    rows = []
    for found in by_speaker.values():
        spelt: dict[tuple[str, str], set[str]] = {}
        for r in found:
            spelt.setdefault((r["speaker"], r["speaker_type"]), set()).add(r["st"])
        (speaker, kind), _ = max(spelt.items(), key=lambda kv: (len(kv[1]), kv[0]))
        rows.append(
            {
                "speaker": speaker,
                "speaker_type": kind,
                "statements": len({r["st"] for r in found}),
                "documents": len({r["docnode"] for r in found}),
            }
        )
    rows.sort(key=lambda r: (-r["statements"], r["speaker"], r["speaker_type"]))
    return rows[:limit] if limit else rows


def paragraph_around(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Start and end of the blank-line-separated paragraph(s) holding ``[lo, hi)``:
    the context a statement is shown in."""
    start = text.rfind("\n\n", 0, lo)
    end = text.find("\n\n", hi)
    return (0 if start == -1 else start + 2), (len(text) if end == -1 else end)


@dataclass
class StatementDetail:
    """One statement with everything ``claimkb show`` displays."""

    row: dict
    document_text: str
    headline: str
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    entities: list[str] = field(default_factory=list)
    #: the document's byline, its writers in order of name
    authors: list[str] = field(default_factory=list)


def show(store: Store, statement_id: str) -> StatementDetail:
    """A statement by id (a unique prefix of it is enough)."""
    q = _need(statement_id, "statement id")
    found = store.select("SELECT ?st ?q WHERE { ?st schema:identifier ?q ; ckb:kind ?k }", {"q": q})
    if not found:  # a prefix: a scan, but of one short string per statement
        found = store.select(
            """SELECT DISTINCT ?st ?q WHERE { ?st ckb:kind ?k ; schema:identifier ?id .
                FILTER(STRSTARTS(STR(?id), ?q)) } LIMIT 2""",
            {"q": q},
        )
    if not found:
        raise QueryError(f"no statement with id {statement_id}")
    if len(found) > 1:
        raise QueryError(f"statement id {statement_id} is ambiguous; give more of it")
    st = found[0]["st"]
    row = statements(store, [st])[0]
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
    authors = [
        r["name"]
        for r in select_rows(
            store,
            "SELECT DISTINCT ?name ?st WHERE { ?st schema:isPartOf ?d . "
            "?d schema:author ?a . ?a rdfs:label ?name } ORDER BY ?name",
            {"st": st},
        )
    ]
    return StatementDetail(row, doc["text"], doc.get("headline", ""), spans, ents, authors)


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


#: brackets a user's query may nest: Oxigraph's parser recurses in native code
#: and overflows its stack (a segmentation fault, no message) a few thousand
#: deep; nothing written by hand comes near this
MAX_NESTING = 200


def _check_nesting(text: str) -> None:
    depth = deepest = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
    if deepest > MAX_NESTING:
        raise QueryError(f"query nests brackets {deepest} deep; claimkb runs at most {MAX_NESTING}")


def sparql(store: Store, text: str) -> tuple[list[str], list[dict]] | bool | list[tuple]:
    """Run a user's read-only query: (columns, rows) for SELECT, a bool for ASK,
    (s, p, o) string triples for CONSTRUCT/DESCRIBE.

    Results are read here, inside the error handling: Oxigraph evaluates
    lazily, so a ``SERVICE`` that cannot be reached fails while rows are read."""
    from pyoxigraph import QueryBoolean, QuerySolutions

    if looks_like_update(text):
        raise QueryError("this is an update; claimkb sparql is read-only unless --update is given")
    _check_nesting(text)
    try:
        res = store.raw_query(text)
        if isinstance(res, QueryBoolean):
            return bool(res)
        if isinstance(res, QuerySolutions):
            cols = [v.value for v in res.variables]
            return cols, [{c: _py(sol[c]) for c in cols} for sol in res]
        return [(str(t.subject), str(t.predicate), str(t.object)) for t in res]
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None


def sparql_update(store: Store, text: str) -> None:
    """Run a user's update (``claimkb sparql --update``) under the same checks."""
    _check_nesting(text)
    store.update(text)
