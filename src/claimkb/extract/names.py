"""Who a story names, how, and where: the index ``speakers`` resolves against.

One pass over a document's parsed blocks collects every person named (in
full, by surname, by a title the story gave them), with the offices and
honorifics around each mention, how salient each mention is (a sentence's
subject most), and the organisations and places named; ``canonical_person``
turns a surname into the full name the story means by it.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from claimkb.extract.cues import Lexicon
from claimkb.extract.rules import DASHES
from claimkb.extract.titles import (
    HONORIFICS,
    Title,
    appos_title,
    gender_of,
    noun_title,
    predicate_title,
    split_title,
    strip_titles,
    title_before,
    title_from_words,
    title_matches,
    title_word,
)
from claimkb.model import authors

PERSON_LABELS = {"PERSON"}
ORG_LABELS = {"ORG", "NORP", "GPE"}
MENTION_LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"}
_DETERMINERS = ("the ", "a ", "an ", "The ", "A ", "An ")
#: labels the small model gives a person's name in full ("Lester Holt" ORG,
#: "Ivanka Trump" PRODUCT, "Roman Smbatyan" NORP, "Neera Tanden" FAC); not
#: towns and regions, whose names can read as a person's ("Virginia Beach"),
#: while a building's takes a word no name has ("Trump Tower")
_MISLABELLED = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "NORP", "FAC"})


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
    #: surname -> given name and surname written side by side ("Barack Obama
    #: Election Day"), for a surname the story never names a person in full
    spelled: dict[str, set[str]] = field(default_factory=dict)
    #: (char offset, canonical name) where a person's name is written in full
    written: list[tuple[int, str]] = field(default_factory=list)
    #: where the first block, the headline, ends
    title_end: int = 0
    #: (char offset, canonical names) of people named together as a subject
    #: ("Ann Lee and Tom Roe met ..."): whom a later "they" means
    pairs: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    #: the byline's one writer: who "I" is in the piece's own voice
    author: str = ""
    #: where each sentence starts (char offsets, in order): a pronoun looks
    #: back sentence by sentence
    sentences: list[int] = field(default_factory=list)
    #: offsets of mentions that are a relative clause's subject ("the only
    #: Republican whom Trump refused to endorse"): the clause is about them
    relative: set[int] = field(default_factory=set)
    #: offsets of mentions that are asked something ("Tapper asked Ryan about
    #: …"): the answer's speaker, though the question's content holds them
    asked: set[int] = field(default_factory=set)
    #: offsets of statements' speakers ``speakers.remember`` added as mentions
    spoke: set[int] = field(default_factory=set)
    #: words the story writes in lower case somewhere: "Critics" opening a
    #: sentence is the "critics" of elsewhere, "Sanders" never is
    lowercase: set[str] = field(default_factory=set)
    #: words the body writes capitalised mid-sentence, as names are
    capitalised: set[str] = field(default_factory=set)
    #: (char offset, title) where the story brings in someone by an office
    #: without naming them ("A judge in Ohio ruled …", "the prime minister's
    #: spokesman said …"): whom a later "the judge" most likely means
    unnamed: list[tuple[int, Title]] = field(default_factory=list)
    #: proper nouns the body writes after another ("Murshed Zaheed", "Joh
    #: Husted"): a surname, whatever list the given name is missing from
    second_names: set[str] = field(default_factory=set)
    #: where each entry of a live blog starts (its time line, "10:30 p.m."):
    #: an entry names its own people, so a pronoun looks back no further
    entries: list[int] = field(default_factory=list)
    #: (char offset, name) of each person a statement is credited to, in order
    quoted: list[tuple[int, str]] = field(default_factory=list)
    #: surnames the story gives a campaign ("the Clinton campaign", "Rubio's campaign")
    campaigns: set[str] = field(default_factory=set)
    #: (char offset, name) of each paragraph that only signs what comes
    #: before it, a reader's letter or comment: "Ann Lee.", "@annlee."
    signatures: list[tuple[int, str]] = field(default_factory=list)

    def signer_after(self, pos: int) -> str | None:
        """Who signs the letter holding ``pos``: the next signature, if close."""
        at = bisect_right(self.signatures, (pos,))
        if at < len(self.signatures) and self.signatures[at][0] - pos <= _LETTER:
            return self.signatures[at][1]
        return None

    def entry_start(self, pos: int) -> int:
        """Where the live-blog entry holding ``pos`` starts (0: not a blog)."""
        at = bisect_right(self.entries, pos)
        return self.entries[at - 1] if at else 0


def _titled_name(span: Sequence[Token], lex: Lexicon) -> tuple[list[str], list[str]]:
    """The office words an entity or proper-noun run starts with, and the name
    after them, stripped ("FBI Director James Comey" -> FBI Director, James Comey).

    A name holds no verb: in a title-case headline the small model runs the
    entity on into the predicate ("Obama Says Bridge Will Open"), which stops it,
    and at a sentence's start it takes in the verb before it ("Entrusting
    Donald Trump with our future"), which is left out."""
    span = _before_predicate(span)
    while len(span) > 1 and span[0].tag_ in ("VBG", "VBN", "VBD"):
        span = span[1:]
    span = _after_owner(_before_dash(span), lex)
    title, words = split_title(_words(span), lex)
    first = span[0]
    before = title[-1] if title else (first.nbor(-1).text if first.i > 0 else "")
    return title, strip_titles(words, lex, before.lower() in HONORIFICS)


def _before_predicate(span: Sequence[Token]) -> Sequence[Token]:
    verb = next((k for k, t in enumerate(span) if k and _predicate_of(t, span[:k])), None)
    return span[:verb] if verb is not None else span


