"""The name index: who a story names, with what title, and how a surname
becomes the full name it stands for."""

import pytest
from spacy.tokens import Span as SpacySpan

from claimkb.extract import nlp
from claimkb.extract.cues import lexicon
from claimkb.extract.names import (
    NameIndex,
    build_index,
    canonical_person,
    clean_name,
    english_word,
    is_person,
    learn_speaker,
    strip_det,
)
from tests.conftest import statements


def test_a_headline_word_run_into_a_full_name_is_not_another_person():
    idx = NameIndex(
        surnames={"Vance": ["Rip Ada Vance", "Ada Vance", "Tom Vance"]},
        written=[(0, "Rip Ada Vance"), (900, "Ada Vance"), (2000, "Tom Vance")],
    )
    # "Rip Ada Vance" is the headline's "Lawmakers Rip Ada Vance": she, named first
    assert canonical_person(idx, "Vance", 4000, lexicon()) == "Ada Vance"
    assert canonical_person(idx, "Vance", 2100, lexicon()) == "Tom Vance"


def test_a_headline_word_run_into_a_surname_does_not_name_anyone_first():
    lex = lexicon()
    # "Mayor Endorsed Vance For Harbour Seat": a headline verb run into the surname
    idx = NameIndex(
        surnames={"Vance": ["Endorsed Vance", "Ada Vance", "Tom Vance"]},
        written=[(0, "Endorsed Vance"), (900, "Ada Vance"), (1500, "Tom Vance")],
        title_end=40,
    )
    assert canonical_person(idx, "Vance", 4000, lex) == "Ada Vance"


def test_surname_ner_mislabels_still_counts_as_a_mention():
    # The small model often labels a bare surname ORG ("Trump"); once the full
    # name is known, that surname is a mention of the person all the same.
    first = nlp()("Mayor Ada Moss toured the flooded quay on Friday.")
    second = nlp()("Moss has promised repairs before winter.")
    second.ents = [SpacySpan(second, 0, 1, label="ORG")]
    idx = build_index([(first, 0), (second, 100)], lexicon())
    assert (100, "Ada Moss", 3) in idx.mentions


def test_a_name_sheds_the_markup_and_dashes_on_its_edges():
    assert clean_name("― Jacklyn Ashley") == "Jacklyn Ashley"
    assert clean_name(">Sanders") == "Sanders"
    assert clean_name("@harbourwatch") == "@harbourwatch"
    assert clean_name("Ban Ki-moon’s") == "Ban Ki-moon"


def _with_ents(text: str, *ents: tuple[int, int, str]):
    """A parse of ``text`` with the entities the small model is known to get
    wrong set by hand, so the test pins what we do with them."""
    doc = nlp()(text)
    doc.ents = [SpacySpan(doc, s, e, label=label) for s, e, label in ents]
    return doc


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Lester Quill asked the first question.", True),  # a name labelled ORG
        ("Morgan Stanley asked the first question.", False),  # two given names
        ("Rand Corporation asked the first question.", False),  # an organisation word
        ("Omni Quill asked the first question.", False),  # no known given name
    ],
)
def test_a_given_name_and_surname_the_model_labels_an_organisation_is_a_person(text, person):
    doc = _with_ents(text, (0, 2, "ORG"))
    assert is_person(doc.ents[0], lexicon()) is person


@pytest.mark.parametrize(
    ("text", "at", "person"),
    [
        ("She covers him for the HARBOUR DAILY NETWORK.", 7, False),  # a name in capitals cut short
        ("WHERE VANCE PLANS TO BUILD THE PIER.", 1, True),  # a headline in capitals
        ("VANCE: The pier opens in May.", 0, True),  # a transcript's label
    ],
)
def test_the_last_word_of_a_run_of_capitals_is_no_person(text, at, person):
    doc = _with_ents(text, (at, at + 1, "PERSON"))
    assert is_person(doc.ents[0], lexicon()) is person


