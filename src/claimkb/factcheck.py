"""Fact-check verdicts (schema.org ClaimReview): record, import, look up, export.

A verdict is only useful next to what it judges, so every review is matched to
the stored statements that make its claim (``claimkb.matching``) and points at
them; a review that matches nothing keeps a claim of its own with its claimant,
ready for when an article that makes the claim is ingested.  Each review lives
in a named graph of its own, so re-ingesting a document never drops a verdict.

Reading is strict in the same way as for news text: a file with one malformed
review is refused whole, naming the file and the review, and nothing from it
is stored.  JSON-LD is read as plain JSON (never by fetching the schema.org
context: no network at run time).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from pyoxigraph import Literal, NamedNode, RdfFormat

from claimkb.errors import InputError, QueryError
from claimkb.ingest import check_date, check_url, parse_json
from claimkb.model import RATINGS, Review, Speaker
from claimkb.store import Store

#: Review files can be whole ClaimsKG dumps; still, never read without a bound.
MAX_REVIEW_FILE_BYTES = 200_000_000
JSON_SUFFIXES = (".json", ".jsonld")
HTML_SUFFIXES = (".html", ".htm")
RDF_SUFFIXES: dict[str, RdfFormat] = {
    ".ttl": RdfFormat.TURTLE,
    ".nt": RdfFormat.N_TRIPLES,
    ".nq": RdfFormat.N_QUADS,
    ".trig": RdfFormat.TRIG,
    ".rdf": RdfFormat.RDF_XML,
    ".owl": RdfFormat.RDF_XML,
    ".xml": RdfFormat.RDF_XML,
}
REVIEW_SUFFIXES = JSON_SUFFIXES + HTML_SUFFIXES + tuple(RDF_SUFFIXES)


# --- ratings -------------------------------------------------------------------


@cache
def _rating_labels() -> dict[str, str]:
    data = tomllib.loads(
        resources.files("claimkb.data").joinpath("factcheck.toml").read_text("utf-8")
    )["ratings"]
    return {label: bucket for bucket, labels in data.items() for label in labels}


def _plain(label: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", label.lower()).split())


def normalise_rating(
    label: str,
    value: float | None = None,
    best: float | None = None,
    worst: float | None = None,
) -> str:
    """A published verdict as one of true / false / mixture / other.

    The label decides when we know it ("Pants on Fire" is false, "Half True"
    is mixture), also as the first words of a longer label ("False. The port
    was open"); otherwise the value's place on its scale (bottom quarter false,
    top quarter true, between mixture); otherwise "other".
    """
    labels = _rating_labels()
    plain = _plain(label)
    if plain in labels:
        return labels[plain]
    for known in sorted(labels, key=len, reverse=True):
        if plain.startswith(known + " "):
            return labels[known]
    if value is not None and best is not None and worst is not None and best != worst:
        pos = (value - worst) / (best - worst)
        if 0 <= pos <= 1:
            return "false" if pos <= 0.25 else "true" if pos >= 0.75 else "mixture"
    return "other"


def parse_scale(text: str) -> tuple[float, float]:
    """ "1-5" -> (1.0, 5.0): worst and best rating of a scale."""
    m = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*(?:-|–|to|\.\.)\s*(-?\d+(?:\.\d+)?)\s*", text)
    if not m:
        raise InputError(f"scale must look like 1-5, not {text!r}")
    worst, best = float(m.group(1)), float(m.group(2))
    if worst == best:
        raise InputError(f"scale {text!r} has no range")
    return worst, best


def make_review(
    claim: str,
    rating: str,
    author: str,
    url: str,
    *,
    value: float | None = None,
    scale: tuple[float, float] | None = None,
    date: str = "",
    note: str = "",
    claimant: str = "",
    claimant_type: str = "person",
    appearance: str = "",
    statements: list[str] | None = None,
) -> Review:
    """A checked Review: every field a ClaimReview needs, in the form the store keeps."""
    if not claim.strip():
        raise InputError("the reviewed claim is empty")
    if not author.strip():
        raise InputError("a review needs its author (the fact-checking organisation)")
    worst, best = scale if scale else (None, None)
    if value is not None and scale and not min(worst, best) <= value <= max(worst, best):  # type: ignore[type-var]
        raise InputError(f"rating value {value:g} is outside the scale {worst:g}-{best:g}")
    label = rating.strip() or (f"{value:g}" if value is not None else "")
    if not label:
        raise InputError("a review needs a rating (a label such as False, or --value on a --scale)")
    return Review(
        claim_reviewed=" ".join(claim.split()),
        rating=label,
        author=author.strip(),
        url=check_url(url),
        normalized=normalise_rating(label, value, best, worst),
        rating_value=value,
        best_rating=best,
        worst_rating=worst,
        date_published=check_date(date) if date else "",
        note=note.strip(),
        claimant=claimant.strip(),
        claimant_type=claimant_type,
        appearance=check_url(appearance, "appearance") if appearance else "",
        statements=list(statements or []),
    )


# --- reading ClaimReview files ---------------------------------------------------------

_SCHEMA = ("http://schema.org/", "https://schema.org/", "schema:")


def _get(obj: dict, name: str) -> Any:
    """A schema.org property however the JSON-LD spells its key."""
    if name in obj:
        return obj[name]
    for prefix in _SCHEMA:
        if prefix + name in obj:
            return obj[prefix + name]
    return None


def _one(value: Any) -> Any:
    """The first of a list, a JSON-LD value object's value, or the value."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict) and "@value" in value:
        return value["@value"]
    return value