def _predicate_of(tok: Token, before: Sequence[Token]) -> bool:
    """The token is a verb whose subject is among the words before it."""
    return tok.pos_ in ("VERB", "AUX") and any(
        t.head.i == tok.i and t.dep_ in SUBJECT_DEPS for t in before
    )


def _before_dash(span: Sequence[Token]) -> Sequence[Token]:
    """A dash with space on both sides ends a name the model ran on: in
    "Deborah Jordan Reynolds - Santilli's girlfriend" she is Reynolds."""
    cut = next(
        (k for k, t in enumerate(span) if k and t.text in DASHES and span[k - 1].whitespace_),
        None,
    )
    return span[:cut] if cut is not None else span


def _after_owner(span: Sequence[Token], lex: Lexicon) -> Sequence[Token]:
    """A person named after whom they work for is that person: "Breitbart's
    Joel Pollak".  Not when no given name follows ("Dave Leip's Atlas")."""
    k = next((k for k, t in enumerate(span[:-1]) if t.tag_ == "POS"), None)
    if k is None or not is_given_name(span[k + 1].text, lex):
        return span
    return span[k + 1 :]


def _words(span: Sequence[Token]) -> list[str]:
    """The span's words as written: the tokenizer splits "Ki-moon" and
    "Crouse-Mays" at the hyphen, and a name is not "Ban Ki - moon", nor
    "Dave Leip 's Atlas"."""
    out: list[str] = []
    for k, tok in enumerate(span):
        if tok.is_space or tok.text in ("[", "]"):  # "Newt \xa0 Gingrich", "[Hillary] Clinton"
            continue
        glued = k > 0 and not span[k - 1].whitespace_
        if glued and out and (tok.text == "-" or out[-1].endswith("-") or tok.tag_ == "POS"):
            out[-1] += tok.text
        else:
            out.append(tok.text)
    return out


def name_words(span: Sequence[Token], lex: Lexicon) -> list[str]:
    return _titled_name(span, lex)[1]


def organisation_words(span: Sequence[Token]) -> list[str]:
    """An organisation's name keeps every word: "Minneapolis Star Tribune"
    holds an epithet, "Lone Star Developer Group" two, and names no person."""
    return _words(_before_predicate(span))


#: The marks UTF-8 leaves when it is read as Windows-1252: "Ã¡" for "á",
#: "Ã§" for "ç", "â€™" for "’".
_MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf\u0152-\u2122]")


def mended(name: str) -> str:
    """A name as it was written before its UTF-8 was read as Windows-1252
    ("JuliÃ¡n Castro" is Julián Castro, as archives scraped twice spell
    him), else the name as it is.  Only the name: the text and its offsets
    stay as given.  A name is mended only when its bytes decode whole, which
    a name really spelt with these letters ("JOÃO") does not."""
    if not _MOJIBAKE.search(name):
        return name
    try:
        return name.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def clean_name(name: str) -> str:
    """A name starts and ends with a letter or digit: text pasted from the web
    leaves markup and dashes on its edges ("― Jacklyn Ashley", ">Sanders")."""
    for suffix in ("'s", "’s"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return _EDGE.sub("", name)


_EDGE = re.compile(r"^[^\w@#]+|(?<!Jr)(?<!Sr)\W+$")  # a handle keeps its "@", "Jr." its dot


def is_given_name(word: str, lex: Lexicon) -> bool:
    w = word.lower()
    return w in lex.male_names or w in lex.female_names


def is_person(ent: Span, lex: Lexicon, honoured: frozenset[str] = frozenset()) -> bool:
    """A person's name, by the model's label or by its shape: the small model
    tags some people an organisation (or a product, a work, a nationality)
    wherever they appear ("Lester Holt", "Carly Fiorina"), which would keep
    them out of the index for good.  Only
    a bare given name and surname is read so; "Morgan Stanley" (two given
    names) and "Rand Corporation" (an organisation word) stay what they are.
    A given name missing from cues.toml ("Eswar Prasad", "Tashfeen Malik")
    needs the story to vouch for a person: an office in or beside the name
    ("Spokeswoman Haley Morris", "Brett O'Donnell, chief strategist") or an
    honorific the story puts before the surname elsewhere (``honoured``:
    "Ms. Malik")."""
    if ent.text.casefold() in lex.known_bodies:  # "Politico", "Twitter"
        return False
    if ent.label_ in PERSON_LABELS:
        # not a word the model tagged a name in lower case ("The finance
        # minister jabbed back")
        return not _end_of_capitals(ent) and any(t.text[:1].isupper() for t in ent)
    if ent.label_ not in _MISLABELLED:
        return False
    if ent[-1].text in _POSSESSIVE_MARKS and len(ent) > 2:
        ent = ent[:-1]  # "Lester Holt’s", "Todd Starnes'": the owner's name
    lead = 0
    while lead < len(ent) - 2 and title_word(ent[lead].text, lex) in lex.offices:
        lead += 1
    if len(ent) - lead != 2 or not _name_shaped(ent[lead], ent[-1], lex):
        return False
    if lead or title_before(ent.doc, ent.start, lex) or appos_title(ent.root, lex):
        return True  # an office vouches even for two given names: "Haley Morris"
    if is_given_name(ent[-1].text, lex):
        return False
    return is_given_name(ent[0].text.lstrip("-–—"), lex) or ent[-1].text in honoured


_POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})


def _name_shaped(given: Token, family: Token, lex: Lexicon) -> bool:
    """Two words that can be a given name and a surname: capitalised letters
    (a surname may hold an apostrophe, "O'Donnell"), neither an organisation
    word."""
    word = given.text.lstrip("-–—")  # a list item's dash glued on: "-Matthew"
    surname = family.text.replace("'", "").replace("’", "")
    return (
        word.istitle()
        and word.isalpha()
        and word.lower() not in lex.organizations
        and family.text.istitle()
        and surname.isalpha()
        and family.lower_ not in lex.organizations
    )


