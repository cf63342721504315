"""Name the person behind "he", "the president" and "Mr. Roe".

News writing introduces a person once in full ("Press Secretary Jane Roe") and
then refers back by surname, title or pronoun.  We index every named mention in
document order with the titles and honorifics around it, then resolve each
source against what came before it: a surname to the full name that ends with
it (of two, the one just written, else the story's principal), a title to the
latest person introduced with that title, a pronoun to the latest person of
matching gender that was a grammatical subject.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from claimkb.extract.cues import Lexicon
from claimkb.extract.titles import (
    HONORIFICS,
    Title,
    appos_title,
    gender_of,
    noun_title,
    split_title,
    strip_titles,
    title_before,
    title_from_words,
    title_matches,
)
from claimkb.model import Speaker, group_of

PERSON_LABELS = {"PERSON"}
ORG_LABELS = {"ORG", "NORP", "GPE"}
MENTION_LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"}
_RELATIVE = {"who", "which", "that", "whom"}
_MALE_PRON = {"he", "him", "his", "himself"}
_FEMALE_PRON = {"she", "her", "hers", "herself"}
_GROUP_PRON = {"they", "them", "their"}
#: "It said" speaks for an organisation, never a person.
_THING_PRON = {"it", "its"}
_DETERMINERS = ("the ", "a ", "an ", "The ", "A ", "An ")


@dataclass
class Person:
    name: str
    gender: str | None = None


@dataclass
class NameIndex:
    """What the document has told us about who is who, in reading order."""

    persons: dict[str, Person] = field(default_factory=dict)
    #: (char offset, canonical name, salience: 3 main subject, 2 subject, 1 owner of one, 0 other)
    mentions: list[tuple[int, str, int]] = field(default_factory=list)
    #: (char offset, title, canonical name)
    titles: list[tuple[int, Title, str]] = field(default_factory=list)
    #: surname -> full names in order of first appearance
    surnames: dict[str, list[str]] = field(default_factory=dict)
    #: canonical name -> type for every entity mentioned
    entities: dict[str, str] = field(default_factory=dict)
    #: surname -> the genders "Mr." / "Mrs." give it where it stands alone
    surname_genders: dict[str, set[str]] = field(default_factory=dict)
    #: surname -> full names spelled out only inside another name ("Barack
    #: Obama Election Day"), for a surname the story never names a person in full
    spelled: dict[str, set[str]] = field(default_factory=dict)
    #: (char offset, canonical name) where a person's name is written in full
    written: list[tuple[int, str]] = field(default_factory=list)
    #: where the first block, the headline, ends
    title_end: int = 0


def _titled_name(span: Sequence[Token], lex: Lexicon) -> tuple[list[str], list[str]]:
    """The office words an entity or proper-noun run starts with, and the name
    after them, stripped ("FBI Director James Comey" -> FBI Director, James Comey).

    A name holds no verb: in a title-case headline the small model runs the
    entity on into the predicate ("Obama Says Bridge Will Open"), which stops it."""
    verb = next((k for k, t in enumerate(span) if k and _predicate_of(t, span[:k])), None)
    span = span[:verb] if verb is not None else span
    title, words = split_title(_words(span), lex)
    first = span[0]
    before = title[-1] if title else (first.nbor(-1).text if first.i > 0 else "")
    return title, strip_titles(words, lex, before.lower() in HONORIFICS)


def _predicate_of(tok: Token, before: Sequence[Token]) -> bool:
    """The token is a verb whose subject is among the words before it."""
    return tok.pos_ in ("VERB", "AUX") and any(
        t.head.i == tok.i and t.dep_ in _SUBJECT_DEPS for t in before
    )


def _words(span: Sequence[Token]) -> list[str]:
    """The span's words as written: the tokenizer splits "Ki-moon" and
    "Crouse-Mays" at the hyphen, and a name is not "Ban Ki - moon"."""
    out: list[str] = []
    for k, tok in enumerate(span):
        glued = k > 0 and not span[k - 1].whitespace_
        if glued and out and (tok.text == "-" or out[-1].endswith("-")):
            out[-1] += tok.text
        else:
            out.append(tok.text)
    return out


def _name_words(span: Sequence[Token], lex: Lexicon) -> list[str]:
    return _titled_name(span, lex)[1]


def _clean_name(name: str) -> str:
    """A name starts and ends with a letter or digit: text pasted from the web
    leaves markup and dashes on its edges ("― Jacklyn Ashley", ">Sanders")."""
    for suffix in ("'s", "’s"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return _EDGE.sub("", name)


_EDGE = re.compile(r"^[^\w@#]+|\W+$")  # a handle keeps its "@"


def _is_given_name(word: str, lex: Lexicon) -> bool:
    w = word.lower()
    return w in lex.male_names or w in lex.female_names


def is_person(ent: Span, lex: Lexicon) -> bool:
    """A person's name, by the model's label or by its shape: the small model
    tags some people an organisation wherever they appear ("Lester Holt",
    "Carly Fiorina"), which would keep them out of the index for good.  Only
    a bare given name and surname is read so; "Morgan Stanley" (two given
    names) and "Rand Corporation" (an organisation word) stay what they are."""
    if ent.label_ in PERSON_LABELS:
        return True
    if ent.label_ != "ORG" or len(ent) != 2:
        return False
    given, family = ent
    return (
        given.text.istitle()
        and given.is_alpha
        and _is_given_name(given.text, lex)
        and family.text.istitle()
        and family.is_alpha
        and not _is_given_name(family.text, lex)
        and family.lower_ not in lex.organizations
    )


def _given_name_gender(name: str, lex: Lexicon) -> str | None:
    """Gender from the first of two or more words ("Donald Trump"); none from one."""
    words = name.split()
    first = words[0].lower() if len(words) > 1 else ""
    if first in lex.male_names:
        return "m"
    if first in lex.female_names:
        return "f"
    return None


def propn_chain(root: Token) -> list[Token]:
    """``root`` and its proper-noun compounds: "Commandant Ilse Brandt" -> the three tokens."""
    if root.pos_ != "PROPN":
        return []
    chain = [t for t in root.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
    chain = [t for t in chain if t.i >= root.i - len(chain)]  # contiguous run only
    return [*chain, root]


def _untagged_people(doc: Doc, lex: Lexicon) -> list[tuple[list[Token], Title]]:
    """Names NER missed that a title vouches for: "Commandant Ilse Brandt"."""
    tagged = {t.i for e in doc.ents for t in e}
    out = []
    for tok in doc:
        if tok.i in tagged or tok.pos_ != "PROPN" or tok.dep_ == "compound":
            continue
        chain = propn_chain(tok)
        if not chain:
            continue
        inner, names = split_title([t.text for t in chain], lex)
        before = title_before(doc, chain[0].i, lex)
        title = title_from_words(inner, lex) if inner else before
        if title and names:
            out.append((chain, title))
    return out


def _add_person(
    idx: NameIndex, toks: list[str], pos: int, title: Title | None, salience: int, lex: Lexicon
) -> None:
    raw = _clean_name(" ".join(toks))
    if not raw:
        return
    name = canonical_person(idx, raw, pos, lex, gender_of(title, lex))
    if len(toks) > 1 and name == raw:
        _register_full_name(idx, toks[-1], raw)
    person = idx.persons.setdefault(name, Person(name))
    gender = gender_of(title, lex) or _given_name_gender(name, lex)
    if gender and person.gender is None:
        person.gender = gender
    if title and title.head not in HONORIFICS:
        idx.titles.append((pos, title, name))
    if len(toks) > 1:
        idx.written.append((pos, name))
    idx.mentions.append((pos, name, salience))
    idx.entities[name] = "person"


def _register_full_name(idx: NameIndex, surname: str, name: str) -> None:
    known = idx.surnames.setdefault(surname, [])
    if name not in known:
        known.append(name)


def _spelled_names(idx: NameIndex, ent: Span, lex: Lexicon) -> None:
    """A given name and a surname inside a title, event or institution the
    model tagged whole ("Barack Obama Election Day", "the Hillary Clinton
    Foundation"): the only place some stories spell the speaker's name out."""
    for a, b in pairwise(ent):
        if (
            a.text.istitle()
            and _is_given_name(a.text, lex)
            and b.pos_ == "PROPN"
            and b.text.istitle()
            and b.is_alpha
        ):
            idx.spelled.setdefault(b.text, set()).add(f"{a.text} {b.text}")


def build_index(parsed: list[tuple[Doc, int]], lex: Lexicon, title_end: int = 0) -> NameIndex:
    """Scan every parsed block once for named people, organisations and titles.
    ``title_end`` is where the headline ends (0: no headline)."""
    idx = NameIndex(title_end=title_end)
    # Full names first, so that a surname or title met before the article
    # spells the name out ("President Obama" ... "Barack Obama") still gets it.
    for doc, _base in parsed:
        for ent in doc.ents:
            if is_person(ent, lex):
                toks = _name_words(ent, lex)
                raw = _clean_name(" ".join(toks))
                if len(toks) > 1 and raw and _given_name_gender(raw, lex):
                    _register_full_name(idx, toks[-1], raw)
                honorific = _honorific_gender(doc, ent.start, lex)
                if len(toks) == 1 and raw and honorific:
                    idx.surname_genders.setdefault(raw, set()).add(honorific)
            else:
                _spelled_names(idx, ent, lex)
    for doc, base in parsed:
        for ent in doc.ents:
            if ent.label_ not in MENTION_LABELS:
                continue
            if is_person(ent, lex):
                inner, toks = _titled_name(ent, lex)
                if not toks:
                    continue
                before = title_before(doc, ent.start, lex)
                words = [*([*sorted(before.mods), before.head] if before else []), *inner]
                title = title_from_words(words, lex) if inner else before
                title = title or appos_title(ent.root, lex)
                _add_person(idx, toks, base + ent.start_char, title, _salience(ent.root), lex)
            else:
                name = _strip_det(_clean_name(ent.text))
                if name:
                    idx.entities.setdefault(name, _entity_type(ent.label_))
        for chain, title in _untagged_people(doc, lex):
            toks = _name_words(chain, lex)
            _add_person(idx, toks, base + chain[0].idx, title, _salience(chain[-1]), lex)
    for doc, base in parsed:
        _known_surnames(idx, doc, base, lex)
    idx.titles.sort()
    for doc, base in parsed:
        _title_mentions(idx, doc, base, lex)
    idx.mentions.sort()
    return idx


def _title_mentions(idx: NameIndex, doc: Doc, base: int, lex: Lexicon) -> None:
    """ "The president's Pacific roots came into play ... he told": a definite
    title is a mention of the person introduced with it, as salient as a
    name in the same place would be.  A title set beside a name ("Ann Lee,
    the party chairwoman") is that person's, not an earlier holder's."""
    for tok in doc:
        if tok.pos_ != "NOUN" or _salience(tok) == 0 or not _definite(tok):
            continue
        if _beside_a_name(tok):
            continue
        title = noun_title(tok, lex)
        holder = _title_holder(idx, title, base + tok.idx, lex, later=False) if title else None
        if holder:
            idx.mentions.append((base + tok.idx, holder, _salience(tok)))


def _beside_a_name(tok: Token) -> bool:
    """In apposition to a person's name, either way round."""
    pair = [tok.head] if tok.dep_ == "appos" else []
    pair += [c for c in tok.children if c.dep_ == "appos"]
    return any(t.ent_type_ in PERSON_LABELS for t in pair)


def _definite(tok: Token) -> bool:
    return any(t.dep_ == "det" and t.lower_ == "the" for t in tok.lefts)


def _known_surnames(idx: NameIndex, doc: Doc, base: int, lex: Lexicon) -> None:
    """Mentions of a known person that NER labelled otherwise or missed.

    The small English model often tags a bare "Trump" as an organisation; once
    the article has named Donald Trump, every "Trump" is a mention of him and
    may be what a later "he" refers back to.  It even tags "Trump" a common
    noun, where a capitalised surname of the story's is a subject or owner.
    """
    person_tokens = {t.i for e in doc.ents if is_person(e, lex) for t in e}
    for tok in doc:
        if tok.i in person_tokens or tok.dep_ == "compound":
            continue
        noun = tok.pos_ == "NOUN" and tok.is_title and tok.dep_ in (*_SUBJECT_DEPS, "poss")
        if tok.pos_ != "PROPN" and not noun:
            continue
        if tok.text not in idx.surnames:
            continue
        name = canonical_person(idx, tok.text, base + tok.idx, lex)
        idx.mentions.append((base + tok.idx, name, _salience(tok)))


_SUBJECT_DEPS = ("nsubj", "nsubjpass")


def _salience(tok: Token) -> int:
    """How likely a later pronoun or epithet means this mention: the subject
    of a sentence's main verb most (3), any other subject next (2: "hours
    after Trump unleashed …"), then the owner of a subject (1: "Gary Johnson's
    doctor is calling ... He released a letter"), anything else least (0).  A
    name in apposition to a subject is the subject ("The economy minister, Mr.
    Guajardo, argues")."""
    subj = tok.head if tok.dep_ == "appos" else tok
    if subj.dep_ in _SUBJECT_DEPS:
        return 3 if subj.head.dep_ == "ROOT" else 2
    return int(tok.dep_ == "poss" and tok.head.dep_ in _SUBJECT_DEPS)


def _entity_type(label: str) -> str:
    if label in PERSON_LABELS:
        return "person"
    if label in ("ORG", "NORP"):
        return "organization"
    if label in ("GPE", "LOC", "FAC"):
        return "place"
    return "thing"


def canonical_person(
    idx: NameIndex, raw: str, pos: int, lex: Lexicon, gender: str | None = None
) -> str:
    """A surname alone becomes the full name that ends with it (of several,
    see ``_principal``); of a woman's and a man's (Michelle and Barack Obama), the one
    ``gender`` (from "Mr.", "Mrs.", "Sen." ...) allows."""
    parts = raw.split()
    if len(parts) > 1 and _given_name_gender(raw, lex):
        return raw  # "Donald Trump" is whole, whatever a headline ran into it
    said = idx.surname_genders.get(raw, set())
    if gender is None and len(parts) == 1 and len(said) == 1:
        # The story's own "Mr. Obama" tells who "President Obama" is.
        (gender,) = said

    def agreeing(names: list[str]) -> list[str]:
        if gender is not None:
            # A name of the other sex is someone else: "Mr. Obama" stays himself
            # where only Michelle Obama was named in full.
            names = [n for n in names if _given_name_gender(n, lex) in (gender, None)]
        # A headline's "Beyond Trump" is no one's full name.
        return [
            n for n in names if _given_name_gender(n, lex) or n.split()[0].lower() not in STOP_WORDS
        ]

    fulls = _full_names(idx, raw)
    if not fulls and len(parts) == 1:
        fulls = [n for n in idx.persons if _surname_first(n) == raw]
    fulls = agreeing(fulls)
    # "Rip Donald Trump" is a headline's verb run into "Donald Trump": one person.
    fulls = [n for n in fulls if not any(m != n and n.endswith(" " + m) for m in fulls)]
    if len(fulls) > 1:
        return _principal(idx, fulls, pos, lex)
    if fulls:
        return fulls[0]
    if len(parts) == 1:
        # Only an unambiguous one: of "the Bill Clinton Library" and "the
        # Hillary Clinton Foundation", neither says who "Clinton" is.
        spelled = agreeing(sorted(idx.spelled.get(raw, ())))
        if len(spelled) == 1:
            return spelled[0]
    return raw


_NEAR = 500  # characters: about a paragraph


def _principal(idx: NameIndex, fulls: list[str], pos: int, lex: Lexicon) -> str:
    """Whom a surname two people share means ("Clinton" in a story naming
    Hillary and Bill Clinton): the one written in full just before (within
    about a paragraph), else the one the story named first, its principal;
    news style names the other one in full each time."""
    near = [(p, n) for p, n in idx.written if n in fulls and pos - _NEAR <= p < pos]
    if near:
        return max(near)[1]
    first: dict[str, float] = {}
    for p, n in idx.written:
        if p < idx.title_end and not _given_name_gender(n, lex):
            continue  # a headline's "Endorsed Trump" is a word run into a name
        first[n] = min(p, first.get(n, p))
    return min(fulls, key=lambda n: first.get(n, math.inf))


def _full_names(idx: NameIndex, raw: str) -> list[str]:
    """The full names that end with ``raw``; a transcript's capitals ("PENCE:",
    "MCCAIN:") match whatever the case, and so does a surname's particle,
    capitalised where it opens a sentence ("De Blasio" is Bill de Blasio)."""
    last = raw.split()[-1]
    if not raw.isupper():
        tails = (" " + raw, " " + raw[:1].lower() + raw[1:])
        return [n for n in idx.surnames.get(last, ()) if n != raw and n.endswith(tails)]
    tail = " " + raw.lower()
    keys = [k for k in idx.surnames if k.lower() == last.lower()]
    return [n for k in keys for n in idx.surnames[k] if n.lower().endswith(tail)]


_HYPHENATED_GIVEN = re.compile(r"[A-Z][a-z]+-[a-z]+")


def _surname_first(name: str) -> str | None:
    """The family name of a name written family name first, where the given
    name says so: "Ban Ki-moon" is "Mr. Ban", "Kim Jong-un" is "Mr. Kim".
    Only a hyphenated given name is trusted: "Xi Jinping" reads the same as a
    headline's "Obama Speech"."""
    parts = name.split()
    if len(parts) == 2 and _HYPHENATED_GIVEN.fullmatch(parts[1]):
        return parts[0]
    return None


def _nearest_person(
    idx: NameIndex,
    pos: int,
    gender: str | None,
    skip: Sequence[tuple[int, int]] = (),
    salience: int = 1,
    others: frozenset[str] = frozenset(),
) -> str | None:
    """The latest person of that gender mentioned at least that saliently
    before ``pos``; else the latest mentioned at all.  ``others`` are people
    the pronoun cannot be."""
    fallback = None
    for p, name, level in reversed(idx.mentions):
        if p >= pos or any(s <= p < e for s, e in skip) or name in others:
            continue
        g = idx.persons[name].gender if name in idx.persons else None
        if gender and g and g != gender:
            continue
        if level >= salience:
            return name
        if fallback is None:
            fallback = name
    return fallback


def _objects_of_verb(pronoun: Token, idx: NameIndex, base: int) -> frozenset[str]:
    """The people a subject pronoun's own verb takes as objects: "he told
    Hannity" is someone other than Hannity, however recently Hannity spoke."""
    if pronoun.dep_ not in _SUBJECT_DEPS:
        return frozenset()
    verb = pronoun.head
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    objects += [
        o for c in verb.children if c.lower_ == "to" for o in c.children if o.dep_ == "pobj"
    ]
    spans = [(base + o.left_edge.idx, base + o.idx + len(o)) for o in objects if o.pos_ == "PROPN"]
    return frozenset(name for p, name, _ in idx.mentions if any(s <= p < e for s, e in spans))


def _title_holder(
    idx: NameIndex, title: Title, pos: int, lex: Lexicon, later: bool = True
) -> str | None:
    """The latest person bound to a matching title before ``pos`` (else, when
    ``later``, the first after: a headline may name the office before the
    article names the person).  A title that tells a sex skips a holder
    known to be of the other: "the spokesman" is not the spokeswoman."""
    gender = gender_of(title, lex)

    def fits(t: Title, name: str) -> bool:
        person = idx.persons.get(name)
        known = person.gender if person is not None else None
        return title_matches(title, t, lex) and (gender is None or known in (None, gender))

    before = [name for p, t, name in idx.titles if p < pos and fits(t, name)]
    if before:
        return before[-1]
    if not later:
        return None
    after = [name for p, t, name in idx.titles if p >= pos and fits(t, name)]
    return after[0] if after else None


def _strip_det(text: str) -> str:
    for det in _DETERMINERS:
        if text.startswith(det):
            return text[len(det) :]
    return text


def given_in_full(idx: NameIndex, name: str, lex: Lexicon) -> str:
    """A given name alone ("Hillary", "Clinton's husband, Bill") is the one
    person the story names in full with it.

    Only the name shown is widened, never the index's mentions: "her husband,
    Tom" long before "Tom Ebeling" is named must not make every later
    "Ebeling" (his wife) him, nor take her place for a later "she"."""
    if " " in name or not _is_given_name(name, lex):
        return name
    fulls = {
        n
        for names in idx.surnames.values()
        for n in names
        if n.split()[0] == name and "(" not in n and ")" not in n
    }
    return fulls.pop() if len(fulls) == 1 else name


def shown(idx: NameIndex, speaker: Speaker | None, lex: Lexicon) -> Speaker | None:
    """The speaker as a statement shows it: a person's given name alone
    widened, also as a member of a group."""
    if speaker is None:
        return None
    if speaker.members:
        return group_of([shown(idx, m, lex) or m for m in speaker.members], speaker.resolved_by)
    if speaker.type != "person":
        return speaker
    return replace(speaker, name=given_in_full(idx, speaker.name, lex))


def _entity_speaker(
    ent: Span, inside: bool, base: int, idx: NameIndex, lex: Lexicon
) -> Speaker | None:
    """The person or organisation a named entity of the source is, if it is
    one; ``inside``: the source's head word is part of it."""
    toks = _name_words(ent, lex)
    if not toks:
        return None
    raw = _clean_name(" ".join(toks))
    # The small model tags a bare surname an organisation often
    # ("Lind-Haugen added", "De Blasio said"); once the story has named
    # the person, it is them.  (Not a capitalised acronym: "PAC" is no "Pac".)
    named = raw in idx.surnames or (" " in raw and _full_names(idx, raw))
    if is_person(ent, lex) or (inside and named):
        doc = ent.doc
        honorific = _honorific_gender(doc, ent.start, lex)
        name = canonical_person(idx, raw, base + ent.start_char, lex, honorific)
        _learn_gender(idx, name, doc, ent.start, lex)
        return Speaker(name, "person")
    if ent.label_ in ORG_LABELS and inside:
        return Speaker(_strip_det(raw), "organization")
    return None


def _coordinated(root: Token, left: int, right: int) -> list[Token]:
    """The words joined to the source's head by "and" inside the source as
    tagged ("Mr. Grassley and Mr. Leahy"), in their order; none where no
    "and" joins them (a list of the model's making)."""
    out, todo = [], [root]
    while todo:
        head = todo.pop()
        for c in head.children:
            # the small model reads "A, B and C" as A with B in apposition and
            # C joined to B: a name in apposition that others join is a member
            # (not of a category: "two leading Republicans, Trump and Cruz")
            listed = (
                c.dep_ == "appos"
                and c.pos_ == "PROPN"
                and head.ent_type_ != "NORP"
                and any(g.dep_ == "conj" for g in c.children)
            )
            if (c.dep_ == "conj" or listed) and left <= c.idx < right:
                out.append(c)
                todo.append(c)
    joined = [root, *out]
    if not any(c.dep_ == "cc" and c.lower_ in ("and", "&") for t in joined for c in t.children):
        return []
    return sorted(out, key=lambda t: t.i)


def _group(
    first: Speaker, partners: list[Token], base: int, idx: NameIndex, lex: Lexicon
) -> Speaker | None:
    """Named people or organisations speaking together, one speaker whose
    members are each of them; None unless every partner is a name (with
    "Trump and his aides" the one named is who is known)."""
    members = [first]
    for tok in partners:
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        member = _entity_speaker(ent, True, base, idx, lex) if ent is not None else None
        if member is None:
            return None
        members.append(member)
    unique = list({m.name: m for m in members}.values())
    return group_of(unique, first.resolved_by) if len(unique) > 1 else None


def _answer_label(root: Token) -> bool:
    """The "A" of a transcript's "Q: ... A: ..." turns."""
    doc = root.doc
    return (
        root.text == "A"
        and root.i + 1 < len(doc)
        and doc[root.i + 1].text == ":"
        and (root.i == 0 or doc[root.i - 1].is_space)
    )


def _party_member(root: Token) -> bool:
    """ "The Wisconsin Republican", "a Democrat": one party member, not the
    party ("the Republicans", "Republican leaders").  A definite one is the
    politician named before, as news style calls one the second time; an
    indefinite one is someone unnamed."""
    return root.lower_ in _PARTY_MEMBERS and root.tag_ in ("NN", "NNP")


_PARTY_MEMBERS = frozenset({"republican", "democrat"})
#: pronouns that stand for people nobody names ("some", "those who said");
#: apart from cues.toml's vague heads, which the tagger reads as a feature
_VAGUE_PRONOUNS = frozenset(
    {
        "some",
        "someone",
        "somebody",
        "many",
        "others",
        "those",
        "anyone",
        "anybody",
        "everyone",
        "everybody",
        "nobody",
        "another",
        "several",
        "few",
        "most",
        "all",
        "none",
    }
)


def _antecedent(root: Token) -> Token | None:
    """The noun a relative pronoun stands for: "an architect who said", and
    "family members of the victims, many of whom say" (the small model
    seldom hangs a partitive's clause on its noun, so the noun is found
    before the comma)."""
    if root.lower_ in _RELATIVE:
        noun = root.head.head
        return noun if root.head.dep_ == "relcl" and noun.i != root.i else None
    partitive = any(
        c.lower_ == "of" and any(o.lower_ in ("whom", "which") for o in c.children)
        for c in root.children
    )
    if not partitive:
        return None
    if root.head.dep_ == "relcl":
        return root.head.head
    i = root.left_edge.i - 1
    if i < 1 or root.doc[i].text not in (",", "-", "–", "—"):
        return None
    noun = root.doc[i - 1]
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in _NOUNS:
        noun = noun.head.head  # "members of 9/11 victims" is members
    return noun if noun.pos_ in _NOUNS else None


_NOUNS = ("NOUN", "PROPN")


def resolve(
    root: Token | None,
    source_text: str,
    pos: int,
    base: int,
    idx: NameIndex,
    lex: Lexicon,
    previous: Speaker | None,
    skip: Sequence[tuple[int, int]] = (),
) -> Speaker | None:
    """The speaker behind one source mention.  ``pos`` is its document offset.

    ``skip`` holds what earlier statements (and this one) reported: a name
    inside reported words is what was talked about, not who talks next, so
    "he" never resolves to it ("“Obama failed us,” he said").  A given name
    alone stays as written here (see ``shown``).
    """
    if root is None:
        return None
    how = None
    antecedent = _antecedent(root)
    if antecedent is not None:
        root = antecedent
        how = "relative"
        # Named by the noun the clause hangs on, as written up to it: "an
        # architect who said" is "an architect", never "who".
        source_text = root.doc[root.left_edge.i : root.i + 1].text
    doc = root.doc
    if _answer_label(root):
        # "A: ..." in a question-and-answer piece: the person it interviews,
        # whom such a piece names first (its headline's "Q&A with Joe Biden")
        first = min(idx.written, default=None)
        if first is not None:
            return Speaker(first[1], "person", "title")
    if _party_member(root):
        if not _definite(root):
            # "a New Hampshire Republican", "another Democrat": someone unnamed
            return Speaker(_strip_det(doc[root.left_edge.i : root.i + 1].text), "unnamed", "vague")
        holder = _nearest_person(idx, pos, None, skip, salience=3)
        if holder:
            return Speaker(holder, "person", "title")
        # a politician the story never names, not the party
        return Speaker(_strip_det(doc[root.left_edge.i : root.i + 1].text), "person", "unresolved")
    # "The Clinton campaign" is an organisation, not Clinton.
    org_noun = root.pos_ == "NOUN" and root.lemma_.lower() in lex.organizations
    # The source's names: in the source as tagged (or, for a relative pronoun,
    # the noun's phrase up to it), not in the head word's whole subtree, which
    # runs on into what follows ("a new poll showing Clinton ahead").
    if how == "relative":
        left, right = root.left_edge.idx, root.idx + len(root)
    else:
        left = pos - base
        right = left + len(source_text)
    for ent in _source_names(root, doc.ents, left, right):
        inside = ent.start <= root.i < ent.end
        if org_noun and not inside:
            continue
        named = _entity_speaker(ent, inside, base, idx, lex)
        if named is None:
            continue
        named = replace(named, resolved_by=how or "name")
        partners = _coordinated(root, left, right) if inside and how is None else []
        return _group(named, partners, base, idx, lex) or named
    chain = propn_chain(root)
    # a plural proper noun is a headline's capitalised group ("Democrat Voters")
    if chain and root.ent_type_ not in ORG_LABELS and root.tag_ != "NNPS":
        toks = _name_words(chain, lex)
        if toks:
            name = canonical_person(idx, _clean_name(" ".join(toks)), pos, lex)
            return Speaker(name, "person", how or "name")
    if root.text[:1].isupper() and root.text in idx.surnames:
        # the surname of a person the story names, that the model took for
        # a common noun and no entity ("Trump charges that ...")
        return Speaker(canonical_person(idx, root.text, pos, lex), "person", how or "name")
    lower = root.lower_
    if lower in _MALE_PRON or lower in _FEMALE_PRON:
        gender = "m" if lower in _MALE_PRON else "f"
        name = _nearest_person(idx, pos, gender, skip, others=_objects_of_verb(root, idx, base))
        if name is None:
            return Speaker(source_text, "person", "unresolved")
        person = idx.persons.get(name)
        if person is not None and person.gender is None:
            person.gender = gender
        return Speaker(name, "person", "pronoun")
    if lower in _GROUP_PRON:
        if previous is not None and previous.type != "person":
            return replace(previous, resolved_by="pronoun")
        return Speaker(source_text, "group", "unresolved")
    if lower in _THING_PRON:
        if previous is not None and previous.type == "organization":
            return replace(previous, resolved_by="pronoun")
        return Speaker(source_text, "unnamed", "unresolved")
    if root.pos_ == "PRON":
        if lower in _VAGUE_PRONOUNS:
            # "some say", "those who said": nobody named, a vague source
            return Speaker(_strip_det(source_text), "unnamed", "vague")
        return Speaker(source_text, "person", "unresolved")
    title = noun_title(root, lex)
    if title and root.lemma_.lower() not in lex.vague:
        # A headline may name an office or a trade ("Economist warns ...")
        # before the story names the person; in the story, an epithet ("the
        # actor") may fit several people it lists, so only one named with it
        # before counts.
        later = title.head not in lex.epithets or pos < idx.title_end
        holder = _title_holder(idx, title, pos, lex, later=later)
        if holder is None and _definite(root):
            # "The GOP nominee", "the Vermont senator": an epithet for the
            # person the story is about, named before as a subject but never
            # with this title.
            holder = _nearest_person(idx, pos, gender_of(title, lex), skip, salience=3)
        if holder:
            return Speaker(holder, "person", "title")
        return Speaker(_strip_det(source_text), "person", "unresolved")
    if root.lemma_.lower() in lex.vague:
        return Speaker(_strip_det(source_text), "unnamed", "vague")
    if root.ent_type_ in ORG_LABELS:
        return Speaker(_strip_det(source_text), "organization", how or "name")
    if root.lemma_.lower() in lex.organizations:
        kind = "organization"
    else:
        kind = "group" if root.tag_ in ("NNS", "NNPS") else "unnamed"
    return Speaker(_strip_det(source_text), kind, how or "description")


_CLAUSE_POS = frozenset({"ADP", "VERB", "AUX", "PRON", "SCONJ", "PART"})


def _source_names(root: Token, ents: Sequence[Span], left: int, right: int) -> list[Span]:
    """The names that can be the speaker of a source with head word ``root``
    spanning characters ``left:right`` of its block, best first.

    The name the head word belongs to, then one set beside it (an
    appositive): "Clinton spokesman Nick Merrill" and "a Clinton spokesman,
    Nick Merrill," are Merrill.  Under a common noun only a name that follows
    it as its holder counts ("GOP contender and former neurosurgeon Ben
    Carson", "an attorney for Vance, Tom Oduya"), or its author ("a study by
    Ann Lee"); names that qualify it ("Sanders supporters", "Trump's lawyer",
    "a spokesman for Clinton") make the source a description, not the person
    named.  Under a proper noun any name in the source comes next ("Gov. Ann
    Lee" when only "Ann" was tagged).  A head word that is no noun is a parse
    gone wrong ("said David Brock, a confidant who heads the super PAC Correct
    the Record" hangs on "Correct"): there any name in the source counts, in
    order."""
    within = [e for e in ents if left <= e.start_char < right]  # may run past a cut source
    own = [e for e in ents if e.start <= root.i < e.end]
    # an appositive may run past the source as tagged, set off by a comma
    beside = [
        e
        for e in ents
        if e.root.dep_ == "appos"
        and e.root.head.i == root.i
        and (e in within or (e.start > 0 and root.doc[e.start - 1].text == ","))
    ]
    if root.pos_ == "NOUN":
        doc = root.doc

        def holder(e: Span) -> bool:
            # only more of the noun phrase between: "contender and former
            # neurosurgeon Ben Carson", not "a spokesman for Mayor Ann Lee"
            between = doc[root.i + 1 : e.start]
            return e.start > root.i and not any(t.pos_ in _CLAUSE_POS for t in between)

        def author(e: Span) -> bool:  # "a study by X", "a lesson from X"
            prep = e.root.head
            return e.root.dep_ == "pobj" and prep.lower_ in ("by", "from") and prep.head.i == root.i

        after = [e for e in within if holder(e)]
        named = [e for e in within if e.start > root.i and e.root.dep_ == "appos"]
        by = [e for e in within if author(e)]
        return list(dict.fromkeys([*own, *beside, *after, *named, *by]))
    if root.pos_ != "PROPN":
        return sorted({*own, *beside, *within}, key=lambda e: e.start)
    return list(dict.fromkeys([*own, *beside, *within]))


def _honorific_gender(doc: Doc, start: int, lex: Lexicon) -> str | None:
    """The gender the word before a name gives it ("Mrs. Holt", "Sen. Roe")."""
    return gender_of(doc[start - 1].lower_, lex) if start > 0 else None


def _learn_gender(idx: NameIndex, name: str, doc: Doc, start: int, lex: Lexicon) -> None:
    if name in idx.persons and idx.persons[name].gender is None:
        idx.persons[name].gender = _honorific_gender(doc, start, lex)


def content_entities(
    parsed_doc: Doc, base: int, frags: list[tuple[int, int]], idx: NameIndex, lex: Lexicon
) -> list[str]:
    """Canonical names of the entities mentioned inside the content fragments."""
    out: list[str] = []
    for ent in parsed_doc.ents:
        if ent.label_ not in MENTION_LABELS:
            continue
        s, e = base + ent.start_char, base + ent.end_char
        if not any(fs <= s and e <= fe for fs, fe in frags):
            continue
        person = is_person(ent, lex)
        # "the Justice Department" keeps its "Justice": only a person's name sheds office words.
        toks = _name_words(ent, lex) if person else strip_titles([t.text for t in ent], lex)
        if not toks:
            continue
        raw = _clean_name(" ".join(toks))
        name = (
            given_in_full(idx, canonical_person(idx, raw, s, lex), lex)
            if person
            else _strip_det(raw)
        )
        if name and name not in out:
            out.append(name)
    return out