def _text(value: Any) -> str:
    value = _one(value)
    if isinstance(value, dict):
        value = _one(_get(value, "name")) or value.get("@id") or ""
    return "" if value is None else str(value).strip()


def _number(value: Any) -> float | None:
    value = _one(value)
    try:
        return float(value) if value is not None and str(value).strip() else None
    except (TypeError, ValueError):
        return None


def _types(obj: dict) -> set[str]:
    t = obj.get("@type", [])
    names = t if isinstance(t, list) else [t]
    return {str(n).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for n in names}


def _walk(data: Any) -> Iterator[dict]:
    """Every ClaimReview object in a JSON-LD document, however nested."""
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, dict):
        if "ClaimReview" in _types(data):
            yield data
            return
        for value in data.values():
            if isinstance(value, (list, dict)):
                yield from _walk(value)


def _appearance(item: dict) -> str:
    for prop in ("appearance", "firstAppearance"):
        value = _one(_get(item, prop))
        url = _text(_get(value, "url")) if isinstance(value, dict) else _text(value)
        if isinstance(value, dict) and not url:
            url = str(value.get("@id", ""))
        if url.startswith(("http://", "https://")):
            return url
    return ""


def review_from_jsonld(obj: dict, where: str) -> Review:
    """One ClaimReview object as a Review; an ``InputError`` naming ``where`` if malformed."""
    item = _one(_get(obj, "itemReviewed"))
    item = item if isinstance(item, dict) else {}
    claim = _text(_get(obj, "claimReviewed")) or _text(_get(item, "text"))
    if not claim:
        raise InputError(f"{where}: no claimReviewed")
    rating = _one(_get(obj, "reviewRating"))
    if not isinstance(rating, dict):
        raise InputError(f"{where}: no reviewRating")
    label = _text(_get(rating, "alternateName")) or _text(_get(rating, "name"))
    value = _number(_get(rating, "ratingValue"))
    best, worst = _number(_get(rating, "bestRating")), _number(_get(rating, "worstRating"))
    url = _text(_get(obj, "url")) or str(obj.get("@id", ""))
    if not url:
        raise InputError(f"{where}: no url")
    author = _text(_get(obj, "author")) or _text(_get(obj, "publisher"))
    claimant = _one(_get(item, "author"))
    claimant_type = (
        "organization"
        if isinstance(claimant, dict)
        and _types(claimant) & {"Organization", "NewsMediaOrganization"}
        else "person"
    )
    try:
        return make_review(
            claim,
            label,
            author,
            url,
            value=value,
            scale=(worst, best) if worst is not None and best is not None else None,
            date=_text(_get(obj, "datePublished")),
            note=_text(_get(obj, "reviewBody")) or _text(_get(obj, "description")),
            claimant=_text(claimant),
            claimant_type=claimant_type,
            appearance=_appearance(item),
        )
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None


