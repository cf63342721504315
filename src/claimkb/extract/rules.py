"""Dependency rules that find source, cue and content in one parsed block.

The rules read spaCy's parse the way a person reads the sentence: a cue verb
("said", "denied", "believes") governs what was said (a clausal complement, an
object, a quotation) and its subject is who said it.  Quotation marks then
widen a content clause to the whole quotation, however many sentences it runs.
Everything here works on one block (a paragraph) and returns character offsets
into the document, so callers never juggle block-local positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from claimkb.extract.cues import Lexicon
from claimkb.extract.quotes import Quote, find_quotes

#: Characters trimmed from the edges of a span: they carry no meaning and the
#: scorer and readers both ignore them.
EDGE = frozenset(" \t\n\r,.;:!?\"'`“”‘’«»„—―–-()[]")
#: Dashes as tokens, the horizontal bar (U+2015) among them.
DASHES = frozenset({"-", "--", "–", "—", "―"})

# Dependents that carry what was said.
_CLAUSE = {"ccomp"}
_INTENT = {"xcomp"}
_OBJECT = {"dobj", "oprd", "attr"}
_SUBJECT = {"nsubj", "nsubjpass", "csubj"}
#: Finite verb tags: a verb that should have a subject of its own.
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
# A cue verb inherits the subject of the verb it hangs off in these relations:
# "promised to cut taxes, saying ...", "said X and added Y".
_INHERIT = {"conj", "xcomp", "advcl", "acomp"}

#: Minimum words for a bare quotation to count as a claim, not a scare quote.
MIN_QUOTE_WORDS = 4


@dataclass
class Found:
    """One attribution before speaker resolution; offsets are document offsets."""

    kind: str
    content: list[tuple[int, int]]
    cue: tuple[int, int] | None = None
    source: tuple[int, int] | None = None
    source_root: Token | None = None
    cue_lemma: str = ""
    confidence: float = 0.5
    quotes: list[Quote] = field(default_factory=list)


_CLOSER = {")": "(", "]": "["}


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past edge punctuation and space, but keep a
    bracket the span itself opened: "Sen. Ada Vance (D-Ore.)" is a whole name,
    and PolNeAR's spans close their brackets."""
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        opener = _CLOSER.get(text[end - 1])
        if opener and _unclosed(text[start : end - 1], opener, text[end - 1]):
            break
        end -= 1
    for closer, opener in _CLOSER.items():
        # A tagger that stopped one token short: "(D-Ore" before ".)".
        if end > start and _unclosed(text[start:end], opener, closer):
            tail = text[end : end + 2]
            if tail.startswith(closer) or tail == "." + closer:
                end += tail.index(closer) + 1
    return start, end


def _unclosed(span: str, opener: str, closer: str) -> bool:
    return span.count(opener) > span.count(closer)


def block_end(doc: Doc, base: int) -> int:
    """Where a block parsed at ``base`` ends in the document text.  ``Doc.text``
    joins every token's text anew on each call: asked for once per rule, it was
    8% of a profiled extraction."""
    if not len(doc):
        return base
    last = doc[-1]
    return base + last.idx + len(last.text_with_ws)


def _char_span(tokens: list[Token] | Span, base: int) -> tuple[int, int]:
    first, last = tokens[0], tokens[-1]
    return base + first.idx, base + last.idx + len(last.text)


def _subtree_range(tok: Token) -> tuple[int, int]:
    """Token index range ``[i, j)`` of a token's subtree (always contiguous in spaCy)."""
    return tok.left_edge.i, tok.right_edge.i + 1


def first_conjunct(tok: Token) -> Token:
    """The head of the coordination a token is the second (or later) part of:
    "said" of "said … and added", "Ada Vance" of "Ada Vance and her aides"."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _frag(doc: Doc, i: int, j: int, base: int, text: str) -> tuple[int, int] | None:
    if i >= j:
        return None
    s, e = _char_span(doc[i:j], base)
    s, e = trim(text, s, e)
    return (s, e) if s < e else None


def agent(verb: Token) -> Token | None:
    """Who did it to the subject of a passive: "asked *by a reporter*"."""
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def subject_of(verb: Token) -> Token | None:
    """The verb's own subject, or one inherited up a chain of conj/xcomp/advcl."""
    seen = 0
    tok = verb
    while tok is not None and seen < 4:
        who = agent(tok)  # passive: "was denied by the mayor"
        if who is not None:
            return who
        for child in tok.children:
            if child.dep_ in _SUBJECT:
                return child
        if tok.dep_ in _INHERIT and tok.head.i != tok.i:
            tok = tok.head
            seen += 1
            continue
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep":
            # "He pitched himself by telling them …": the doer of the -ing verb
            # is the subject of the verb the preposition hangs from.
            tok = tok.head.head
            seen += 1
            continue
        if tok.dep_ == "relcl":  # "Smith, who said ...": the source is "who"
            break
        break
    return None


def _source_range(subj: Token) -> tuple[int, int]:
    """The subject's subtree, minus a relative clause that contains nothing but itself."""
    i, j = _subtree_range(subj)
    return i, j


