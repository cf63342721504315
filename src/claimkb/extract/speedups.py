"""Four of en_core_web_sm's components made fast, with the same output.

Parsing is most of what extraction costs, and two rule-based components of
the small English pipeline spend a fifth of it on bookkeeping, not on
modelling: the lemmatizer tests a candidate lemma for membership in word
lists of up to 57,000 entries (a linear scan per test), and the attribute
ruler runs a general token Matcher over every token for 179 patterns that
read nothing but a token's lower-cased text, tag, dependency and
whitespace.  Membership in a set answers the first exactly as the list did;
and the lemmatizer's own cache leaves out every word already in its base
form (most words), so a memo of its every answer by the same key (word,
part of speech, morphology) stands in front of it.
The second is answered by evaluating the same patterns, once per distinct
(lower-cased word, tag, dependency, whitespace) and memoised, then setting
the attributes the ruler would set, in the order it would set them.

The parser and the entity recogniser are the other two.  Their compiled
greedy loop takes one transition per state per step through its own small
matrix products; on these machines it costs the entity recogniser more than
its whole token-to-vector network.  spaCy's own step model (the path its
beam search takes) scores every open state of a batch in one matrix product
per step and applies the same transitions, and is about twice as fast.
Same weights, same features, same transitions: the same parse.  The
recogniser goes one further: its state is only where it is and which entity
it has open, so its moves' validity is checked for the whole batch at once in
numpy instead of state by state, move by move (74 moves), in spaCy's loop.

Last, every layer multiplies its matrices with numpy's BLAS in place of
thinc's bundled BLIS (``NumpyOps(use_blis=False)``, thinc's own switch): on
these processors the token-to-vector networks' products run a quarter to a
third faster through it, for the same annotations.

Each speed-up stays off when the pipeline holds something it was not
written for (another pattern attribute, an operator, a beam): the result
must be the one spaCy gives, or the speed is not worth having.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from spacy.attrs import ENT_IOB, IS_SPACE, LEMMA, MORPH, ORTH, POS, SENT_START
from spacy.language import Language
from spacy.pipeline.attributeruler import set_token_attrs
from spacy.pipeline.transition_parser import Parser
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch, registry
from thinc.api import NumpyOps

from claimkb.extract import encoder

FACTORY = "claimkb_attribute_ruler"
LEMMAS = "claimkb_lemmatizer"
STEPPED = "claimkb_stepped"  # the factory of a parser or recogniser run step by step
BLANK_TOKENIZER = "claimkb_blank_tokenizer"
#: ``spacy.load`` config that builds the tokenizer empty: loading the package
#: then fills it from its own files, as it does every tokenizer.
LOAD_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": BLANK_TOKENIZER}}}


@registry.tokenizers(BLANK_TOKENIZER)
def _blank_tokenizer() -> Callable[[Language], Tokenizer]:
    """A tokenizer with no rules, for ``spacy.load`` to fill from the model's
    files.  Stock loading first builds the language's default tokenizer (its
    ~2,700 special cases compiled one by one), then throws those rules away
    for the ones the package stores: a fifth of the model's load time, for
    nothing.  The rules that result serialise byte for byte as the stock
    tokenizer's."""

    def create(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return create


_ATTRS = {"LOWER", "TAG", "DEP", "IS_SPACE"}
_MEMO_CAP = 200_000  # distinct words, and tokens, remembered; past it each starts over

Predicate = Callable[[tuple], bool]


def speed_up(pipeline: Language) -> Language:
    """Swap in the fast lemma lists and attribute ruler, where they apply."""
    if "lemmatizer" in pipeline.pipe_names:
        lemmatizer = pipeline.get_pipe("lemmatizer")
        if getattr(lemmatizer, "mode", None) == "rule":
            index = lemmatizer.lookups.get_table("lemma_index", {})
            for key in list(index.keys()):
                index[key] = frozenset(index[key])
            if not lemmatizer.overwrite:
                pipeline.add_pipe(LEMMAS, after="lemmatizer")
                pipeline.disable_pipe("lemmatizer")
    if "attribute_ruler" in pipeline.pipe_names:
        ruler = pipeline.get_pipe("attribute_ruler")
        if _compile(ruler.patterns) is not None:
            pipeline.add_pipe(FACTORY, after="attribute_ruler")
            pipeline.disable_pipe("attribute_ruler")
    for name in ("parser", "ner"):
        if name in pipeline.pipe_names and _steppable(pipeline.get_pipe(name)):
            pipeline.add_pipe(STEPPED, name=f"claimkb_{name}", after=name, config={"wraps": name})
            pipeline.disable_pipe(name)
    multiply_through_numpy(pipeline)
    return pipeline


def multiply_through_numpy(pipeline: Language, numpy: bool = True) -> None:
    """Every CPU layer multiplies through numpy's BLAS, or (``numpy=False``)
    through thinc's BLIS as stock spaCy does; with numpy, the token-to-vector
    networks also run a chunk of rows at a time (``encoder``).  The
    annotations are the same either way; ``doc.tensor`` differs in the last
    bits, which is enough to send a network trained on it down another path,
    so ``make train`` parses as the shipped network's training data was
    parsed."""
    ops = NumpyOps(use_blis=not numpy)
    for _, component in pipeline.components:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for layer in model.walk():
            if isinstance(layer.ops, NumpyOps):
                layer.ops = ops
        encoder.chunk_encoders(model, on=numpy)


def _steppable(component: object) -> bool:
    """A greedy transition-based component (beam search keeps its own loop)."""
    cfg = getattr(component, "cfg", {})
    return cfg.get("beam_width") == 1 and hasattr(component, "transition_states")


_UNNAMED = None  # a word no pattern names: equal to none, in no list, matched by no regex


def _value_test(value: object) -> Callable[[object], bool] | None:
    if isinstance(value, str | bool):
        return lambda v: v is not _UNNAMED and v == value
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op == "IN":
            allowed = frozenset(arg)
            return lambda v: v is not _UNNAMED and v in allowed
        if op == "NOT_IN":
            barred = frozenset(arg)
            return lambda v: v is _UNNAMED or v not in barred
        if op == "REGEX":
            rx = re.compile(arg)
            return lambda v: v is not _UNNAMED and rx.search(v) is not None
    return None


def _spec(spec: dict) -> Predicate | None:
    """One token's part of a pattern as a test of (lower, tag, dep, is_space),
    or None if it reads anything else."""
    if not set(spec) <= _ATTRS:
        return None
    tests = []
    for attr, value in spec.items():
        test = _value_test(value)
        if test is None:
            return None
        tests.append((_SLOT[attr], test))
    return lambda view: all(test(view[slot]) for slot, test in tests)


_SLOT = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}