_LD_SCRIPT = re.compile(
    r"<script[^>]*type\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script>",
    re.IGNORECASE | re.DOTALL,
)


def _json_blocks(text: str, name: str, html: bool) -> list[Any]:
    if not html:
        return [parse_json(text, name)]
    return [
        parse_json(m.group(1), f"{name}: JSON-LD block {i}")
        for i, m in enumerate(_LD_SCRIPT.finditer(text), start=1)
    ]


def read_reviews(path: Path) -> list[Review]:
    """Every ClaimReview in a file: JSON-LD (object, array, @graph), a web page's
    ld+json blocks, or RDF (Turtle, N-Triples, RDF/XML… as ClaimsKG publishes)."""
    from claimkb.ingest import decode, read_bytes

    name = str(path)
    suffix = path.suffix.lower()
    data = read_bytes(path, MAX_REVIEW_FILE_BYTES)
    if suffix in RDF_SUFFIXES:
        return _reviews_from_rdf(data, RDF_SUFFIXES[suffix], name)
    text = decode(data, name)
    html = suffix in HTML_SUFFIXES or text.lstrip()[:1] == "<"
    reviews = [
        review_from_jsonld(obj, f"{name}: review {i}")
        for i, obj in enumerate(
            (o for block in _json_blocks(text, name, html) for o in _walk(block)), start=1
        )
    ]
    if not reviews:
        raise InputError(f"{name}: no ClaimReview found")
    return reviews


_RDF_REVIEWS = """
SELECT ?r ?claim ?itext ?url ?by ?date ?body ?claimant ?ctype ?app ?label ?value ?best ?worst
       ?rby WHERE {
    ?r a schema:ClaimReview .
    OPTIONAL { ?r schema:claimReviewed ?claim }
    OPTIONAL { ?r schema:url ?url }
    OPTIONAL { ?r schema:author/schema:name ?by }
    OPTIONAL { ?r schema:datePublished ?date }
    OPTIONAL { ?r schema:reviewBody ?body }
    OPTIONAL { ?r schema:itemReviewed ?item .
               OPTIONAL { ?item schema:text ?itext }
               OPTIONAL { ?item schema:author ?ca . ?ca schema:name ?claimant .
                          OPTIONAL { ?ca a ?ctype } }
               OPTIONAL { ?item schema:appearance ?app } }
    OPTIONAL { ?r schema:reviewRating ?rt .
               OPTIONAL { ?rt schema:alternateName ?label }
               OPTIONAL { ?rt schema:ratingValue ?value }
               OPTIONAL { ?rt schema:bestRating ?best }
               OPTIONAL { ?rt schema:worstRating ?worst }
               OPTIONAL { ?rt schema:author/schema:name ?rby } }
} ORDER BY ?r
"""


