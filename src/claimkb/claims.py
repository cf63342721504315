"""One claim, many appearances: the same words from the same speaker across documents.

News re-reports: a minister's sentence appears in ten articles with different
quote marks, a dropped comma, a shortened clause.  A claim is the group of one
speaker's statements whose normalised text is the same or nearly the same
(rapidfuzz ratio), with one hard rule: statements that differ in a number or in
a negation are never the same claim ("120 cars" is not "150 cars", "will
reopen" is not "will not reopen").  Grouping is per speaker, so its cost grows
with one speaker's output, not with the archive.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from claimkb.model import ID_NAMESPACE
from claimkb.query import who_said
from claimkb.store import Store

#: rapidfuzz ratio (0-100) at or above which two normalised texts are one claim.
SAME_CLAIM_SCORE = 90
#: Contents shorter than this many words are never merged: "attacked Sanders",
#: "answered yes" and "called it a revolution" name what was talked about, not
#: a claim one can repeat (on PolNeAR train, 7 of the 10 claims made three or
#: more times were such: Clinton's "Sanders", Trump's "Clinton", Cruz's "CNN").
MIN_CLAIM_WORDS = 3
NEGATIONS = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor"})
#: A word, or a number with its decimal point and thousands commas ("1,200.5").
WORD = re.compile(r"[^\W_]+(?:[.,][0-9]+)*", re.UNICODE)


def normalise(text: str) -> str:
    """Lower case, unified quote marks gone, punctuation gone, one space between words."""
    text = unicodedata.normalize("NFKC", text).lower().replace("n’t", " not").replace("n't", " not")
    return " ".join(WORD.findall(text))


def signature(norm: str) -> tuple[frozenset[str], frozenset[str]]:
    """The numbers and negations of a normalised text: these must agree to merge."""
    words = norm.split()
    numbers = frozenset(w.replace(",", "") for w in words if any(c.isdigit() for c in w))
    return numbers, frozenset(w for w in words if w in NEGATIONS)


@dataclass
class Claim:
    """A speaker's claim and every statement that makes it."""

    speaker: str
    text: str
    appearances: list[dict] = field(default_factory=list)

    @property
    def id(self) -> str:
        norm = normalise(self.text)
        key = f"claim|{self.speaker}|{norm}"
        if len(norm.split()) < MIN_CLAIM_WORDS:
            # never merged, so one speaker's "Sanders" is a claim per statement:
            # each needs an id of its own (``review ID`` must find one)
            key += "|" + "|".join(a["id"] for a in self.appearances)
        return str(uuid.uuid5(ID_NAMESPACE, key))

    @property
    def documents(self) -> list[str]:
        return sorted({a["doc"] for a in self.appearances})


def group(statements: list[dict], score: int = SAME_CLAIM_SCORE) -> list[Claim]:
    """Group statement rows (``speaker``, ``content``, ``doc``, ``id``...) into claims."""
    by_speaker: dict[str, list[dict]] = {}
    for row in statements:
        by_speaker.setdefault(row["speaker"] or "", []).append(row)
    claims: list[Claim] = []
    for speaker, rows in sorted(by_speaker.items()):
        norms = [normalise(r["content"] or "") for r in rows]
        sigs = [signature(n) for n in norms]
        long = [len(n.split()) >= MIN_CLAIM_WORDS for n in norms]
        matrix = process.cdist(norms, norms, scorer=fuzz.ratio, score_cutoff=score)
        pairs = [
            (i, j)
            for i in range(len(rows))
            for j in range(i + 1, len(rows))
            if matrix[i][j] >= score and sigs[i] == sigs[j] and long[i] and long[j]
        ]
        for idx in _clusters(len(rows), pairs):
            members = sorted((rows[i] for i in idx), key=lambda r: (r["doc"], r.get("start") or 0))
            text = max((r["content"] for r in members), key=len)
            claims.append(Claim(speaker, text, members))
    claims.sort(key=lambda c: (-len(c.appearances), c.speaker, c.text))
    return claims


def _clusters(n: int, pairs: list[tuple[int, int]]) -> list[list[int]]:
    """Connected components of ``n`` items joined by ``pairs`` (union-find)."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def claims(
    store: Store,
    speaker: str | None = None,
    score: int = SAME_CLAIM_SCORE,
    *,
    since: str | None = None,
    until: str | None = None,
) -> list[Claim]:
    """The claims of one speaker (any alias or surname), or of everyone, in
    the documents published from ``since`` to ``until`` when given."""
    return group(who_said(store, speaker, since=since, until=until), score)