def _cue_tokens(verb: Token, via: Token | None, lex: Lexicon) -> list[Token]:
    toks = [verb]
    if any(c.dep_ == "auxpass" for c in verb.children):
        # A passive cue is the whole verb group: "has been accused".
        toks += [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    for child in verb.children:
        if child.dep_ == "prt" and child.lower_ in lex.particles:
            toks.append(child)
        if child.dep_ == "neg" and child.i > verb.i:
            toks.append(child)
    if via is not None:
        toks.append(via)
    return sorted(toks, key=lambda t: t.i)


def _content_children(verb: Token, lemma: str, lex: Lexicon) -> tuple[list[Token], Token | None]:
    """Dependents holding the content, and a preposition joining the cue ("called for")."""
    kids = list(verb.rights)
    # A clause may precede its cue ("The port will reopen," she said).
    clauses = [c for c in verb.children if c.dep_ in _CLAUSE]
    if clauses:
        return clauses, None
    if lemma in lex.takes_infinitive or lemma in lex.cognition:
        x = [c for c in kids if c.dep_ in _INTENT]
        if x:
            objs = [c for c in kids if c.dep_ == "dobj" and c.i < x[0].i]
            return objs + x, None
    if lemma in lex.judgement or lemma in lex.takes_object:
        objs = [c for c in kids if c.dep_ in _OBJECT]
        if objs:
            # "accused Smith of lying": the of-phrase belongs to the content.
            extra = [
                c
                for c in kids
                if c.dep_ == "prep" and c.lower_ in ("of", "for", "as") and c.i > objs[0].i
            ]
            return objs + extra, None
    for c in kids:
        if c.dep_ == "prep" and c.lower_ in lex.particles:
            pobj = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if pobj and (lemma in lex.speech or lemma in lex.judgement):
                return pobj, c
    return [], None


def _is_cue_verb(tok: Token, lex: Lexicon) -> bool:
    return tok.pos_ in ("VERB", "AUX") and lex.lemma(tok) in lex.verbs


def _as_clause(tok: Token) -> bool:
    """An adverbial clause opened by "as": "as the mayor noted"."""
    return tok.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" and c.i < tok.i for c in tok.children
    )


def _put_it(tok: Token, lex: Lexicon) -> Token | None:
    """The "it" of "as Ms. Okafor put it": "put" is a cue only in that idiom."""
    if lex.lemma(tok) != "put" or not _as_clause(tok):
        return None
    return next((c for c in tok.rights if c.dep_ == "dobj" and c.lower_ == "it"), None)


def _fragments(
    doc: Doc, ranges: list[tuple[int, int]], base: int, text: str
) -> list[tuple[int, int]]:
    out = []
    for i, j in sorted(ranges):
        f = _frag(doc, i, j, base, text)
        if f:
            out.append(f)
    return merge_fragments(text, out)


def merge_fragments(text: str, frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort and join fragments separated by nothing but punctuation and space."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(frags):
        if out and (s <= out[-1][1] or all(c in EDGE for c in text[out[-1][1] : s])):
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def asked_participle(verb: Token, lex: Lexicon) -> bool:
    """ "Asked about the pier, the mayor said …": the subject a bare participle
    shares with its host is the one asked, not a source (PolNeAR train: 39 of
    45 "Asked" cues have none; four of the others name who asked, "by X")."""
    return (
        verb.tag_ == "VBN"
        and lex.lemma(verb) in lex.addressee_passives
        and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children)
    )


def speaks_through_agent(verb: Token, lex: Lexicon) -> bool:
    """Is the cue's source at most its "by" agent?  So for a passive ("The
    bridge is expected to open", "was confirmed"), save where the subject holds
    the view ("We are convinced"), and for a bare "Asked about …"."""
    if asked_participle(verb, lex):
        return True
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    return passive and lex.lemma(verb) not in lex.experiencer_passives


def _in_by_phrase(tok: Token) -> bool:
    """ "was confirmed as a passenger *by the minister*": the parse may hang
    the agent's "by" on a noun rather than on the verb."""
    return tok.dep_ == "pobj" and tok.head.lower_ == "by"


def _tokens_at(span: tuple[int, int], doc: Doc, base: int) -> Span | None:
    """A span of document offsets as tokens of its block (a statement's cue,
    for the post-passes below)."""
    return doc.char_span(span[0] - base, span[1] - base, alignment_mode="expand")


def passive_sources(found: list[Found], doc: Doc, base: int, text: str, lex: Lexicon) -> None:
    """A passive cue's source is its "by" agent or nobody, whoever proposed it.

    The tagger labels the subject of "is expected" or the mayor of "Asked
    about the pier, the mayor said" as a source (PolNeAR train: 45 of the 172
    passive cues it found that have no gold source).  Done on the final
    statements, not in ``block_attributions``, so the rule features the tagger
    was trained on stay as they are (as ``widen_to_verb_group`` is)."""
    for f in found:
        if f.cue is None or f.source is None:
            continue
        cue = _tokens_at(f.cue, doc, base)
        if cue is None or not speaks_through_agent(cue.root, lex):
            continue
        if f.source_root is not None and _in_by_phrase(f.source_root):
            continue
        who = agent(cue.root)
        f.source = _frag(doc, *_source_range(who), base, text) if who is not None else None
        f.source_root = who if f.source is not None else None


#: verbs of how things look: "X seems content" is the writer's view of X
_EVIDENTIAL = frozenset({"seem", "appear"})


def evidential_sources(found: list[Found], doc: Doc, base: int) -> None:
    """A cue that is only "seem" or "appear" has no source: "Republicans
    seem resigned", "he appeared unmoved" is how the story sees them, not
    what they said (PolNeAR train: 190 of the 238 gold cues with either verb
    have no source, and of the tagger's such cues with a source, gold has
    none 58 times and one 24); with a verb of its own in the cue it keeps
    one ("seemed to imply", "appeared to mock").  A verb after a bare cue
    ("appeared to assert his plans by saying") does not save it: keeping
    those sources scores 19 fewer train attributions."""
    for f in found:
        if f.cue is None or f.source is None:
            continue
        cue = _tokens_at(f.cue, doc, base)
        if cue is None:
            continue
        verbs = [t for t in cue if t.pos_ == "VERB"]
        if len(verbs) == 1 and verbs[0].lemma_ in _EVIDENTIAL:
            f.source, f.source_root = None, None


#: pronouns that open a relative clause ("Smith, who said …")
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})