@pytest.mark.parametrize(
    ("text", "ents", "person"),
    [
        # an office inside the entity vouches, even for two given names
        ("Spokeswoman Tilda Morris says the ferry will run.", (0, 3, "ORG"), True),
        # an office in apposition vouches for a given name cues.toml lacks
        ("Omni Quill, a professor of economics, said the tax works.", (0, 2, "ORG"), True),
        # and an apostrophe belongs in a surname
        ("Omni O'Keefe, chief strategist for the port, said it works.", (0, 2, "ORG"), True),
        # no office, no honorific: an unknown word and a surname stay an organisation
        ("Omni Quill said the tax works.", (0, 2, "ORG"), False),
        # an organisation word is no surname, office or not
        ("Spokesman Omni Holdings said the tax works.", (0, 3, "ORG"), False),
    ],
)
def test_an_office_vouches_for_a_name_the_model_labels_an_organisation(text, ents, person):
    doc = _with_ents(text, ents)
    assert is_person(doc.ents[0], lexicon()) is person


def test_an_honorific_elsewhere_vouches_for_a_name_the_model_labels_an_organisation():
    first = _with_ents("Omni Quill passed three checks.", (0, 2, "ORG"))
    second = _with_ents("Ms. Quill said she would stay.", (1, 2, "PERSON"))
    idx = build_index([(first, 0), (second, 100)], lexicon())
    assert idx.surnames.get("Quill") == ["Omni Quill"]
    assert not is_person(first.ents[0], lexicon())  # the honorific is the story's, not the name's


def test_a_person_the_model_labels_an_organisation_enters_the_index():
    first = _with_ents("The debate chose Lester Quill to ask questions.", (3, 5, "ORG"))
    second = _with_ents("Quill asked about the budget.", (0, 1, "ORG"))
    idx = build_index([(first, 0), (second, 100)], lexicon())
    assert idx.surnames.get("Quill") == ["Lester Quill"]
    assert (100, "Lester Quill", 3) in idx.mentions


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The Harbour Star Tribune reported that the pier would close.", "Harbour Star Tribune"),
        ("General Electric said the turbines would ship in May.", "General Electric"),
    ],
)
def test_an_organisation_keeps_the_office_and_trade_words_in_its_name(text, name):
    speaker = statements(text)[0].speaker
    assert speaker is not None
    assert (speaker.name, speaker.type) == (name, "organization")


def test_a_trade_vouches_for_a_name_in_full_only():
    """A name NER missed counts when an office or trade stands before it, but
    a trade before one capitalised word is a company's name."""
    lex = lexicon()
    doc = _with_ents("Rising Star Productions and the Ikea tycoon Ingvar Kamprad met.")
    idx = build_index([(doc, 0)], lex)
    assert "Productions" not in idx.persons
    assert "Ingvar Kamprad" in idx.persons


def test_an_honorific_without_its_full_stop_is_no_part_of_the_name():
    speaker = statements("Ada Vance spoke first. Mrs Vance said the pier would reopen.")[-1].speaker
    assert speaker is not None
    assert speaker.name == "Ada Vance"


@pytest.mark.parametrize("label", ["PRODUCT", "WORK_OF_ART", "NORP", "FAC"])
def test_a_given_name_and_surname_under_any_wrong_label_is_a_person(label):
    doc = _with_ents("Lester Quill asked the first question.", (0, 2, label))
    assert is_person(doc.ents[0], lexicon())


def test_a_place_named_like_a_person_stays_a_place():
    doc = _with_ents("Virginia Beach voted on the harbour toll.", (0, 2, "GPE"))
    assert not is_person(doc.ents[0], lexicon())


def _widened(rows: list[tuple[str, int, str, str]], ent: tuple[int, int, str]) -> list[SpacySpan]:
    """A hand-made parse (word, head, dependency, part of speech per token)
    with one entity, after ``widen_surnames``: what the small model tags is
    pinned, so the test pins what we do with it."""
    from spacy.tokens import Doc

    from claimkb.extract.names import widen_surnames

    words, heads, deps, pos = (list(column) for column in zip(*rows, strict=True))
    doc = Doc(nlp().vocab, words=words, heads=heads, deps=deps, pos=pos)
    doc.ents = [SpacySpan(doc, *ent[:2], label=ent[2])]
    widen_surnames(doc, lexicon())
    return list(doc.ents)