def _end_of_capitals(ent: Span) -> bool:
    """The last word of a name in capitals the model cut short: "NETWORK" of
    "the USA TODAY NETWORK" is nobody."""
    if len(ent) != 1 or not ent[0].is_upper or ent.start == 0:
        return False
    before = ent.doc[ent.start - 1]  # not a headline's "WHERE OBAMA PLANS …"
    return before.is_upper and before.is_alpha and before.lower_ not in STOP_WORDS


def _given_name_gender(name: str, lex: Lexicon) -> str | None:
    """Gender from the first of two or more words ("Donald Trump"); none from one."""
    words = name.split()
    first = words[0].lower() if len(words) > 1 else ""
    if first in lex.male_names:
        return "m"
    if first in lex.female_names:
        return "f"
    return None


def sole_author(byline: str) -> str:
    """The byline's writer when there is one: of several, "I" is nobody we know."""
    names = authors(byline)
    return names[0] if len(names) == 1 else ""


def tagline_author(text: str) -> str:
    """The writer an opinion piece names at its foot, where it has no byline:
    "Rick Scott is the Republican governor of Florida.", "Rep. Ann Lee, D-Ore.,
    chairs the harbour committee.", "From HARBOUR DAYS by Ann Lee.", "Follow
    Ann Lee on Twitter" (in one of the last two paragraphs, a short one); ""
    if none does."""
    paragraphs = [p.strip() for p in text.strip().split("\n\n") if p.strip()]
    for k in (len(paragraphs) - 1, len(paragraphs) - 2):
        if k < 1 or len(paragraphs[k]) > 300:
            continue
        excerpt = _EXCERPT.match(paragraphs[k]) or _FOLLOW.match(paragraphs[k])
        if excerpt:
            return excerpt.group("name")
        found = _TAGLINE.match(paragraphs[k])
        if found is None:
            continue
        name = found.group("name")
        # a writer the piece's body never mentions ("Trump is the nominee."
        # closing a news story is about him, not by him), and a name, not a
        # word ("Inside was a gift")
        first = name.split()[0].lower()
        word = first in STOP_WORDS or re.search(rf"\b{re.escape(first)}\b", text)
        if not word and not any(name in p for p in paragraphs[1:k]):
            return name
    return ""


_NAME = r"(?P<name>(?!The |This |It )[A-Z][\w'’-]+(?: [A-Z]\.)?(?: [A-Z][\w'’-]+){0,2})"
_TAGLINE = re.compile(
    rf"(?:(?:Rep|Sen|Gov|Dr|Mr|Mrs|Ms)\. )?{_NAME}(?:, [^,]{{1,40}},)? "
    r"(?:(?:is|was) (?i:a|an|the|also|senior)\b"
    r"|(?:is|was) [a-z][\w-]+ (?:at|of|for)\b"  # "is playwright-in-residence at"
    r"|(?:chairs|serves|directs|heads|leads|teaches|edits|writes|covers|hosts)\b)"
)
_EXCERPT = re.compile(rf"From [^.]{{1,80}} by {_NAME}\.")
_FOLLOW = re.compile(rf"Follow (?:[\w\s]{{0,80}}?\s)??{_NAME} on Twitter\b")


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
        # An office vouches for a name; a trade only for a name in full
        # ("the Ikea tycoon Ingvar Kamprad": "Rising Star Productions" is no
        # Mr. Productions).
        if title and names and (title.head not in lex.epithets or len(names) > 1):
            out.append((chain, title))
    return out


def _add_person(
    idx: NameIndex, toks: list[str], pos: int, title: Title | None, salience: int, lex: Lexicon
) -> None:
    raw = clean_name(" ".join(toks))
    if not raw or family_of(idx, raw, lex):
        return  # "the Clintons" are several people, none of them "he" or "she"
    name = canonical_person(idx, raw, pos, lex, gender_of(title, lex))
    if len(toks) > 1 and name == raw:
        _register_full_name(idx, raw)
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


def family_of(idx: NameIndex, raw: str, lex: Lexicon) -> list[str]:
    """The people of the story a plural surname names together ("the
    Clintons": Bill and Hillary Clinton), if it is one: each once, by the
    shortest of their full names ("Alan Grayson", not also "Alan Mark
    Grayson"), and only names with a given name ("Classic Clinton" is a
    headline's)."""
    if " " in raw or not raw.endswith("s") or raw in idx.surnames:
        return []
    people: dict[tuple[str, str], str] = {}
    for name in sorted(set(idx.surnames.get(raw[:-1], ())), key=len):
        words = name.split()
        if _given_name_gender(name, lex):
            people.setdefault((words[0], words[-1]), name)
    return sorted(people.values())


#: what may follow a surname in a full name ("Joseph R. Biden Jr.", "Luther Stan Pate IV")
_GENERATIONS = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})


def _unsuffixed(name: str) -> str:
    """A full name without its generation: "Biden" is the surname of
    "Joseph R. Biden Jr.", not "Jr."."""
    words = name.split()
    return " ".join(words[:-1]) if len(words) > 2 and words[-1] in _GENERATIONS else name


def _register_full_name(idx: NameIndex, name: str) -> None:
    surname = _unsuffixed(name).split()[-1]
    known = idx.surnames.setdefault(surname, [])
    if name not in known:
        known.append(name)