def relative_sources(found: list[Found], doc: Doc, base: int, text: str) -> None:
    """A relative pronoun is the source of its own clause's cue only: in
    "Barkley, who said he votes Democratic, said one candidate …" the second
    "said" is Barkley's (PolNeAR train: of the tagger's relative-pronoun
    sources whose cue lies outside their clause, 73 of 85 are wrong, nearly
    all the antecedent in gold).  Done on the final statements, as
    ``passive_sources`` is."""
    for f in found:
        root = f.source_root
        if f.cue is None or root is None or root.lower_ not in RELATIVE_PRONOUNS:
            continue
        clause = root.head
        if clause.dep_ != "relcl" or root.dep_ not in ("nsubj", "nsubjpass"):
            continue
        cue = _tokens_at(f.cue, doc, base)
        if cue is None or clause.left_edge.i <= cue.root.i <= clause.right_edge.i:
            continue
        ante = clause.head
        span = _frag(doc, ante.left_edge.i, ante.i + 1, base, text)
        taken = [f.cue, *f.content]
        if span is None or any(s < span[1] and span[0] < e for s, e in taken):
            continue
        f.source, f.source_root = span, ante


_CLOSING_MARKS = frozenset({"”", '"', "''"})
#: tokens a subject never runs back past
_PHRASE_STOPS = frozenset({",", "”", '"', "''", "—", "―", "--", ";", ":"})


def lost_subjects(found: list[Found], doc: Doc, base: int, text: str) -> None:
    """A cue verb the parser left without a subject takes the noun phrase
    written before it, past one comma-enclosed aside, or, right after a
    quotation, the one after it: in "Trump, appearing after Clinton at the
    forum, cited …" the small model made "Trump" an adjective, in "“…,”
    Flynn, a top Trump surrogate, said" an apposition of the quotation's last
    noun, in "“…,” said Skelly, explaining …" an adverb, and neither the rules
    nor the tagger found a source (PolNeAR: 14 train and 3 dev statements
    gain one, all right, and 4 pronouns after them now resolve to the right
    person).  An aside with no verb is an apposition and joins the source
    ("Flynn, a top Trump surrogate,"), as PolNeAR writes it; a clause
    ("appearing after …") stays out, and a relative clause is passed over
    to the name it is about ("Mr. Slinker, whose latest start-up, Paradata,
    uses …, said": 3 more train sources, all right).  A past-tense cue that
    opens its sentence takes the phrase after it too ("Said Ellis: “…”",
    where "Said" modifies the name: 1 dev source).  Done on the final
    statements, as ``passive_sources`` is."""
    for f in found:
        if f.cue is None or f.source is not None or f.kind == "unattributed":
            continue
        cue = _tokens_at(f.cue, doc, base)
        if cue is None:
            continue
        verbs = [t for t in cue if t.pos_ in ("VERB", "AUX")]
        if not verbs or verbs[0].tag_ not in _FINITE:
            continue
        has = _has_read_as_is(cue)
        if has is not None:
            span = (has.i, has.i + 1, has.i)
        elif any(t.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in t.children) for t in cue):
            continue  # a passive has its source in its agent, or none
        elif cue[0].i > 0 and doc[cue[0].i - 1].text in _CLOSING_MARKS:
            # inverted after a quotation ("“…,” said Skelly"): any subject the
            # parser found before the verb is inside the quotation
            span = _phrase_after(doc, cue[-1].i + 1, cue[-1].sent.end)
        elif cue[0].is_sent_start and verbs[0].tag_ == "VBD":
            # inverted at a sentence's start: "Said Ellis: “I don't get …”"
            span = _phrase_after(doc, cue[-1].i + 1, cue[-1].sent.end)
        elif not subjectless(verbs[0]):
            continue
        else:
            span = _phrase_before(doc, cue[0].i, cue[0].sent.start)
        if span is None:
            continue
        frag = _frag(doc, span[0], span[1], base, text)
        if frag is None:
            continue
        content = _cut_before_source(f.content, frag, doc, span[0], base, text)
        if content is not None:
            f.content, f.source, f.source_root = content, frag, doc[span[2]]


def subjectless(verb: Token) -> bool:
    """A finite verb with no subject before it: one the small model lost."""
    return verb.tag_ in _FINITE and not any(
        c.dep_ in (*_SUBJECT, "expl") and c.i < verb.i for c in verb.children
    )


#: Pronouns that never stand for a thing: "he's said" is "he has said".
_PEOPLE = frozenset({"he", "she", "they", "we", "i", "you"})


def _has_read_as_is(cue: Span) -> Token | None:
    """The subject of a "'s said" the small model read as a passive ("he's
    said he will stay in", which is "he has said"): a pronoun for a person
    cannot be said, only say (PolNeAR train: 2 sources).  "It's said" stays
    a passive."""
    first, verb = cue[0], cue[-1]
    if first.lower_ not in ("'s", "’s") or first.dep_ != "auxpass" or verb.lemma_ != "say":
        return None
    return next((c for c in verb.children if c.dep_ == "nsubjpass" and c.lower_ in _PEOPLE), None)


def _cut_before_source(
    content: list[tuple[int, int]],
    source: tuple[int, int],
    doc: Doc,
    first: int,
    base: int,
    text: str,
) -> list[tuple[int, int]] | None:
    """The content without the source found for it, or None where they
    cannot be told apart: a quotation the tagger ran on into its signature
    ("“…,” Flynn, a top Trump surrogate, said") ends at its closing mark, and
    a piece that starts with the source ("“…,” said the woman, who …") goes."""
    closed = first > 0 and doc[first - 1].text in _CLOSING_MARKS
    out = []
    for s, e in content:
        if not (s < source[1] and source[0] < e):
            out.append((s, e))
        elif closed and s < source[0] <= e <= source[1] + 1:
            out.append(trim(text, s, base + doc[first - 1].idx))
        elif s == source[0] and len(content) > 1:
            continue
        else:
            return None
    return out