def _reviews_from_rdf(data: bytes, fmt: RdfFormat, name: str) -> list[Review]:
    """ClaimReviews in an RDF file, ClaimsKG's layout included: the claim's text on
    the reviewed item, and besides the checker's own rating a normalised one
    authored by ClaimsKG, which we use only when it is the only one."""
    from pyoxigraph import Quad, Store, parse

    mem = Store()
    try:
        for q in parse(data, format=fmt):
            terms = [
                NamedNode(t.value.replace("https://schema.org/", "http://schema.org/"))
                if isinstance(t, NamedNode)
                else t
                for t in (q.subject, q.predicate, q.object)
            ]
            mem.add(Quad(*terms))  # type: ignore[arg-type]
    except SyntaxError as exc:
        raise InputError(f"{name}: not valid RDF ({str(exc).splitlines()[0]})") from None
    rows: dict[str, list[dict]] = {}
    for sol in mem.query(_RDF_REVIEWS, prefixes={"schema": "http://schema.org/"}):
        row = {v: (sol[v].value if sol[v] is not None else None) for v in _RDF_VARS}
        rows.setdefault(row["r"], []).append(row)
    reviews = []
    for i, (_r, options) in enumerate(rows.items(), start=1):
        own = [o for o in options if o["label"] and (o["rby"] or "").lower() != "claimskg"]
        row = (own or [o for o in options if o["label"]] or options)[0]
        where = f"{name}: review {i}"
        claim = row["claim"] or row["itext"] or ""
        if not claim:
            raise InputError(f"{where}: no claimReviewed or claim text")
        if not row["url"]:
            raise InputError(f"{where}: no url")
        value, best, worst = (_number(row[k]) for k in ("value", "best", "worst"))
        try:
            reviews.append(
                make_review(
                    claim,
                    row["label"] or "",
                    row["by"] or "",
                    row["url"],
                    value=value,
                    scale=(worst, best) if worst is not None and best is not None else None,
                    date=row["date"] or "",
                    note=row["body"] or "",
                    claimant=row["claimant"] or "",
                    claimant_type="organization"
                    if (row["ctype"] or "").endswith("Organization")
                    else "person",
                    appearance=row["app"] if (row["app"] or "").startswith("http") else "",
                )
            )
        except InputError as exc:
            raise InputError(f"{where}: {exc}") from None
    if not reviews:
        raise InputError(f"{name}: no ClaimReview found")
    return reviews


_RDF_VARS = re.findall(r"\?(\w+)", _RDF_REVIEWS.split("WHERE")[0])


# --- storing and reading back --------------------------------------------------------------


def attach(store: Store, reviews: list[Review]) -> None:
    """Point each review at the stored statements that make its claim (in place)."""
    from claimkb.matching import best_matches, candidates, row_keys

    rows = candidates(store)
    keys = row_keys(rows)
    for review in reviews:
        if review.statements:
            continue
        found = best_matches(
            review.claim_reviewed, rows, claimant=review.claimant, top=None, keys=keys
        )
        review.statements = sorted({m.row["id"] for m in found})


_STALE_LINKS = """
SELECT ?g ?r ?st ?claim ?prefix WHERE {
    GRAPH ?g { ?r a schema:ClaimReview ; schema:claimReviewed ?claim ; schema:itemReviewed ?st }
    FILTER(STRSTARTS(STR(?st), ?prefix))
    FILTER NOT EXISTS { ?st ckb:kind ?kind }
}"""


#: Who said each reviewed statement of a document, and where: kept before
#: the document's graph goes, for a verdict that may end up on a claim of its own.
_REVIEWED_IN = """
SELECT ?st ?g ?claimant ?claimant_type ?appearance WHERE {
    ?r a schema:ClaimReview ; schema:itemReviewed ?st .
    GRAPH ?g {
        ?st ckb:kind ?kind ; schema:isPartOf ?doc .
        OPTIONAL { ?st schema:author ?who . ?who rdfs:label ?claimant ;
                   ckb:speakerType ?claimant_type }
        OPTIONAL { ?doc schema:url ?appearance }
    }
} ORDER BY ?st
"""

#: A statement IRI -> its speaker (None for the outlet's own voice) and its document's URL.
Claimants = dict[str, tuple[Speaker | None, str | None]]


