"""Does this text say the same thing as a stored claim?

A fact-check words a claim its own way: "Castell says the port will reopen
within days" judges "the harbour at Port Amberly would reopen to cargo ships by
the end of the week".  Matching therefore compares *keys*: lower case, no
punctuation or quote marks, number words as digits ("ten percent" = "10%",
"1.2 million" = "1200000"), filler words dropped, then rapidfuzz token scores
that ignore word order.  Two hard rules stop the look-alikes that fool any
string score: the numbers of one text must all appear in the other ("120 cars"
is not "150 cars") and both must have the same polarity ("will reopen" is not
"will not reopen").

Candidate search is rapidfuzz's C++ ``extract`` over every stored statement's
key, then exact scoring of the shortlist; ``benchmarks/bench_match.py``
measures it (about 80k statements/s, keying dominates), which is why no
MinHash index is kept yet.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

from claimkb.claims import NEGATIONS, WORD
from claimkb.store import Store

#: Combined score (0-100) at or above which two texts are the same claim.
#: Chosen on tests/data/match_pairs.tsv (see tests/test_matching.py).
MATCH_SCORE = 80


@dataclass(frozen=True)
class Key:
    """A text reduced to what a claim is: its words, its numbers, its polarity."""

    text: str
    numbers: frozenset[str]
    negated: bool


@cache
def _vocab() -> tuple[frozenset[str], dict[str, int], dict[str, int]]:
    data = tomllib.loads(
        resources.files("claimkb.data").joinpath("factcheck.toml").read_text("utf-8")
    )["match"]
    return frozenset(data["stopwords"]), data["numbers"], data["multipliers"]


def _number(token: str) -> float | None:
    try:
        return float(token.replace(",", ""))
    except ValueError:
        return None


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:g}"


def key(text: str) -> Key:
    """The matching key of a text (see the module docstring)."""
    stop, number_words, multipliers = _vocab()
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("’", "'").replace("won't", "will not").replace("can't", "can not")
    text = text.replace("shan't", "shall not").replace("n't", " not").replace("%", " percent ")
    text = text.replace("per cent", "percent")
    words: list[str] = []
    negations = 0
    pending: float | None = None  # a number that a following "million" may scale
    for tok in WORD.findall(text):
        value = _number(tok) if any(c.isdigit() for c in tok) else number_words.get(tok)
        if tok in multipliers and pending is not None:
            pending *= multipliers[tok]
            words[-1] = _fmt(pending)
            continue
        if value is not None:
            if pending is not None and 20 <= pending < 100 and pending % 10 == 0 and value < 10:
                pending += value  # "forty-three"
                words[-1] = _fmt(pending)
                continue
            pending = float(value)
            words.append(_fmt(pending))
            continue
        pending = None
        if tok in NEGATIONS:
            negations += 1
            words.append("not")
        elif tok not in stop:
            words.append(tok)
    numbers = {w for w in words if _number(w) is not None}
    return Key(" ".join(words), frozenset(numbers), negations % 2 == 1)


def compatible(a: Key, b: Key) -> bool:
    """The hard rules: same polarity, and one text's numbers all in the other."""
    if a.negated != b.negated:
        return False
    return a.numbers <= b.numbers or b.numbers <= a.numbers


def _same_word(x: str, y: str) -> bool:
    """One word in two inflections ("rebuild"/"rebuilding", "vote"/"voted")."""
    if x == y:
        return True
    if min(len(x), len(y)) >= 4 and x[:4] == y[:4] and fuzz.ratio(x, y) >= 60:
        return True
    return fuzz.ratio(x, y) >= 85


def substitutions(a: Key, b: Key) -> int:
    """How many words of one text were swapped for other words in the other.

    Paraphrases add or drop words; look-alikes swap one ("exports" for
    "imports", "April" for "October").  A word left over on *both* sides is a
    swap, and no string score can tell a harmless swap from a fatal one, so
    every swap costs.
    """
    wa, wb = a.text.split(), b.text.split()
    left_a = [x for x in wa if not any(_same_word(x, y) for y in wb)]
    left_b = [y for y in wb if not any(_same_word(x, y) for x in wa)]
    return min(len(left_a), len(left_b))


#: Points a swapped word costs (see ``substitutions``).
SWAP_COST = 25


def score(a: Key, b: Key) -> float:
    """0-100: order-free word overlap, discounted when one text is much shorter
    and for every swapped word."""
    if not a.text or not b.text:
        return 0.0
    sort = fuzz.token_sort_ratio(a.text, b.text)
    subset = fuzz.token_set_ratio(a.text, b.text)
    na, nb = len(a.text.split()), len(b.text.split())
    cover = min(na, nb) / max(na, nb)
    # A short text inside a long one scores 100 on token_set alone ("harbour"
    # is in every harbour story); weigh it by how much of the longer it covers.
    base = max(sort, subset * (0.6 + 0.4 * cover))
    return max(0.0, base - SWAP_COST * substitutions(a, b))