#: Words that open a relative clause set off between commas after a name.
_RELATIVE_ASIDE = frozenset({"who", "whose", "which"})
#: Tokens a relative clause between a name and its verb may have at most.
_MAX_ASIDE = 30


def _relative_aside(doc: Doc, comma: int, start: int) -> int | None:
    """Where a relative clause set off by commas begins, when it ends at
    ``comma``: the index of its "who", "whose" or "which"."""
    for r in range(comma - 1, max(start, comma - _MAX_ASIDE) - 1, -1):
        if doc[r].is_sent_start or doc[r].text in ("”", '"', ";", ":"):
            return None
        if doc[r].lower_ in _RELATIVE_ASIDE and r > start and doc[r - 1].text == ",":
            return r
    return None


def _phrase_before(doc: Doc, i: int, start: int) -> tuple[int, int, int] | None:
    """The noun phrase that ends right before token ``i`` or before a
    comma-enclosed aside there, as (first, end, head) token indices."""
    end = i
    aside = False
    if i - 1 >= start and doc[i - 1].text == ",":
        opener = _relative_aside(doc, i - 1, start)
        if opener is not None:
            # "Sanders, meanwhile, who sits at zero such endorsements, said",
            # "Mr. Slinker, whose latest start-up, Paradata, uses …, said":
            # whoever the clause is about, as PolNeAR writes it ("Mr. Slinker")
            return _phrase_before(doc, opener, start) or _phrase_before(doc, opener - 1, start)
        j = i - 2
        while j >= start and doc[j].text not in _PHRASE_STOPS:
            j -= 1
        if j < start or doc[j].text != ",":
            return None
        words = doc[j + 1 : i - 1]
        aside = not any(_a_verb(t) for t in words) and not all(t.pos_ == "ADV" for t in words)
        end = j
    k = end - 1
    while k >= start and doc[k].text not in _PHRASE_STOPS:
        k -= 1
    first = k + 1
    while first < end and doc[first].pos_ == "CCONJ":
        first += 1  # "And Obama …"
    phrase = doc[first:end]
    if not 0 < len(phrase) <= 10 or any(_a_verb(t) or t.is_punct for t in phrase):
        return None
    if phrase[0].pos_ in ("SCONJ", "ADP") or phrase[0].lower_ in RELATIVE_PRONOUNS:
        return None  # "When terrorists are …", "who Beck on Wednesday called"
    if k >= start and doc[k].text == ",":
        if phrase.root.dep_ == "appos" and end < i and phrase.root.ent_type_ != "PERSON":
            # "Mr. Slinker, whose company, Paradata, uses …, said"; one that
            # runs straight into the verb is its subject ("… Mika Brzezinski,
            # the Democratic presidential candidate stated"), and so is a
            # person's name hung on the place before it ("Speaking in Harlem,
            # Clinton, without naming him, also accused")
            return None
        if phrase.root.ent_type_ == "GPE" and k > 0 and doc[k - 1].pos_ == "PROPN":
            return None  # "Jeffrey Salkin, a Hollywood, Fla., rabbi …, said"
    if not _a_name_or_noun(phrase, alone=first == start):
        return None
    return first, (i if aside else end), phrase.root.i


def _phrase_after(doc: Doc, i: int, end: int) -> tuple[int, int, int] | None:
    """The noun phrase from token ``i`` up to a comma or the sentence's end
    (an inverted signature: "“…,” said Skelly, explaining …")."""
    j = i
    while j < end and not doc[j].is_punct:
        j += 1
    phrase = doc[i:j]
    if not 0 < len(phrase) <= 8 or any(_a_verb(t) for t in phrase):
        return None
    if phrase[0].pos_ in ("SCONJ", "ADP") or not _a_name_or_noun(phrase, alone=True):
        return None
    return i, j, phrase.root.i


def _a_verb(tok: Token) -> bool:
    """A verb in a phrase, not one that qualifies a noun ("ranking Democrat")."""
    return tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound")


def _a_name_or_noun(phrase: Span, alone: bool) -> bool:
    """Whether a phrase can be a source: it ends in a noun, a pronoun or a
    name the small model mistook for something else ("Trump" as an
    adjective; "Jolly" as an adverb, ``alone`` at a sentence's start), not in
    a date ("Wednesday, … said": when, not who)."""
    last = phrase[-1]
    if last.ent_type_ in ("DATE", "TIME"):
        return False
    if last.tag_ == "NN" and not any(c.dep_ in ("det", "poss") for c in phrase.root.children):
        return False  # "religion, not ethnicity, appeared to dominate": no one
    if last.pos_ in ("NOUN", "PROPN", "PRON"):
        return True
    named = last.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or (
        alone and len(phrase) == 1 and not last.is_stop  # "So said" is no one
    )
    return last.is_title and named


