"""A learned source / cue / content tagger: the rules propose, a model decides.

PolNeAR gives every token at most one role, so attribution extraction is
sequence labelling (BIO over SOURCE, CUE, CONTENT) plus linking the labelled
spans into statements.  Features of the dependency parse, quotation marks, the
cue lexicon and the rule extractor's own proposals let the model learn where
the rules are right, where their spans stop, and what they miss.  The model
(``tagmodel``: a linear-chain CRF plus a small BiLSTM-CRF, summed) is numpy
arrays, trains on a CPU within the hour (``make train``), and tags a document's
blocks in one batch.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path

import numpy as np
from spacy.attrs import IDX, LENGTH, LOWER
from spacy.tokens import Doc, Token

from claimkb.extract import rules, tagmodel
from claimkb.extract.cues import Lexicon
from claimkb.extract.quotes import Quote, find_quotes

MODEL_FILE = "tagger.npz"
ROLES = ("SOURCE", "CUE", "CONTENT")
_ROLE_OF_RULE = {"source": "S", "cue": "C", "content": "Q"}
_MAX_UP = 12  # ancestor steps searched for a governing cue verb
#: Templates filled in the per-token walk up the parse.
_GOV_COLUMNS = (
    "gov=",
    "govd=",
    "govs=",
    "govl=",
    "path=",
    "edge=",
    "edgeq=",
    "sfq=",
    "av=",
    "ave=",
)


def model_path(name: str = MODEL_FILE) -> Path:
    return Path(str(resources.files("claimkb.data").joinpath(name)))


@cache
def _open(name: str) -> tagmodel.TagModel | None:
    path = model_path(name)
    if not path.exists():
        return None
    return tagmodel.load(path)


def tagger() -> tagmodel.TagModel | None:
    """The trained tagger, or None when the package ships without one."""
    return _open(MODEL_FILE)


def rule_roles(starts: Sequence[int], base: int, found: list[rules.Found]) -> list[str]:
    """The role (S, C, Q or '-') the rule extractor gave each token (by the
    tokens' character ``starts`` in the block)."""
    out = ["-"] * len(starts)
    spans = []
    for f in found:
        for role, ranges in (("content", f.content), ("source", [f.source]), ("cue", [f.cue])):
            for r in ranges:
                if r is not None:
                    spans.append((r[0] - base, r[1] - base, _ROLE_OF_RULE[role]))
    for i, at in enumerate(starts):
        for s, e, role in spans:
            if s <= at < e:
                out[i] = role
                if role != "Q":
                    break
    return out


def _quote_state(starts: Sequence[int], base: int, quotes: list[Quote]) -> list[str]:
    state = ["out"] * len(starts)
    if not quotes:
        return state
    for i, at in enumerate(starts):
        pos = base + at
        for q in quotes:
            if q.inner_start <= pos < q.inner_end:
                state[i] = "in"
                break
            if q.start <= pos < q.inner_start:
                state[i] = "open"
                break
            if q.inner_end <= pos < q.end:
                state[i] = "close"
                break
    return state


def _cue_class(lemma: str, lower: str, lex: Lexicon) -> str:
    if lemma in lex.speech:
        return "speech"
    if lemma in lex.judgement:
        return "judge"
    if lemma in lex.cognition:
        return "mind"
    if lower == "according":
        return "accord"
    return "-"


@dataclass
class _Parse:
    """The parse as plain lists, read once per block: featurising walks heads
    and reads attributes of every token many times, and plain lists cost a
    fraction of spaCy's token accessors."""

    toks: list[Token]
    start: list[int]  # character offset in the block
    lower: list[str]
    lemma: list[str]
    pos: list[str]
    dep: list[str]
    head: list[int]
    left: list[int]
    right: list[int]
    cue: list[str]

    @classmethod
    def of(cls, doc: Doc, lex: Lexicon) -> _Parse:
        toks = list(doc)
        lower = [t.lower_ for t in toks]
        lemma = [lex.lemma(t) for t in toks]
        return cls(
            toks=toks,
            start=[t.idx for t in toks],
            lower=lower,
            lemma=lemma,
            pos=[t.pos_ for t in toks],
            dep=[t.dep_ for t in toks],
            head=[t.head.i for t in toks],
            left=[t.left_edge.i for t in toks],
            right=[t.right_edge.i for t in toks],
            cue=[_cue_class(m, w, lex) for m, w in zip(lemma, lower, strict=True)],
        )


def _edge(p: _Parse, i: int, child: int) -> str:
    return "L" if i == p.left[child] else "R" if i == p.right[child] else "-"


def _governing_cue(p: _Parse, i: int) -> tuple[str, str, int, int | None, str, str]:
    """The nearest cue-verb ancestor: (class, dependency leading to it, steps, the
    cue token, the last two dependency labels on the way up, and whether the
    token is the first or last of the cue's child subtree it sits in: content
    spans mostly are such a subtree, so its edges are where they start and stop)."""
    child, cur = i, p.head[i]
    path = [p.dep[i]]
    for step in range(1, _MAX_UP + 1):
        if cur == child:
            break
        cls = p.cue[cur]
        if cls != "-" and p.pos[cur] in ("VERB", "AUX", "ADP"):
            return cls, p.dep[child], step, cur, ">".join(path[-2:]), _edge(p, i, child)
        path.append(p.dep[cur])
        child, cur = cur, p.head[cur]
    return "-", "-", 0, None, "-", "-"


def _verb_anchor(p: _Parse, i: int) -> tuple[str, str, str]:
    """The nearest verb above the token, whatever its lemma: (lemma, dependency
    leading to it, subtree edge).  The cue lexicon cannot list every verb PolNeAR
    counts as a cue ("attacked", "sent", "lifted"), so the model is also shown
    the plain verb a token hangs from and learns which of them take content."""
    child, cur = i, p.head[i]
    for _ in range(_MAX_UP):
        if cur == child:
            break
        if p.pos[cur] in ("VERB", "AUX"):
            return p.lemma[cur], p.dep[child], _edge(p, i, child)
        child, cur = cur, p.head[cur]
    return "-", "-", "-"


def _frame(tok: Token, lemma: str) -> list[str]:
    """What a verb or noun governs (which dependents, what kind of subject): the
    evidence that it introduces a claim rather than reports an act."""
    if tok.pos_ not in ("VERB", "NOUN", "AUX"):
        return []
    out = []
    for c in tok.children:
        dep = c.dep_
        if dep in ("punct", "det", "aux", "auxpass", "cc", "neg"):
            continue
        out.append(f"k={dep}")
        out.append(f"lk={lemma}|{dep}")
        if dep in ("nsubj", "nsubjpass"):
            kind = c.ent_type_ or ("pron" if c.pos_ == "PRON" else c.pos_)
            out.append(f"subj={kind}")
            out.append(f"lsubj={lemma}|{kind}")
    return out


def _sentence_flags(doc: Doc, cues: list[str], qstate: list[str]) -> list[str]:
    """Per token: does its sentence hold a cue word, a quotation, both?"""
    flags = ["--"] * len(doc)
    for sent in doc.sents:
        cue = any(cues[k] != "-" for k in range(sent.start, sent.end))
        quote = any(qstate[k] != "out" for k in range(sent.start, sent.end))
        flag = f"{'C' if cue else '-'}{'Q' if quote else '-'}"
        flags[sent.start : sent.end] = [flag] * (sent.end - sent.start)
    return flags


def _bucket(n: int) -> str:
    return str(n) if n <= 2 else "3-5" if n <= 5 else "6-10" if n <= 10 else "far"


def _context(doc: Doc, cues: list[str], qstate: list[str]) -> list[tagmodel.Column]:
    """Per token: where the nearest cue word of its sentence lies (side and
    distance), which sentence of the block it is in, and whether the sentence
    before held a cue or ended a quotation: a content runs on over sentences
    after a cue, and quotations continue the previous speaker."""
    n = len(doc)
    near: list[str | None] = [None] * n
    nth: list[str | None] = [None] * n
    prev: list[str | None] = [None] * n
    prevq: list[str | None] = [None] * n
    prev_cue = prev_quote = "-"
    for k_sent, sent in enumerate(doc.sents):
        where = [k for k in range(sent.start, sent.end) if cues[k] != "-"]
        for k in range(sent.start, sent.end):
            if where:
                c = min(where, key=lambda c: abs(c - k))
                side = "L" if c < k else "R" if c > k else "0"
                near[k] = f"{side}{_bucket(abs(c - k))}"
            else:
                near[k] = "none"
            nth[k] = str(min(k_sent, 2))
            prev[k] = f"{prev_cue}|{prev_quote}"
            prevq[k] = f"{prev_cue}|{qstate[k]}"
        prev_cue = "C" if where else "-"
        last = sent.end - 1
        while last > sent.start and doc[last].is_space:
            last -= 1
        prev_quote = "Q" if qstate[last] in ("close", "in") else "-"
    return [("nc=", near), ("sn=", nth), ("pc=", prev), ("pcq=", prevq)]


def _sentence_place(tok: Token) -> str:
    return "start" if tok.is_sent_start else ("end" if tok.is_sent_end else "mid")


def _shape(text: str) -> str:
    if text.isupper() and len(text) > 1:
        return "UP"
    if text[:1].isupper():
        return "Cap"
    if text.isdigit():
        return "num"
    if text.isalpha():
        return "low"
    return "sym"


_NON_SPACE = re.compile(r"\S")


def _is_first_block(text: str, base: int) -> bool:
    """Nothing but whitespace before ``base``: the block is the title.  Searched,
    not sliced: a copy of everything before every block is quadratic in the
    document's length, and both the features and the linker ask."""
    return _NON_SPACE.search(text, 0, base) is None


def _shifted(values: Sequence[str | None], off: int) -> list[str | None]:
    """Each token's neighbour ``off`` tokens away's value (None past the block)."""
    n = len(values)
    if off < 0:
        return [None] * min(n, -off) + list(values[: max(0, n + off)])
    return list(values[off:]) + [None] * min(n, off)


def feature_columns(
    doc: Doc, base: int, text: str, found: list[rules.Found], lex: Lexicon
) -> tagmodel.Features:
    """A parsed block's features, one column per template.

    Built a template at a time, not a token at a time: most values are words
    or labels that already exist as strings, so the tagger looks them up by
    value (``tagmodel.block_scores``) and never spells ``w=said`` out, and a
    neighbour's feature is the same column shifted.  ``token_features`` spells
    the same columns out as strings, for crfsuite."""
    quotes = find_quotes(text, base, rules.block_end(doc, base))
    p = _Parse.of(doc, lex)
    qstate = _quote_state(p.start, base, quotes)
    proposed = rule_roles(p.start, base, found)
    toks = p.toks
    n = len(toks)
    sflags = _sentence_flags(doc, p.cue, qstate)
    head = p.head
    cols: dict[str, list] = {k: [None] * n for k in _GOV_COLUMNS}
    frames: list[list[str]] = []
    for i, tok in enumerate(toks):
        cls, via, steps, cue_i, path, edge = _governing_cue(p, i)
        vlemma, vvia, vedge = _verb_anchor(p, i)
        side = "-" if cue_i is None else ("L" if i < cue_i else "R")
        q = qstate[i]
        cols["gov="][i] = f"{cls}|{via}"
        cols["govd="][i] = f"{cls}|{via}|{min(steps, 3)}"
        cols["govs="][i] = f"{cls}|{via}|{side}"
        cols["govl="][i] = f"{p.lemma[cue_i] if cue_i is not None else '-'}|{via}"
        cols["path="][i] = path
        cols["edge="][i] = f"{edge}|{via}"
        cols["edgeq="][i] = f"{edge}|{q}"
        cols["sfq="][i] = f"{sflags[i]}|{q}|{side}"
        cols["av="][i] = f"{vlemma}|{vvia}"
        cols["ave="][i] = f"{vedge}|{vvia}"
        frames.append(_frame(tok, p.lemma[i]))
    pos_of_head = [p.pos[h] for h in head]
    dep_of_head = [p.dep[h] for h in head]
    columns: list[tagmodel.Column] = [
        ("b", [""] * n),
        ("w=", p.lower),
        ("l=", p.lemma),
        ("p=", p.pos),
        ("t=", [t.tag_ for t in toks]),
        ("d=", p.dep),
        ("sh=", [_shape(t.text) for t in toks]),
        ("hl=", [p.lemma[h] for h in head]),
        ("hp=", pos_of_head),
        ("hd=", dep_of_head),
        ("dhd=", [f"{d}|{hd}" for d, hd in zip(p.dep, dep_of_head, strict=True)]),
        ("cue=", p.cue),
        ("hcue=", [p.cue[h] for h in head]),
        ("gov=", cols["gov="]),
        ("govd=", cols["govd="]),
        ("govs=", cols["govs="]),
        ("govl=", cols["govl="]),
        ("path=", cols["path="]),
        ("edge=", cols["edge="]),
        ("edgeq=", cols["edgeq="]),
        ("sf=", sflags),
        ("sfq=", cols["sfq="]),
        ("q=", qstate),
        ("r=", proposed),
        ("rq=", [f"{r}|{q}" for r, q in zip(proposed, qstate, strict=True)]),
        ("ent=", [t.ent_type_ or "-" for t in toks]),
        ("sent=", [_sentence_place(t) for t in toks]),
        ("av=", cols["av="]),
        ("ave=", cols["ave="]),
    ]
    frame_at = len(columns)
    columns += _context(doc, p.cue, qstate)
    columns += [
        ("title", ["" if w in lex.titles else None for w in p.lower]),
        ("vague", ["" if w in lex.vague else None for w in p.lemma]),
        ("punct=", [t.text if t.is_punct else None for t in toks]),
    ]
    # A headline says things its own way ("Mayor Says Pier Will Reopen",
    # "Vance: ..."), so its words get features of their own.
    headline = _is_first_block(text, base)
    for prefix, values in (
        ("hl", [""] * n),
        ("hl|l=", p.lemma),
        ("hl|p=", p.pos),
        ("hl|r=", proposed),
        ("hl|d=", p.dep),
    ):
        columns.append((prefix, values if headline else [None] * n))
    proposed_pos = [f"{r}|{t}" for r, t in zip(proposed, p.pos, strict=True)]
    governor = [f"{p.cue[h]}|{d}" for h, d in zip(head, p.dep, strict=True)]
    pairs = [f"{a}|{b}" for a, b in pairwise(p.lower)]  # word i | word i+1
    flipped = [f"{b}|{a}" for a, b in pairwise(p.lower)]  # word i+1 | word i
    around = (
        ("w=", p.lower),
        ("r=", proposed),
        ("q=", qstate),
        ("rp=", proposed_pos),
        ("gv=", governor),
    )
    adjacent = (("p=", p.pos), ("d=", p.dep), ("cue=", p.cue))  # read at offsets -1 and 1 only
    for off in (-2, -1, 1, 2):
        for prefix, values in around:
            columns.append((f"{off}:{prefix}", _shifted(values, off)))
        if abs(off) == 1:
            ww = [None, *pairs] if off < 0 else [*flipped, None]
            columns.append((f"{off}:ww=", ww[:n]))
            for prefix, values in adjacent:
                columns.append((f"{off}:{prefix}", _shifted(values, off)))
        columns.append((f"{off}:pad", ["" if not 0 <= i + off < n else None for i in range(n)]))
    return tagmodel.Features(columns, frames, frame_at)


def token_features(
    doc: Doc, base: int, text: str, found: list[rules.Found], lex: Lexicon
) -> list[list[str]]:
    """One list of string features per token of a parsed block: what crfsuite
    trains on, and what the model file names its rows by."""
    return tagmodel.spell(feature_columns(doc, base, text, found, lex))


def spans_from_tags(doc: Doc, tags: list[str]) -> list[tuple[str, int, int]]:
    """(role, first token, end token) for each labelled run.

    Reads BIO and BIOES alike: B- and S- open a span, E- and S- close one, and
    an I- or E- of another role than the open span's (or of none) opens one."""
    spans: list[tuple[str, int, int]] = []
    cur: tuple[str, int] | None = None
    for i, tag in enumerate([*tags, "O"]):
        role = tag[2:] if tag != "O" else None
        starts = tag[0] in "BS" or (role is not None and (cur is None or cur[0] != role))
        if cur is not None and (role is None or starts):
            spans.append((cur[0], cur[1], i))
            cur = None
        if role is not None and cur is None:
            cur = (role, i)
        if cur is not None and tag[0] in "ES":
            spans.append((cur[0], cur[1], i + 1))
            cur = None
    return [s for s in spans if s[2] > s[1] and not all(doc[k].is_space for k in range(s[1], s[2]))]


def link(
    doc: Doc,
    base: int,
    text: str,
    spans: list[tuple[str, int, int]],
    lex: Lexicon,
    headline: bool = False,
    quotes: Sequence[Quote] = (),
) -> list[rules.Found]:
    """Statements from labelled spans: each content joins a cue, each cue a source.

    A quotation signed straight after it closes ("“…” ― Ana Ruiz", "“…,” said
    Ruiz") goes to that cue.  Any other content goes to the nearest cue in its
    sentence; failing that, to the cue outside the quotation it sits in that an
    earlier part of that quotation joined (one quotation, one speaker), else to
    the nearest cue within the block.  A cue takes the source of its own
    sentence that its verb governs, else the nearest one.  Contents that share
    a cue become one (discontinuous) statement; a content with no cue anywhere
    stands alone.
    """

    def chars(i: int, j: int) -> tuple[int, int] | None:
        s, e = base + doc[i].idx, base + doc[j - 1].idx + len(doc[j - 1].text)
        s, e = rules.trim(text, s, e)
        return (s, e) if s < e else None

    def cue_chars(i: int, j: int) -> tuple[int, int] | None:
        """In a headline or title a cue may be a colon alone: "Poll: Voters Abandon …"."""
        found = chars(i, j)
        if found is None and headline:  # spans_from_tags drops all-space runs
            span = doc[i:j]
            return base + span.start_char, base + span.end_char
        return found

    cues = [(i, j) for r, i, j in spans if r == "CUE"]
    sources = [(i, j) for r, i, j in spans if r == "SOURCE"]
    contents = [(i, j) for r, i, j in spans if r == "CONTENT"]

    # each token's sentence start, read once (Token.sent searches for it); only
    # cues are ever compared by sentence
    sent_start = [0] * len(doc)
    if cues:
        for sent in doc.sents:
            sent_start[sent.start : sent.end] = [sent.start] * len(sent)

    def sent_of(i: int) -> int:
        return sent_start[i]

    def dist(a: tuple[int, int], b: tuple[int, int]) -> int:
        return max(0, b[0] - a[1], a[0] - b[1])

    def quote_of(i: int, mark: bool = False) -> Quote | None:
        """The quotation token ``i`` sits inside (``mark``: or opens)."""
        at = base + doc[i].idx
        return next(
            (q for q in quotes if (q.start if mark else q.inner_start) <= at < q.inner_end), None
        )

    by_cue: dict[tuple[int, int], list[tuple[int, int]]] = {c: [] for c in cues}
    loose: list[tuple[int, int]] = []
    # The cue a quotation's first linked part took, when that cue stands outside
    # the quotation ("'…,' said the mayor"): a cue inside it is a quoted "I think".
    speaker_cue: dict[Quote, tuple[int, int]] = {}
    for con in sorted(contents):
        same = [c for c in cues if sent_of(c[0]) == sent_of(con[0])]
        quote = quote_of(con[0])
        if not same and quote in speaker_cue:
            by_cue[speaker_cue[quote]].append(con)
            continue
        around = quote_of(con[0], mark=True)
        closing = around is not None and next(
            (
                c
                for c in cues
                if _just_after(text, around.end, base + doc[c[0]].idx)
                and any(c[1] <= s[0] <= c[1] + 1 for s in sources)
            ),
            None,
        )
        if closing:
            by_cue[closing].append(con)
            speaker_cue.setdefault(around, closing)
            continue
        pool = same or cues
        if not pool:
            loose.append(con)
            continue
        best = min(pool, key=lambda c: (dist(c, con), c[0]))
        if not same and dist(best, con) > 60:
            loose.append(con)
            continue
        by_cue[best].append(con)
        if quote is not None and quote_of(best[0]) != quote:
            speaker_cue.setdefault(quote, best)

    # Tokens some source or cue claims: a content may never be stretched over them.
    taken = {k for r, i, j in spans if r != "CONTENT" for k in range(i, j)}

    def fill_gaps(cons: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Join pieces of one content the tagger left a few untagged tokens between.

        Real discontinuities in attributed content are made by the cue and the
        source ("…,” she said, “…”), so a gap holding neither is a tagging slip.
        """
        out: list[tuple[int, int]] = []
        for i, j in sorted(cons):
            if out and not any(k in taken for k in range(out[-1][1], i)):
                out[-1] = (out[-1][0], max(out[-1][1], j))
            else:
                out.append((i, j))
        return out

    found: list[rules.Found] = []
    for cue, cons in by_cue.items():
        if not cons:
            continue
        cons = fill_gaps(cons)
        verb = doc[cue[0] : cue[1]].root
        own = [s for s in sources if sent_of(s[0]) == sent_of(cue[0])]
        governed = [
            s
            for s in own
            if doc[s[0] : s[1]].root.head == verb or doc[s[0] : s[1]].root in verb.subtree
        ]
        pool = governed or own
        src = min(pool, key=lambda s: dist(s, cue)) if pool else None
        if src is None:
            src = _inherited_subject(verb, cons, taken)
        frags = [c for c in (chars(*x) for x in sorted(cons)) if c]
        if not frags:
            continue
        cue_span = cue_chars(*cue)
        found.append(
            rules.Found(
                kind="indirect",
                content=rules.merge_fragments(text, frags),
                cue=cue_span,
                source=chars(*src) if src else None,
                source_root=doc[src[0] : src[1]].root if src else None,
                cue_lemma=lex.cue_lemma(verb),
                confidence=0.8,
            )
        )
    for con in loose:
        frag = chars(*con)
        if frag:
            found.append(rules.Found(kind="indirect", content=[frag], confidence=0.5))
    return found


def _just_after(text: str, end: int, at: int) -> bool:
    """A cue that starts right after a quotation closes ("…” ― Ana Ruiz", "…,"
    said Ruiz): with its source straight after it, the quotation's own
    attribution, whatever a sentence splitter made of the marks."""
    return end <= at <= end + 3 and not text[end:at].strip(" \u00a0,")


def _inherited_subject(
    verb: Token, contents: list[tuple[int, int]], taken: set[int]
) -> tuple[int, int] | None:
    """The subject a cue verb shares with the verb it hangs from, when the
    tagger labelled no source: "the committee met with Kadzik *to discuss*
    document requests", "Anderson *seemed to think* ...".  The subject's
    subtree must not run into the content or another role."""
    subj = rules.subject_of(verb)
    if subj is None:
        return None
    i, j = subj.left_edge.i, subj.right_edge.i + 1
    if any(k in taken for k in range(i, j)) or any(rules.overlaps((i, j), c) for c in contents):
        return None
    return i, j


def _turns(proposed: list[rules.Found]) -> list[rules.Found]:
    return [f for f in proposed if f.cue_lemma == ":"]


@dataclass(frozen=True)
class Tagged:
    """A block's tags, and per token the probability the model gives it of
    being part of a cue (``tagmodel.marginals``): what a statement's
    confidence is read from."""

    tags: list[str]
    cue_prob: np.ndarray


def batch_tags(
    blocks: list[tuple[Doc, int, str, list[rules.Found]]], lex: Lexicon
) -> list[Tagged | None]:
    """Tags of each (doc, start, document text, rule proposals) block, None where
    ``tag_block`` reads none, all scored in one batch: the network's loop then
    runs once per token position, not once per token of every block."""
    model = tagger()
    out: list[Tagged | None] = [None] * len(blocks)
    todo = [k for k, (doc, _, _, found) in enumerate(blocks) if len(doc) and not _turns(found)]
    if model is None or not todo:
        return out
    feats = [feature_columns(*blocks[k], lex) for k in todo]
    tensors = [blocks[k][0].tensor for k in todo]
    words = [blocks[k][0].to_array(LOWER) for k in todo]
    tagged = tagmodel.tag_blocks_sure(model, feats, tensors, words)
    for k, (tags, cue_prob) in zip(todo, tagged, strict=True):
        out[k] = Tagged(tags, cue_prob)
    return out


#: Platt scaling of how sure the model is of a statement's cue (the least
#: probable cue token, in logits): fitted on PolNeAR dev by
#: ``scripts/eval_confidence.py --fit`` to the shipped model (three networks
#: averaged, session 56), whose raw probability is too sure of itself: each
#: half of dev, calibrated by a fit on the other, errs by 0.02 to 0.04 where
#: the raw probability errs by 0.09 to 0.11.
CALIBRATION = (0.25, 0.6)


def calibrated(p: float) -> float:
    """How likely a statement whose cue the model holds with probability ``p``
    is an attribution annotators marked, cue and content (see ``CALIBRATION``)."""
    a, b = CALIBRATION
    p = min(max(p, 1e-6), 1 - 1e-6)
    return 1 / (1 + math.exp(-(a * math.log(p / (1 - p)) + b)))


def _rate(found: list[rules.Found], doc: Doc, base: int, cue_prob: np.ndarray) -> None:
    """Each statement's confidence, from how sure the model is that its cue is
    one: the tagger's own and the rules' it kept alike."""
    if not len(cue_prob) or not found:
        return
    starts = base + doc.to_array(IDX).astype(np.int64)
    ends = starts + doc.to_array(LENGTH)
    for f in found:
        if f.cue is None:
            continue
        inside = (starts < f.cue[1]) & (ends > f.cue[0])
        if inside.any():
            f.confidence = calibrated(float(cue_prob[inside].min()))


def tag_block(
    doc: Doc,
    base: int,
    text: str,
    proposed: list[rules.Found],
    lex: Lexicon,
    kind: str = "body",
    tagged: Tagged | None = None,
) -> list[rules.Found] | None:
    """The tagger's statements for one block, or None when no model is installed.
    ``tagged`` is the block's from ``batch_tags``; without it it tags alone."""
    if tagger() is None:
        return None
    if len(doc) == 0:
        return []
    turns = _turns(proposed)
    if turns:
        # A transcript turn is one statement by its labelled speaker; whatever
        # the tagger would read inside it is the speaker's own words.
        return turns
    if tagged is None:
        tagged = batch_tags([(doc, base, text, proposed)], lex)[0] or Tagged([], np.zeros(0))
    # The first block is the title, even where the corpus ended it with a full stop.
    title = kind == "headline" or _is_first_block(text, base)
    spans = spans_from_tags(doc, tagged.tags)
    quotes = find_quotes(text, base, rules.block_end(doc, base))
    found = rules.drop_page_labels(
        link(doc, base, text, spans, lex, headline=title, quotes=quotes), text
    )
    rules.apply_quotes(found, quotes, text, widen=False)
    found = _adopt_rule_cues(found, proposed)
    found = _split_swallowed_quotes(found, proposed, text, quotes)
    found = _outer_statements(found, proposed, text, lex)
    _join_parenthetical(found, proposed)
    cues = [
        (base + doc[i:j].start_char, base + doc[i:j].end_char) for r, i, j in spans if r == "CUE"
    ]
    found += rule_fallback(found, proposed, kind, cues)
    _rate(found, doc, base, tagged.cue_prob)
    return found


def _adopt_rule_cues(found: list[rules.Found], proposed: list[rules.Found]) -> list[rules.Found]:
    """A content the tagger found without a cue takes the rule statement that
    covers it: the tagger sometimes labels a quotation and not the plain "He
    said:" before it, which the dependency rules read reliably; and of a
    quotation with no cue anywhere it may label only a sentence, where the
    quotation marks say how far the words run."""

    def overlaps(f: rules.Found, r: rules.Found) -> bool:
        return any(rules.overlaps(a, b) for a in f.content for b in r.content)

    out: list[rules.Found] = []
    for f in found:
        if f.cue is None:
            rule = next((r for r in proposed if r.cue is not None and overlaps(f, r)), None)
            rule = rule or next(
                (r for r in proposed if r.cue is None and r.quotes and overlaps(f, r)), None
            )
            if rule is not None:
                if rule not in out:
                    out.append(rule)
                continue
        out.append(f)
    return out


def _split_swallowed_quotes(
    found: list[rules.Found], proposed: list[rules.Found], text: str, quotes: list[Quote]
) -> list[rules.Found]:
    """A quotation with its own cue is its own statement.

    "Mr. Guajardo argues there is little point … ''We must not overreact,''
    he told me": the tagger may run the first content on into the quotation
    and leave "he told me" unlabelled.  Where a rule statement ties a whole
    quotation to a cue no tagger statement holds, its quotation, cue and
    source are cut out of the tagger's contents and it stands on its own."""
    held = [x for f in found for x in (f.cue, f.source) if x is not None]
    for r in proposed:
        if r.kind != "direct" or r.cue is None or not r.quotes:
            continue
        if any(q.start <= r.cue[0] < q.end for q in quotes):
            continue  # a cue inside quotation marks is part of what was quoted
        if not all(_starts_sentence(text, q.start) for q in r.quotes):
            continue  # a quotation inside a sentence belongs to its grammar
        marks = [(q.start, q.end) for q in r.quotes]
        cut = sorted(marks + rules.claimed([r]))
        if any(rules.overlaps(a, b) for a in cut for b in held):
            continue
        hosts = [f for f in found if any(rules.overlaps(a, b) for a in f.content for b in cut)]
        if not hosts:
            continue
        for f in hosts:
            rest: list[tuple[int, int]] = []
            for s, e in f.content:
                for cs, ce in cut:
                    if s < ce and cs < e:
                        if s < cs:
                            rest.append(rules.trim(text, s, cs))
                        s = max(s, ce)
                if s < e:
                    rest.append(rules.trim(text, s, e))
            f.content = [c for c in rest if c[0] < c[1]]
            f.quotes, f.kind = [], "indirect"
            rules.apply_quotes([f], quotes, text, widen=False)
        found = [f for f in found if f.content] + [r]
        held.extend(x for x in (r.cue, r.source) if x is not None)
    return found


def _starts_sentence(text: str, i: int) -> bool:
    j = i
    while j > 0 and text[j - 1] in " \t\xa0":
        j -= 1
    return j == 0 or text[j - 1] in ".!?\n"


def _holds_clause(r: rules.Found, text: str, lex: Lexicon) -> bool:
    """Does this rule statement attribute a whole clause, so that whatever the
    tagger reads inside it is its content?  "According to Ham, the
    administration fired generals because many disagreed"; "Protocol called
    for her to be taken to a trauma centre, sources said." (PolNeAR annotates
    only the outer attribution there: each word has one role.)"""
    if r.cue is None:
        return False
    if r.cue_lemma in lex.source_prepositions:
        return True
    if r.source is None or r.cue_lemma not in lex.speech or r.quotes or len(r.content) != 1:
        return False
    # A speech cue closing the sentence after a comma: "…, sources said."
    tail, stop = min(r.cue[0], r.source[0]), max(r.cue[1], r.source[1])
    closes = stop < len(text) and text[stop] in ".!?"
    return closes and text[r.content[0][1] : tail].strip() == ","


def _outer_statements(
    found: list[rules.Found], proposed: list[rules.Found], text: str, lex: Lexicon
) -> list[rules.Found]:
    """Tagger statements inside a clause a rule statement holds give way to it."""
    for r in proposed:
        if not _holds_clause(r, text, lex):
            continue
        outer = rules.claimed([r])
        lo, hi = min(a for a, _ in outer), max(b for _, b in outer)
        spans = [(f, rules.claimed([f])) for f in found]
        hit = [(f, c) for f, c in spans if any(rules.overlaps(a, b) for a in c for b in outer)]
        if not hit or any(f.cue is not None and rules.overlaps(f.cue, r.cue) for f, _ in hit):
            continue
        if all(lo <= a[0] and a[1] <= hi for _, c in hit for a in c):
            inner = [f for f, _ in hit]
            found = [f for f in found if f not in inner] + [r]
    return found


def _join_parenthetical(found: list[rules.Found], proposed: list[rules.Found]) -> None:
    """A content split by a parenthetical cue gets both pieces ("The bridge,
    the mayor said, will open in May"): where a rule statement with the same
    cue has the tagger's content as one of several fragments, its fragments win.
    The tagger often labels only the piece after the cue."""
    for f in found:
        for r in proposed:
            if f.cue is None or r.cue != f.cue or len(r.content) < 2:
                continue
            if all(any(a <= s and e <= b for a, b in r.content) for s, e in f.content):
                f.content = list(r.content)
                break


#: Rule statements at least this confident survive where the tagger found nothing.
RULE_FALLBACK_CONFIDENCE = 0.7
#: In a headline, any rule statement does: headline grammar ("Economist warns
#: of price rises") is rare in the tagger's training text.
HEADLINE_FALLBACK_CONFIDENCE = 0.5


def rule_fallback(
    found: list[rules.Found],
    proposed: list[rules.Found],
    kind: str = "body",
    tagged_cues: Sequence[tuple[int, int]] = (),
) -> list[rules.Found]:
    """Confident rule statements in places the tagger left untouched.

    The tagger is better on average but silent on some constructions the rules
    read reliably (clause complements, "according to", quotations with a cue).
    Where the tagger labelled a cue but no content for it, a rule statement
    on that cue survives whatever its confidence: both read a cue there.
    """
    floor = HEADLINE_FALLBACK_CONFIDENCE if kind == "headline" else RULE_FALLBACK_CONFIDENCE
    taken = rules.claimed(found)

    def free(f: rules.Found) -> bool:
        mine = [r for r in (*f.content, f.cue) if r is not None]
        return not any(rules.overlaps(a, b) for a in mine for b in taken)

    def backed(f: rules.Found) -> bool:
        return f.cue is not None and any(rules.overlaps(f.cue, c) for c in tagged_cues)

    return [f for f in proposed if (f.confidence >= floor or backed(f)) and free(f)]
