"""Statements to quads, with IRIs that depend only on the input.

Same document text, same IRIs, same triples: re-ingesting is idempotent and
two knowledge bases built from the same files can be diffed.  No blank nodes:
selectors are fragment IRIs of their statement.  One named graph per document
holds everything extracted from it, so replacing a changed document is one
graph swap.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Quad

from claimkb.model import Extraction, Review, Span, Speaker, Statement, authors
from claimkb.rdf.vocab import BASE, CKB, OA, PROV, RDF, RDFS, SDO, XSD

#: Characters of context kept on each side of a quoted span (TextQuoteSelector).
CONTEXT_CHARS = 32
_TYPES = {
    "person": SDO.Person,
    "organization": SDO.Organization,
    "place": SDO.Place,
    "group": SDO.Organization,
    "unnamed": CKB.UnnamedSource,
    "thing": SDO.Thing,
}


#: Bumped when the triples written for a document change shape or meaning
#: (4: a statement's confidence is the tagger's, calibrated; speakers read
#: anew; 5: name keys fold accents and apostrophes): a stored document of an
#: older mapping is extracted again on the next ingest.
MAPPING_VERSION = "5"


def name_key(text: str) -> str:
    """A name as stored and as looked up: accents, case, curly apostrophes and
    spacing folded, so that ``ramirez`` finds José Ramírez however the page
    encoded the accent (one character or a letter and a combining mark) and
    ``o'malley`` finds O’Malley."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def plain_key(text: str) -> str:
    """The key mappings before 5 stored (lower case, single spaces), which a
    knowledge base not re-ingested since still holds."""
    return " ".join(text.lower().split())


def name_keys(name: str) -> set[str]:
    """The keys a speaker is found by: the whole name, and its leading and
    trailing words ("mara", "castell", "van der berg")."""
    words = name_key(name).split()
    return {" ".join(words[:i]) for i in range(1, len(words) + 1)} | {
        " ".join(words[i:]) for i in range(len(words))
    }


def slug(text: str) -> str:
    """A readable, stable IRI segment: "Jane Roe" -> "jane-roe", and
    "Martin O’Malley" the "Martin O'Malley" of a paper typed otherwise."""
    text = text.replace("’", "'").replace("‘", "'")
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-")
    return s or quote(text.lower(), safe="")


def document_iri(doc_id: str) -> NamedNode:
    return NamedNode(f"{BASE}doc/{quote(doc_id, safe='')}")


def graph_iri(doc_id: str) -> NamedNode:
    return NamedNode(f"{BASE}graph/{quote(doc_id, safe='')}")


def statement_iri(statement_id: str) -> NamedNode:
    return NamedNode(f"{BASE}statement/{statement_id}")


def speaker_iri(speaker: Speaker, doc_id: str) -> NamedNode:
    """Named people and organisations are shared across documents; "sources",
    "he" (unresolved), other unnamed speakers, people known by one word only
    ("Smith": which Smith?) and organisations known by a description only
    ("the company said": which company?) belong to their document."""
    named_body = speaker.type == "organization" and not speaker.name[:1].islower()
    shared = named_body or (speaker.type == "person" and len(speaker.name.split()) > 1)
    if shared and speaker.resolved_by != "unresolved":
        return named_speaker_iri(speaker.name)
    return NamedNode(f"{BASE}speaker/{quote(doc_id, safe='')}/{slug(speaker.name)}")


def entity_iri(name: str) -> NamedNode:
    return NamedNode(f"{BASE}entity/{slug(name)}")


def run_iri(version: str, model: str) -> NamedNode:
    return NamedNode(f"{BASE}run/{slug(version)}/{slug(model)}")


