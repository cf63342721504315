"""Offices as words: "Indiana Gov. Mike Pence", "the GOP nominee", "the
spokeswoman".

A story introduces a person with an office and later calls them by it alone;
comparing offices (the title's head word, the words that qualify it, the sex
its word tells) is how ``speakers`` finds who "the governor" is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from claimkb.extract.cues import Lexicon
from claimkb.extract.rules import subjectless

#: Honorifics: an office word right after one is a name ("Mr. King").
HONORIFICS = frozenset({"mr.", "mrs.", "ms.", "miss", "mr", "mrs", "ms", "dr.", "dr"})


@dataclass(frozen=True)
class Title:
    """An office as words: "Republican presidential nominee" is a nominee, qualified."""

    head: str
    mods: frozenset[str] = frozenset()
    # the sex the head word tells before aliases merge it away
    # ("spokeswoman" is compared as "spokesperson")
    gender: str | None = field(default=None, compare=False)

    @property
    def text(self) -> str:
        return " ".join([*sorted(self.mods), self.head])


def title_word(word: str, lex: Lexicon) -> str:
    w = word.lower()
    return lex.title_aliases.get(w, w)


def title_from_words(words: list[str], lex: Lexicon) -> Title | None:
    """The last title word is the head; the words before it qualify it."""
    kept = [w for w in words if any(c.isalnum() for c in w)]
    kept = [w for w in kept if title_word(w, lex) not in ("the", "a", "an", "'s", "’s")]
    norm = [title_word(w, lex) for w in kept]
    heads = [k for k, w in enumerate(norm) if w in lex.offices]
    if not heads:
        return None
    k = heads[-1]
    head = kept[k].lower()
    gender = "m" if head in lex.male else "f" if head in lex.female else None
    return Title(norm[k], frozenset(norm[:k]), gender)


def title_matches(query: Title, bound: Title, lex: Lexicon) -> bool:
    """ "the governor" matches "Indiana Gov."; "the president" never matches "Vice President"."""
    if query.head != bound.head or not query.mods <= bound.mods:
        return False
    return query.mods & lex.rank_modifiers == bound.mods & lex.rank_modifiers


def title_before(doc: Doc, start: int, lex: Lexicon) -> Title | None:
    """Title words directly before a name: "Indiana Gov. Mike Pence" -> governor + {indiana}."""
    words: list[str] = []
    i = start - 1
    while i >= 0 and len(words) < 5:
        tok = doc[i]
        if tok.is_punct and tok.text not in (".",):
            break
        if title_word(tok.text, lex) in lex.offices or tok.pos_ in ("ADJ", "PROPN", "NOUN"):
            words.insert(0, tok.text)
            i -= 1
            continue
        break
    # Only the run up to its last title word qualifies the name.
    return title_from_words(words, lex)


def split_title(tokens: list[str], lex: Lexicon) -> tuple[list[str], list[str]]:
    """NER often swallows the office: "FBI Director James Comey" -> (title words, name)."""
    heads = [k for k, w in enumerate(tokens) if title_word(w, lex) in lex.offices]
    if heads and heads[-1] < len(tokens) - 1:
        k = heads[-1] + 1
        return tokens[:k], tokens[k:]
    return [], tokens


def appos_title(root: Token, lex: Lexicon) -> Title | None:
    """Title in an apposition: "Jane Roe, the harbour master" or "the mayor, Jane Roe"."""
    cands = [c for c in root.children if c.dep_ == "appos" and not _lost_subject(c)]
    if root.dep_ == "appos" and not _lost_subject(root):
        cands.append(root.head)
    return next((t for t in (_office(c, lex) for c in cands) if t is not None), None)


def _lost_subject(appos: Token) -> bool:
    """An "apposition" that runs straight into a verb the parser left with
    no subject is that verb's subject: in "In an interview with hosts Joe
    Scarborough and Mika Brzezinski, the Democratic presidential candidate
    stated …" the candidate is not Brzezinski."""
    after = appos.right_edge.i + 1
    if appos.right_edge.i != appos.i or after >= len(appos.doc):
        return False
    return subjectless(appos.doc[after])


def _office(c: Token, lex: Lexicon) -> Title | None:
    """The office a noun phrase names, if its head is one."""
    words = [t.text for t in c.lefts if t.dep_ in ("compound", "amod", "nmod")]
    # "the leader of the opposition" qualifies "leader" as much as "opposition leader"
    for prep in (r for r in c.rights if r.dep_ == "prep" and r.lower_ == "of"):
        for pobj in (g for g in prep.children if g.dep_ == "pobj"):
            words = [
                *(t.text for t in pobj.lefts if t.dep_ in ("compound", "amod")),
                pobj.text,
                *words,
            ]
    title = title_from_words([*words, c.text], lex)
    return title if title is not None and title.head == title_word(c.text, lex) else None


#: verbs whose subject takes the office after them: "Khan was elected as
#: mayor", "Lynch is the attorney general", "she became chairwoman"
_TAKING_OFFICE = frozenset(
    {"be", "become", "elect", "name", "appoint", "serve", "remain", "swear", "nominate"}
)


def predicate_title(root: Token, lex: Lexicon) -> Title | None:
    """Title a name's own clause gives it: "Khan was elected as mayor of
    London", "Lynch is the attorney general"."""
    verb = root.head
    if root.dep_ not in ("nsubj", "nsubjpass") or verb.lemma_ not in _TAKING_OFFICE:
        return None
    for c in verb.children:
        if c.dep_ in ("attr", "oprd"):
            office = _office(c, lex)
        elif c.dep_ == "prep" and c.lower_ == "as":
            office = next((_office(g, lex) for g in c.children if g.dep_ == "pobj"), None)
        else:
            continue
        if office is not None:
            return office
    return None


def noun_title(tok: Token, lex: Lexicon) -> Title | None:
    """The office a noun names with its modifiers ("the GOP nominee"), if it names one."""
    words = [t.text for t in tok.lefts if t.dep_ in ("compound", "amod", "nmod")]
    title = title_from_words([*words, tok.text], lex)
    return title if title is not None and title.head == title_word(tok.text, lex) else None


def gender_of(title: Title | str | None, lex: Lexicon) -> str | None:
    """The sex a title or honorific tells.  A title answers from the word the
    story wrote: its head after aliases merge it ("chair" is compared as
    "chairman") would call every chair a man."""
    if isinstance(title, Title):
        return title.gender
    if not title or not title.split():
        return None
    last = title.split()[-1]
    if last in lex.male or title in lex.male:
        return "m"
    if last in lex.female or title in lex.female:
        return "f"
    return None


def strip_titles(tokens: list[str], lex: Lexicon, after_honorific: bool = False) -> list[str]:
    """Office words off the front of a name; never the name an honorific
    stands before: "Mr. King" is a Mr. King, whatever "king" also names."""
    while tokens and (tokens[0].lower() in lex.offices or tokens[0].lower() in HONORIFICS):
        if after_honorific and len(tokens) == 1:
            break
        after_honorific = tokens[0].lower() in HONORIFICS
        tokens = tokens[1:]
    # NER spans sometimes swallow a possessive or a closing quote mark
    # ("Donald Trump ''"): the surname is the last word with a letter in it.
    while tokens and (tokens[-1] in ("'s", "’s") or not any(c.isalnum() for c in tokens[-1])):
        tokens = tokens[:-1]
    return tokens
