"""Name the person behind "he", "the president" and "Mr. Roe".

News writing introduces a person once in full ("Press Secretary Jane Roe") and
then refers back by surname, title or pronoun.  ``names`` indexes every named
mention in document order with the titles and honorifics around it; here each
source is resolved against what came before it: a surname to the full name
that ends with it (of two, the one just written, else the story's principal),
a title to the latest person introduced with that title, a pronoun to the
latest person of matching gender that was a grammatical subject.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from claimkb.extract.cues import Lexicon
from claimkb.extract.names import (
    ASKING,
    MAIN_SUBJECT,
    MENTION_LABELS,
    ORG_LABELS,
    PERSON_LABELS,
    SUBJECT_DEPS,
    NameIndex,
    canonical_person,
    clean_name,
    coordinated,
    definite,
    family_of,
    full_names,
    honorific_gender,
    is_given_name,
    is_person,
    label_in_capitals,
    learn_speaker,
    name_words,
    organisation_words,
    propn_chain,
    strip_det,
    title_holder,
)
from claimkb.extract.rules import DASHES, RELATIVE_PRONOUNS, first_conjunct
from claimkb.extract.titles import (
    Title,
    gender_of,
    noun_title,
    strip_titles,
    title_matches,
    title_word,
)
from claimkb.model import Speaker, Statement, group_of, without_initials

#: What may open a noun phrase without being part of the name it gives.
_NOT_NAMING = frozenset({"DET", "ADV", "CCONJ", "PUNCT", "PART"})
_MALE_PRON = {"he", "him", "his", "himself"}
_FEMALE_PRON = {"she", "her", "hers", "herself"}
_GROUP_PRON = {"they", "them", "their"}
#: pronouns that only a person (or people) can be ("he" and "she" are resolved before)
_PERSONAL = frozenset(
    {"i", "me", "my", "we", "us", "our", "you", "your", "who", "whom", "whoever"}
    | {"myself", "ourselves", "yourself", "yourselves", "one"}
)
#: First-person sources: the writer's outside quotation marks, the quoted speaker's inside.
FIRST_PERSON = frozenset({"i", "me"})
#: "It said" speaks for an organisation, never a person.
_THING_PRON = {"it", "its"}


#: Reported words a later pronoun looks past: (start, end, salience), where a
#: name inside counts again from that salience up (``reported_in``).
Reported = tuple[int, int, int]
#: quoted words, and the statement's own: no name inside is who speaks
ALWAYS = 99


def reported_in(skip: Sequence[Reported], pos: int, level: int) -> bool:
    """Whether a mention at ``pos`` lies in reported words a pronoun skips.
    A quotation's names are what was talked about ("“Obama failed us,” he
    said"); a paraphrase's subject is often who the story turns to next
    ("officials declared Oksuz was a leader of the plot. He was briefly
    detained"), so only its lesser mentions are skipped."""
    return any(s <= pos < e and level < floor for s, e, floor in skip)


def _nearest_person(
    idx: NameIndex,
    pos: int,
    gender: str | None,
    skip: Sequence[Reported] = (),
    salience: int = 1,
    others: frozenset[str] = frozenset(),
) -> str | None:
    """The latest person of that gender mentioned at least that saliently
    before ``pos``, unless that sentence's main subject is one too: then the
    main subject ("Ryan did not exude confidence when Tapper asked … he said"
    is Ryan), but not over a relative clause's own subject ("Ryan was not the
    only one whom Trump refused to endorse … he also withheld" is Trump); a
    speaker ``remember`` put there yields to it ("Pence spoke, hours after
    Trump posted tweets" is about Pence).
    Else the latest mentioned at all.  ``others`` are people the pronoun
    cannot be."""
    fallback = None
    best: tuple[int, str] | None = None
    sentence = latest = -1
    entry = idx.entry_start(pos) if salience == 1 else 0
    for p, name, level in reversed(idx.mentions):
        if p >= pos or name in others:
            continue
        if p < entry:
            break
        asked = p in idx.asked and level == MAIN_SUBJECT  # "Tapper asked Ryan …"
        if not asked and reported_in(skip, p, level):
            continue
        g = idx.persons[name].gender if name in idx.persons else None
        if gender and g and g != gender:
            continue
        if level >= salience:
            at = bisect_right(idx.sentences, p)
            if best is None:
                best, sentence, latest = (level, name), at, p
            elif at != sentence:
                break
            elif level == MAIN_SUBJECT and latest not in idx.relative:
                # over the latest, unless that is a main subject too, and a real one
                spoke = latest in idx.spoke and p not in idx.spoke
                best = (level, name) if best[0] < MAIN_SUBJECT or spoke else best
        elif fallback is None:
            fallback = name
    return best[1] if best else fallback


_TOGETHER = 400  # characters: this sentence and the one before, about


def remember(idx: NameIndex, statement: Statement, root: Token | None, lex: Lexicon) -> None:
    """A statement's speaker is a mention as salient as a main subject where its
    source stands, whatever the source's grammar: "…, according to a post from
    Arianna Huffington. “We'll not only …,” she wrote."  Not one who asks
    (whom they ask answers next), not the writer's own "I", and not one of
    several a relative clause hangs on ("Bush and Christie, who say …")."""
    speaker, source = statement.speaker, statement.source
    if speaker is None or source is None or speaker.type != "person":
        return
    if speaker.resolved_by in ("unresolved", "author"):
        return
    if speaker.resolved_by == "relative" and _one_of_several(root):
        return
    if statement.cue_lemma in ASKING:
        return
    if speaker.name not in idx.persons and not (
        speaker.resolved_by == "name" and learn_speaker(idx, speaker.name, lex)
    ):
        return
    idx.quoted.append((source.start, speaker.name))
    mention = (source.start, speaker.name, MAIN_SUBJECT)
    at = bisect_left(idx.mentions, mention)
    if at < len(idx.mentions) and idx.mentions[at] == mention:
        return  # the sentence's main subject already
    idx.mentions.insert(at, mention)
    idx.spoke.add(source.start)


def _one_of_several(root: Token | None) -> bool:
    noun = _antecedent(root) if root is not None else None
    return noun is None or coordinated(noun)


def _people_named_together(idx: NameIndex, pos: int) -> Speaker | None:
    """The people last named together as a subject ("Ann Lee and Tom Roe")
    just before ``pos``, as one group: whom "they" or "both" then means."""
    near = [names for p, names in idx.pairs if pos - _TOGETHER <= p < pos]
    if not near:
        return None
    return group_of([Speaker(n, "person", "name") for n in near[-1]], "pronoun")


#: what speaks as "it" once named ("the report", "the lawsuit"), besides the
#: venues of cues.toml ("the email", "the statement")
_DOCUMENTS = frozenset(
    {
        "report",
        "study",
        "poll",
        "survey",
        "inquiry",
        "investigation",
        "analysis",
        "review",
        "audit",
        "lawsuit",
        "complaint",
        "filing",
        "document",
        "ruling",
        "website",
        "page",
        "article",
        "editorial",
        "book",
        "ad",
        "program",
        "show",
    }
)


def names_a_text(word: str, lex: Lexicon) -> bool:
    """A head noun for something written or broadcast, not someone."""
    return word in _DOCUMENTS or word in lex.cue_venues


def _a_document(speaker: Speaker, lex: Lexicon) -> bool:
    """An unnamed speaker that is a text: "congressional report", "Rubio's press release"."""
    words = speaker.name.lower().split()
    if speaker.type != "unnamed" or not words:
        return False
    return names_a_text(words[-1], lex)


_JUST_BEFORE = 300  # characters: the sentence before, about


def _only_one_of(idx: NameIndex, pos: int, gender: str) -> str | None:
    """The one person of ``gender`` the story has named, if one, and only when
    named just before ``pos`` (a story's "my mother ... She" is someone else),
    in the same entry of a live blog."""
    known = {name for name, person in idx.persons.items() if person.gender == gender}
    named = {n for p, n, _ in idx.mentions if p < pos and n in known}
    start = max(pos - _JUST_BEFORE, idx.entry_start(pos))
    near = {n for p, n, _ in idx.mentions if start <= p < pos}
    return next(iter(named)) if len(named) == 1 and named <= near else None


def _reported_subject(idx: NameIndex, pos: int, gender: str) -> str | None:
    """The person whom words reported in the pronoun's own sentence introduce
    as their subject, when nobody outside reported words is left: "Former
    Rep. Chris Shays was pro John Kasich while ..., he said" is Shays."""
    at = bisect_right(idx.sentences, pos) - 1
    start = idx.sentences[at] if at >= 0 else 0
    for p, name, level in idx.mentions[bisect_left(idx.mentions, (start,)) :]:
        if p >= pos:
            break
        person = idx.persons.get(name)
        if level >= 2 and person is not None and person.gender in (None, gender):
            return name
    return None


def _named_next(pronoun: Token, idx: NameIndex, base: int, gender: str) -> str | None:
    """The person a sentence names as its subject right after a clause that
    opens it with the pronoun: "Even as he accused the department …, Giuliani
    would not …" is Giuliani."""
    clause = pronoun.head
    main = clause.head
    if pronoun.dep_ not in SUBJECT_DEPS or clause.dep_ != "advcl" or main.dep_ != "ROOT":
        return None
    subject = next((c for c in main.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None or subject.i < clause.i or subject.pos_ != "PROPN":
        return None
    start, end = base + subject.left_edge.idx, base + subject.idx + len(subject)
    at = bisect_left(idx.mentions, (start,))  # mentions are sorted by offset
    if at == len(idx.mentions) or idx.mentions[at][0] >= end:
        return None
    name = idx.mentions[at][1]
    person = idx.persons.get(name)
    return name if person is None or person.gender in (None, gender) else None


def _in_the_main_clause(
    pronoun: Token, idx: NameIndex, base: int, gender: str, skip: Sequence[Reported]
) -> str | None:
    """The person the main clause names before a subordinate or conjoined
    clause whose subject is the pronoun, when no subject of that sentence is
    one: "Such tools could be critical for Trump as he seeks …" and "The
    vote is a test for Okafor, and he says …" mean the person named, not
    whoever the sentence before had as its subject."""
    clause = pronoun.head
    if pronoun.dep_ not in SUBJECT_DEPS or clause.dep_ not in ("advcl", "conj"):
        return None
    start = base + pronoun.sent.start_char
    end = base + clause.left_edge.idx
    found = None
    for p, name, level in idx.mentions[bisect_left(idx.mentions, (start,)) :]:
        if p >= end:
            break
        if reported_in(skip, p, level):
            continue
        person = idx.persons.get(name)
        if person is None or person.gender not in (None, gender):
            continue
        if level > 0:
            return None  # the sentence has a subject of its own to mean
        found = name
    return found


def _objects_of_verb(pronoun: Token, idx: NameIndex, base: int) -> frozenset[str]:
    """The people a subject pronoun's own verb takes as objects: "he told
    Hannity" is someone other than Hannity, however recently Hannity spoke."""
    if pronoun.dep_ not in SUBJECT_DEPS:
        return frozenset()
    verb = pronoun.head
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    objects += [
        o for c in verb.children if c.lower_ == "to" for o in c.children if o.dep_ == "pobj"
    ]
    spans = [(base + o.left_edge.idx, base + o.idx + len(o)) for o in objects if o.pos_ == "PROPN"]
    return frozenset(name for p, name, _ in idx.mentions if any(s <= p < e for s, e in spans))


def given_in_full(idx: NameIndex, name: str, lex: Lexicon) -> str:
    """A given name alone ("Hillary", "Clinton's husband, Bill") is the one
    person the story names in full with it.

    Only the name shown is widened, never the index's mentions: "her husband,
    Tom" long before "Tom Ebeling" is named must not make every later
    "Ebeling" (his wife) him, nor take her place for a later "she"."""
    if " " in name or not is_given_name(name, lex):
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
    widened, also as a member of a group, and any run of space one space
    (a description copied from "French\xa0freelance photographer")."""
    if speaker is None:
        return None
    if speaker.members:
        return group_of([shown(idx, m, lex) or m for m in speaker.members], speaker.resolved_by)
    name = " ".join(speaker.name.split())
    if speaker.type == "person":
        name = given_in_full(idx, name, lex)
    return replace(speaker, name=name) if name != speaker.name else speaker


def _entity_speaker(
    ent: Span, inside: bool, base: int, idx: NameIndex, lex: Lexicon
) -> Speaker | None:
    """The person or organisation a named entity of the source is, if it is
    one; ``inside``: the source's head word is part of it."""
    toks = name_words(ent, lex)
    if not toks:
        return None
    raw = clean_name(" ".join(toks))
    family = _family(idx, raw, lex)
    if family is not None:
        return family
    # The small model tags a bare surname an organisation often
    # ("Lind-Haugen added", "De Blasio said"); once the story has named
    # the person, it is them, as is a surname the news knows ("Trump said"
    # where the story never spells the name out).  (Not a capitalised
    # acronym: "PAC" is no "Pac".)
    named = (
        raw in idx.surnames
        # a headline's "Cecile Richards: …", which the model tagged nothing;
        # not a people's or a place's name ("Virginia Democrats")
        or (raw in idx.spelled and ent.label_ not in ("NORP", "GPE"))
        or raw in lex.well_known
        or (" " in raw and full_names(idx, raw))
    )
    if is_person(ent, lex) or (inside and named):
        doc = ent.doc
        honorific = honorific_gender(doc, ent.start, lex)
        name = canonical_person(idx, raw, base + ent.start_char, lex, honorific)
        _learn_gender(idx, name, doc, ent.start, lex)
        return Speaker(name, "person")
    if ent.label_ in ORG_LABELS and inside:
        return Speaker(strip_det(clean_name(" ".join(organisation_words(ent)))), "organization")
    return None


def _family(idx: NameIndex, raw: str, lex: Lexicon) -> Speaker | None:
    """ "The Khans said": the two people of the story with that surname; of
    three ("The Graysons" after Alan, Dena and Lolita Grayson) the story does
    not say which, so the group as written."""
    family = family_of(idx, raw, lex)
    if not family:
        return None
    if len(family) == 2:
        return group_of([Speaker(n, "person") for n in family])
    return Speaker(raw, "group")


def _nobody_s_name(name: str, idx: NameIndex, lex: Lexicon) -> bool:
    """One capitalised word no entity marks and the story gives no person
    ("Politifact then ruled", "Pew found", "Mashable announced"): the
    small model's people are tagged, and a person is named in full first,
    if only as two proper nouns side by side ("Murshed Zaheed")."""
    return (
        " " not in name
        and not name.startswith("@")  # a handle: anyone's
        and name not in idx.second_names
        and name not in idx.surnames
        and name not in idx.persons
        and name not in idx.surname_genders
        and name not in lex.well_known
        and not is_given_name(name, lex)
    )


def _clipped(ent: Span, left: int, right: int, lex: Lexicon) -> Span:
    """An entity as far as it can name a source spanning ``left:right`` of its
    block.  The small model runs a headline's capitals on into its verb
    ("Biden Aims Insult At", "Obama Administration To Expand", "Hillary
    Clinton Slams Donald Trump") and across a dateline ("CLEVELAND - Donald
    Trump"); past the source, only more name counts (a source cut short:
    "Ted" of "Ted Cruz"), and none after a full name."""
    doc = ent.doc

    def apart(t: Token) -> bool:  # a dash or colon set off by spaces, not "AP-GfK"
        spaced = bool(t.whitespace_) or (t.i > 0 and bool(doc[t.i - 1].whitespace_))
        return t.is_space or (t.is_punct and spaced)

    start, end = ent.start, ent.end
    for t in doc[ent.start : ent.end]:
        if t.idx < left and apart(t):
            start = t.i + 1
    inside = [t for t in doc[start : ent.end] if t.idx < right]
    full = len(inside) > 1 and is_given_name(inside[0].text, lex) and inside[-1].is_alpha
    for t in doc[start : ent.end]:
        if t.idx >= right and (
            full or apart(t) or t.tag_.startswith("VB") or t.tag_ in _NOT_NAME_TAGS
        ):
            end = t.i
            break
    return (
        ent
        if (start, end) == (ent.start, ent.end) or start >= end
        else Span(doc, start, end, ent.label)
    )


#: tags past a source that end a name the model ran on ("Obama Administration
#: To Expand", a headline's plural verb read as a noun: "St. Paul Votes To …")
_NOT_NAME_TAGS = frozenset({"MD", "TO", "RB", "IN", "CC", "NNPS"})


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


def _names_a_plural(ent: Span, root: Token) -> bool:
    """The entity stands in apposition to a plural head ("candidates Ann Lee
    and Tom Roe", "the two senators, Ann Lee and Tom Roe")."""
    return ent.root.dep_ == "appos" and ent.root.head == root and root.tag_ in ("NNS", "NNPS")


def _group(
    first: Speaker, partners: list[Token], base: int, idx: NameIndex, lex: Lexicon
) -> Speaker | None:
    """Named people or organisations speaking together, one speaker whose
    members are each of them; a partner that is no name is a member as
    described ("Joseph and other community members", "the New York Times and
    the Gannett newspaper chain")."""
    members = [first]
    for tok in partners:
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        member = _entity_speaker(ent, True, base, idx, lex) if ent is not None else None
        member = member or _described_member(tok, base, idx, lex)
        if member is None:
            return None
        members.append(member)
    unique = list({m.name: m for m in members}.values())
    return group_of(unique, first.resolved_by) if len(unique) > 1 else None


def _described_member(tok: Token, base: int, idx: NameIndex, lex: Lexicon) -> Speaker | None:
    """A partner of a named speaker that is no name, as described: "other
    community members" of "Joseph and other community members", "his aides"
    of "Trump and his aides"; the name a description ends in ("his House
    counterpart Rahm Emanuel").
    Only people many, or a description owned or made definite ("his aides",
    "the Gannett newspaper chain"), and never the second half of an
    apposition: "Suzanne Ferriss, an English professor …, and a co-editor of
    …" and "Andrew Rice, a Democrat and former state senator" are one person,
    described twice."""
    owned = any(
        (c.dep_ == "poss" and c.pos_ == "PRON") or (c.dep_ == "det" and c.lower_ == "the")
        for c in tok.children
    )
    if first_conjunct(tok).dep_ == "appos" or not (
        tok.tag_ == "NNS" or tok.pos_ == "PRON" or owned
    ):
        return None
    subtree = {t.i for t in tok.subtree}
    end = tok.i + 1
    while (
        end in subtree
        and tok.doc[end].dep_ not in ("cc", "conj")
        and tok.doc[end].text not in (",", ";", "(", ")")
    ):
        end += 1
    phrase = tok.doc[tok.left_edge.i : end]
    last = next((e for e in phrase.ents if e.end == phrase.end and is_person(e, lex)), None)
    named = _entity_speaker(last, True, base, idx, lex) if last is not None else None
    return named or Speaker(strip_det(phrase.text), _kind_of(tok, lex), "description")


def _turn_label(root: Token, letter: str) -> bool:
    """The "A" (or "Q", as ``letter`` says) of a transcript's "Q: ... A: ..." turns."""
    doc = root.doc
    return (
        root.text == letter
        and root.i + 1 < len(doc)
        and doc[root.i + 1].text == ":"
        and (root.i == 0 or doc[root.i - 1].is_space)
    )


def _acronym(words: list[str], idx: NameIndex, lex: Lexicon) -> bool:
    """One capitalised initialism ("FEC", "CTU"), not a single initial nor a
    transcript's name in capitals ("JAKE", "TRUMP")."""
    (word, *rest) = words
    return (
        not rest
        and 2 <= len(word) <= 5
        and word.isupper()
        and word.isalpha()
        and not is_given_name(word, lex)
        and word.title() not in idx.surnames
        and word.lower() not in lex.offices
        and word.lower() not in lex.title_aliases
    )


def _party_member(root: Token) -> bool:
    """ "The Wisconsin Republican", "a Democrat": one party member, not the
    party ("the Republicans", "Republican leaders").  A definite one is the
    politician named before, as news style calls one the second time; an
    indefinite one is someone unnamed."""
    return root.lower_ in _PARTY_MEMBERS and root.tag_ in ("NN", "NNP")


_PARTY_MEMBERS = frozenset({"republican", "democrat"})


def _some_members(root: Token, left: int, how: str) -> Speaker | None:
    """ "Some Democrats", "Kentucky Republicans", "American Christians": people
    of a party, faith or country, not the party speaking as one (which "the
    Republicans" or "Democrats" alone may be); with a quantifier ("some",
    "many", "other", "two") a vague source, as "some say" is.  Not a list
    ("Democrats and Republicans") nor a plural its names stand beside ("the
    two leading Republicans, Trump and Cruz"): those are the names.  ``left``:
    where the source starts in its block."""
    if root.ent_type_ != "NORP" or not root.text[:1].isupper():
        return None
    if root.tag_ not in ("NNPS", "NNS"):
        return None  # the model tags "Democrats" either
    if any(c.dep_ in ("conj", "appos") for c in root.children):
        return None
    doc = root.doc
    start = root.i
    while start > 0 and doc[start - 1].idx >= left:
        word = doc[start - 1]
        if not (start <= word.head.i <= root.i):
            break
        if word.dep_ == "det" and word.lower_ not in _QUANTIFIERS:
            if word.lower_ != "the":
                return None  # "these same Republicans": whom the story meant before
            break
        if word.dep_ not in _QUALIFYING and not (word.dep_ == "punct" and word.text == "-"):
            break
        start -= 1
    if start == root.i:
        return None
    first = doc[start]
    name = doc[start : root.i + 1].text
    if first.lower_ in _QUANTIFIERS or first.like_num:
        return Speaker(first.lower_ + name[len(first) :], "group", "vague")
    return Speaker(name, "group", how)


#: the words before a plural that make it some of them, not all
_QUANTIFIERS = frozenset(
    {"some", "many", "most", "several", "other", "few", "numerous", "various", "certain"}
    | {"both", "all", "no", "top", "leading", "prominent", "more", "fewer", "dozens", "half"}
)
_QUALIFYING = frozenset({"det", "amod", "compound", "nummod", "quantmod", "nmod"})


#: initialisms that name a kind of body, not one: the model tags them an organisation
_GENERIC_BODIES = frozenset({"pac", "pacs"})


def _generic_body(root: Token, source_text: str, how: str | None) -> Speaker | None:
    """ "a pro-Rubio super PAC" is one of many, not one body called "PAC" (a
    description, as written); "Purple PAC", capitalised before the word, is a
    name; a PAC with its name beside it is left to that name."""
    if root.lower_ not in _GENERIC_BODIES or not _alone_in_its_entity(root):
        return None
    named = []
    for tok in reversed(root.doc[root.left_edge.i : root.i]):
        if tok.head.i != root.i or tok.dep_ not in ("compound", "amod") or not tok.is_title:
            break
        named.insert(0, tok.text)
    first = root.i - len(named)
    glued = first > 0 and not root.doc[first - 1].whitespace_  # "anti-Trump PAC"
    if named and not glued:
        return Speaker(" ".join([*named, root.text]), "organization", how or "name")
    if any(c.dep_ == "appos" and c.ent_type_ for c in root.children):
        return None
    kind = "group" if root.lower_.endswith("s") else "organization"
    return Speaker(clean_name(strip_det(source_text)), kind, how or "description")


def _titled(chain: list[Token], lex: Lexicon) -> bool:
    """A proper noun after capitalised common nouns: the name of a movement
    or a thing in title case ("Black Lives Matter"), not a person's."""
    before = chain[0].doc[chain[0].i - 1] if chain[0].i > chain[0].sent.start else None
    return (
        before is not None
        and before.pos_ == "NOUN"
        and before.text[:1].isupper()
        and before.head.i == chain[-1].i
        and not before.ent_type_
        and title_word(before.text, lex) not in lex.offices
    )


def _owned(
    root: Token,
    source_text: str,
    base: int,
    idx: NameIndex,
    skip: Sequence[Reported],
    lex: Lexicon,
) -> str:
    """The source as a description names it, "his campaign" as "Donald Trump's
    campaign": the owner found as "he" would be, where the description opens
    with a "his" or "her" of its head word and someone of that sex was named
    before; else as written, without its article."""
    described = strip_det(source_text)
    poss = _possessor(root)
    if poss is not None and poss.lower_ in ("his", "her"):
        if not described.startswith(poss.text + " "):
            return described
        owner = _nearest_person(idx, base + poss.idx, "m" if poss.lower_ == "his" else "f", skip)
        return f"{owner}'s{described[len(poss.text) :]}" if owner else described
    return _person_s_body(root, poss, described, base, idx, lex) or described


def _last_quoted(idx: NameIndex, pos: int) -> str | None:
    """ "The campaign said": the campaign of the person the story (or this
    entry of a live blog) last quoted, where the story gives that surname a
    campaign and nobody else of the story bears it (of a story that quotes
    Ivanka Trump last, "the campaign" is her father's, not hers)."""
    entry = idx.entry_start(pos)
    for p, name in reversed(idx.quoted):
        if entry <= p < pos:
            surname = name.split()[-1]
            ran = surname in idx.campaigns and len(full_names(idx, surname)) == 1
            return name if ran else None
    return None


def _possessor(root: Token) -> Token | None:
    return next((c for c in root.children if c.dep_ == "poss"), None)


#: bodies that belong to one person: "the Clinton campaign", "Ryan's office"
_PERSONAL_BODIES = frozenset({"campaign", "team", "office"})


def _person_s_body(
    root: Token, poss: Token | None, described: str, base: int, idx: NameIndex, lex: Lexicon
) -> str | None:
    """ "The Clinton campaign", "Clinton's campaign" and "Hillary Clinton's
    campaign" are one body, named as the last is, when the story names that
    person: one speaker in ``sources``, not three."""
    if root.lemma_.lower() not in _PERSONAL_BODIES or any(c.dep_ == "conj" for c in root.children):
        return None  # "the Clinton campaign and some cybersecurity experts" are more
    owner = poss
    if owner is None:
        owner = next((c for c in root.children if c.dep_ == "compound"), None)
    if owner is None or owner.i >= root.i:
        return None
    if owner.pos_ != "PROPN" and not (owner.is_title and owner.text in idx.surnames):
        return None  # "Vance’s campaign" opening a sentence: the model's noun
    start = owner.left_edge
    written = root.doc[start.i : owner.i + 1]
    raw = clean_name(" ".join(name_words(written, lex)))
    if not raw or not described.startswith(written.text):
        return None
    # "Mrs. Clinton's": a title opening the owner tells whose
    honorific = honorific_gender(root.doc, start.i + 1, lex) if start.i < owner.i else None

    def agrees(name: str) -> bool:
        person = idx.persons.get(name)
        return honorific is None or person is None or person.gender in (None, honorific)

    fits = [n for n in full_names(idx, raw) if agrees(n)]
    if " " not in raw and len(fits) > 1:
        return None  # "the Trump campaign" in a story naming Ivanka and Donald Trump
    name = canonical_person(idx, raw, base + start.idx, lex, honorific)
    if " " not in name or name not in idx.persons:
        return None  # no one the story names in full
    rest = [t.text for t in root.doc[owner.i + 1 : root.i + 1] if t.dep_ != "case"]
    return f"{name}'s {' '.join(rest)}"


def _alone_in_its_entity(tok: Token) -> bool:
    """The word is no part of a longer name ("Conservative Solutions PAC")."""
    return not any(e.start <= tok.i < e.end and len(e) > 1 for e in tok.doc.ents)


#: how far on (characters) the story may name the holder of a definite title
#: it used first ("The judge ruled …" ¶ "Judge Ann Roe wrote …")
TITLE_AHEAD = 1500


def _unnamed_holder(idx: NameIndex, title: Title, pos: int, lex: Lexicon) -> bool:
    """The story brought in someone with this office before ``pos`` and did
    not name them: "A judge in Ohio issued a ruling … The judge ruled" is
    that judge, not the person the story is about."""
    return any(p < pos and title_matches(title, t, lex) for p, t in idx.unnamed)


def _indefinite(root: Token) -> bool:
    return any(t.dep_ == "det" and t.lower_ in ("a", "an", "another") for t in root.lefts)


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


def _whose(root: Token) -> Token | None:
    """The noun a "whose" of the source belongs to: "Sanders, whose campaign
    said" is Sanders's campaign (and a "whose" alone, Sanders)."""
    whose = root if root.lower_ == "whose" else None
    whose = whose or next(
        (c for c in root.children if c.dep_ == "poss" and c.lower_ == "whose"), None
    )
    if whose is None:
        return None
    clause = whose.head.head if whose.head.i != whose.i else whose
    if clause.dep_ == "relcl" and clause.head.i != clause.i:
        noun = clause.head
    else:
        # the small model often hangs such a clause on the main verb: the
        # noun is the one the "whose" follows ("her father, whose campaign")
        i = whose.i - 1 - (whose.i > 0 and whose.doc[whose.i - 1].text == ",")
        if i < 0 or whose.i == whose.sent.start:
            return None
        noun = whose.doc[i]
    if noun.dep_ == "appos" and noun.tag_ == "NN" and noun.head.ent_type_ in PERSON_LABELS:
        noun = noun.head  # "Pastor Darrell Scott, a Cleveland minister whose plan"
    return noun if noun.pos_ in _NOUNS else None


def _possessed(owner: Speaker, source_text: str) -> str:
    """ "whose campaign" as the owner's: "Bernie Sanders's campaign", "the
    countries' leaders"."""
    described = strip_det(source_text)
    words = described.split(" ", 1)
    if len(words) < 2 or words[0].lower() != "whose":
        return described
    plural = owner.type == "group" and owner.name.endswith("s")
    suffix = "'" if plural else "'s"
    return f"{owner.name}{suffix} {words[1]}"


_ONE = frozenset({"a", "an", "one", "another"})


def _kind_of(root: Token, lex: Lexicon) -> str:
    """What an unnamed source is, by its head word."""
    if root.lemma_.lower() in lex.organizations:
        return "organization"
    return "group" if root.tag_ in ("NNS", "NNPS") else "unnamed"


def _antecedent(root: Token) -> Token | None:
    """The noun a relative pronoun stands for: "an architect who said", and
    "family members of the victims, many of whom say" (the small model
    seldom hangs a partitive's clause on its noun, so the noun is found
    before the comma)."""
    if root.lower_ in RELATIVE_PRONOUNS:
        clause = first_conjunct(root.head)  # "Ted Cruz, who ..., and who has been hoping"
        noun = clause.head
        if root.lower_ == "which" and noun.ent_type_ in PERSON_LABELS:
            return None  # a misparse: "which" is never a person
        if (
            root.lower_ in ("who", "whom")
            and noun.dep_ == "appos"
            and noun.tag_ == "NN"
            and noun.head.ent_type_ in PERSON_LABELS
        ):
            noun = noun.head  # "Rep. Ann Lee, a Clinton endorser who said": Ann Lee
        return noun if clause.dep_ == "relcl" and noun.i != root.i else None
    partitive = any(
        c.lower_ == "of" and any(o.lower_ in ("whom", "which") for o in c.children)
        for c in root.children
    )
    if not partitive:
        return None
    if root.head.dep_ == "relcl":
        return root.head.head
    i = root.left_edge.i - 1
    if i < 1 or root.doc[i].text not in DASHES | {","}:
        return None
    noun = root.doc[i - 1]
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in _NOUNS:
        noun = noun.head.head  # "members of 9/11 victims" is members
    return noun if noun.pos_ in _NOUNS else None


_NOUNS = ("NOUN", "PROPN")


def written_mid_sentence(
    speaker: Speaker | None, root: Token | None, source_text: str, left: int, idx: NameIndex
) -> Speaker | None:
    """A description as it would be written mid-sentence: "Some", "Voters" and
    "Police" at a sentence start are the "some", "voters" and "police" of
    elsewhere, one speaker in ``sources``, not two (a word the story never
    writes in lower case keeps its capital: "Sanders supporters" may be parsed
    a noun).  ``left``: where the source starts in its block."""
    if root is None or speaker is None or speaker.resolved_by not in _DESCRIBED:
        return speaker
    doc = root.doc
    # where the name is written: in the source, or before it (a relative's noun)
    at = doc.text.rfind(speaker.name, 0, left + len(source_text))
    first = doc.char_span(at, at + 1, alignment_mode="expand") if at >= 0 else None
    if first is None or len(first) != 1:
        return speaker
    word = first[0]
    if (
        word.is_sent_start
        and word.is_title
        and word.text != "I"
        and not word.ent_type_
        and (word.pos_ != "PROPN" or word.is_stop)  # a proper noun keeps its capital
        and (word.is_stop or word.lower_ in idx.lowercase)
        and speaker.name.split()[0] == word.text  # not "Wealth-X"
        and (word.i + 1 == len(doc) or doc[word.i + 1].pos_ != "PROPN")  # "Congressman Ann Lee"
    ):
        return replace(speaker, name=word.text[:1].lower() + speaker.name[1:])
    return speaker


_DESCRIBED = frozenset({"description", "vague", "unresolved", "relative"})


def described_in_headline(
    speaker: Speaker | None, root: Token | None, pos: int, idx: NameIndex, lex: Lexicon
) -> Speaker | None:
    """A headline's capitals make a description look like a name ("New Poll
    Shows …", "Rabbis Vow …", "Newspaper Says …"): a source there whose every
    word the body writes in lower case, and never capitalised mid-sentence,
    is the description it would be in the body, typed by its head word, and
    one node of its story's, not a name shared by every story that has one
    ("Poll", "Newspaper").  A name of the story's own ("AP-GfK Poll", "Trump
    Campaign", "Federal Judge" where the body writes "Judge Ann Roe") stays
    one."""
    if speaker is None or root is None or pos >= idx.title_end:
        return speaker
    if speaker.resolved_by != "name" or speaker.members:
        return speaker
    words = speaker.name.replace("’s", " ").replace("'s", " ").split()
    if not words or any(w in idx.capitalised or w.lower() not in idx.lowercase for w in words):
        return speaker
    return Speaker(speaker.name.lower(), _kind_of(root, lex), "description")


def organisation_in_full(
    speaker: Speaker | None, root: Token | None, idx: NameIndex, lex: Lexicon
) -> Speaker | None:
    """An organisation named by the last word of its name ("The Post said") is
    the one the story names in full with it ("The Washington Post"), where only
    one fits: else every outlet's "Post" would be one speaker across stories."""
    if speaker is None or root is None or root.tag_ == "NNPS":
        return speaker
    name = speaker.name
    if speaker.type != "organization" or speaker.resolved_by != "name":
        return speaker
    if " " in name or not name.istitle():
        return speaker  # an initialism ("PAC", "FBI") is a name in itself, or no name
    longer = [
        n
        for n, kind in idx.entities.items()
        if kind == "organization" and n.endswith(" " + name) and " and " not in n
    ]  # "Alphabet and Facebook" is two
    if len(longer) != 1:
        return speaker
    person = " ".join(longer[0].split()[-2:])
    if is_given_name(person.split()[0], lex):
        # a person the model tagged an organisation with what went before
        # ("ROME - Bernie Sanders")
        return replace(speaker, name=person, type="person")
    return replace(speaker, name=longer[0])


def resolve(
    root: Token | None,
    source_text: str,
    pos: int,
    base: int,
    idx: NameIndex,
    lex: Lexicon,
    previous: Speaker | None,
    skip: Sequence[Reported] = (),
) -> Speaker | None:
    """The speaker behind one source mention.  ``pos`` is its document offset.

    ``skip`` holds what earlier statements (and this one) reported: a name
    inside reported words is what was talked about, not who talks next, so
    "he" never resolves to it ("“Obama failed us,” he said").  A given name
    alone stays as written here (see ``shown``).
    """
    if root is None:
        return None
    owner = _whose(root)
    if owner is not None:
        # "Sanders, whose campaign said": Bernie Sanders's campaign
        start = owner.left_edge
        text = root.doc[start.i : owner.i + 1].text
        named = resolve(owner, text, base + start.idx, base, idx, lex, previous, skip)
        if named is None or root.lower_ == "whose":
            return named and replace(named, resolved_by="relative")
        return Speaker(_possessed(named, source_text), _kind_of(root, lex), "relative")
    how = None
    antecedent = _antecedent(root)
    if antecedent is not None:
        root = antecedent
        how = "relative"
        # Named by the noun the clause hangs on, as written up to it: "an
        # architect who said" is "an architect", never "who".
        source_text = root.doc[root.left_edge.i : root.i + 1].text
    doc = root.doc
    if _turn_label(root, "A"):
        # "A: ..." in a question-and-answer piece: the person it interviews,
        # whom such a piece names first (its headline's "Q&A with Joe Biden")
        first = min(idx.written, default=None)
        if first is not None:
            return Speaker(first[1], "person", "title")
    if _turn_label(root, "Q"):
        # the interviewer, whom such a piece does not name at each turn: its writer, if bylined
        if idx.author:
            return Speaker(idx.author, "person", "author")
        return Speaker("interviewer", "unnamed", "description")
    label = label_in_capitals(source_text, doc.text, pos - base, lex) if how is None else None
    if label is not None:
        # "JAKE TAPPER:", then "TAPPER:": the model reads such capitals as
        # anything but a name
        name = canonical_person(idx, label, pos, lex)
        if " " in name:
            return Speaker(name, "person", "name")
    if _party_member(root):
        if not definite(root):
            # "a New Hampshire Republican", "another Democrat": someone unnamed
            return Speaker(strip_det(doc[root.left_edge.i : root.i + 1].text), "unnamed", "vague")
        holder = _nearest_person(idx, pos, None, skip, salience=3)
        if holder:
            return Speaker(holder, "person", "title")
        # a politician the story never names, not the party
        return Speaker(strip_det(doc[root.left_edge.i : root.i + 1].text), "person", "unresolved")
    members = _some_members(root, pos - base if how is None else root.left_edge.idx, how or "name")
    if members is not None:
        return members
    body = _generic_body(root, source_text, how)
    if body is not None:
        return body
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
    if (
        root.ent_type_ == "NORP"
        and root.tag_ != "NNPS"
        and any(t.lower_ in _ONE for t in root.lefts)
    ):
        # "one kind-hearted Canadian", "a Texan": someone unnamed, not a name
        return Speaker(strip_det(source_text), "unnamed", how or "description")
    for ent in _source_names(root, doc.ents, left, right):
        ent = _clipped(ent, left, right, lex) if how is None else ent
        inside = ent.start <= root.i < ent.end
        if org_noun and not inside:
            continue
        named = _entity_speaker(ent, inside, base, idx, lex)
        if named is None:
            continue
        named = replace(named, resolved_by=how or "name")
        partners = _coordinated(root, left, right) if inside and how is None else []
        if _names_a_plural(ent, root) and how is None:
            # "Presidential candidates Hillary Clinton and Donald Trump": the
            # plural's names are who speaks, all of them
            partners = _coordinated(ent.root, left, right)
        return _group(named, partners, base, idx, lex) or named
    chain = propn_chain(root)
    family = _family(idx, root.text, lex) if root.pos_ == "PROPN" else None
    if family is not None:
        return replace(family, resolved_by=how or "name")
    # a plural proper noun is a headline's capitalised group ("Democrat Voters")
    if chain and root.ent_type_ not in ORG_LABELS and root.tag_ != "NNPS":
        toks = name_words(chain, lex)
        bare = len(toks) == len(chain) and not is_given_name(toks[0], lex)
        body = toks and toks[-1].lower() in lex.organizations  # "Coroner's Office"
        if (
            toks
            and bare
            and (body or definite(root) or _acronym(toks, idx, lex) or _titled(chain, lex))
        ):
            # "The FEC", "the DOJ", "The Blaze": no person's name takes an
            # article, and an initialism nobody gave a person's name is a body
            # (named up to its head: "the Central and East European Coalition")
            start = root.left_edge.i
            while start < root.i and doc[start].pos_ in _NOT_NAMING:  # "Even an anti-Trump PAC"
                start += 1
            return Speaker(doc[start : root.i + 1].text, "organization", how or "name")
        if toks:
            name = canonical_person(idx, clean_name(" ".join(toks)), pos, lex)
            if name.casefold() in lex.known_bodies or _nobody_s_name(name, idx, lex):
                return Speaker(name, "organization", how or "name")
            return Speaker(name, "person", how or "name")
    if root.text[:1].isupper() and root.text in idx.surnames:
        # the surname of a person the story names, that the model took for
        # a common noun and no entity ("Trump charges that ...")
        return Speaker(canonical_person(idx, root.text, pos, lex), "person", how or "name")
    lower = root.lower_
    if lower in _MALE_PRON or lower in _FEMALE_PRON:
        gender = "m" if lower in _MALE_PRON else "f"
        name = (
            _named_next(root, idx, base, gender)
            or _in_the_main_clause(root, idx, base, gender, skip)
            or _nearest_person(idx, pos, gender, skip, others=_objects_of_verb(root, idx, base))
        )
        if name is None:
            # nobody outside reported words: the one person of that sex the
            # story has named ("Christie described Hillary Clinton as a
            # disgrace after she attacked ...")
            name = _only_one_of(idx, pos, gender) or _reported_subject(idx, pos, gender)
        if name is None:
            return Speaker(source_text, "person", "unresolved")
        person = idx.persons.get(name)
        if person is not None and person.gender is None:
            person.gender = gender
        return Speaker(name, "person", "pronoun")
    if lower == "both" and not any(c.dep_ == "prep" for c in root.children):
        # "Sanders and Clinton have ... Both are committed progressives"
        together = _people_named_together(idx, pos)
        if together:
            return together
    if lower in _GROUP_PRON:
        if previous is not None and previous.type != "person":
            return replace(previous, resolved_by="pronoun")
        together = _people_named_together(idx, pos) if lower == "they" else None
        return together or Speaker(source_text, "group", "unresolved")
    if lower in _THING_PRON:
        if previous is not None and previous.type == "organization":
            return replace(previous, resolved_by="pronoun")
        # the report, email or ad that spoke last ("The report says ... It also
        # points out"), never a dummy subject ("It is worth noting", "it's fair to say")
        if previous is not None and _a_document(previous, lex) and root.head.lemma_ != "be":
            return replace(previous, resolved_by="pronoun")
        return Speaker(source_text, "unnamed", "unresolved")
    if lower in FIRST_PERSON and idx.author:
        # a source outside quotation marks is in the piece's own voice: the
        # writer of an opinion column ("I believe the levy is too low")
        return Speaker(idx.author, "person", "author")
    signer = idx.signer_after(pos) if lower in FIRST_PERSON else None
    if signer:
        # a reader's letter or comment, signed below it
        return Speaker(signer, "person", "author")
    if root.pos_ == "PRON":
        if lower in _VAGUE_PRONOUNS:
            # "some say", "those who said": nobody named, a vague source
            return Speaker(strip_det(source_text), "unnamed", "vague")
        # "we", "you", "who" are people; "that", "which", "this", "something" need not be
        kind = "person" if lower in _PERSONAL else "group" if lower == "both" else "unnamed"
        return Speaker(source_text, kind, "unresolved")
    title = noun_title(root, lex)
    if title and _indefinite(root):
        # "a State Department spokesman", "a top GOP strategist": someone new
        # to the story, not whoever held the title before; the person it names
        # with that title later ("A federal judge blocked … U.S. federal Judge
        # Ann Roe wrote"), else someone the story chose not to name
        holder = title_holder(idx, title, pos, lex, earlier=False)
        if holder:
            return Speaker(holder, "person", "title")
        return Speaker(strip_det(source_text), "unnamed", "vague")
    if title and root.lemma_.lower() not in lex.vague:
        # A headline may name an office or a trade ("Economist warns ...")
        # before the story names the person; in the story, an epithet ("the
        # actor") may fit several people it lists, so only one named with it
        # before counts.
        later = title.head not in lex.epithets or pos < idx.title_end
        # "the candidate" in the story means someone it has brought in, or
        # names in a moment; not whoever it gives that title pages on
        ahead = None if pos < idx.title_end or not definite(root) else TITLE_AHEAD
        holder = title_holder(idx, title, pos, lex, later=later, ahead=ahead)
        if holder is None and definite(root):
            holder = _well_known_holder(idx, source_text, lex)
        if holder is None and definite(root) and not _unnamed_holder(idx, title, pos, lex):
            # "The GOP nominee", "the Florida governor": an epithet for the
            # person the story is about, named before as a subject but never
            # with this title.
            holder = _nearest_person(
                idx,
                pos,
                gender_of(title, lex),
                skip,
                salience=3,
                others=_ruled_out_by_party(idx, title, pos, lex),
            )
        if holder:
            return Speaker(holder, "person", "title")
        return Speaker(_owned(root, source_text, base, idx, skip, lex), "person", "unresolved")
    if root.lemma_.lower() in lex.vague:
        # "his aides" stay vague, but whose aides the reader is told
        return Speaker(_owned(root, source_text, base, idx, skip, lex), "unnamed", "vague")
    described = strip_det(source_text)
    if root.ent_type_ in ORG_LABELS:
        body = _person_s_body(root, _possessor(root), described, base, idx, lex)
        return Speaker(body or described, "organization", how or "name")
    if described.lower() == "campaign":
        owner = _last_quoted(idx, base + root.idx)
        if owner:
            return Speaker(f"{owner}'s campaign", "organization", "nearest-named")
    owned = _owned(root, source_text, base, idx, skip, lex)
    by = how or "description"
    if owned != described:
        by = "pronoun" if described.split(" ", 1)[0].lower() in ("his", "her") else "name"
    return Speaker(owned, _kind_of(root, lex), by)


def _well_known_holder(idx: NameIndex, source_text: str, lex: Lexicon) -> str | None:
    """Whom the news means by an epithet the story binds to no one ("the
    Vermont senator", ``well_known_titles`` in cues.toml), if the story names
    them: as the story spells them ("Donald J. Trump")."""
    words = source_text.split()
    if not words or words[0].lower() != "the":
        return None
    phrase = " ".join(words[1:]).lower().removesuffix("'s").removesuffix("’s")
    known = lex.well_known_titles.get(phrase)
    if not known:
        return None
    named = {without_initials(name): name for name in idx.persons}
    return next((named[k] for k in known if k in named), None)


#: Party words as a title reads them ("GOP" is an alias of "republican").
PARTIES = frozenset({"republican", "democratic", "libertarian", "green"})


def _ruled_out_by_party(idx: NameIndex, title: Title, pos: int, lex: Lexicon) -> frozenset[str]:
    """People a party's epithet cannot mean: those the story gave another
    party's title before ``pos`` ("the GOP nominee" is not "Libertarian
    presidential candidate Gary Johnson"), and, for a candidate or nominee,
    those it gave only an office no candidate holds (``non_candidates`` in
    cues.toml: "the Republican presidential candidate" is not "Mayor Bill de
    Blasio", however recently he was the subject)."""
    party = title.mods & PARTIES
    if not party:
        return frozenset()
    bound: dict[str, list[Title]] = {}
    for at, t, name in idx.titles:
        if at < pos:
            bound.setdefault(name, []).append(t)
    other = {n for n, ts in bound.items() if any(t.mods & PARTIES - party for t in ts)}
    if title.head in ("candidate", "nominee"):
        other |= {n for n, ts in bound.items() if all(t.head in lex.non_candidates for t in ts)}
    return frozenset(other)


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
    Lee" when only "Ann" was tagged), but not one inside its description
    ("Black, who has been friends with Manafort").  A head word that is no
    noun is a parse gone wrong ("said David Brock, a confidant who heads the
    super PAC Correct the Record" hangs on "Correct"): there any name in the
    source counts, in order."""
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

        def author(e: Span) -> bool:
            # "a study by X", "a lesson from X", "criticisms of her actions by X"
            prep = e.root.head
            if e.root.dep_ != "pobj" or prep.lower_ not in ("by", "from"):
                return False
            noun = prep.head
            if noun.dep_ == "pobj" and noun.head.lower_ == "of":
                noun = noun.head.head
            return noun.i == root.i

        def set_off(e: Span) -> bool:
            # "his best friend at Lehigh, Bruce Turry": a name that closes the
            # source after a comma is the one described, however the parse
            # hangs it ("for the elderly, Pascale Boistard" as the object of "for")
            return (
                e.start > root.i + 1
                and doc[e.start - 1].text == ","
                and not doc.text[e.end_char : right].strip(" ,")
            )

        after = [e for e in within if holder(e)]
        named = [e for e in within if e.start > root.i and e.root.dep_ == "appos"]
        closing = [e for e in within if set_off(e)]
        by = [e for e in within if author(e)]
        return list(dict.fromkeys([*own, *beside, *after, *named, *closing, *by]))
    if root.pos_ != "PROPN":
        return sorted({*own, *beside, *within}, key=lambda e: e.start)
    naming = [e for e in within if not _in_its_description(e, root)]
    return list(dict.fromkeys([*own, *beside, *naming]))


def _in_its_description(ent: Span, root: Token) -> bool:
    """Is the name the object of a preposition inside an appositive or a
    relative clause of the source's head ("Prince Alwaleed, the nephew of
    the late King Abdullah", "Black, who has been friends with Manafort"):
    a name that describes the person, not one naming them; an author stays
    one ("Perfect Enough: Carly Fiorina and …" by George Anders)."""
    tok, governed = ent.root, False
    while tok.i != root.i and tok.head.i != tok.i:
        governed = governed or (tok.dep_ == "pobj" and tok.head.lower_ != "by")
        if governed and tok.dep_ in ("appos", "relcl", "acl"):
            return True
        tok = tok.head
    return False


def _learn_gender(idx: NameIndex, name: str, doc: Doc, start: int, lex: Lexicon) -> None:
    if name in idx.persons and idx.persons[name].gender is None:
        idx.persons[name].gender = honorific_gender(doc, start, lex)


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
        toks = name_words(ent, lex) if person else strip_titles([t.text for t in ent], lex)
        if not toks:
            continue
        raw = clean_name(" ".join(toks))
        name = (
            given_in_full(idx, canonical_person(idx, raw, s, lex), lex)
            if person
            else strip_det(raw)
        )
        if name and name not in out:
            out.append(name)
    return out