def _int(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


def _selector(node: NamedNode, span: Span, text: str, g: NamedNode) -> Iterator[Quad]:
    yield Quad(node, RDF.type, OA.TextPositionSelector, g)
    yield Quad(node, RDF.type, OA.TextQuoteSelector, g)
    yield Quad(node, OA.start, _int(span.start), g)
    yield Quad(node, OA.end, _int(span.end), g)
    yield Quad(node, OA.exact, Literal(span.text), g)
    yield Quad(node, OA.prefix, Literal(text[max(0, span.start - CONTEXT_CHARS) : span.start]), g)
    yield Quad(node, OA.suffix, Literal(text[span.end : span.end + CONTEXT_CHARS]), g)


def _speaker_node(node: NamedNode, speaker: Speaker, g: NamedNode) -> list[Quad]:
    """What every speaker node says of itself: its class, name and kind."""
    return [
        Quad(node, RDF.type, _TYPES.get(speaker.type, SDO.Thing), g),
        Quad(node, RDFS.label, Literal(speaker.name), g),
        Quad(node, CKB.speakerType, Literal(speaker.type), g),
    ]


def statement_quads(st: Statement, text: str, g: NamedNode, doc: NamedNode) -> Iterator[Quad]:
    s = statement_iri(st.id)
    yield Quad(s, RDF.type, SDO.Quotation if st.kind == "direct" else SDO.Claim, g)
    yield Quad(s, SDO.identifier, Literal(st.id), g)
    yield Quad(s, SDO.text, Literal(st.content_text), g)
    yield Quad(s, SDO.isPartOf, doc, g)
    yield Quad(s, CKB.kind, Literal(st.kind), g)
    yield Quad(s, CKB.confidence, Literal(f"{st.confidence:.2f}", datatype=XSD.decimal), g)
    if st.cue_lemma:
        yield Quad(s, CKB.cue, Literal(st.cue_lemma), g)
    for i, frag in enumerate(st.content):
        node = NamedNode(f"{s.value}#content-{i}")
        yield Quad(s, CKB.contentSelector, node, g)
        yield from _selector(node, frag, text, g)
    for k, occ in enumerate(st.occurrences, start=1):
        for i, frag in enumerate(occ):
            node = NamedNode(f"{s.value}#repeat-{k}-{i}")
            yield Quad(s, CKB.repeatSelector, node, g)
            yield from _selector(node, frag, text, g)
    if st.source is not None:
        node = NamedNode(f"{s.value}#source")
        yield Quad(s, CKB.sourceSelector, node, g)
        yield from _selector(node, st.source, text, g)
    if st.cue is not None:
        node = NamedNode(f"{s.value}#cue")
        yield Quad(s, CKB.cueSelector, node, g)
        yield from _selector(node, st.cue, text, g)
    if st.speaker is not None:
        sp = speaker_iri(st.speaker, st.doc_id)
        yield Quad(s, SDO.author, sp, g)
        if st.kind == "direct":
            yield Quad(s, SDO.spokenByCharacter, sp, g)
        yield Quad(s, CKB.resolvedBy, Literal(st.speaker.resolved_by), g)
        yield from _speaker_node(sp, st.speaker, g)
        keys = name_keys(st.speaker.name)
        if st.source is not None and st.source.text != st.speaker.name:
            yield Quad(sp, SDO.alternateName, Literal(st.source.text), g)
            keys.add(name_key(st.source.text))
        # A group is found by each member's name too: "who said" of one of
        # them includes what they said together.
        for member in st.speaker.members:
            node = speaker_iri(member, st.doc_id)
            yield Quad(sp, SDO.member, node, g)
            yield from _speaker_node(node, member, g)
            keys |= name_keys(member.name)
        for key in sorted(keys):
            yield Quad(sp, CKB.nameKey, Literal(key), g)
    for name in st.entities:
        yield Quad(s, SDO.mentions, entity_iri(name), g)


def extraction_quads(ex: Extraction, version: str, model: str) -> list[Quad]:
    """Every quad of one document's named graph, in a stable order."""
    d = ex.document
    g, doc = graph_iri(d.id), document_iri(d.id)
    text = d.text
    quads: list[Quad] = [
        Quad(doc, RDF.type, SDO.NewsArticle, g),
        Quad(doc, SDO.identifier, Literal(d.id), g),
        Quad(doc, SDO.text, Literal(text), g),
        Quad(doc, CKB.sha256, Literal(d.sha256), g),
        Quad(doc, CKB.mappingVersion, Literal(MAPPING_VERSION), g),
    ]
    if d.headline:
        quads.append(Quad(doc, SDO.headline, Literal(d.headline), g))
    if d.path:
        quads.append(Quad(doc, CKB.sourcePath, Literal(d.path), g))
    if d.url:
        quads.append(Quad(doc, SDO.url, NamedNode(d.url), g))
    if d.date_published:
        quads.append(Quad(doc, SDO.datePublished, Literal(d.date_published, datatype=XSD.date), g))
    for name in authors(d.author):
        writer = named_speaker_iri(name)
        quads.append(Quad(doc, SDO.author, writer, g))
        quads.extend(_speaker_node(writer, Speaker(name, "person"), g))
    run = run_iri(version, model)
    quads += [
        Quad(g, PROV.wasGeneratedBy, run, g),
        Quad(run, RDF.type, PROV.Activity, g),
        Quad(run, CKB.softwareVersion, Literal(version), g),
        Quad(run, CKB.model, Literal(model), g),
    ]
    mentioned = {n for st in ex.statements for n in st.entities}
    for name in sorted(mentioned):
        e = entity_iri(name)
        quads.append(Quad(e, RDF.type, _TYPES.get(ex.entities.get(name, "thing"), SDO.Thing), g))
        quads.append(Quad(e, RDFS.label, Literal(name), g))
    for st in ex.statements:
        quads.extend(statement_quads(st, text, g, doc))
    return list(dict.fromkeys(quads))


def review_iri(review_id: str) -> NamedNode:
    return NamedNode(f"{BASE}review/{review_id}")


def review_graph_iri(review_id: str) -> NamedNode:
    """Each review has a graph of its own: re-ingesting a document never drops a verdict."""
    return NamedNode(f"{BASE}graph/review/{review_id}")


def named_speaker_iri(name: str) -> NamedNode:
    """A person or organisation known by name: one IRI across all documents."""
    return NamedNode(f"{BASE}speaker/{slug(name)}")


def _decimal(x: float) -> Literal:
    return Literal(format(x, "f").rstrip("0").rstrip(".") or "0", datatype=XSD.decimal)


def claim_iri(claim_id: str) -> NamedNode:
    return NamedNode(f"{BASE}claim/{claim_id}")


def own_claim_quads(
    review: NamedNode,
    claim_id: str,
    text: str,
    g: NamedNode,
    claimant: Speaker | None = None,
    appearance: str | None = None,
) -> list[Quad]:
    """What a review judges when no stored statement makes its claim: a
    ``schema:Claim`` of its own, with its words, said by its claimant where
    one is known, and where it appeared."""
    c = claim_iri(claim_id)
    quads = [
        Quad(review, SDO.itemReviewed, c, g),
        Quad(c, RDF.type, SDO.Claim, g),
        Quad(c, SDO.identifier, Literal(claim_id), g),
        Quad(c, SDO.text, Literal(text), g),
    ]
    if claimant is not None:
        sp = named_speaker_iri(claimant.name)
        quads += [
            Quad(c, SDO.author, sp, g),
            *_speaker_node(sp, claimant, g),
            *(Quad(sp, CKB.nameKey, Literal(k), g) for k in sorted(name_keys(claimant.name))),
        ]
    if appearance:
        quads.append(Quad(c, SDO.appearance, NamedNode(appearance), g))
    return quads


def review_quads(review: Review) -> list[Quad]:
    """A verdict: the review, its rating, its author, and what it judges.

    A review that matched stored statements points ``schema:itemReviewed`` at
    each of them; one that matched nothing judges a ``schema:Claim`` of its own,
    said by its claimant.
    """
    g = review_graph_iri(review.id)
    r = review_iri(review.id)
    rating = NamedNode(f"{r.value}#rating")
    by = named_speaker_iri(review.author)
    quads = [
        Quad(r, RDF.type, SDO.ClaimReview, g),
        Quad(r, SDO.identifier, Literal(review.id), g),
        Quad(r, SDO.claimReviewed, Literal(review.claim_reviewed), g),
        Quad(r, SDO.url, NamedNode(review.url), g),
        Quad(r, SDO.author, by, g),
        Quad(by, RDF.type, SDO.Organization, g),
        Quad(by, SDO.name, Literal(review.author), g),
        Quad(by, RDFS.label, Literal(review.author), g),
        Quad(by, CKB.speakerType, Literal("organization"), g),
        Quad(r, SDO.reviewRating, rating, g),
        Quad(rating, RDF.type, SDO.Rating, g),
        Quad(rating, SDO.alternateName, Literal(review.rating), g),
        Quad(rating, CKB.normalizedRating, Literal(review.normalized), g),
    ]
    for prop, value in (
        (SDO.ratingValue, review.rating_value),
        (SDO.bestRating, review.best_rating),
        (SDO.worstRating, review.worst_rating),
    ):
        if value is not None:
            quads.append(Quad(rating, prop, _decimal(value), g))
    if review.date_published:
        quads.append(
            Quad(r, SDO.datePublished, Literal(review.date_published, datatype=XSD.date), g)
        )
    if review.note:
        quads.append(Quad(r, SDO.reviewBody, Literal(review.note), g))
    for sid in review.statements:
        quads.append(Quad(r, SDO.itemReviewed, statement_iri(sid), g))
    if not review.statements:
        who = Speaker(review.claimant, review.claimant_type) if review.claimant else None
        quads += own_claim_quads(
            r, review.claim_id, review.claim_reviewed, g, who, review.appearance
        )
    return quads