def learn_speaker(idx: NameIndex, name: str, lex: Lexicon) -> bool:
    """A person the index missed, whom a source names in full ("Adel Nefzi
    said", "Murshed Zaheed, acting political director …, said", where the
    model tagged no entity): each later "Nefzi" and "he" can be them.  Only
    a given name the list knows and a surname, or two words no dictionary
    has ("Right Wing Watch first reported", "New Polls Show" are no one).
    True when known now."""
    if name in idx.persons:
        return True
    words = name.split()
    if not all(w[:1].isupper() and _NAME_WORD.fullmatch(w) for w in words):
        return False
    listed = 2 <= len(words) <= 3 and is_given_name(words[0], lex)
    unlisted = len(words) == 2 and not any(english_word(w) for w in words)
    if not (listed or unlisted):
        return False
    _register_full_name(idx, name)
    idx.persons[name] = Person(name, _given_name_gender(name, lex))
    idx.entities.setdefault(name, "person")
    return True


#: a word of a person's name: letters, with a hyphen, an apostrophe or an
#: initial's dot ("Ki-moon", "O'Neill", "H.")
_NAME_WORD = re.compile(r"[^\W\d_]+(?:[-'’.][^\W\d_]*)*")


def label_in_capitals(source: str, text: str, left: int, lex: Lexicon) -> str | None:
    """A transcript's speaker label in capitals, as a name is written: "JAKE
    TAPPER:" is "Jake Tapper", "TAPPER:" stays "TAPPER" (a surname the index
    matches whatever its case); None for a source that is no such label, or
    no name by its first word ("UNIDENTIFIED MALE:", "CNN ANCHOR:").
    ``left``: where the source starts in ``text``."""
    end = left + len(source)
    words = source.split()
    if text[end : end + 1] != ":" or not 1 <= len(words) <= 3 or not source.isupper():
        return None
    if not all(w.replace(".", "").replace("-", "").replace("'", "").isalpha() for w in words):
        return None
    if len(words) == 1:
        return source
    name = " ".join("-".join(p.capitalize() for p in w.split("-")) for w in words)
    return name if _given_name_gender(name, lex) else None


_CAPITALS_LABEL = re.compile(r"^[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){1,2}(?=:)", re.MULTILINE)


def _second_names(doc: Doc) -> Iterator[str]:
    for t in doc[1:]:
        before = doc[t.i - 1]
        named = t.pos_ == "PROPN" or (t.pos_ == "NOUN" and t.text[:1].isupper())  # "D’Souza"
        if named and before.pos_ == "PROPN" and before.whitespace_ == " ":
            yield t.text


def widen_surnames(doc: Doc, lex: Lexicon) -> None:
    """A surname the model tagged without the given name before it ("-Matthew
    Yglesias" as "Yglesias": a list item's dash glued to "Matthew") takes it
    in, where that word is a known given name the parse hangs on the surname,
    also a surname of two words ("Debbie Wasserman Schultz", tagged
    "Wasserman Schultz"), a word no dictionary knows before a surname tagged
    alone ("Paloma Wu", tagged "Wu"), or any word but an office before a
    surname that opens with a particle ("Alwaleed Bin Talal", tagged "Bin
    Talal")."""
    ents = list(doc.ents)
    tagged = {t.i for e in ents for t in e}
    for k, ent in enumerate(ents):
        if ent.label_ not in PERSON_LABELS | _MISLABELLED or ent.start == 0:
            continue
        given = doc[ent.start - 1]
        word = given.text.lstrip("-–—")
        if not (
            given.i not in tagged
            and given.pos_ == "PROPN"
            and given.dep_ == "compound"
            and ent.start <= given.head.i < ent.end
            and word.istitle()
            and word.isalpha()
        ):
            continue
        particle = ent[0].lower_ in _SURNAME_PARTICLES and len(ent) > 1
        if (
            is_given_name(word, lex)
            or _unlisted_given(given, ent, lex)
            or (particle and title_word(word, lex) not in lex.offices)
        ):
            ents[k] = Span(doc, ent.start - 1, ent.end, label=ent.label_)
    doc.ents = ents


def _unlisted_given(given: Token, ent: Span, lex: Lexicon) -> bool:
    """A word the list does not know, set before a surname the model tagged a
    person alone ("Nachman Shai", "Paloma Wu", "Amelize Joseph"), is its
    given name, unless it is an English word ("Judge Berman", "Team Trump",
    "Crooked Hillary", "Injecting Clinton's marital troubles") or the
    "person" a body the model mistook ("Wilayat Twitter")."""
    return (
        len(ent) == 1
        and ent.label_ in PERSON_LABELS
        and ent[0].lower_ not in lex.known_bodies
        and not english_word(given.text)
    )


@cache
def _dictionary() -> tuple[dict[int, frozenset[str]], dict[int, list[tuple[str, str]]]]:
    """The WordNet base forms the model's lemmatizer ships, by part of speech,
    and its suffix rules: the one English dictionary at hand, which knows
    "harbour" and "professors" but not "Nachman"."""
    from claimkb.extract import nlp  # the pipeline loads once, there

    lookups = nlp().get_pipe("lemmatizer").lookups
    index = lookups.get_table("lemma_index")
    rules = lookups.get_table("lemma_rules")
    bases = {pos: frozenset(index[pos]) for pos in index}
    return bases, {pos: [(old, new) for old, new in rules.get(pos, [])] for pos in bases}


def english_word(word: str) -> bool:
    """A dictionary word or one its suffix rules take back to one ("Injecting"
    to "inject"), whatever the case."""
    w = word.lower().lstrip("-–—")
    bases, rules = _dictionary()
    for pos, known in bases.items():
        if w in known:
            return True
        for old, new in rules[pos]:
            if old and w.endswith(old) and w[: -len(old)] + new in known:
                return True
    return False


#: words that open a surname rather than end a given name ("Alwaleed Bin
#: Talal", "Bill de Blasio")
_SURNAME_PARTICLES = frozenset({"bin", "ibn", "al", "el", "de", "del", "van", "von", "da", "di"})