def same_claim(a: str, b: str, threshold: float = MATCH_SCORE) -> bool:
    """True when two texts make the same claim (the rule the matcher applies)."""
    ka, kb = key(drop_attribution(a)), key(drop_attribution(b))
    return compatible(ka, kb) and score(ka, kb) >= threshold


def _speaker_fits(claimant: str, speaker: str | None) -> bool:
    """A review's claimant and a statement's speaker may be the same person:
    either is unknown, or they share a name word ("Castell" / "Mara Castell")."""
    if not claimant or not speaker:
        return True
    a = set(re.findall(r"\w+", claimant.lower()))
    b = set(re.findall(r"\w+", speaker.lower()))
    return bool(a & b)


@dataclass
class Match:
    """A stored statement that says what the text says, with how sure we are."""

    score: float
    row: dict


def candidates(store: Store) -> list[dict]:
    """Every stored statement with what matching needs, by document and id.

    Sorted here, not by an ORDER BY: Oxigraph took half the query's time to
    sort 26k rows (1.5 of 3.1 s on PolNeAR train), Python 20 ms."""
    from claimkb.query import select_rows

    rows = select_rows(
        store,
        """SELECT DISTINCT ?id ?content ?speaker ?doc ?kind WHERE { GRAPH ?g {
            ?st schema:identifier ?id ; schema:text ?content ; ckb:kind ?kind ;
                schema:isPartOf ?d . ?d schema:identifier ?doc .
            OPTIONAL { ?st schema:author ?sp ; ckb:kind ?kind . ?sp rdfs:label ?speaker } } }""",
    )
    rows.sort(key=lambda r: (r["doc"], r["id"]))
    return rows


def row_keys(rows: list[dict]) -> list[Key]:
    """The key of every row's content (the slow, Python part of matching)."""
    return [key(r["content"] or "") for r in rows]


def best_matches(
    text: str,
    rows: list[dict],
    *,
    claimant: str = "",
    top: int | None = 5,
    threshold: float = MATCH_SCORE,
    keys: list[Key] | None = None,
) -> list[Match]:
    """The rows whose content makes the same claim as ``text``, best first.

    ``keys`` (``row_keys(rows)``) saves re-keying the rows when matching many texts.
    """
    q = key(_drop_claimant(text, claimant))
    keys = keys if keys is not None else row_keys(rows)
    # Cheap C++ pass over every key; exact scoring only for what survives it.
    shortlist = process.extract(
        q.text,
        [k.text for k in keys],
        scorer=fuzz.token_set_ratio,
        score_cutoff=threshold * 0.6,
        limit=max(50, (top or 0) * 10),
    )
    found = []
    for _choice, _s, i in shortlist:
        k, row = keys[i], rows[i]
        if not compatible(q, k) or not _speaker_fits(claimant, row.get("speaker")):
            continue
        s = score(q, k)
        if s >= threshold:
            found.append(Match(round(s, 1), row))
    found.sort(key=lambda m: (-m.score, m.row.get("doc") or "", m.row.get("id") or ""))
    return found[:top] if top else found


_CUE = r"(?:says|said|say|claims|claimed|claim|stated|states|told [\w ]{1,30}?|tweeted|wrote)"
_LEAD = re.compile(rf"^[^\"“”.,;:]{{0,80}}?\b{_CUE}\s+(?:that\s+)?", re.IGNORECASE)
_TRAIL = re.compile(
    rf"(?:,\s*(?:{_CUE})\s+[^,\"“”]{{1,80}}|,\s*[^,\"“”]{{1,80}}?\s+{_CUE}"
    r"|,?\s*according to [^,\"“”]{1,80})[.!]?\s*$",
    re.IGNORECASE,
)


def drop_attribution(text: str) -> str:
    """ "Castell says the port will reopen" / "…, said the president" -> the claim.

    A fact-check's claimReviewed often names who said it; the stored statement
    holds only what was said.
    """
    bare = _LEAD.sub("", _TRAIL.sub("", text.strip(), count=1), count=1)
    return bare if len(bare.split()) >= 3 else text


def _drop_claimant(text: str, claimant: str) -> str:
    """ "Mara Castell says the port…" -> "the port…": the claimant is not the claim."""
    text = drop_attribution(text)
    for word in re.findall(r"\w+", claimant):
        text = re.sub(rf"\b{re.escape(word)}\b", " ", text, flags=re.IGNORECASE)
    return text


def match(
    store: Store,
    text: str,
    *,
    top: int | None = 5,
    claimant: str = "",
    threshold: float = MATCH_SCORE,
) -> list[Match]:
    """Stored statements that make the same claim as ``text``."""
    return best_matches(text, candidates(store), claimant=claimant, top=top, threshold=threshold)
