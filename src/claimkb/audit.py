"""Which claims should a reader not trust, and why: the attribution audit.

Each check reads the knowledge base and returns findings that name the
statement, the document, the span and the reason, with a severity:

* ``unattributed``: figures or casualties stated in the outlet's own voice;
* ``unsourced-quote``: a quotation the story prints without saying whose words they are;
* ``vague-source``: "sources said", "experts", "it is reported";
* ``unresolved``: a pronoun or title source that names nobody;
* ``headline-source``: a statement whose source sits in a headline or caption;
* ``single-source``: a claim carried by several documents that all rest on one speaker;
* ``quote-drift``: one speaker's quotation worded differently in two documents;
* ``conflicting-figures``: the same statement with different numbers from different sources;
* ``circular-sourcing``: A cites B and B cites A (or a longer loop), found on the
  who-cites-whom graph that "citing", "according to", "reported by" draw.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
from rapidfuzz import fuzz, process

from claimkb.claims import group, normalise, signature
from claimkb.extract.cues import lexicon
from claimkb.extract.segment import split_blocks
from claimkb.query import all_statements, document_texts, published_between
from claimkb.store import Store

SEVERITIES = ("high", "medium", "low")
#: Two quotations this similar (rapidfuzz ratio) but not identical have drifted.
DRIFT_SCORE = 75
#: Two statements this similar once their numbers are removed say the same thing.
FIGURES_SCORE = 85
_DIGIT = re.compile(r"\d")
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WHEN = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\b\.?|p\.?m\b\.?|o'clock|hours?\s+gmt)"  # 2 a.m., 14:30
    r"|\b\d{1,2}:\d{2}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b"  # 3 March
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b"  # March 3
    r"|\b(?:in|since|from|until|by|of|before|after|during)\s+(?:the\s+)?(?:1[89]|20)\d{2}s?\b"
    r"|\b(?:1[89]|20)\d{2}\b(?=\s*(?:,|\.|$))",  # a year at the end of a clause
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str
    statement: str
    doc: str
    start: int | None
    text: str
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


def _finding(check: str, severity: str, row: dict, reason: str) -> Finding:
    return Finding(check, severity, row["id"], row["doc"], row.get("start"), row["content"], reason)


def check_unattributed(rows: list[dict], texts: dict[str, str]) -> list[Finding]:
    lex = lexicon()
    out = []
    for r in rows:
        if r["kind"] != "unattributed":
            continue
        words = set(normalise(r["content"]).split())
        casualties = sorted(words & lex.casualty_words)
        # Clock times, years and dates say when, not how many.
        figures = bool(_DIGIT.search(_WHEN.sub(" ", r["content"]))) or bool(
            words & lex.number_words
        )
        # A toll is a count ("three people were killed"); a death without one is
        # a fact of the story ("before Justice Scalia died"), or a figure of
        # speech ("it can't hurt"): on PolNeAR train 67 of 124 casualty
        # findings had no figure, nearly all of them such.
        if casualties and (figures or words & lex.count_words):
            out.append(
                _finding(
                    "unattributed",
                    "high",
                    r,
                    f"casualties ({', '.join(casualties)}) stated with no source",
                )
            )
        elif figures:
            out.append(_finding("unattributed", "medium", r, "a figure stated with no source"))
    return out


_OPENING_QUOTES = frozenset("\"“‘'«")


def check_unsourced_quote(rows: list[dict], texts: dict[str, str]) -> list[Finding]:
    """Outlet-voice statements that open a quotation: somebody's words, and
    the story never says whose."""
    out = []
    for r in rows:
        if r["kind"] != "unattributed" or r.get("start") is None:
            continue
        before = texts.get(r["doc"], "")[: r["start"]].rstrip(" ")
        if before[-1:] in _OPENING_QUOTES:
            reason = "a quotation with no one named as its source"
            out.append(_finding("unsourced-quote", "medium", r, reason))
    return out


def check_vague(rows: list[dict], texts: dict[str, str]) -> list[Finding]:
    lex = lexicon()
    out = []
    for r in rows:
        if r["kind"] == "unattributed":
            continue
        around = f" {normalise(_hedge_scope(texts.get(r['doc'], ''), r))} "
        # whole words: "its resources said" does not hold "sources said"
        phrase = next((p for p in lex.vague_phrases if f" {normalise(p)} " in around), None)
        if r.get("resolved_by") == "vague":
            # the speaker, not a relative pronoun's "who" ("those who said")
            who = r.get("speaker") or r.get("source")
            out.append(_finding("vague-source", "medium", r, f"anonymous or vague source: “{who}”"))
        elif phrase:
            # a named source can still rest on hearsay ("Trump reportedly told aides")
            reason = f"attributed through “{phrase}”"
            if r.get("source"):
                reason += f" (source: “{r['source']}”)"
            out.append(_finding("vague-source", "medium", r, reason))
    return out


def check_unresolved(rows: list[dict], texts: dict[str, str]) -> list[Finding]:
    return [
        _finding("unresolved", "medium", r, f"“{r['source']}” could not be tied to a name")
        for r in rows
        if r.get("resolved_by") == "unresolved"
    ]


def check_headline_source(rows: list[dict], texts: dict[str, str]) -> list[Finding]:
    out = []
    kinds: dict[str, list] = {}
    for r in rows:
        if r.get("source_start") is None or r["doc"] not in texts:
            continue
        if r["doc"] not in kinds:  # once a document (setdefault would split it every row)
            kinds[r["doc"]] = split_blocks(texts[r["doc"]])
        blocks = kinds[r["doc"]]
        where = next((b.kind for b in blocks if b.start <= r["source_start"] < b.end), "body")
        if where != "body":
            out.append(
                _finding(
                    "headline-source", "low", r, f"source “{r['source']}” comes from a {where}"
                )
            )
    return out


def check_single_source(rows: list[dict], texts: dict[str, str]) -> list[Finding]:
    attributed = [r for r in rows if r["kind"] != "unattributed" and r.get("speaker")]
    out = []
    for claim in group(attributed):
        if len(claim.documents) < 2:
            continue
        speakers = {a["speaker"] for a in claim.appearances}
        if len(speakers) == 1:
            first = claim.appearances[0]
            out.append(
                _finding(
                    "single-source",
                    "low",
                    first,
                    f"{len(claim.documents)} documents carry this claim, "
                    f"all from {claim.speaker} alone",
                )
            )
    return out


def check_quote_drift(rows: list[dict], texts: dict[str, str]) -> list[Finding]:
    quotes = [r for r in rows if r["kind"] == "direct" and r.get("speaker")]
    out = []
    for i, a in enumerate(quotes):
        for b in quotes[i + 1 :]:
            if a["speaker"] != b["speaker"] or a["doc"] == b["doc"]:
                continue
            na, nb = normalise(a["content"]), normalise(b["content"])
            if na == nb or fuzz.ratio(na, nb) < DRIFT_SCORE:
                continue
            diff = _word_diff(a["content"], b["content"])
            out.append(
                _finding(
                    "quote-drift",
                    "medium",
                    b,
                    f"{a['speaker']} is quoted differently in {a['doc']}: {diff}",
                )
            )
    return out


def check_conflicting_figures(rows: list[dict], texts: dict[str, str]) -> list[Finding]:
    """The same sentence with other numbers in it, said elsewhere or by someone
    else.  The words around the numbers are compared whole (``fuzz.ratio``),
    not as sets of words: a short statement's words are all found in many long
    ones ("Sanders will gain at least 24"), which on PolNeAR train had made
    1,403 findings out of unrelated figures, and taken six minutes."""
    with_numbers = [r for r in rows if _DIGIT.search(r["content"] or "")]
    norms = [normalise(r["content"]) for r in with_numbers]
    numbers = [signature(n)[0] for n in norms]
    bare = [_DIGIT.sub("", n) for n in norms]
    alike = process.cdist(bare, bare, scorer=fuzz.ratio, score_cutoff=FIGURES_SCORE, dtype=np.uint8)
    out = []
    for i, j in zip(*np.nonzero(np.triu(alike, 1)), strict=True):
        a, b = with_numbers[i], with_numbers[j]
        if numbers[i] == numbers[j]:
            continue
        if (a.get("speaker") or "") == (b.get("speaker") or "") and a["doc"] == b["doc"]:
            continue
        who_a = a.get("speaker") or "the outlet"
        who_b = b.get("speaker") or "the outlet"
        reason = (
            f"{who_b} gives {', '.join(sorted(numbers[j]))} where {who_a} ({a['doc']}) gives "
            f"{', '.join(sorted(numbers[i]))}"
        )
        # Two stories' own running figures ("Sanders will win at least 73" in
        # one day's live blog, 45 in another's) are more often an update than
        # a dispute: on PolNeAR train 22 of 26 such findings were.
        ours = not a.get("speaker") and not b.get("speaker")
        severity = "low" if ours else "high"
        out.append(_finding("conflicting-figures", severity, b, reason))
    return out


_CITES = re.compile(
    r"\b(?:citing|quoting|according to|as reported by|reported by|a report (?:by|from|in))\s+"
    r"(?:the\s+)?",
    re.IGNORECASE,
)


def _citations(rows: list[dict], texts: dict[str, str]) -> list[tuple[str, str, dict]]:
    """(speaker, cited source, statement) for each statement whose sentence says
    where its speaker got it from ("the Courier reported, citing the Gazette, …")."""
    names = {r["speaker"] for r in rows if r.get("speaker") and r["kind"] != "unattributed"}
    by_length = sorted(names, key=len, reverse=True)
    edges = []
    for r in rows:
        if not r.get("speaker") or r["kind"] == "unattributed" or r["doc"] not in texts:
            continue
        window = _statement_sentence(texts[r["doc"]], r)
        for m in _CITES.finditer(window):
            rest = window[m.end() :].lower()
            cited = next((n for n in by_length if rest.startswith(n.lower())), None)
            if cited and cited != r["speaker"]:
                edges.append((r["speaker"], cited, r))
    return edges


def check_circular(rows: list[dict], texts: dict[str, str]) -> list[Finding]:
    import networkx as nx

    g = nx.DiGraph()
    for a, b, r in _citations(rows, texts):
        if not g.has_edge(a, b):
            g.add_edge(a, b, row=r)
    out = []
    for cycle in sorted(nx.simple_cycles(g, length_bound=4), key=lambda c: sorted(c)):
        start = cycle.index(min(cycle))
        cycle = cycle[start:] + cycle[:start]
        hops = list(zip(cycle, cycle[1:] + cycle[:1], strict=True))
        steps = "; ".join(f"{a} cites {b} ({g.edges[a, b]['row']['doc']})" for a, b in hops)
        out.append(
            _finding("circular-sourcing", "high", g.edges[hops[0]]["row"], f"circular: {steps}")
        )
    return out


def _statement_sentence(text: str, r: dict) -> str:
    """The sentence(s) a statement sits in: from its source or content back to the
    previous sentence end, forward past its content to the next one."""
    start = min(x for x in (r.get("source_start"), r.get("start")) if x is not None)
    end = (r.get("start") or start) + len(r.get("content") or "")
    before = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    after = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    return text[before + 1 : min(after) if after else len(text)]


#: Characters either side of a named source in which a hedge is its own
#: ("Trump reportedly told aides", "according to sources, Trump").
_HEDGE_REACH = 40


def _hedge_scope(text: str, r: dict) -> str:
    """Where a hedge ("reportedly", "sources said") bears on a statement: next
    to its source when it has one (in a paragraph that also quotes "experts
    say", Palmieri's own words are not hearsay), else its paragraph."""
    lo, hi = r.get("source_start"), r.get("source_end")
    if lo is None or hi is None:
        return _sentence(text, r)
    first = max(lo - _HEDGE_REACH, text.rfind("\n", 0, lo) + 1, 0)
    last = text.find("\n", hi)
    return text[first : min(hi + _HEDGE_REACH, last if last != -1 else len(text))]


def _sentence(text: str, r: dict) -> str:
    """The statement's surroundings: from its source (or content) to the end of its line."""
    start = min(x for x in (r.get("source_start"), r.get("start")) if x is not None)
    end = text.find("\n", start)
    return text[max(0, text.rfind("\n", 0, start)) : end if end != -1 else len(text)]


def _word_diff(a: str, b: str) -> str:
    wa, wb = a.split(), b.split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb).get_opcodes():
        if op == "equal":
            continue
        parts.append(f"[-{' '.join(wa[i1:i2])}-]" if i2 > i1 else "")
        parts[-1] += f"{{+{' '.join(wb[j1:j2])}+}}" if j2 > j1 else ""
    return " ".join(parts)


