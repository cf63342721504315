"""Offices as words, on names and titles we wrote."""

import pytest

from claimkb.extract.cues import lexicon
from claimkb.extract.titles import strip_titles, title_from_words, title_matches
from tests.conftest import statements


def test_a_closing_quote_swallowed_by_a_name_is_not_its_surname():
    assert strip_titles(["Donald", "Trump", "''"], lexicon()) == ["Donald", "Trump"]
    assert strip_titles(["Jane", "Roe", "’s"], lexicon()) == ["Jane", "Roe"]


def test_office_words_come_off_a_name_but_not_after_an_honorific():
    assert strip_titles(["Governor", "Ada", "Vance"], lexicon()) == ["Ada", "Vance"]
    assert strip_titles(["King"], lexicon(), after_honorific=True) == ["King"]


def test_a_title_keeps_the_sex_of_the_word_written():
    lex = lexicon()
    spokeswoman = title_from_words(["the", "spokeswoman"], lex)
    spokesman = title_from_words(["spokesman"], lex)
    chair = title_from_words(["board", "chair"], lex)
    assert spokeswoman is not None and spokesman is not None and chair is not None
    assert (spokeswoman.gender, spokesman.gender, chair.gender) == ("f", "m", None)
    assert spokeswoman == spokesman  # the same office, compared as "spokesperson"


def test_a_rank_must_agree_for_titles_to_match():
    lex = lexicon()
    president = title_from_words(["the", "president"], lex)
    vice = title_from_words(["Vice", "President"], lex)
    governor = title_from_words(["Indiana", "Gov."], lex)
    assert president is not None and vice is not None and governor is not None
    assert not title_matches(president, vice, lex)
    assert title_matches(title_from_words(["the", "governor"], lex), governor, lex)


def test_a_justice_is_the_judge_a_story_later_calls_them():
    lex = lexicon()
    judge = title_from_words(["the", "judge"], lex)
    justice = title_from_words(["Harbour", "County", "Supreme", "Court", "Justice"], lex)
    assert judge is not None and justice is not None
    assert title_matches(judge, justice, lex)


@pytest.mark.parametrize(
    "clause",
    ["Ada Vance was elected as mayor of Port Amberly last spring.", "Ada Vance is the mayor."],
)
def test_a_name_s_own_clause_can_give_it_an_office(clause):
    text = (
        f"Storm repairs began on Monday.\n\n{clause} Tomas Reyes, a ferry captain, "
        "watched the cranes.\n\nThe mayor said the pier would reopen in May."
    )
    st = statements(text)[-1]
    assert (st.source.text, st.speaker.name) == ("The mayor", "Ada Vance")


def test_a_subject_the_parser_hung_on_the_name_before_it_is_not_that_name_s_title():
    """The small model makes "the Democratic mayoral candidate" an apposition
    of Ann Roe and leaves "stated" with no subject: the candidate is the
    subject that the cue lost, and who the story said is running."""
    text = (
        "Lena Ortiz, a Democrat, is running for mayor of Port Ellis. In an interview "
        "with ferry hosts Ann Roe and Ben Dace, the Democratic mayoral candidate stated "
        "that the pier would stay shut."
    )
    st = statements(text)[-1]
    assert st.source is not None and st.speaker is not None
    assert (st.source.text, st.speaker.name) == ("the Democratic mayoral candidate", "Lena Ortiz")