def _compile(patterns: list[dict]) -> list[tuple[int, list[list[Predicate]], int]] | None:
    """(attribute set id, token tests of each pattern, target index) in ruler order."""
    out = []
    for n, p in enumerate(patterns):
        compiled = []
        for pattern in p["patterns"]:
            specs = [_spec(s) for s in pattern]
            if not specs or any(s is None for s in specs):
                return None
            compiled.append(specs)
        out.append((n, compiled, p["index"]))
    return out


def _named_words(patterns: list[dict]) -> tuple[frozenset[str], list[re.Pattern]]:
    """Every lower-cased word a pattern names, and its regexes: all other words
    look alike to the ruler, which keeps the memo small."""
    words: set[str] = set()
    regexes = []
    for p in patterns:
        for pattern in p["patterns"]:
            for spec in pattern:
                v = spec.get("LOWER")
                if isinstance(v, str):
                    words.add(v)
                elif isinstance(v, dict):
                    for op, arg in v.items():
                        if op == "REGEX":
                            regexes.append(re.compile(arg))
                        else:
                            words.update(arg)
    return frozenset(words), regexes


@dataclass
class _Entry:
    single: tuple[int, ...]  # single-token patterns that match
    parts: frozenset[tuple[int, int, int]]  # (pattern, alternative, position) of longer ones
    firsts: tuple[tuple[int, int], ...]  # (pattern, alternative) whose first token this can be
    final: tuple[int, int, int, int, int] | None = None  # pos, morph, lemma, tag, dep after