def test_a_surname_tagged_alone_takes_in_the_given_name_the_parse_hangs_on_it():
    """A list item's "-Helen Pike thinks ...": the dash glued to "Helen" left
    the model tagging "Pike" alone."""
    rows = [
        ("-Helen", 1, "compound", "PROPN"),
        ("Pike", 2, "nsubj", "PROPN"),
        ("thinks", 2, "ROOT", "VERB"),
        ("the", 4, "det", "DET"),
        ("pier", 5, "nsubj", "NOUN"),
        ("is", 2, "ccomp", "AUX"),
        ("late", 5, "acomp", "ADJ"),
        (".", 2, "punct", "PUNCT"),
    ]
    ents = _widened(rows, (1, 2, "PRODUCT"))
    assert [(e.text, e.label_) for e in ents] == [("-Helen Pike", "PRODUCT")]
    assert is_person(ents[0], lexicon())  # a given name and a surname, mislabelled
    assert clean_name(ents[0].text) == "Helen Pike"


@pytest.mark.parametrize(("first", "widened"), [("Tariq", True), ("Mayor", False)])
def test_a_surname_opening_with_a_particle_takes_in_any_given_name(first, widened):
    """ "Saudi Prince Alwaleed Bin Talal" tagged as "Bin Talal": "Alwaleed"
    is on no list of given names, but a surname that opens with "Bin" is
    only a surname; an office before it is no given name."""
    rows = [
        (first, 2, "compound", "PROPN"),
        ("Bin", 2, "compound", "PROPN"),
        ("Salem", 3, "nsubj", "PROPN"),
        ("praised", 3, "ROOT", "VERB"),
        ("the", 5, "det", "DET"),
        ("pier", 3, "dobj", "NOUN"),
        (".", 3, "punct", "PUNCT"),
    ]
    expected = f"{first} Bin Salem" if widened else "Bin Salem"
    assert [e.text for e in _widened(rows, (1, 3, "PERSON"))] == [expected]


def test_a_two_word_surname_tagged_alone_takes_in_the_given_name():
    """ "Debbie Wasserman Schultz" tagged as "Wasserman Schultz"."""
    rows = [
        ("Chair", 3, "compound", "PROPN"),
        ("Debbie", 3, "compound", "PROPN"),
        ("Roe", 3, "compound", "PROPN"),
        ("Vance", 4, "nsubj", "PROPN"),
        ("said", 4, "ROOT", "VERB"),
        ("no", 4, "dobj", "INTJ"),
        (".", 4, "punct", "PUNCT"),
    ]
    ents = _widened(rows, (2, 4, "PERSON"))
    assert [(e.text, e.label_) for e in ents] == [("Debbie Roe Vance", "PERSON")]


def test_a_word_before_a_surname_that_is_no_given_name_stays_out():
    rows = [
        ("Harbour", 1, "compound", "PROPN"),
        ("Pike", 2, "nsubj", "PROPN"),
        ("thinks", 2, "ROOT", "VERB"),
        ("so", 2, "advmod", "ADV"),
    ]
    assert [e.text for e in _widened(rows, (1, 2, "PERSON"))] == ["Pike"]


@pytest.mark.parametrize(
    ("first", "surname", "expected"),
    [
        ("Nadiya", "Okonkwo", "Nadiya Okonkwo"),  # on no list, in no dictionary
        ("Crooked", "Okonkwo", "Okonkwo"),  # an English word: a headline's epithet
        ("Professors", "Okonkwo", "Okonkwo"),  # a plural office, "Professors Foner"
        ("Injecting", "Okonkwo", "Okonkwo"),  # an inflected verb a headline capitalised
        ("Wilayat", "Twitter", "Twitter"),  # a body the model took for a person
    ],
)
def test_a_given_name_on_no_list_joins_a_surname_tagged_alone(first, surname, expected):
    """ "said Paloma Wu" tagged as "Wu": a word before a surname the model
    tagged a person alone is its given name if no dictionary knows it."""
    rows = [
        (first, 1, "compound", "PROPN"),
        (surname, 2, "nsubj", "PROPN"),
        ("said", 2, "ROOT", "VERB"),
        ("no", 2, "dobj", "INTJ"),
        (".", 2, "punct", "PUNCT"),
    ]
    assert [e.text for e in _widened(rows, (1, 2, "PERSON"))] == [expected]