def reviewed_claimants(store: Store, doc_ids: Iterable[str]) -> Claimants:
    """Who said the statements of these documents that verdicts judge: what
    ``relink`` gives a review's own claim when those words are said nowhere
    else any more, so that the verdict still names its claimant."""
    from claimkb.rdf.mapping import graph_iri

    found: Claimants = {}
    for doc_id in doc_ids:
        for row in store.select(_REVIEWED_IN, {"g": graph_iri(doc_id)}):
            who = row.get("claimant")
            kind = row.get("claimant_type")
            speaker = Speaker(who.value, kind.value if kind else "person") if who else None
            url = row.get("appearance")
            found.setdefault(row["st"].value, (speaker, url.value if url else None))
    return found


def relink(store: Store, claimants: Claimants | None = None) -> int:
    """Point reviews whose statements are gone at the statements that make
    their claim now; how many reviews were relinked.

    A statement's id is its document and its span, so an edited document, or
    a claimkb that extracts it a little differently, gives the same words a
    new id on the next ingest, and a verdict recorded on the old one would
    judge nothing.  The review is matched again by its claim's words, as
    ``import-reviews`` matches; one whose words are no longer said judges a
    claim of its own, as an imported review that matches nothing does, said
    by whoever ``claimants`` (from ``reviewed_claimants``) says said them."""
    from pyoxigraph import Quad

    from claimkb.matching import best_matches, candidates, row_keys
    from claimkb.model import claim_id
    from claimkb.rdf.mapping import own_claim_quads, statement_iri
    from claimkb.rdf.vocab import SDO

    stale: dict[str, tuple[Any, Any, str, set[Any]]] = {}
    for row in store.select(_STALE_LINKS, {"prefix": Literal(statement_iri("").value)}):
        g, r, claim = row["g"], row["r"], row["claim"].value
        stale.setdefault(g.value, (g, r, claim, set()))[3].add(row["st"])
    if not stale:
        return 0
    rows = candidates(store)
    keys = row_keys(rows)
    replaced = []
    for g, r, claim, gone in stale.values():
        found = sorted({m.row["id"] for m in best_matches(claim, rows, top=None, keys=keys)})
        quads = [
            Quad(q["s"], q["p"], q["o"], g)
            for q in store.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": g})
            if not (q["p"] == SDO.itemReviewed and q["o"] in gone)
        ]
        linked = {q.object for q in quads if q.predicate == SDO.itemReviewed}
        quads += [
            Quad(r, SDO.itemReviewed, statement_iri(sid), g)
            for sid in found
            if statement_iri(sid) not in linked
        ]
        if not found and not linked:  # judges nothing stored: its own claim, as when imported
            said = [c for st in sorted(gone, key=str) if (c := (claimants or {}).get(st.value))]
            who = next((w for w, _ in said if w), None)
            url = next((u for _, u in said if u), None)
            quads += own_claim_quads(r, claim_id(claim), claim, g, who, url)
        replaced.append((g, quads))
    if replaced:
        store.replace_graphs(replaced)
    return len(replaced)


def record(store: Store, reviews: list[Review]) -> None:
    """Store reviews, one named graph each, all in one transaction."""
    from claimkb.rdf.mapping import review_graph_iri, review_quads

    store.replace_graphs([(review_graph_iri(r.id), review_quads(r)) for r in reviews])


def statement_ids(store: Store, prefix: str) -> tuple[list[str], str]:
    """The statements a ``claimkb review ID`` is about, and the claim text they make.

    ID is a statement id (or a unique prefix of one) or a claim id from
    ``claimkb claims``, which stands for every statement of that claim.
    """
    from claimkb.claims import claims
    from claimkb.query import select_rows

    prefix = prefix.strip()
    if not prefix:
        raise QueryError("statement id must not be empty")
    rows = select_rows(
        store,
        """SELECT DISTINCT ?id ?text ?q WHERE { ?st schema:identifier ?id ; schema:text ?text ;
               ckb:kind ?k . FILTER(STRSTARTS(STR(?id), ?q)) } ORDER BY ?id LIMIT 2""",
        {"q": Literal(prefix)},
    )
    if len(rows) > 1:
        raise QueryError(f"statement id {prefix} is ambiguous; give more of it")
    if rows:
        return [rows[0]["id"]], rows[0]["text"]
    groups = [c for c in claims(store) if c.id.startswith(prefix)]
    if len(groups) > 1:
        raise QueryError(f"claim id {prefix} is ambiguous; give more of it")
    if not groups:
        raise QueryError(f"no statement or claim with id {prefix}")
    return [a["id"] for a in groups[0].appearances], groups[0].text


