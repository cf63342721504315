"""The plain data that flows from extraction to the store.

Offsets are Python ``str`` indices into ``Document.text`` exactly as read, so a
span can always be checked against the text it claims to quote.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

KINDS = ("direct", "indirect", "mixed", "unattributed")
SPEAKER_TYPES = ("person", "organization", "group", "unnamed")
RESOLVED_BY = (
    "name",
    "title",
    "pronoun",
    "relative",
    "nearest-named",
    "vague",
    "description",
    "unresolved",
)

#: Namespace for deterministic statement ids (uuid5), fixed forever.
ID_NAMESPACE = uuid.UUID("6f1d8a3e-3c0b-5b8e-9a55-0c1a1b2c3d4e")


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` with the text it covers."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])


@dataclass(frozen=True)
class Speaker:
    """Who a statement is attributed to, after pronoun and title resolution."""

    name: str
    type: str = "person"
    resolved_by: str = "name"
    #: a group named by its members ("Mr. Grassley and Mr. Leahy" said ...):
    #: each one as a speaker of its own, so each is found as saying it
    members: tuple[Speaker, ...] = ()


def group_of(members: Sequence[Speaker], resolved_by: str = "name") -> Speaker:
    """One speaker for several, named by them all: "Ann Lee, Tom Oduya and the
    harbour board"."""
    names = [m.name for m in members]
    name = f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else names[0]
    return Speaker(name, "group", resolved_by, tuple(members))


@dataclass
class Statement:
    """One attributed (or unattributed) claim in one document.

    ``content`` holds one fragment per continuous piece of the claim; a quote
    split around "he said" has two.  ``occurrences`` lists the content start
    offsets of every copy of this statement when a document repeats itself.
    """

    doc_id: str
    kind: str
    content: list[Span]
    source: Span | None = None
    cue: Span | None = None
    speaker: Speaker | None = None
    entities: list[str] = field(default_factory=list)
    confidence: float = 0.5
    occurrences: list[list[Span]] = field(default_factory=list)
    cue_lemma: str = ""

    @property
    def id(self) -> str:
        """Deterministic: the same content span in the same document, the same id."""
        key = f"{self.doc_id}|{self.content_start}|{self.content_end}"
        return str(uuid.uuid5(ID_NAMESPACE, key))

    @property
    def content_start(self) -> int:
        return self.content[0].start

    @property
    def content_end(self) -> int:
        return self.content[-1].end

    @property
    def content_text(self) -> str:
        return " … ".join(s.text for s in self.content)


@dataclass
class Document:
    """One input text and where it came from."""

    id: str
    text: str
    path: str = ""
    sha256: str = ""
    headline: str = ""
    url: str = ""
    date_published: str = ""
    #: the byline's writers, "; " between them ("Jane Roe; Tom Oduya"): a web
    #: page's author, or the names of a plain text's "By ..." line
    author: str = ""


def authors(byline: str) -> list[str]:
    """The writers a byline names: "Jane Roe; Tom Oduya" (as ``Document.author``
    keeps them), or "Jane Roe, Tom Oduya and Ann Lee" (as a page may write them)."""
    return [a.strip() for a in re.split(r";|,| and ", byline) if a.strip()]


_INITIALS = re.compile(r"^(?:[A-Z]\.)+$")


def without_initials(name: str) -> str:
    """A full name without its middle initials: "Harry M. Reid" is the
    "Harry Reid" of another paper's style.  A generation stays: "Donald
    Trump Jr." is someone else."""
    first, *rest = name.split()
    return " ".join([first, *(w for w in rest if not _INITIALS.match(w))])


@dataclass
class Extraction:
    """Everything extraction learned from one document."""

    document: Document
    statements: list[Statement]
    entities: dict[str, str] = field(default_factory=dict)  # canonical name -> type


RATINGS = ("true", "false", "mixture", "other")


@dataclass
class Review:
    """A fact-checker's verdict on a claim (schema.org ClaimReview).

    ``rating`` is the label as published ("Pants on Fire", "Four Pinocchios");
    ``normalized`` is one of ``RATINGS``.  ``statements`` are the ids of stored
    statements the review judges; with none, the review keeps a claim of its own
    (``claim_reviewed`` said by ``claimant``).
    """

    claim_reviewed: str
    rating: str
    author: str
    url: str
    normalized: str = "other"
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    date_published: str = ""
    note: str = ""
    claimant: str = ""
    claimant_type: str = "person"
    appearance: str = ""
    statements: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The same checker, page and claim: the same review (re-importing replaces it)."""
        key = f"review|{self.author.strip().lower()}|{self.url}|{self.claim_reviewed.strip()}"
        return str(uuid.uuid5(ID_NAMESPACE, key))

    @property
    def claim_id(self) -> str:
        """The review's own claim, for reviews that match no stored statement."""
        return claim_id(self.claim_reviewed, self.claimant)


def claim_id(claim: str, claimant: str = "") -> str:
    """A claim's own id, from its words and who made it (deterministic)."""
    key = f"claim|{claimant.strip().lower()}|{claim.strip()}"
    return str(uuid.uuid5(ID_NAMESPACE, key))