CHECKS: dict[str, Callable[[list[dict], dict[str, str]], list[Finding]]] = {
    "unattributed": check_unattributed,
    "unsourced-quote": check_unsourced_quote,
    "vague-source": check_vague,
    "unresolved": check_unresolved,
    "headline-source": check_headline_source,
    "single-source": check_single_source,
    "quote-drift": check_quote_drift,
    "conflicting-figures": check_conflicting_figures,
    "circular-sourcing": check_circular,
}


def audit(
    store: Store,
    checks: list[str] | None = None,
    *,
    since: str | None = None,
    until: str | None = None,
) -> list[Finding]:
    """Run the named checks (all by default) on the statements of documents
    published from ``since`` to ``until`` (all when neither is given): the
    week's stories, compared with each other; findings ordered by severity,
    document, place."""
    from claimkb.errors import QueryError

    names = checks or list(CHECKS)
    unknown = [n for n in names if n not in CHECKS]
    if unknown:
        raise QueryError(f"unknown check {unknown[0]!r}; choose from {', '.join(CHECKS)}")
    rows = published_between(all_statements(store), since, until)
    texts = document_texts(store)
    found = [f for n in names for f in CHECKS[n](rows, texts)]
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(found, key=lambda f: (order[f.severity], f.doc, f.start or 0, f.check))