class FastAttributeRuler:
    """The attribute ruler's effect, computed per distinct token and memoised."""

    def __init__(self, ruler) -> None:
        self.attrs = ruler.attrs
        patterns = ruler.patterns
        compiled = _compile(patterns)
        assert compiled is not None
        self.words, self.regexes = _named_words(patterns)
        self.single = [(n, [p[0] for p in pats]) for n, pats, _ in compiled if _single(pats)]
        self.multi = [(n, pats, index) for n, pats, index in compiled if not _single(pats)]
        # (pattern, alternative) -> (width, index of the token it sets)
        self.shapes = {
            (n, a): (len(tests), index)
            for n, pats, index in self.multi
            for a, tests in enumerate(pats)
        }
        self.names: dict[int, str | None] = {}
        self.memo: dict[tuple, _Entry] = {}

    def _entry(self, tok: Token) -> _Entry:
        lower = tok.lower
        name = self.names.get(lower, False)
        if name is False:
            text = tok.lower_
            known = text in self.words or any(r.search(text) for r in self.regexes)
            if len(self.names) >= _MEMO_CAP:
                self.names.clear()
            name = self.names[lower] = text if known else _UNNAMED
        key = (name, tok.tag, tok.dep, tok.is_space, tok.pos, tok.lemma, tok.has_morph())
        entry = self.memo.get(key)
        if entry is None:
            view = (name, tok.tag_, tok.dep_, tok.is_space)
            single = tuple(n for n, tests in self.single if any(t(view) for t in tests))
            parts = frozenset(
                (n, a, k)
                for n, pats, _ in self.multi
                for a, tests in enumerate(pats)
                for k, t in enumerate(tests)
                if t(view)
            )
            if len(self.memo) >= _MEMO_CAP:
                self.memo.clear()
            firsts = tuple(sorted((n, a) for n, a, k in parts if k == 0))
            entry = self.memo[key] = _Entry(single, parts, firsts)
        return entry

    def __call__(self, doc: Doc) -> Doc:
        # Every test reads the tokens as they came in; attributes are set after.
        entries = [self._entry(tok) for tok in doc]
        # A longer pattern is tried only where its first token matches (few
        # tokens do): scanning every start for every pattern was most of the cost.
        extra: dict[int, list[int]] = {}
        for start, first in enumerate(entries):
            for n, a in first.firsts:
                width, index = self.shapes[n, a]
                if start + width <= len(entries) and all(
                    (n, a, k) in entries[start + k].parts for k in range(1, width)
                ):
                    at = start + (index if index >= 0 else width + index)
                    extra.setdefault(at, []).append(n)
        for i, (tok, entry) in enumerate(zip(doc, entries, strict=True)):
            if i in extra or entry.final is None:
                fresh = i not in extra and not tok.has_morph()
                for n in sorted({*entry.single, *extra.get(i, ())}):
                    set_token_attrs(tok, self.attrs[n])
                if fresh:
                    entry.final = (tok.pos, tok.morph.key, tok.lemma, tok.tag, tok.dep)
                continue
            pos, morph, lemma, tag, dep = entry.final
            if tok.tag != tag:
                tok.tag = tag
            if tok.dep != dep:
                tok.dep = dep
            tok.pos = pos
            if morph:
                tok.set_morph(morph)
            if lemma:
                tok.lemma = lemma
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


def _single(pats: list[list[Predicate]]) -> bool:
    return all(len(p) == 1 for p in pats)


@Language.factory(FACTORY)
def _make(nlp: Language, name: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.get_pipe("attribute_ruler"))