#: a surname with an apostrophe after its first letter ("O’Malley",
#: "D'Souza"), which the small model tags a common noun and no entity
_APOSTROPHE_SURNAME = re.compile(r"[A-Z][’'][A-Z][a-z]+")


def _surname_shaped(tok: Token) -> bool:
    return tok.pos_ == "PROPN" and tok.is_alpha and tok.text.istitle()


def _spelled_names(idx: NameIndex, doc: Doc, lex: Lexicon) -> None:
    """A given name and a surname side by side, wherever the model missed the
    person: inside a title, event or institution it tagged whole ("Barack
    Obama Election Day", "the Hillary Clinton Foundation") or where it tagged
    nothing ("Democracy Corps’ Stan Greenberg", a headline's "Cecile Richards:
    …"): the only place some stories spell the speaker's name out."""
    for a, b in pairwise(doc):
        if a.pos_ != "PROPN" or not a.text.istitle() or not a.is_alpha:
            continue
        # the apostrophe vouches for a surname, so the given name before it
        # need not be one the list knows ("Dinesh D’Souza")
        if _APOSTROPHE_SURNAME.fullmatch(b.text) and title_word(a.text, lex) not in lex.offices:
            _register_full_name(idx, f"{a.text} {b.text}")
        elif is_given_name(a.text, lex) and _surname_shaped(b):
            idx.spelled.setdefault(b.text, set()).add(f"{a.text} {b.text}")
    for found in _CAPITALS_LABEL.finditer(doc.text):
        # a transcript's first "JAKE TAPPER:" spells out who each "TAPPER:" is
        name = label_in_capitals(found.group(), doc.text, found.start(), lex)
        if name:
            idx.spelled.setdefault(found.group().split()[-1], set()).add(name)


#: the time line that opens each entry of a live blog: "10:30 p.m.", "12:05 a.m."
_ENTRY_TIME = re.compile(r"\d{1,2}(?::\d{2})? ?[ap]\.m\.")


#: characters: about as long as a reader's letter on a letters page runs
_LETTER = 1500
_SIGNATURE = re.compile(r"(@\w+|[A-Z][\w'’-]+(?: [A-Z]\.)?(?: [A-Z][\w'’-]+){1,2})\.")


def _signature(doc: Doc, lex: Lexicon) -> str:
    """The name a paragraph consists of, as a letters page signs each letter
    ("Ken Okafor.", "@annlee."); "" for anything else, a heading like
    "Political Frankenstein." too, which is no person's name."""
    found = _SIGNATURE.fullmatch(doc.text.strip())
    if found is None:
        return ""
    name = found.group(1)
    person = any(e.label_ in PERSON_LABELS and e.text == name for e in doc.ents)
    if name.startswith("@") or person or is_given_name(name.split()[0], lex):
        return name
    return ""


def build_index(
    parsed: list[tuple[Doc, int]], lex: Lexicon, title_end: int = 0, byline: str = ""
) -> NameIndex:
    """Scan every parsed block once for named people, organisations and titles.
    ``title_end`` is where the headline ends (0: no headline); ``byline`` who
    wrote the piece, as the document gives it."""
    idx = NameIndex(title_end=title_end, author=sole_author(byline))
    honoured = frozenset(
        t.text for doc, _ in parsed for t in doc[1:] if t.nbor(-1).lower_ in HONORIFICS
    )
    # Full names first, so that a surname or title met before the article
    # spells the name out ("President Obama" ... "Barack Obama") still gets it.
    for doc, base in parsed:
        for ent in doc.ents:
            if is_person(ent, lex, honoured):
                toks = name_words(ent, lex)
                raw = clean_name(" ".join(toks))
                if len(toks) > 1 and raw and _given_name_gender(raw, lex):
                    _register_full_name(idx, raw)
                honorific = honorific_gender(doc, ent.start, lex)
                if len(toks) == 1 and raw and honorific:
                    idx.surname_genders.setdefault(raw, set()).add(honorific)
                family = _kin_surname(ent, lex) if len(toks) == 1 else None
                if family:
                    _register_full_name(idx, f"{raw} {family}")
        _spelled_names(idx, doc, lex)
        idx.lowercase.update(t.text for t in doc if t.is_lower and t.is_alpha)
        if base >= idx.title_end:
            idx.second_names.update(_second_names(doc))
            idx.capitalised.update(t.text for t in doc if t.is_title and not t.is_sent_start)
    for doc, base in parsed:
        for ent in doc.ents:
            if ent.label_ not in MENTION_LABELS:
                continue
            if is_person(ent, lex, honoured):
                inner, toks = _titled_name(ent, lex)
                if not toks:
                    continue
                before = title_before(doc, ent.start, lex)
                words = [*([*sorted(before.mods), before.head] if before else []), *inner]
                title = title_from_words(words, lex) if inner else before
                title = title or appos_title(ent.root, lex) or predicate_title(ent.root, lex)
                _add_person(idx, toks, base + ent.start_char, title, _salience(ent.root), lex)
            else:
                name = strip_det(clean_name(ent.text))
                if name:
                    idx.entities.setdefault(name, _entity_type(ent.label_))
        for chain, title in _untagged_people(doc, lex):
            toks = name_words(chain, lex)
            _add_person(idx, toks, base + chain[0].idx, title, _salience(chain[-1]), lex)
    for doc, base in parsed:
        _known_surnames(idx, doc, base, lex)
    idx.titles.sort()
    for doc, base in parsed:
        _title_mentions(idx, doc, base, lex)
        _unnamed_holders(idx, doc, base, lex)
    idx.mentions.sort()
    idx.sentences = sorted(base + sent.start_char for doc, base in parsed for sent in doc.sents)
    idx.entries = sorted(base for doc, base in parsed if _ENTRY_TIME.fullmatch(doc.text.strip()))
    signatures = [(base, name) for doc, base in parsed if (name := _signature(doc, lex))]
    # a letters page signs letter after letter; one name alone is a heading
    idx.signatures = signatures if len(signatures) > 1 else []
    idx.campaigns = {
        c.text
        for doc, _ in parsed
        for t in doc
        if t.lower_ == "campaign"
        for c in t.children
        if c.dep_ in ("compound", "poss") and c.pos_ == "PROPN"
    }
    idx.relative = _mentions_in(idx, parsed, _relative_subject)
    idx.asked = _mentions_in(idx, parsed, _asked)
    named = {p: n for p, n, _ in idx.mentions}
    for doc, base in parsed:
        _pairs(idx, doc, base, named, lex)
        _relative_subjects(idx, doc, base, named)
    idx.mentions.sort()
    return idx