def test_the_dictionary_knows_inflected_words_but_not_given_names():
    assert english_word("harbour") and english_word("Professors") and english_word("Injecting")
    assert not english_word("Nadiya") and not english_word("-Okonkwo")


def test_a_name_owning_something_mislabelled_is_still_a_person():
    """ "Lester Holt’s" tagged an organisation with its possessive."""
    doc = _with_ents("Lester Quill's pier is late.", (0, 3, "ORG"))
    assert doc.ents[0].text == "Lester Quill's"
    assert is_person(doc.ents[0], lexicon())


@pytest.mark.parametrize(
    ("name", "learnt"),
    [
        ("Nadiya Okonkwo", True),  # two words no dictionary has
        ("Helen Roe Vance", True),  # a listed given name opens it
        ("Right Wing Watch", False),
        ("New Polls", False),
        ("Harbour Okonkwo", False),
    ],
)
def test_a_speaker_named_in_full_that_the_model_did_not_tag_is_learnt(name, learnt):
    """ "Adel Nefzi said", no entity tagged: each later "Nefzi" is him."""
    lex = lexicon()
    idx = NameIndex()
    assert learn_speaker(idx, name, lex) is learnt
    surname = name.split()[-1]
    assert canonical_person(idx, surname, 500, lex) == (name if learnt else surname)


@pytest.mark.parametrize(
    ("text", "author"),
    [
        ("Fares rise.\n\nI think the levy is too high.\n\nAnn Lee is a harbour pilot.", "Ann Lee"),
        (
            "Fares rise.\n\nI was wrong.\n\nRep. Tom Oduya, D-Ore., chairs the harbour committee.",
            "Tom Oduya",
        ),
        (
            "Fares rise.\n\nI sailed.\n\nFrom HARBOUR DAYS by Ann Lee. Reprinted with leave.",
            "Ann Lee",
        ),
        ("Fares rise.\n\nI sailed.\n\nTom Oduya edits the Harbour Gazette.", "Tom Oduya"),
        # an office with no article before it
        (
            "Fares rise.\n\nI sailed.\n\nAnn Lee is writer-in-residence at Amberly College.",
            "Ann Lee",
        ),
        ("Fares rise.\n\nI sailed.\n\nTom Oduya is professor of law at Amberly.", "Tom Oduya"),
        ("Fares rise.\n\nI sailed.\n\nFollow Ann Lee on Twitter @annlee.", "Ann Lee"),
        (
            "Fares rise.\n\nI sailed.\n\nFollow Gazette\xa0harbour reporter Tom Oduya on Twitter.",
            "Tom Oduya",
        ),
        ("Fares rise.\n\nI sailed.\n\nFollow @GazetteOpinion on Twitter.", ""),
        # a news story's last word on someone it is about, not by
        ("Fares rise.\n\nAnn Lee spoke.\n\nAnn Lee is the harbour's new pilot.", ""),
        ("Fares rise.\n\nThe map was inside.\n\nInside was a harbour chart.", ""),
    ],
)
def test_an_opinion_piece_without_a_byline_is_by_the_writer_its_foot_names(text, author):
    from claimkb.extract.names import tagline_author

    assert tagline_author(text) == author


def test_i_in_the_piece_s_own_voice_is_the_writer_its_foot_names():
    text = "Fares rise\n\nI think the levy is too high.\n\nAnn Lee is a harbour pilot in Amberly."
    found = [s for s in statements(text) if s.speaker is not None and s.source]
    assert [(s.source.text, s.speaker.name) for s in found][:1] == [("I", "Ann Lee")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a person who attended and", "person who attended"),
        ("These provocations, along with", "These provocations"),
        ("three sources who spoke to the Herald but", "three sources who spoke to the Herald"),
        ("a recent poll by", "recent poll"),
        ("most of whom", "most of whom"),
        ("a backer of the plan before that", "backer of the plan before that"),
        ("The party", "party"),
    ],
)
def test_a_description_cut_short_loses_its_dangling_words(text, expected):
    assert strip_det(text) == expected