def verb_attributions(doc: Doc, base: int, text: str, lex: Lexicon) -> list[Found]:
    """Attributions headed by a cue verb anywhere in the block."""
    found: list[Found] = []
    for tok in doc:
        put_it = _put_it(tok, lex)
        if not (_is_cue_verb(tok, lex) or put_it):
            continue
        lemma = lex.lemma(tok)
        children, via = ([], None) if put_it else _content_children(tok, lemma, lex)
        subj = subject_of(tok)
        ranges = [_subtree_range(c) for c in children]
        confidence = 0.75 if children and children[0].dep_ == "ccomp" else 0.55
        aside = tok.dep_ == "parataxis" or _as_clause(tok)
        if not children and aside and (lemma in lex.speech or put_it):
            # "The plan, he said, would cut taxes", "As the mayor noted, the
            # pier is shut": content is the host clause.
            head = tok.head
            hi, hj = _subtree_range(head)
            ti, tj = _subtree_range(tok)
            ranges = [(hi, ti), (tj, hj)]
            confidence = 0.7
        own = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if not ranges and own is not None and subj is not None and subj.dep_ == "pobj":
            # "The report was denied by the harbour master": the agent denied it.
            ranges = [_subtree_range(own)]
        if not ranges:
            continue
        passive = own is not None and subj is not None and subj.i == own.i
        if passive and lemma in lex.addressee_passives:
            subj = None
        elif passive and lemma not in lex.experiencer_passives:
            # "The bridge is expected to open in May": the passive subject is
            # what was said, not the sayer (PolNeAR train: all 58 "is
            # expected" cues have no source).
            ranges = [_subtree_range(own), *ranges]
            subj = None
        if subj is not None and any(i <= subj.i < j for i, j in ranges):
            continue  # a parse that swallowed its own subject is not trustworthy
        content = _fragments(doc, ranges, base, text)
        if not content:
            continue
        cue_toks = _cue_tokens(tok, put_it or via, lex)
        cue = (base + cue_toks[0].idx, base + cue_toks[-1].idx + len(cue_toks[-1].text))
        source = None
        if subj is not None:
            si, sj = _source_range(subj)
            source = _frag(doc, si, sj, base, text)
        found.append(
            Found(
                kind="indirect",
                content=content,
                cue=cue,
                source=source,
                source_root=subj,
                cue_lemma=lemma,
                confidence=confidence,
            )
        )
    return found


def source_phrases(doc: Doc, base: int, text: str, lex: Lexicon) -> list[Found]:
    """ "According to X, Y", "Y, according to X", "Per X, Y" and "Y, per X":
    X is the source, Y the content.  The phrases are cues.toml's
    ``source_prepositions``; the object of their last word is the source."""
    found = []
    phrases = [p.split() for p in lex.source_prepositions]
    firsts = {w[0] for w in phrases}
    for tok in doc:
        if tok.lower_ not in firsts:  # every token passes here: the cheap test first
            continue
        words = next((w for w in phrases if _phrase_at(doc, tok.i, w)), None)
        if words is None:
            continue
        last = doc[tok.i + len(words) - 1]
        pobj = next((c for c in last.children if c.dep_ == "pobj" and c.i > last.i), None)
        if pobj is None or (words == ["per"] and not _per_source(tok, pobj)):
            continue
        sent = tok.sent
        pi, pj = tok.i, max(pobj.right_edge.i + 1, last.i + 1)
        # "X stood at 200,000 and has since exploded, according to Y": Y
        # vouches for the whole coordination, not its last verb.
        host = first_conjunct(tok.head if tok.head.i != tok.i else sent.root)
        hi, hj = _subtree_range(host) if host.i < pi or host.i >= pj else (sent.start, sent.end)
        hi, hj = max(hi, sent.start), min(hj, sent.end)
        content = _fragments(doc, [(hi, pi), (pj, hj)], base, text)
        if not content:
            continue
        cue = (base + tok.idx, base + last.idx + len(last.text))
        found.append(_said_by_object(doc, base, text, content, cue, pobj, " ".join(words), 0.85))
    return found


def _said_by_object(
    doc: Doc,
    base: int,
    text: str,
    content: list[tuple[int, int]],
    cue: tuple[int, int],
    pobj: Token,
    lemma: str,
    confidence: float,
) -> Found:
    """A statement whose source is a preposition's object and all it governs
    ("according to [the office of the mayor]", "in [a poll released Monday]")."""
    si, sj = _subtree_range(pobj)
    return Found(
        kind="indirect",
        content=content,
        cue=cue,
        source=_frag(doc, si, sj, base, text),
        source_root=pobj,
        cue_lemma=lemma,
        confidence=confidence,
    )


def poll_phrases(doc: Doc, base: int, text: str, found: list[Found]) -> list[Found]:
    """ "In a CNN poll released Monday, 31 percent of Republicans backed ...":
    the poll is the source, "In" the cue, the rest of the sentence the
    content.  Only where the phrase opens its sentence: PolNeAR's annotators
    read 20 of 21 such train phrases so, but only a quarter of those inside
    a sentence ("he leads in the polls").  Not where a statement already has
    its cue in the sentence."""
    out = []
    for sent in doc.sents:
        tok = next((t for t in sent if not (t.is_space or t.is_punct)), None)
        if tok is None or tok.lower_ != "in" or tok.dep_ != "prep":
            continue
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.lemma_.lower() not in _POLLS:
            continue
        if _cue_between(found, base + sent.start_char, base + sent.end_char):
            continue
        content = _fragments(doc, [(pobj.right_edge.i + 1, sent.end)], base, text)
        if not content:
            continue
        cue = (base + tok.idx, base + tok.idx + len(tok.text))
        out.append(_said_by_object(doc, base, text, content, cue, pobj, "in", 0.8))
    return out


_POLLS = frozenset({"poll", "survey", "polling"})


def _cue_between(found: list[Found], lo: int, hi: int) -> bool:
    """A statement already has its cue in ``[lo, hi)``: PolNeAR gives each
    word one role, so the words there are not another statement's too."""
    return any(f.cue is not None and lo <= f.cue[0] < hi for f in found)