#: nouns for kin, whose owner's surname a given name set beside them takes
_KIN = frozenset({"husband", "wife", "son", "daughter", "brother", "sister", "father", "mother"})


def _kin_surname(ent: Span, lex: Lexicon) -> str | None:
    """The surname a given name alone has from the kin it is set beside:
    "Clinton's husband, Bill," is Bill Clinton, "Trump's wife, Melania," Melania
    Trump."""
    root = ent.root
    kin = root.head
    if root.dep_ != "appos" or kin.lemma_.lower() not in _KIN or not is_given_name(root.text, lex):
        return None
    owner = next((c for c in kin.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
    return owner.text if owner is not None and owner.is_title else None


def _mentions_in(
    idx: NameIndex, parsed: list[tuple[Doc, int]], wanted: Callable[[Token], bool]
) -> set[int]:
    """The mentions inside the phrase of each token ``wanted`` picks, by offset
    (``idx.mentions`` sorted; each block compared with its own mentions only)."""
    at = [p for p, _, _ in idx.mentions]
    out = set()
    for doc, base in parsed:
        spans = [
            (base + tok.left_edge.idx, base + tok.idx + len(tok)) for tok in doc if wanted(tok)
        ]
        if spans:
            inside = at[bisect_left(at, base) : bisect_left(at, base + len(doc.text))]
            out.update(p for p in inside if any(s <= p < e for s, e in spans))
    return out


def _relative_subject(tok: Token) -> bool:
    return tok.dep_ in SUBJECT_DEPS and tok.head.dep_ == "relcl"


def _asked(tok: Token) -> bool:
    # "Tapper asked Ryan …", "Ryan was asked by Tapper …"
    return tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_ in ASKING


def coordinated(tok: Token) -> bool:
    """One of several joined by "and": a conjunct, or the head of some."""
    return tok.dep_ == "conj" or any(c.dep_ == "conj" for c in tok.children)


def _relative_subjects(idx: NameIndex, doc: Doc, base: int, named: dict[int, str]) -> None:
    """ "Attorney General Loretta E. Lynch, who told Congress …" ¶ "She
    added": the ``who`` is the person it hangs on, the subject of its own
    clause, though the name itself is only an object."""
    starts = {t.i: e.start_char for e in doc.ents for t in e}
    for tok in doc:
        if tok.lower_ != "who" or tok.dep_ not in SUBJECT_DEPS or tok.head.dep_ != "relcl":
            continue
        antecedent = tok.head.head
        if coordinated(antecedent):
            continue  # "Govs. Jeb Bush and Chris Christie, who say …": both of them
        start = starts.get(antecedent.i)
        name = named.get(base + start) if start is not None else None
        if name is not None:
            idx.mentions.append((base + tok.idx, name, 2))


def _pairs(idx: NameIndex, doc: Doc, base: int, named: dict[int, str], lex: Lexicon) -> None:
    """People joined by "and" as a sentence's subject ("Hillary Clinton and
    Senator Elizabeth Warren held ..."), each by the name the index gave the
    mention (``named``: offset -> name).  A member the model labelled
    otherwise counts where the index knows the word as a surname ("As Johnson
    and Weld stumped …, they said", with Weld an organisation to the model)."""
    people = [e for e in doc.ents if is_person(e, lex)]
    starts = {e.root.i: e.start_char for e in people}
    for ent in people:
        if ent.root.dep_ not in SUBJECT_DEPS:
            continue  # "a film with Ann Lee and Tom Roe ... They" are others
        if not any(c.dep_ == "cc" and c.lower_ == "and" for c in ent.root.children):
            continue
        joined = [c for c in ent.root.children if c.dep_ == "conj"]
        offsets = [ent.start_char, *(starts.get(c.i, c.idx) for c in joined)]
        names = tuple(dict.fromkeys(named.get(base + o) for o in offsets))
        if len(offsets) > 1 and None not in names and len(names) > 1:
            idx.pairs.append((base + ent.start_char, names))


def _title_mentions(idx: NameIndex, doc: Doc, base: int, lex: Lexicon) -> None:
    """ "The president's Pacific roots came into play ... he told": a definite
    title is a mention of the person introduced with it, as salient as a
    name in the same place would be.  A title set beside a name ("Ann Lee,
    the party chairwoman") is that person's, not an earlier holder's."""
    for tok in doc:
        if tok.pos_ != "NOUN" or _salience(tok) == 0 or not definite(tok):
            continue
        if _beside_a_name(tok):
            continue
        title = noun_title(tok, lex)
        holder = title_holder(idx, title, base + tok.idx, lex, later=False) if title else None
        if holder:
            idx.mentions.append((base + tok.idx, holder, _salience(tok)))


def _unnamed_holders(idx: NameIndex, doc: Doc, base: int, lex: Lexicon) -> None:
    """Offices the story gives someone it does not name: with "a" or "an" ("A
    judge in Ohio issued a ruling") or an owner ("the prime minister's
    spokesman said"), neither set beside a name nor said of one ("Roe is a
    judge")."""
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.ent_type_ or tok.dep_ in ("attr", "appos"):
            continue
        introduced = any(
            (t.dep_ == "det" and t.lower_ in ("a", "an")) or t.dep_ == "poss" for t in tok.lefts
        )
        if not introduced or _beside_a_name(tok):
            continue
        title = noun_title(tok, lex)
        if title is not None:
            idx.unnamed.append((base + tok.idx, title))


def _beside_a_name(tok: Token) -> bool:
    """In apposition to a person's name, either way round."""
    pair = [tok.head] if tok.dep_ == "appos" else []
    pair += [c for c in tok.children if c.dep_ == "appos"]
    return any(t.ent_type_ in PERSON_LABELS for t in pair)


def definite(tok: Token) -> bool:
    return any(t.dep_ == "det" and t.lower_ == "the" for t in tok.lefts)


def _known_surnames(idx: NameIndex, doc: Doc, base: int, lex: Lexicon) -> None:
    """Mentions of a known person that NER labelled otherwise or missed.

    The small English model often tags a bare "Trump" as an organisation; once
    the article has named Donald Trump, every "Trump" is a mention of him and
    may be what a later "he" refers back to.  It even tags "Trump" a common
    noun or a verb, where a capitalised surname of the story's is a subject or
    owner.
    """
    person_tokens = {t.i for e in doc.ents if is_person(e, lex) for t in e}
    for tok in doc:
        if tok.i in person_tokens or tok.dep_ == "compound":
            continue
        noun = tok.pos_ in ("NOUN", "VERB") and tok.is_title and tok.dep_ in (*SUBJECT_DEPS, "poss")
        if tok.pos_ != "PROPN" and not noun:
            continue
        if tok.text not in idx.surnames:
            # spelled out only inside a show's or a foundation's name ("The
            # Rachel Maddow Show" … "Maddow asked"), or known to the news by
            # it; never with an article ("the Trayvon Martin shooting")
            name = canonical_person(idx, tok.text, base + tok.idx, lex)
            if name != tok.text and tok.text[:1].isupper() and not definite(tok):
                idx.persons.setdefault(name, Person(name, _given_name_gender(name, lex)))
                idx.mentions.append((base + tok.idx, name, _salience(tok)))
            continue
        given = _unlisted_given_name(tok, person_tokens, idx, lex)
        if given is not None:
            # "Ivanka Trump, 34, could be …": someone else of the family, not
            # the Trump the story named before
            _add_person(idx, [given.text, tok.text], base + given.idx, None, _salience(tok), lex)
            continue
        name = canonical_person(idx, tok.text, base + tok.idx, lex)
        idx.mentions.append((base + tok.idx, name, _salience(tok)))


#: capitalised words hung on a surname that give no one's name ("Mister Rogers")
_NOT_GIVEN = frozenset(
    {"mister", "madam", "sir", "dame", "lord", "lady", "citizen", "brother", "sister"}
)


def _unlisted_given_name(
    surname: Token, tagged: set[int], idx: NameIndex, lex: Lexicon
) -> Token | None:
    """The word before an untagged surname of the story's that can only be a
    given name missing from cues.toml ("Ivanka" of "Ivanka Trump"): a
    capitalised word hung on the surname that is no office, no honorific and
    no word the story writes in lower case ("Team Trump", "President Trump")."""
    if surname.i == 0:
        return None
    given = surname.nbor(-1)
    if given.i in tagged or given.pos_ != "PROPN" or given.dep_ != "compound":
        return None
    if given.head.i != surname.i or given.tag_ != "NNP" or not surname.text.istitle():
        return None  # "Republicans Jolly", "Junge SVP"
    if not (given.is_alpha and given.text.istitle()):
        return None
    if given.i > 0 and given.nbor(-1).pos_ == "PROPN":
        return None  # a longer run: "the Washington Post Trump said", "Navy SEAL Ty Woods"
    word = given.lower_
    if word in HONORIFICS or word in _NOT_GIVEN or title_word(word, lex) in lex.offices:
        return None
    if word in idx.lowercase or word in lex.organizations:  # "Team Trump"
        return None
    return given


SUBJECT_DEPS = ("nsubj", "nsubjpass")
#: the salience of a sentence's main subject, and of any other clause's
MAIN_SUBJECT = 3
SUBJECT = 2


#: verbs whose object, not their subject, speaks next: "Hannity asked Kasich …
#: The candidate said" is Kasich
ASKING = frozenset({"ask", "question", "press", "interview", "quiz"})


def _salience(tok: Token) -> int:
    """How likely a later pronoun or epithet means this mention: the subject
    of a sentence's main verb most (3), any other subject next (2: "hours
    after Trump unleashed …"), then the owner of a subject (1: "Gary Johnson's
    doctor is calling ... He released a letter"), anything else least (0).  A
    name in apposition to a subject is the subject ("The economy minister, Mr.
    Guajardo, argues")."""
    subj = tok.head if tok.dep_ == "appos" else tok
    if subj.dep_ in SUBJECT_DEPS or (subj.dep_ == "dobj" and subj.head.lemma_ in ASKING):
        return MAIN_SUBJECT if subj.head.dep_ == "ROOT" else SUBJECT
    if _topic(subj):
        return MAIN_SUBJECT
    if tok.dep_ == "pobj" and tok.head.lower_ == "by" and tok.head.head.pos_ == "NOUN":
        # the doer of what a sentence is about: "What could start this is a
        # strong finish by Rubio here Monday. He is hoping …"
        return int(tok.head.head.dep_ in (*SUBJECT_DEPS, "attr"))
    return int(tok.dep_ == "poss" and tok.head.dep_ in SUBJECT_DEPS)


def _topic(tok: Token) -> bool:
    """ "As for Trump, he was subdued" and "Then there's Axelrod. … he
    wrote": what the sentence is about, ahead of the pronoun that then
    stands for it."""
    prep = tok.head
    if tok.dep_ == "attr" and prep.dep_ == "ROOT":
        return any(c.dep_ == "expl" for c in prep.children)
    if tok.dep_ == "pobj" and prep.lower_ == "at" and _bidding(prep.head, "look"):
        return True  # "Just look at House Speaker Paul D. Ryan. He's said …"
    if tok.dep_ == "dobj" and _bidding(prep, "take", "consider"):
        return True  # "Take Mr. Vance. He …"
    return (
        tok.dep_ == "pobj"
        and prep.lower_ == "for"
        and prep.head.lower_ == "as"
        and prep.head.head.dep_ == "ROOT"
    )


def _bidding(verb: Token, *lemmas: str) -> bool:
    """A sentence's main verb telling the reader to look at someone: no
    subject, the bare form ("Look at …", "Consider …")."""
    return (
        verb.dep_ == "ROOT"
        and verb.tag_ == "VB"
        and verb.lemma_.lower() in lemmas
        and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    )


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
    if pos < idx.title_end and len(parts) > 1:
        raw = _name_in_headline(idx, raw, lex)
        parts = raw.split()
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

    fulls = full_names(idx, raw)
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
        # A surname the story never spells out, of someone the news knows by it
        # ("President Obama" all through): the one of that sex, else the first.
        known = lex.well_known_by_case.get(raw.casefold(), ())
        fits = [n for n in known if gender is None or _given_name_gender(n, lex) == gender]
        if fits:
            return fits[0]
    return raw


def _name_in_headline(idx: NameIndex, raw: str, lex: Lexicon) -> str:
    """A headline's capitals run a name into its words ("Trump Said",
    "Absent Trump", "Hacker Guccifer"): the name the story knows, left when
    the words its body never capitalises mid-sentence go, else ``raw``."""
    kept = " ".join(w for w in raw.split() if w in idx.capitalised)
    if not kept or kept == raw:
        return raw
    if kept in lex.well_known:
        return kept
    # Donald Trump's "Trump", not "Vigo County"'s "County"
    return kept if any(_given_name_gender(n, lex) for n in full_names(idx, kept)) else raw


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


def full_names(idx: NameIndex, raw: str) -> list[str]:
    """The full names that end with ``raw``; a transcript's capitals ("PENCE:",
    "MCCAIN:") match whatever the case, and so does a surname's particle,
    capitalised where it opens a sentence ("De Blasio" is Bill de Blasio)."""
    last = raw.split()[-1]
    if not raw.isupper():
        tails = (" " + raw, " " + raw[:1].lower() + raw[1:])
        return [
            n for n in idx.surnames.get(last, ()) if n != raw and _unsuffixed(n).endswith(tails)
        ]
    tail = " " + raw.lower()
    keys = [k for k in idx.surnames if k.lower() == last.lower()]
    return [n for k in keys for n in idx.surnames[k] if _unsuffixed(n).lower().endswith(tail)]


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


def title_holder(
    idx: NameIndex,
    title: Title,
    pos: int,
    lex: Lexicon,
    later: bool = True,
    earlier: bool = True,
    ahead: int | None = None,
) -> str | None:
    """The latest person bound to a matching title before ``pos`` (when
    ``earlier``; else, when ``later``, the first after, no more than ``ahead``
    characters on when given: a headline may name the office before the
    article names the person).  A title that tells a sex skips a holder known
    to be of the other: "the spokesman" is not the spokeswoman."""
    gender = gender_of(title, lex)

    def fits(t: Title, name: str) -> bool:
        person = idx.persons.get(name)
        known = person.gender if person is not None else None
        return title_matches(title, t, lex) and (gender is None or known in (None, gender))

    before = [name for p, t, name in idx.titles if earlier and p < pos and fits(t, name)]
    if len(set(before)) > 1:
        # of two governors, the one the story mentioned last, however it named him
        last = {name: p for p, name, _ in idx.mentions if p < pos and name in before}
        return max(before[::-1], key=lambda name: last.get(name, -1))
    if before:
        return before[-1]
    if not later:
        return None
    limit = pos + ahead if ahead is not None else math.inf
    after = [name for p, t, name in idx.titles if pos <= p < limit and fits(t, name)]
    if not after and pos < idx.title_end and not title.mods & lex.rank_modifiers:
        # the headline's "Indiana governor" is the story's "Gov. Mike Pence":
        # the place a headline adds, the story gives in a title of its own
        after = [
            name for p, t, name in idx.titles if p >= pos and t.head == title.head and not t.mods
        ]
    return after[0] if after else None


#: words no description ends with: where a tagged source stops short ("a
#: person who attended and", "three sources who spoke to Fox News but")
_DANGLING = frozenset(
    {"and", "or", "but", "nor", "of", "to", "the", "a", "an", "with", "for", "in", "on", "at", "by"}
    | {"from", "as", "like", "along"}
)


def strip_det(text: str) -> str:
    """A description as a speaker's name: without its article, and without
    the words it was cut short after."""
    for det in _DETERMINERS:
        if text.startswith(det):
            text = text[len(det) :]
            break
    words = text.split(" ")
    while len(words) > 1 and words[-1].lower() in _DANGLING:
        words.pop()
        while len(words) > 1 and words[-1] in DASHES:
            words.pop()
        words[-1] = words[-1].rstrip(",;:")
    return " ".join(words)


def honorific_gender(doc: Doc, start: int, lex: Lexicon) -> str | None:
    """The gender the word before a name gives it ("Mrs. Holt", "Sen. Roe")."""
    return gender_of(doc[start - 1].lower_, lex) if start > 0 else None