_REVIEWS = """
SELECT DISTINCT ?review ?claim ?label ?normalized ?by ?url ?date ?note ?value ?best ?worst WHERE {
    #ONLY#
    ?r a schema:ClaimReview ; schema:identifier ?review ; schema:claimReviewed ?claim ;
       schema:url ?url ; schema:author/schema:name ?by ; schema:reviewRating ?rt .
    ?rt schema:alternateName ?label ; ckb:normalizedRating ?normalized .
    OPTIONAL { ?r schema:datePublished ?date }
    OPTIONAL { ?r schema:reviewBody ?note }
    OPTIONAL { ?rt schema:ratingValue ?value }
    OPTIONAL { ?rt schema:bestRating ?best }
    OPTIONAL { ?rt schema:worstRating ?worst }
} ORDER BY ?date ?by ?review
"""

#: Every row of ``reviews`` has each of these keys, None where a review has no such field.
_REVIEW_FIELDS = ("review", "claim", "label", "normalized", "by", "url", "date", "note", "value",
                  "best", "worst")  # fmt: skip

_ITEMS = """
SELECT DISTINCT ?review ?id ?kind ?claimant ?claimant_type ?appearance WHERE {
    #ONLY#
    ?r a schema:ClaimReview ; schema:identifier ?review ; schema:itemReviewed ?item .
    ?item schema:identifier ?id .
    OPTIONAL { ?item ckb:kind ?kind }
    # inside one graph: a speaker's label is in every document that quotes
    # them, and over the union of graphs each statement met every copy
    OPTIONAL { GRAPH ?ig { ?item schema:author ?who . ?who rdfs:label ?claimant ;
                           ckb:speakerType ?claimant_type } }
    OPTIONAL { ?item schema:appearance ?appearance }
} ORDER BY ?review ?id
"""


#: Ids per VALUES block when reading the reviews of given statements.
_VALUES_CHUNK = 500


def _only(var: str, ids: list[str]) -> str:
    """A VALUES block restricting ``?var`` to ids (escaped by Oxigraph's serialiser)."""
    return f"VALUES ?{var} {{ {' '.join(str(Literal(i)) for i in ids)} }}"


def reviews(store: Store, only: list[str] | None = None) -> list[dict]:
    """Stored reviews (all, or those with ids in ``only``) with the statements
    each judges (or its own claim's claimant)."""
    from claimkb.query import select_rows

    chunks = [None] if only is None else [
        only[i : i + _VALUES_CHUNK] for i in range(0, len(only), _VALUES_CHUNK)
    ]  # fmt: skip
    found: dict[str, dict] = {}
    items: list[dict] = []
    for chunk in chunks:
        restrict = _only("review", chunk) if chunk is not None else ""
        for r in select_rows(store, _REVIEWS.replace("#ONLY#", restrict)):
            found[r["review"]] = {
                **dict.fromkeys(_REVIEW_FIELDS),
                **r,
                "statements": [],
                "claimant": None,
                "claimant_type": None,
                "appearance": None,
            }
        items += select_rows(store, _ITEMS.replace("#ONLY#", restrict))
    for item in items:
        r = found.get(item["review"])
        if r is None:
            continue
        if item.get("kind"):  # a stored statement (only statements have a kind)
            r["statements"].append(item["id"])
        else:  # the review's own claim
            r["claimant"] = item.get("claimant")
            r["claimant_type"] = item.get("claimant_type")
            r["appearance"] = item.get("appearance")
    return sorted(found.values(), key=lambda r: (r.get("date") or "", r["by"], r["review"]))