def hearsay(doc: Doc, base: int, text: str, found: list[Found]) -> list[Found]:
    """ "Bloomberg is reportedly considering a run": a claim the outlet passes
    on without naming its source.  "reportedly" is the cue, the clause it
    qualifies (less the cue) the content, and there is no source; PolNeAR's
    annotators read 19 of 29 train uses so.  Not where a statement already
    has its cue in that clause."""
    out = []
    for tok in doc:
        if (
            tok.lower_ != "reportedly"
            or tok.dep_ != "advmod"
            or tok.head.pos_ not in ("VERB", "AUX")
        ):
            continue
        verb = tok.head
        i, j = _subtree_range(verb)
        i, j = max(i, verb.sent.start), min(j, verb.sent.end)
        if _cue_between(found, base + doc[i].idx, base + doc[j - 1].idx + len(doc[j - 1].text)):
            continue
        content = _fragments(doc, [(i, tok.i), (tok.i + 1, j)], base, text)
        if not content:
            continue
        out.append(
            Found(
                kind="indirect",
                content=content,
                cue=(base + tok.idx, base + tok.idx + len(tok.text)),
                cue_lemma="reportedly",
                confidence=0.7,
            )
        )
    return out


def _phrase_at(doc: Doc, i: int, words: list[str]) -> bool:
    return i + len(words) <= len(doc) and all(doc[i + k].lower_ == w for k, w in enumerate(words))


def _per_source(per: Token, pobj: Token) -> bool:
    """ "Per" names a source only where it opens the sentence or follows a
    comma or dash ("…, per the harbour board"), and its object is a name or a
    determined noun: "$5 per hour", "per capita", "per the hour" are rates."""
    before = per.nbor(-1) if per.i > per.sent.start else None
    if before is not None and before.text not in DASHES | {",", "("}:
        return False
    if pobj.pos_ == "PROPN" or pobj.ent_type_:
        return True
    return pobj.pos_ == "NOUN" and any(c.dep_ in ("det", "poss") for c in pobj.children)


#: "PENCE: Well, look ..." / "Q: ..." at the start of a paragraph (quoted or
#: not): a transcript turn.
_TURN = re.compile(r"\s*[\"“‘']?(?P<label>[A-Z][A-Z.'’ -]{0,30}[A-Z.]|Q|A)\s*(?P<cue>:)\s+(?=\S)")
#: "Castell: “We rebuild stronger”": a name in ordinary case before a colon
#: and a quotation, the way headlines quote people.
_NAMED_QUOTE = re.compile(
    r"\s*(?P<label>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})\s*(?P<cue>:)\s+(?=[\"“‘'])"
)
#: Capitalised labels that head a paragraph without naming a speaker.
_NOT_SPEAKER = frozenset(
    [
        "UPDATE",
        "UPDATED",
        "NOTE",
        "WATCH",
        "RELATED",
        "READ",
        "MORE",
        "CORRECTION",
        "PHOTOS",
        "PHOTO",
        "VIDEO",
        "ADVERTISEMENT",
        "EDITOR'S",
        "EDITOR’S",
        "BREAKING",
        "EXCLUSIVE",
        "ANALYSIS",
        "OPINION",
        "SOURCE",
        "SOURCES",
        "LISTEN",
        # a web page's labels and shouts: "BYLINE:", "BOOM:", "BUSTED: Emails Reveal ..."
        "BYLINE",
        "EMAIL",
        "E-MAIL",
        "CONTACT",
        "CREDIT",
        "CLARIFICATION",
        "TRANSCRIPT",
        "DEVELOPING",
        "LIVE",
        "ALERT",
        "WARNING",
        "SPOILER",
        "FOLLOW",
        "SUBSCRIBE",
        "SHARE",
        "BOOM",
        "BUSTED",
        "LOOK",
        "WOW",
        "SHOCK",
        "SHOCKING",
        "FIX",
    ]
)
#: Labels longer than this many words are headings, not speakers.
_MAX_LABEL_WORDS = 3


def drop_page_labels(found: list[Found], text: str) -> list[Found]:
    """Statements whose source is a page's one-word label ("Opinion: Port
    Amberly should ..."): the words after it are the outlet's own.  A longer
    source with such a word is a name or a phrase ("Judicial Watch:",
    "Democrats' new warning:") and speaks."""
    return [
        f
        for f in found
        if not (
            f.source
            and f.cue
            and text[f.cue[0] : f.cue[1]] == ":"
            and text[f.source[0] : f.source[1]].upper() in _NOT_SPEAKER
        )
    ]


def _named_quote(doc: Doc, base: int, text: str) -> re.Match[str] | None:
    """A ``_NAMED_QUOTE`` label, only when its quotation is all the rest of the block."""
    end = block_end(doc, base)
    m = _NAMED_QUOTE.match(text[base:end])
    quotes = find_quotes(text, base + m.end(), end) if m else []
    if not quotes:
        return None
    rest_start, rest_end = trim(text, quotes[0].end, end)
    return m if rest_start >= rest_end else None


def transcript_turn(doc: Doc, base: int, text: str) -> list[Found]:
    """A paragraph that opens with a speaker label in capitals ("WALLACE: ..."),
    or a name and a colon before a quotation that fills the rest of it
    (headline style: "Castell: “We rebuild stronger”").

    Interview transcripts and Q&A write the speaker once, in capitals, before
    the colon; no verb says it, so the dependency rules and the tagger both
    read the turn as the outlet's own words.  PolNeAR annotates the label as
    source, the colon as cue and the whole turn as content.
    """
    block = text[base : block_end(doc, base)]
    m = _TURN.match(block) or _named_quote(doc, base, text)
    if m is None:
        return []
    words = m["label"].replace(".", " ").split()
    if len(words) > _MAX_LABEL_WORDS or any(w.upper() in _NOT_SPEAKER for w in words):
        return []
    start, end = trim(text, base + m.end(), base + len(block))
    if start >= end:
        return []
    label = (base + m.start("label"), base + m.end("label"))
    root = next((t for t in doc if t.idx >= m.start("label")), None)
    return [
        Found(
            kind="direct",
            content=[(start, end)],
            cue=(base + m.start("cue"), base + m.end("cue")),
            source=label,
            source_root=root,
            cue_lemma=":",
            confidence=0.9,
        )
    ]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def claimed(found: list[Found]) -> list[tuple[int, int]]:
    """Every span some statement already holds: content, cue and source."""
    return [r for f in found for r in (*f.content, f.cue, f.source) if r is not None]