def test_who_is_a_mention_of_the_person_it_hangs_on_as_its_clause_s_subject():
    """ "… involve Ann Lee, who told the council …" ¶ "She added": Lee is only
    an object, but her ``who`` is a subject; not for two people at once."""
    text = "The levy would involve Ann Lee, who told the council the pier was late."
    doc = nlp()(text)
    idx = build_index([(doc, 0)], lexicon())
    assert (text.index("who"), "Ann Lee", 2) in idx.mentions
    both = "The levy would involve Omar Vance and Ann Lee, who told the council it was late."
    idx = build_index([(nlp()(both), 0)], lexicon())
    assert not [m for m in idx.mentions if m[0] == both.index("who")]


def test_there_is_makes_a_name_what_the_sentence_is_about():
    text = (
        "Tom Roe toured the harbour on Monday.\n\n"
        "Then there is Omar Vance.\n\n“The pier is late,” he wrote."
    )
    speaker = statements(text)[-1].speaker
    assert speaker is not None and speaker.name == "Omar Vance"


def test_a_spaced_dash_ends_a_name_the_model_ran_on():
    # the model tags "Lena Maria Holt - Brandt" one person: she is Holt
    text = (
        "In a hotel room sat Lena Maria Holt - Brandt's girlfriend and co-host on his "
        "radio show. Holt said the pier was unsafe."
    )
    st = statements(text)[-1]
    assert st.speaker is not None and st.speaker.name == "Lena Maria Holt"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a person named after whom they work for is that person
        (
            "As Breitbart’s Joel Marsh reported after the board met, the pier will reopen in May.",
            "Joel Marsh",
        ),
        # no given name after the owner: a name as written, its "’s" glued on
        (
            "Dave Leip’s Atlas of Harbour Elections says the county has voted for every "
            "winner since 1956.",
            "Dave Leip’s Atlas",
        ),
    ],
)
def test_a_possessive_inside_a_name(text, speaker):
    st = statements(text)[0]
    assert st.speaker is not None and st.speaker.name == speaker


def test_a_name_with_a_non_breaking_space_is_the_same_name():
    # pasted from the web: "Ada \xa0Vance" is Ada Vance, one speaker, not a second
    text = (
        "Harbour master Ada \xa0Vance said the pier would reopen in May. "
        "Later, Vance added that the ferry would run again."
    )
    assert [st.speaker.name for st in statements(text) if st.speaker] == ["Ada Vance"] * 2


def test_a_proper_noun_after_another_in_the_body_is_a_second_name():
    headline = nlp()("Harbourscope Finds Ferry Users Want Later Boat")
    body = _with_ents("Joh Brenner, the harbour clerk, voiced his anger.")
    idx = build_index([(headline, 0), (body, 100)], lexicon(), title_end=50)
    assert "Brenner" in idx.second_names
    assert not idx.second_names & {"Finds", "Users", "Boat"}  # a headline's capitals are no names


def test_an_editor_s_brackets_are_no_part_of_a_name():
    # a quotation's "[Ada] Vance", the editor's insertion, names Ada Vance
    doc = _with_ents("Aides to [Ada] Vance said the pier was safe.", (2, 6, "PERSON"))
    idx = build_index([(doc, 0)], lexicon())
    assert "Ada Vance" in idx.persons


@pytest.mark.parametrize(
    ("name", "as_written"),
    [
        ("JuliÃ¡n Castro", "Julián Castro"),
        ("FranÃ§ois Delattre", "François Delattre"),
        ("Oâ€™Malley", "O’Malley"),
        ("JOÃO SILVA", "JOÃO SILVA"),  # really spelt so: its bytes are no UTF-8
        ("São Paulo", "São Paulo"),
        ("Ada Vance", "Ada Vance"),
    ],
)
def test_a_name_read_in_the_wrong_encoding_is_mended(name, as_written):
    from claimkb.extract.names import mended

    assert mended(name) == as_written