class MemoLemmatizer:
    """The rule lemmatizer, every answer remembered by the key spaCy's own
    cache uses (word, part of speech, morphology); tokens that already have
    a lemma (the attribute ruler sets some) keep it, as the lemmatizer does."""

    def __init__(self, lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = [i for i, lemma in enumerate(rows[:, 3].tolist()) if lemma == 0]
        if not todo:
            return doc
        strings = doc.vocab.strings
        for i, (orth, pos, morph, _) in zip(todo, rows[todo].tolist(), strict=True):
            key = (orth, pos, morph)
            lemma = self.memo.get(key)
            if lemma is None:
                if len(self.memo) >= _MEMO_CAP:
                    self.memo.clear()
                lemma = self.memo[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            rows[i, 3] = lemma
        doc.from_array([LEMMA], rows[:, 3:4])
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


@Language.factory(LEMMAS)
def _make_lemmas(nlp: Language, name: str) -> MemoLemmatizer:
    return MemoLemmatizer(nlp.get_pipe("lemmatizer"))


class SteppedParser:
    """A parser or entity recogniser whose greedy decoding steps from Python."""

    def __init__(self, component: Parser) -> None:
        self.component = component
        self.moves = _biluo_moves(component)

    def predict(self, docs: list[Doc]) -> list:
        """The final states of ``docs``: what ``component.predict`` returns.
        Step for step spaCy's ``Parser.greedy_parse`` (labels, initial states,
        the step model), with its compiled loop replaced by ``model.predict``
        on all open states and ``transition_states``, as ``beam_parse`` does."""
        comp = self.component
        if not any(len(doc) for doc in docs):
            return comp.moves.init_batch(docs)
        comp._ensure_labels_are_added(docs)
        batch = comp.moves.init_batch(docs)
        model = comp.model.predict(docs)
        states = [s for s in batch if not s.is_final()]
        while states:
            scores = _step_scores(model, model.get_token_ids(states))
            states = comp.transition_states(states, scores)
        model.clear_memory()
        return batch

    def _annotate(self, docs: list[Doc]) -> None:
        found = self._recognise(docs) if self.moves is not None else None
        if found is None:
            self.component.set_annotations(docs, self.predict(docs))
            return
        for doc, spans in zip(docs, found, strict=True):
            doc.set_ents([Span(doc, s, e, label=label) for s, e, label in spans])

    def _recognise(self, docs: list[Doc]) -> list[list[tuple[int, int, int]]] | None:
        """Each doc's entities (start, end, label), as spaCy's greedy loop finds
        them, or None where that loop should run (entities already set, or too
        few states side by side for numpy to pay).  An entity recogniser's
        state is small (where it is, and the entity it has open), so every open
        state steps at once in numpy; the scores come from spaCy's own step
        model, the same products on the same rows in the same order."""
        lengths = np.array([len(doc) for doc in docs], dtype=np.intp)
        if not lengths.any() or lengths.sum() < _PARALLEL_STATES * lengths.max():
            return None  # no tokens, or too few states a step: spaCy's loop is cheaper
        flags = np.concatenate([doc.to_array([ENT_IOB, SENT_START, IS_SPACE]) for doc in docs])
        if flags[:, 0].any():
            return None
        comp = self.component
        comp._ensure_labels_are_added(docs)
        model = comp.model.predict(docs)
        try:
            return _biluo_decode(model, self.moves, lengths, flags[:, 1] == 1, flags[:, 2] != 0)
        finally:
            model.clear_memory()

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            self._annotate(batch)
            yield from batch


def _step_scores(model, ids: np.ndarray) -> np.ndarray:
    """What spaCy's step model gives for states with the feature rows ``ids``
    outside training: the same layers called in the same order, without the
    per-step bookkeeping for a backward pass."""
    vector = model.state2vec(ids, False)[0]
    scores = model.vec2scores.predict(vector) if model.attrs["has_upper"] else vector
    unseen = model._class_mask == 0
    if unseen.any():
        scores[:, unseen] = np.nanmin(scores)
    return scores


#: Open states a step must average for the recogniser's numpy steps to pay:
#: each costs about 45 µs whatever the batch, where spaCy's loop costs about
#: 7 µs a state.
_PARALLEL_STATES = 8

_LETTERS = {"B": 0, "I": 1, "L": 2, "U": 3}
_OUT, _NEVER = 4, 5  # "O"; a unit with no label, valid only on a preset blocked token


@dataclass(frozen=True)
class _Moves:
    """An entity recogniser's moves in score order: letter (B I L U O) and label hash."""

    kind: np.ndarray
    label: np.ndarray


def _biluo_moves(component: object) -> _Moves | None:
    """The moves of an entity recogniser that reads spaCy's three features
    for one (the token, the open entity's first token, the token before) and
    scores them with an output layer; None for anything else."""
    moves = getattr(component, "moves", None)
    model = getattr(component, "model", None)
    if type(moves).__name__ != "BiluoPushDown" or model is None:
        return None
    if not model.attrs.get("has_upper") or model.get_ref("lower").get_dim("nF") != 3:
        return None
    strings = component.vocab.strings  # type: ignore[attr-defined]
    kinds, labels = [], []
    for i in range(moves.n_moves):
        name = moves.get_class_name(i)
        letter, dash, label = name.partition("-")
        if name == "O":
            kinds.append(_OUT)
        elif letter == "U" and dash and not label:
            kinds.append(_NEVER)
        elif letter in _LETTERS and dash and label:
            kinds.append(_LETTERS[letter])
        else:
            return None  # a move this decoder does not know
        labels.append(strings.add(label) if label else 0)
    return _Moves(np.array(kinds), np.array(labels, dtype=np.uint64))


def _biluo_decode(
    model, moves: _Moves, lengths: np.ndarray, sent_start: np.ndarray, space: np.ndarray
) -> list[list[tuple[int, int, int]]] | None:
    """spaCy's ``BiluoPushDown`` run greedily over a batch with no preset
    entities.  Each move consumes one token, so at step t every doc longer
    than t is at its token t.  A move is valid as spaCy's ``is_valid`` says
    when nothing is preset: B opens an entity (none open, not the last token,
    not before a sentence start, not on whitespace), I continues the open
    entity's label (not last, not before a sentence start), L closes it, U is
    a one-token entity (none open, not whitespace), O needs none open; the
    best valid score wins, the first on a tie.  The features are spaCy's
    three for an entity recogniser: the token, the open entity's first token
    and the token before, as rows of the batch (-1: the padding row)."""
    n = len(lengths)
    offsets = np.zeros(n, dtype=np.intp)
    np.cumsum(lengths[:-1], out=offsets[1:])
    is_open = np.zeros(n, dtype=bool)
    first = np.zeros(n, dtype=np.intp)
    label = np.zeros(n, dtype=np.uint64)
    found: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]
    kind = moves.kind
    b_col, u_col, o_col = kind == 0, kind == 3, kind == _OUT
    i_col, l_col = np.flatnonzero(kind == 1), np.flatnonzero(kind == 2)
    for t in range(int(lengths.max())):
        rows = np.flatnonzero(lengths > t)
        at = offsets[rows] + t
        op = is_open[rows]
        ids = np.full((len(rows), 3), -1, dtype=np.int32)
        ids[:, 0] = at
        ids[op, 1] = offsets[rows[op]] + first[rows[op]]
        ids[op, 2] = at[op] - 1
        scores = _step_scores(model, ids)
        last = lengths[rows] - 1 == t
        before_start = ~last & sent_start[np.minimum(at + 1, len(sent_start) - 1)]
        free = ~op
        blank = space[at]
        valid = np.zeros(scores.shape, dtype=bool)
        valid[:, b_col] = (free & ~last & ~before_start & ~blank)[:, None]
        same = label[rows][:, None]
        valid[:, i_col] = (op & ~last & ~before_start)[:, None] & (same == moves.label[i_col])
        valid[:, l_col] = op[:, None] & (same == moves.label[l_col])
        valid[:, u_col] = (free & ~blank)[:, None]
        valid[:, o_col] = free[:, None]
        best = np.where(valid, scores, -np.inf).argmax(1)
        if np.isnan(scores).any() or not valid[np.arange(len(rows)), best].all():
            return None  # no finite best valid move: leave it to spaCy's loop
        chosen, named = kind[best], moves.label[best]
        for r in np.flatnonzero(chosen == 2).tolist():
            d = rows[r]
            found[d].append((int(first[d]), t + 1, int(label[d])))
        for r in np.flatnonzero(chosen == 3).tolist():
            found[rows[r]].append((t, t + 1, int(named[r])))
        opens = chosen == 0
        is_open[rows] = (op & (chosen != 2)) | opens
        first[rows[opens]] = t
        label[rows[opens]] = named[opens]
    return found


@Language.factory(STEPPED, default_config={"wraps": "parser"})
def _make_stepped(nlp: Language, name: str, wraps: str) -> SteppedParser:
    return SteppedParser(nlp.get_pipe(wraps))