def _opening_quote(doc: Doc, base: int, text: str, quotes: list[Quote]) -> Quote | None:
    """The quotation the paragraph starts with, if it starts with one."""
    block = text[base : block_end(doc, base)]
    lead = len(block) - len(block.lstrip())
    return next((q for q in quotes if q.start == base + lead), None)


def apply_quotes(found: list[Found], quotes: list[Quote], text: str, widen: bool = True) -> None:
    """Set each statement's kind from the quotations its content touches.

    A content that lies inside quotation marks is a direct quote; one that only
    partly lies inside is mixed.  With ``widen`` (the rules), the content also
    grows to the whole quotation; the learned tagger keeps its own boundaries.
    """
    for f in found:
        touched = [q for q in quotes if any(overlaps((q.start, q.end), c) for c in f.content)]
        if not touched:
            continue
        inside = all(any(q.start <= c[0] and c[1] <= q.end for q in touched) for c in f.content)
        if not widen:
            f.kind = "direct" if inside else "mixed"
            f.quotes = touched
            continue
        if inside:
            f.content = merge_fragments(
                text, [trim(text, q.inner_start, q.inner_end) for q in touched]
            )
            f.kind = "direct"
            f.confidence = max(f.confidence, 0.85)
        else:
            lo = min([c[0] for c in f.content] + [q.start for q in touched])
            hi = max([c[1] for c in f.content] + [q.end for q in touched])
            f.content = merge_fragments(text, [trim(text, lo, hi)])
            f.kind = "mixed"
        f.quotes = touched


def _sentence_of(doc: Doc, char: int) -> Span | None:
    for sent in doc.sents:
        if sent.start_char <= char < sent.end_char:
            return sent
    return None


def orphan_quotes(
    doc: Doc, base: int, text: str, quotes: list[Quote], found: list[Found], lex: Lexicon
) -> list[Found]:
    """Quotations no rule claimed: look for a speech verb outside them nearby.

    ``He put it this way: "..."`` and multi-sentence quotes whose cue sits in
    another sentence end up here.  A quotation with no cue at all becomes a
    direct statement with no source, which speaker resolution ties to the
    previous speaker (news style: a paragraph-long quote continues the last
    speaker's words).
    """
    claimed = [c for f in found for c in f.content]
    out = []
    for q in quotes:
        span = (q.inner_start, q.inner_end)
        if any(overlaps(span, c) for c in claimed):
            continue
        if len(text[q.inner_start : q.inner_end].split()) < MIN_QUOTE_WORDS:
            continue
        local = [
            s for s in (_sentence_of(doc, q.start - base), _sentence_of(doc, q.end - 1 - base))
        ]
        cue_tok = None
        for sent in (s for s in local if s is not None):
            for tok in sent:
                pos = base + tok.idx
                if q.start <= pos < q.end or not _is_cue_verb(tok, lex):
                    continue
                if lex.lemma(tok) in lex.speech:
                    cue_tok = tok
                    break
            if cue_tok is not None:
                break
        content = [trim(text, q.inner_start, q.inner_end)]
        if cue_tok is not None:
            cue_span = (base + cue_tok.idx, base + cue_tok.idx + len(cue_tok.text))
            owner = next((f for f in found if f.cue and f.cue[0] == cue_span[0]), None)
            if owner is not None:
                # "“…,” she said, “…”": the second quotation continues the first.
                owner.content = sorted(owner.content + content)
                owner.quotes.append(q)
                claimed.append(span)
                continue
        if cue_tok is None:
            out.append(Found(kind="direct", content=content, confidence=0.4, quotes=[q]))
            continue
        subj = subject_of(cue_tok)
        source = None
        if subj is not None:
            si, sj = _source_range(subj)
            source = _frag(doc, si, sj, base, text)
            if source and overlaps(source, span):
                source, subj = None, None
        cue = (base + cue_tok.idx, base + cue_tok.idx + len(cue_tok.text))
        out.append(
            Found(
                kind="direct",
                content=content,
                cue=cue,
                source=source,
                source_root=subj,
                cue_lemma=lex.lemma(cue_tok),
                confidence=0.8,
                quotes=[q],
            )
        )
        claimed.append(span)
    return out


#: A dash after a closing quote mark signs the quotation with a name.
_SIGNATURE = re.compile(r"[ \t\u00a0]*(?P<dash>[―—–]|--)[ \t\u00a0]*")
#: Words a signature's name may have at most.
_MAX_SIGNATURE_WORDS = 5


def signed_quotes(doc: Doc, base: int, text: str, quotes: list[Quote]) -> list[Found]:
    """ "“He represents our greatest shame.” ― Jane Roe": the name after the
    dash is the source, the dash the cue.  Reader responses, epigraphs and
    quote round-ups sign quotations this way, with no verb at all."""
    out, end = [], block_end(doc, base)
    for q in quotes:
        if not q.closed:
            continue
        m = _SIGNATURE.match(text, q.end, end)
        if m is None:
            continue
        first = next((t for t in doc if base + t.idx >= m.end()), None)
        if first is None or base + first.idx != m.end() or first.pos_ != "PROPN":
            continue
        run = [first]
        for tok in doc[first.i + 1 :]:
            # A middle initial ("Julie A. Diaz") is often tagged a noun.
            initial = len(tok.text) == 2 and tok.text[0].isupper() and tok.text[1] == "."
            if not (tok.pos_ == "PROPN" or initial) or len(run) >= _MAX_SIGNATURE_WORDS:
                break
            run.append(tok)
        content = trim(text, q.inner_start, q.inner_end)
        if content[0] >= content[1]:
            continue
        out.append(
            Found(
                kind="direct",
                content=[content],
                cue=m.span("dash"),
                source=_char_span(run, base),
                source_root=run[-1],
                cue_lemma="―",
                confidence=0.9,
                quotes=[q],
            )
        )
    return out