def verdicts(store: Store, statement_ids: list[str] | None = None) -> dict[str, list[dict]]:
    """Statement id -> the reviews that judge it; for the given statements only,
    so annotating a few rows never reads every review in the store."""
    only = None
    if statement_ids is not None:
        from claimkb.query import select_rows

        ids = list(dict.fromkeys(statement_ids))
        only = sorted(
            {
                r["review"]
                for i in range(0, len(ids), _VALUES_CHUNK)
                for r in select_rows(
                    store,
                    f"""SELECT DISTINCT ?review WHERE {{ {_only("id", ids[i : i + _VALUES_CHUNK])}
                        ?st schema:identifier ?id ; ckb:kind ?kind .
                        ?r schema:itemReviewed ?st ; schema:identifier ?review }}""",
                )
            }
        )
        if not only:
            return {}
    wanted = None if statement_ids is None else set(statement_ids)
    out: dict[str, list[dict]] = {}
    for r in reviews(store, only):
        for sid in r["statements"]:
            if wanted is None or sid in wanted:
                out.setdefault(sid, []).append(r)
    return out


def verdict_label(found: list[dict]) -> str:
    """ "Mostly False (Harbour Check); Mostly True (Port Watch)": one cell for a table.

    The published labels, not the buckets: two checkers who disagree within
    "mixture" still disagree."""
    return "; ".join(f"{r['label']} ({r['by']})" for r in found)


# --- ClaimReview JSON-LD out -------------------------------------------------------------


_APPEARANCES = """SELECT DISTINCT ?id ?speaker ?speaker_type ?doc ?headline ?url ?date ?doc_iri
WHERE { #ONLY#
    GRAPH ?g {
        ?st schema:identifier ?id ; ckb:kind ?k ; schema:isPartOf ?doc_iri .
        ?doc_iri schema:identifier ?doc .
        OPTIONAL { ?doc_iri schema:headline ?headline }
        OPTIONAL { ?doc_iri schema:url ?url }
        OPTIONAL { ?doc_iri schema:datePublished ?date }
        OPTIONAL { ?st schema:author ?sp . ?sp rdfs:label ?speaker ;
                   ckb:speakerType ?speaker_type } } }"""


def claimreview_jsonld(store: Store) -> list[dict]:
    """Every review as ClaimReview markup (Google's Fact Check fields), one object each.

    The reviewed claim's author is the statement's speaker (or, for the
    outlet's own voice, the outlet: the document's site, else the document);
    its appearances are the documents it appears in.
    """
    from claimkb.query import select_rows

    found = reviews(store)
    # only the reviewed statements: reading every statement's document took
    # six minutes and 24 GB on the 26,168 statements of PolNeAR train
    wanted = sorted({s for r in found for s in r["statements"]})
    docs: dict[str, dict] = {}
    for i in range(0, len(wanted), _VALUES_CHUNK):
        restrict = _only("id", wanted[i : i + _VALUES_CHUNK])
        for row in select_rows(store, _APPEARANCES.replace("#ONLY#", restrict)):
            docs[row["id"]] = row
    out = []
    for r in found:
        rating: dict[str, Any] = {"@type": "Rating", "alternateName": r["label"]}
        for key, prop in (
            ("value", "ratingValue"),
            ("best", "bestRating"),
            ("worst", "worstRating"),
        ):
            if r.get(key) is not None:
                rating[prop] = int(r[key]) if float(r[key]).is_integer() else r[key]
        obj: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "@id": f"https://claimkb.org/id/review/{r['review']}",
            "claimReviewed": r["claim"],
            "url": r["url"],
            "author": {"@type": "Organization", "name": r["by"]},
            "reviewRating": rating,
            "itemReviewed": _item(r, [docs[s] for s in r["statements"] if s in docs]),
        }
        if r.get("date"):
            obj["datePublished"] = r["date"]
        if r.get("note"):
            obj["reviewBody"] = r["note"]
        out.append(obj)
    return out