_VERB_GROUP = ("aux", "auxpass", "neg")


def widen_to_verb_group(found: list[Found], doc: Doc, base: int) -> None:
    """A cue verb takes the auxiliaries before it: "has said", "did not deny"
    (PolNeAR train: 727 cues start on "has", 8 leave it out).  Done on the
    final statements, not in ``block_attributions``, so the rule features
    the tagger was trained on stay as they are."""
    starts = {base + t.idx: t for t in doc}
    for f in found:
        verb = starts.get(f.cue[0]) if f.cue is not None else None
        if verb is None or verb.pos_ not in ("VERB", "AUX"):
            continue
        group = [c for c in verb.children if c.dep_ in _VERB_GROUP and c.i < verb.i]
        if group and (f.source is None or not f.source[0] < base + group[0].idx < f.source[1]):
            f.cue = (min(f.cue[0], base + group[0].idx), f.cue[1])


def block_attributions(doc: Doc, base: int, text: str, lex: Lexicon) -> list[Found]:
    """Every attribution in one parsed block, quotes applied, duplicates folded."""
    turn = transcript_turn(doc, base, text)
    if turn:
        # One speaker's turn: what it reports is that speaker's own words.
        return turn
    quotes = find_quotes(text, base, block_end(doc, base))
    found = verb_attributions(doc, base, text, lex) + source_phrases(doc, base, text, lex)
    apply_quotes(found, quotes, text)
    found = _dedupe(_drop_nested(found))
    found += continued_quote(doc, base, text, quotes, found)
    found += signed_quotes(doc, base, text, quotes)
    found += orphan_quotes(doc, base, text, quotes, found, lex)
    return _dedupe(found)


def colon_intro(doc: Doc, base: int, text: str, lex: Lexicon) -> Found | None:
    """A paragraph that only announces the next one: "Caddell continued:",
    "The New York Times reports:", "He said:".

    The words follow in the next paragraph (usually a quotation), so the
    statement returned here has source and cue but no content yet; the
    extractor gives it the next paragraph's words.
    """
    if len(doc) == 0 or not text[base : block_end(doc, base)].rstrip().endswith(":"):
        return None
    verb = list(doc.sents)[-1].root
    if verb.pos_ not in ("VERB", "AUX") or lex.lemma(verb) not in lex.verbs:
        return None
    if any(c.dep_ in _CLAUSE | _INTENT for c in verb.children):
        return None  # "He said that ...:" carries its own content
    subj = subject_of(verb)
    if subj is None:
        return None
    cue = _cue_tokens(verb, None, lex)
    return Found(
        kind="direct",
        content=[],
        cue=_char_span(cue, base),
        source=_frag(doc, *_source_range(subj), base, text),
        source_root=subj,
        cue_lemma=lex.lemma(verb),
        confidence=0.75,
    )


def introduced(intro: Found, doc: Doc, base: int, text: str, quotes: list[Quote]) -> Found:
    """The announced words: the quotation the paragraph opens with, else all of it."""
    first = _opening_quote(doc, base, text, quotes)
    if first is not None:
        span, kind = trim(text, first.inner_start, first.inner_end), "direct"
    else:
        span, kind = trim(text, base, block_end(doc, base)), "indirect"
    return Found(
        kind=kind,
        content=[span] if span[0] < span[1] else [],
        cue=intro.cue,
        source=intro.source,
        source_root=intro.source_root,
        cue_lemma=intro.cue_lemma,
        confidence=intro.confidence,
        quotes=[first] if first is not None else [],
    )


def continued_quote(
    doc: Doc, base: int, text: str, quotes: list[Quote], found: list[Found]
) -> list[Found]:
    """A paragraph that opens a quotation and never closes it.

    News style runs a long quotation over several paragraphs with an opening
    mark on each and a closing mark only on the last, and names the speaker
    once: the paragraph is the speaker's words though no cue sits in it.  The
    statement gets no source or cue; the speaker is carried over from the
    statement before it.
    """
    q = _opening_quote(doc, base, text, quotes)
    if q is None or q.closed:
        return []
    span = trim(text, q.inner_start, q.inner_end)
    if span[0] >= span[1] or any(overlaps(span, r) for r in claimed(found)):
        return []
    return [Found(kind="direct", content=[span], confidence=0.7, quotes=[q])]


def _drop_nested(found: list[Found]) -> list[Found]:
    """A cue inside another statement's content is part of those words, not a new claim.

    "I think we will win," she said: the speaker is quoted thinking; the article
    attributes one statement, hers.  The same holds for reported speech ("she
    said she would ask parliament ..."), as PolNeAR annotates it: one role per
    token; on dev this raised attribution F1 from 54.7 to 56.6.
    """

    def nested(f: Found) -> bool:
        return f.cue is not None and any(
            s <= f.cue[0] and f.cue[1] <= e
            for other in found
            if other is not f
            for s, e in other.content
        )

    return [f for f in found if not nested(f)]


def _dedupe(found: list[Found]) -> list[Found]:
    """Two cues claiming the same content keep the more confident one."""
    best: dict[tuple[tuple[int, int], ...], Found] = {}
    for f in found:
        key = tuple(f.content)
        if key not in best or f.confidence > best[key].confidence:
            best[key] = f
    return sorted(best.values(), key=lambda f: f.content[0])