def _item(review: dict, statements: list[dict]) -> dict:
    """The reviewed Claim: who made it and where it appeared."""
    item: dict[str, Any] = {"@type": "Claim"}
    if not statements:
        if review.get("claimant"):
            kind = "Organization" if review.get("claimant_type") == "organization" else "Person"
            item["author"] = {"@type": kind, "name": review["claimant"]}
        # Where the claim was made, else the fact-check page that quotes it.
        item["appearance"] = [
            {"@type": "CreativeWork", "url": review.get("appearance") or review["url"]}
        ]
        return item
    first = min(statements, key=lambda s: (s.get("date") or "9999", s["doc"]))
    if first.get("speaker"):
        # a group is typed as the store types it (schema:Organization), not as one person
        org = first.get("speaker_type") in ("organization", "group")
        item["author"] = {"@type": "Organization" if org else "Person", "name": first["speaker"]}
    else:  # the outlet's own voice: the outlet made the claim
        host = urlparse(first.get("url") or "").netloc
        item["author"] = {"@type": "Organization", "name": host or first["doc"]}
    if first.get("date"):
        item["datePublished"] = first["date"]
    seen: dict[str, dict] = {}
    for s in sorted(statements, key=lambda s: (s.get("date") or "9999", s["doc"])):
        work: dict[str, Any] = {"@type": "CreativeWork", "url": s.get("url") or s["doc_iri"]}
        if s.get("headline"):
            work["headline"] = s["headline"]
        if s.get("date"):
            work["datePublished"] = s["date"]
        seen.setdefault(s["doc"], work)
    item["appearance"] = list(seen.values())
    item["firstAppearance"] = item["appearance"][0]
    return item


def google_problems(obj: dict) -> list[str]:
    """What keeps one ClaimReview object from Google's Fact Check markup rules.

    Required: claimReviewed, reviewRating with alternateName, url (absolute),
    author with a name; itemReviewed a Claim with its author (the claimant) and
    an appearance or firstAppearance (a URL or a CreativeWork with one).  A
    numeric ratingValue needs its bestRating and worstRating around it.
    """
    problems = []
    if "ClaimReview" not in _types(obj):
        problems.append("@type is not ClaimReview")
    if not _text(obj.get("claimReviewed")):
        problems.append("claimReviewed is missing")
    url = _text(obj.get("url"))
    if not url.startswith(("http://", "https://")):
        problems.append("url is missing or not absolute")
    if not _text(obj.get("author")):
        problems.append("author (with a name) is missing")
    rating = obj.get("reviewRating")
    if not isinstance(rating, dict) or not _text(rating.get("alternateName")):
        problems.append("reviewRating.alternateName is missing")
    elif rating.get("ratingValue") is not None:
        v, b, w = (_number(rating.get(k)) for k in ("ratingValue", "bestRating", "worstRating"))
        if v is None or b is None or w is None or not min(w, b) <= v <= max(w, b):
            problems.append("reviewRating.ratingValue needs bestRating and worstRating around it")
    item = obj.get("itemReviewed")
    if not isinstance(item, dict) or "Claim" not in _types(item):
        problems.append("itemReviewed is not a Claim")
    else:
        if not _text(item.get("author")):
            problems.append("itemReviewed.author (the claimant) is missing")
        if not _appearance(item):
            problems.append("itemReviewed.appearance / firstAppearance (with a URL) is missing")
    if obj.get("datePublished") is not None:
        try:
            check_date(str(obj["datePublished"]))
        except InputError:
            problems.append("datePublished is not an ISO date")
    return problems


__all__ = [
    "RATINGS",
    "attach",
    "claimreview_jsonld",
    "google_problems",
    "make_review",
    "normalise_rating",
    "read_reviews",
    "record",
    "reviews",
    "verdicts",
]
