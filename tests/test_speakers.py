"""Pronoun, title and surname resolution, each on a short text we wrote."""

import pytest

from claimkb.extract import nlp
from claimkb.extract.cues import lexicon
from claimkb.extract.names import NameIndex
from claimkb.extract.speakers import _nobody_s_name, organisation_in_full, shown
from claimkb.model import Speaker
from tests.conftest import statements


def speakers(text: str) -> list[tuple[str, str, str]]:
    return [
        (s.source.text if s.source else "", s.speaker.name, s.speaker.resolved_by)
        for s in statements(text)
        if s.speaker is not None
    ]


def resolved(text: str, index: int = 0) -> tuple[str, str, str]:
    """(name, type, resolved_by) of one statement's speaker."""
    speaker = statements(text)[index].speaker
    assert speaker is not None
    return speaker.name, speaker.type, speaker.resolved_by


def test_he_resolves_to_the_last_named_man():
    text = "Mr. John Doe met the council on Monday.\n\nHe said the bridge would open in May."
    assert speakers(text)[-1] == ("He", "John Doe", "pronoun")


def test_she_skips_a_man_named_in_between():
    text = (
        "Ms. Jane Roe opened the meeting. Mr. John Doe arrived late.\n\n"
        "She said the bridge would open in May."
    )
    assert speakers(text)[-1] == ("She", "Jane Roe", "pronoun")


def test_title_resolves_to_person_introduced_with_it():
    text = "President Mara Castell visited the port.\n\n“We will rebuild it,” the president said."
    assert speakers(text)[-1] == ("the president", "Mara Castell", "title")


def test_appositive_title_is_learned():
    text = (
        "Ilse Brandt, the commandant of the coast guard, inspected the boats.\n\n"
        "“They are ready,” the commandant said."
    )
    assert speakers(text)[-1] == ("the commandant", "Ilse Brandt", "title")


def test_two_word_title_before_the_appositive_name():
    text = (
        "The press secretary, Tomas Reyes, spoke first.\n\n"
        "“No palace is planned,” the press secretary said."
    )
    assert speakers(text)[-1][1:] == ("Tomas Reyes", "title")


def test_surname_resolves_to_full_name():
    text = "Samuel Okafor leads the opposition.\n\n“We voted yes,” Okafor said."
    assert speakers(text)[-1] == ("Okafor", "Samuel Okafor", "name")


def test_surname_collision_prefers_the_full_name_written_just_before():
    text = (
        "Anna Smith spoke in the morning. Later, Peter Smith took the stage.\n\n"
        "“The plan works,” Smith said."
    )
    assert speakers(text)[-1][1] == "Peter Smith"


def test_a_given_name_the_model_and_lexicon_miss_makes_someone_else_of_the_family():
    # the model tags neither word of "Ivanka Marsh" and cues.toml lists no
    # "Ivanka": the surname alone would be the senator
    text = (
        "Senator Tom Marsh spoke first. Ivanka Marsh, 34, could be the family's best "
        "speaker. She said the bridge would change the town."
    )
    assert speakers(text)[-1] == ("She", "Ivanka Marsh", "pronoun")


def test_a_surname_spelled_out_only_in_a_show_s_name_is_a_mention_of_that_person():
    # the model tags "Maddow" nowhere as a person: only "The Lena Maddow Show"
    text = (
        'Sitting down with the network\'s "The Lena Maddow Show" on Thursday, Gov. Tom '
        "Reyes spoke about the bridge.\n\nThe conversation ended with Maddow asking Reyes "
        'about the ferry. "In any other year the toll would rise," Maddow said of the plan.'
        "\n\nShe then asked whether the ferry would close."
    )
    assert speakers(text)[-1] == ("She", "Lena Maddow", "pronoun")


def test_who_was_asked_answers_next_though_the_question_names_them():
    text = (
        "The reporter Tom Reyes asked Samuel Okafor about the bridge on Monday. "
        "“It opens in May,” he said."
    )
    assert speakers(text)[-1] == ("he", "Samuel Okafor", "pronoun")


def test_the_topic_of_as_for_is_who_the_next_pronoun_means():
    text = (
        "Tom Reyes spoke first and long. As for Samuel Okafor, he was quiet all evening. "
        "Perhaps he thinks the vote is already lost."
    )
    assert speakers(text)[-1] == ("he", "Samuel Okafor", "pronoun")


def test_he_in_a_clause_opening_the_sentence_is_the_subject_named_after_it():
    text = (
        "Tom Reyes runs the ferry board. Even as he accused the council of wasting money, "
        "Samuel Okafor would not back the toll plan."
    )
    assert speakers(text)[0] == ("he", "Samuel Okafor", "pronoun")


def test_he_in_an_opening_clause_skips_a_subject_of_the_other_sex():
    text = (
        "Tom Reyes runs the ferry board. Even as he accused the council of wasting money, "
        "Ms. Ada Vance would not back the toll plan."
    )
    assert speakers(text)[0] == ("he", "Tom Reyes", "pronoun")


def test_a_word_a_headline_runs_into_a_name_is_not_part_of_it():
    # the body never capitalises "absent" mid-sentence; it names Samuel Okafor
    text = (
        "Absent Okafor derides toll plan\n\nSamuel Okafor skipped the harbour board debate "
        "on Monday. Okafor said the toll plan would hurt ferry riders."
    )
    assert speakers(text)[0] == ("Absent Okafor", "Samuel Okafor", "name")


def test_a_headline_s_capitalised_description_is_a_description():
    text = (
        "New Poll Shows Ferry Riders Want Lower Fares\n\nA new poll released on Monday shows "
        "that ferry riders want lower fares. The poll was run by the harbour board."
    )
    assert resolved(text) == ("new poll", "unnamed", "description")


def test_a_headline_source_the_body_writes_as_a_name_stays_a_name():
    text = (
        "Harbour Gazette Poll Shows Riders Want Lower Fares\n\nA Harbour Gazette poll "
        "released on Monday shows that riders want lower fares."
    )
    assert resolved(text)[0] == "Harbour Gazette Poll"


@pytest.mark.parametrize("source", ["The Vance campaign", "Vance’s campaign", "Vance's campaign"])
def test_a_person_s_campaign_is_one_body_however_it_is_written(source: str) -> None:
    text = (
        f"Helen Vance spoke at the harbour on Monday.\n\n{source} said the toll plan would "
        "hurt ferry riders."
    )
    assert speakers(text)[-1] == (source, "Helen Vance's campaign", "name")


def test_a_campaign_two_people_of_the_story_could_own_stays_as_written():
    text = (
        "Helen Vance and Tom Vance spoke at the harbour on Monday.\n\nThe Vance campaign said "
        "the toll plan would hurt ferry riders."
    )
    assert speakers(text)[-1] == ("The Vance campaign", "Vance campaign", "description")


def test_a_campaign_with_others_beside_it_stays_as_written():
    text = (
        "Helen Vance spoke at the harbour on Monday.\n\nThe Vance campaign and two ferry "
        "unions said the toll plan would hurt riders."
    )
    assert speakers(text)[-1][1] == "Vance campaign and two ferry unions"


def test_a_plural_surname_is_the_two_people_of_the_story_who_share_it():
    text = (
        "Helen Vance and Tom Vance run a ferry cafe at the harbour.\n\nThe Vances said the "
        "toll plan would hurt their trade."
    )
    assert speakers(text)[-1] == ("The Vances", "Helen Vance and Tom Vance", "name")
    assert resolved(text, -1)[1] == "group"


def test_a_plural_surname_three_people_share_stays_as_written():
    text = (
        "Helen Vance, Tom Vance and Rosa Vance run a ferry cafe at the harbour.\n\nThe "
        "Vances said the toll plan would hurt their trade."
    )
    assert resolved(text, -1) == ("Vances", "group", "name")


def test_he_in_a_subordinate_clause_is_the_man_its_main_clause_names():
    text = (
        "Piet Van Dam opened the harbour forum on Monday.\n\nThe new levy could matter a great "
        "deal for Tom Okafor as he argues that the ferry fares are too high."
    )
    assert speakers(text)[-1] == ("he", "Tom Okafor", "pronoun")


def test_he_in_a_conjoined_clause_is_the_man_the_first_clause_names():
    text = (
        "Piet Van Dam opened the harbour forum on Monday.\n\nThe levy vote is a test for "
        "Tom Okafor, and he says that the ferry fares are too high."
    )
    assert speakers(text)[-1] == ("he", "Tom Okafor", "pronoun")


def test_he_in_a_subordinate_clause_is_still_its_sentence_s_subject():
    text = (
        "Ada Vance opened the harbour forum on Monday.\n\nPiet Van Dam praised Tom Okafor "
        "as he argued that the ferry fares are too high."
    )
    assert speakers(text)[-1] == ("he", "Piet Van Dam", "pronoun")


def test_a_speaker_named_outside_any_subject_is_who_he_means_next():
    # "according to a letter from …" makes Okafor the speaker, not a subject
    text = (
        "Tom Reyes chairs the ferry board. The fees will rise next year, according to a "
        "letter from Samuel Okafor.\n\n“We have no choice,” he wrote."
    )
    assert speakers(text)[-1] == ("he", "Samuel Okafor", "pronoun")


def test_one_who_spoke_in_a_relative_clause_is_who_he_means_next():
    text = (
        "Samuel Okafor chairs the harbour board. On Monday the board heard from Tom Reyes, "
        "who said the toll must rise.\n\n“We have no choice,” he added."
    )
    assert speakers(text)[-1] == ("he", "Tom Reyes", "pronoun")


def test_who_asks_is_not_who_answers_next():
    text = (
        "Samuel Okafor was asked by the host, Tom Reyes, whether the fees would rise.\n\n"
        "“We have no choice,” he said."
    )
    assert speakers(text)[-1] == ("he", "Samuel Okafor", "pronoun")


def test_of_two_holders_of_a_title_the_one_mentioned_last():
    text = (
        "Gov. Samuel Okafor met Gov. Tom Reyes on Monday. Okafor then toured the pier "
        "alone.\n\nThe governor said the toll would fall."
    )
    assert speakers(text)[-1] == ("The governor", "Samuel Okafor", "title")


@pytest.mark.parametrize(
    ("introduced", "named"), [("Gov. Tom Reyes", "Tom Reyes"), ("Ohio Gov. Tom Reyes", None)]
)
def test_a_headline_title_with_a_place_names_the_story_s_bare_title(introduced, named):
    text = (
        f"Oregon governor says toll plan will pass.\n\n{introduced} said on Monday that the "
        "toll plan would pass the legislature."
    )
    source, name, _ = speakers(text)[0]
    assert source == "Oregon governor"
    assert name == (named or "Oregon governor")  # another state's governor is someone else


@pytest.mark.parametrize("word", ["Team", "Mister", "Senator"])
def test_a_word_before_a_surname_that_names_nobody_is_no_given_name(word: str) -> None:
    text = f"Tom Marsh spoke first. {word} Marsh was in good form. He said the toll was too high."
    assert speakers(text)[-1] == ("He", "Tom Marsh", "pronoun")


def test_a_surname_far_from_the_other_full_name_is_the_story_s_principal():
    # News style writes the second Smith in full each time; a bare "Smith" a
    # few paragraphs on is the one the story is about.
    filler = (
        "The hearing ran for three hours. Fishermen asked about the new fees, the "
        "dredging of the channel and the parking plan for the summer months, and the "
        "clerk read out letters from the ferry operators and the sailing club.\n\n"
    )
    text = (
        "Anna Smith, the harbour board's chair, opened the port hearing on Monday.\n\n"
        "“Tolls stay as they are,” Smith said.\n\n"
        "Her brother, Peter Smith, who runs a ferry, watched from the back.\n\n"
        + filler * 3
        + "“The pier reopens in May,” Smith said."
    )
    assert text.rindex("Smith said") - text.index("Peter Smith") > 500
    assert speakers(text)[-1] == ("Smith", "Anna Smith", "name")


def test_relative_pronoun_resolves_to_its_noun():
    text = "Marta Sousa, who chairs the cooperative, said the market would reopen."
    assert speakers(text)[0][1:] == ("Marta Sousa", "name")


def test_relative_pronoun_with_a_common_noun_is_named_by_the_noun():
    text = "The board fired an engineer who said the dam was unsafe."
    (st,) = [s for s in statements(text) if s.source is not None]
    assert (st.source.text, st.speaker.name, st.speaker.resolved_by) == (
        "who",
        "engineer",
        "relative",
    )


def test_they_are_two_people_named_as_a_subject_even_one_the_model_takes_for_a_body():
    text = (
        "Gary Lund, the party's candidate, spent Monday in Maine. His running mate, "
        "Bill Weld, joined him at noon. The pair took questions at a diner.\n\n"
        "As Lund and Weld toured the coast, they said the ferry fares were too high."
    )
    assert speakers(text)[-1] == ("they", "Gary Lund and Bill Weld", "pronoun")


def test_they_after_an_organisation():
    text = (
        "The company noted that its captain followed the approved route.\n\n"
        "They said the company would cooperate."
    )
    assert speakers(text)[-1][1:] == ("company", "pronoun")


def test_it_after_an_organisation():
    text = (
        "The ferry company said it would add two sailings.\n\nIt added that fares would not rise."
    )
    assert speakers(text)[-1][1:] == ("ferry company", "pronoun")


def test_it_with_no_organisation_before_is_not_a_person():
    (st,) = statements("It added that fares would not rise.")
    assert (st.speaker.type, st.speaker.resolved_by) == ("unnamed", "unresolved")


def test_vague_sources_are_unnamed():
    (st,) = statements("Sources close to the ministry said the captain could lose his licence.")
    assert st.speaker.type == "unnamed"
    assert st.speaker.resolved_by == "vague"


def test_pronoun_with_no_antecedent_is_unresolved():
    (st,) = statements("She said the bridge would open in May.")
    assert st.speaker.resolved_by == "unresolved"


def test_bare_quote_paragraph_continues_previous_speaker():
    """After a paraphrase with a quoted word the paragraph stays a statement
    of its own, the speaker's; after a direct quotation it joins that one
    (``test_extract``)."""
    text = (
        "Jane Roe said the bridge was “ready for the trains.”\n\n"
        "“We tested every cable twice and the trains will follow in June.”"
    )
    last = statements(text)[-1]
    assert last.cue is None
    assert (last.speaker.name, last.speaker.resolved_by) == ("Jane Roe", "nearest-named")


def test_title_modifiers_must_agree():
    text = (
        "Vice President Anna Smith met President Mara Castell on Monday.\n\n"
        "“The bridge will open,” the president said."
    )
    assert speakers(text)[-1][1:] == ("Mara Castell", "title")


def test_qualified_title_picks_the_matching_holder():
    text = (
        "Democratic nominee Anna Smith and Republican nominee John Doe debated.\n\n"
        "“We will cut taxes,” the Republican nominee said."
    )
    assert speakers(text)[-1][1:] == ("John Doe", "title")


def test_abbreviated_title_matches_the_spelled_out_one():
    text = "Indiana Gov. Mike Pence visited the port.\n\n“It is ready,” the Indiana governor said."
    assert speakers(text)[-1][1:] == ("Mike Pence", "title")


def test_campaign_of_a_person_is_an_organisation():
    (st,) = statements("The Castell campaign said the bridge would open in May.")
    assert st.speaker.type == "organization"
    assert "campaign" in st.speaker.name


def test_a_name_inside_reported_words_is_not_the_next_speaker():
    text = (
        "Tom Berg spoke to dock workers on Monday.\n\n"
        "“Paul Hanley failed this port for ten years,” he said."
    )
    assert speakers(text)[-1] == ("he", "Tom Berg", "pronoun")


def test_given_name_tells_gender():
    text = (
        "Donald Roe met Hillary Vance at the harbour office on Tuesday.\n\n"
        "She said the talks had gone well."
    )
    assert speakers(text)[-1] == ("She", "Hillary Vance", "pronoun")


def test_the_owner_of_a_subject_is_what_a_later_he_means():
    text = (
        "Mr. Paul Ostrander chaired the hearing on Tuesday.\n\n"
        "Peter Wendt’s doctor is calling him fit to serve.\n\n"
        "He said the letter would be published."
    )
    assert speakers(text)[-1] == ("He", "Peter Wendt", "pronoun")


def test_the_doer_of_what_a_sentence_is_about_is_what_a_later_he_means():
    text = (
        "Mr. Paul Ostrander chaired the hearing on Tuesday.\n\n"
        "What could change the vote is a strong speech by Peter Wendt on Monday. "
        "He said the letter would be published."
    )
    assert speakers(text)[-1] == ("He", "Peter Wendt", "pronoun")


def test_he_means_the_main_subject_not_the_subject_of_a_when_clause():
    text = (
        "Mayor Hugo Brandt did not sound hopeful when Tom Reyes asked whether the ferry "
        "would run in May.\n\n"
        "“The ferry will be late, and I will not pretend otherwise,” he said."
    )
    assert speakers(text)[-1] == ("he", "Hugo Brandt", "pronoun")


def test_he_means_the_subject_of_a_relative_clause_named_last():
    """The clause is about its subject: the main subject does not win here."""
    text = (
        "Mayor Hugo Brandt chaired the hearing on Tuesday.\n\n"
        "Brandt was not the only official whom Tom Reyes questioned. "
        "During the same hearing, he said the harbour budget was short."
    )
    assert speakers(text)[-1] == ("he", "Tom Reyes", "pronoun")


def test_an_indefinite_title_is_someone_unnamed_not_the_holder_named_before():
    text = (
        "Tom Reyes, the harbour board's spokesman, opened the meeting.\n\n"
        "Later, a spokesman for the ferry company said the boats would run late."
    )
    (last,) = [s for s in statements(text) if s.source and "ferry" in s.source.text]
    assert (last.speaker.name, last.speaker.type, last.speaker.resolved_by) == (
        "spokesman for the ferry company",
        "unnamed",
        "vague",
    )


def test_an_indefinite_title_is_the_person_named_with_it_later():
    text = (
        "A district judge said on Tuesday that the harbour levy was unlawful.\n\n"
        "District Judge Maria Olsen wrote that the city had ignored its own rules."
    )
    assert speakers(text)[0] == ("A district judge", "Maria Olsen", "title")


def test_an_epithet_still_needs_a_named_subject():
    """ "The former governor" is the person named as a subject, not someone
    whose doctor was."""
    text = (
        "Governor Ada Lindqvist spoke at the rally.\n\n"
        "Mayor Eric Holm’s doctor is calling the mayor fit.\n\n"
        "The former governor said the budget would balance."
    )
    assert speakers(text)[-1] == ("The former governor", "Ada Lindqvist", "title")


def test_an_honorific_picks_the_spouse_of_that_gender():
    text = (
        "Anna Holt and her husband Peter Holt opened the bakery in 1998.\n\n"
        "“We never closed on a Sunday,” Mrs. Holt said."
    )
    assert speakers(text)[-1] == ("Mrs. Holt", "Anna Holt", "name")


def test_a_name_in_apposition_to_the_subject_is_the_subject():
    text = (
        "Mr. Paul Ostrander chaired the hearing on Tuesday.\n\n"
        "The harbour minister, Mr. Tomas Varga, argues that the toll is too high.\n\n"
        "He said the port would close."
    )
    assert speakers(text)[-1] == ("He", "Tomas Varga", "pronoun")


def test_an_honorific_never_picks_a_namesake_of_the_other_sex():
    text = "Maria Lund opened the fair on Friday.\n\n“We will be back next year,” Mr. Lund said."
    assert speakers(text)[-1] == ("Mr. Lund", "Lund", "name")


def test_a_definite_title_is_a_mention_a_later_pronoun_can_mean():
    text = (
        "President Mara Castell visited the port on Monday.\n\n"
        "Ms. Ada Moss chaired the harbour meeting.\n\n"
        "The president’s speech was short. She said the port would reopen."
    )
    assert speakers(text)[-1] == ("She", "Mara Castell", "pronoun")


def test_a_surname_the_story_calls_mr_is_a_man_wherever_it_stands_alone():
    text = (
        "Mr. Lund thanked his neighbours, and his wife, Maria Lund, cut the ribbon.\n\n"
        "“We will be back next year,” Mayor Lund said."
    )
    assert speakers(text)[-1] == ("Mayor Lund", "Lund", "name")


def test_a_surname_that_is_also_an_office_stays_a_name_after_an_honorific():
    text = (
        "Paul King opened the new pier on Monday.\n\n"
        "“We are ready for the winter,” Mr. King said.\n\n"
        "Mr. Justice, a ferry captain, was not so sure. He said the pier was too short."
    )
    got = speakers(text)
    assert got[0] == ("Mr. King", "Paul King", "name")
    assert got[-1] == ("He", "Justice", "pronoun")


def test_a_name_written_family_name_first_is_found_by_its_family_name():
    text = (
        "Secretary General Seo Min-jun opened the summit.\n\n"
        "Mr. Seo said the talks would resume in May."
    )
    assert speakers(text)[-1] == ("Mr. Seo", "Seo Min-jun", "name")


def test_a_hyphenated_name_keeps_its_hyphen():
    text = "“The hall stays open,” said Dora Lind-Haugen, who runs it."
    assert speakers(text)[-1][1] == "Dora Lind-Haugen"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Vice President Joseph R. Biden Jr. visited the harbour on Monday.\n\n"
            "Biden said the new bridge would open in May.",
            "Joseph R. Biden Jr.",
        ),
        (
            "Luther Stan Pate IV gave the most to the fund.\n\nPate said he backed no candidate.",
            "Luther Stan Pate IV",
        ),
    ],
)
def test_a_surname_before_a_generation_finds_the_full_name(text, name):
    assert speakers(text)[-1][1] == name


def test_a_full_name_the_model_tagged_no_one_still_names_the_surname():
    text = (
        "Harbour Watch’ Stan Grieve, a prominent local pollster, released data on Monday.\n\n"
        "Grieve said most residents opposed the levy."
    )
    assert speakers(text)[-1] == ("Grieve", "Stan Grieve", "name")


def test_a_bare_surname_the_model_takes_for_an_organisation_is_the_person():
    text = "“It is over,” said Anna Lind-Haugen. Lind-Haugen added that it was late."
    assert speakers(text)[-1] == ("Lind-Haugen", "Anna Lind-Haugen", "name")


def test_a_surname_the_model_takes_for_a_common_noun_is_still_a_mention():
    # en_core_web_sm tags this "Trump" a NOUN; "he" must still reach him past
    # the man whose death he spoke of.
    text = (
        "Donald Trump spoke in Ohio on Monday. Terence Crutcher died in Tulsa.\n\n"
        "Trump has also commented on Crutcher’s death.\n\n"
        "On Wednesday, he told a crowd that the city was grieving."
    )
    assert speakers(text)[-1] == ("he", "Donald Trump", "pronoun")


def test_an_epithet_means_the_main_subject_not_one_in_a_subordinate_clause():
    text = (
        "Mike Pence spoke in Fort Wayne on Friday, hours after Donald Trump posted a flurry "
        "of tweets.\n\n"
        "The Indiana governor said the media were to blame."
    )
    assert speakers(text)[-1] == ("The Indiana governor", "Mike Pence", "title")


def test_a_headline_word_before_a_surname_is_not_a_given_name():
    text = (
        "Donald Trump visited the harbour on Monday.\n\n"
        "Beyond Trump's personal finances is the question of what his firms owe.\n\n"
        "“The port will grow,” Trump said."
    )
    assert speakers(text)[-1] == ("Trump", "Donald Trump", "name")


def test_a_transcript_speaker_in_capitals_is_the_person_named_before():
    text = (
        "Chris Wallace asked Mike Pence about the debate.\n\n"
        "WALLACE: Will you win Ohio?\n\n"
        "PENCE: We will win Ohio and we will win the country."
    )
    assert [s[1] for s in speakers(text)[-2:]] == ["Chris Wallace", "Mike Pence"]


def test_a_headline_verb_the_model_runs_into_a_name_is_not_part_of_it():
    text = "Okafor Says Bridge Will Open In May.\n\nThe harbour board met on Monday."
    assert speakers(text)[0][1] == "Okafor"


def test_a_name_spelled_out_only_inside_another_name_is_the_full_name():
    # The small model tags the day whole (WORK_OF_ART), so no PERSON entity
    # ever spells Mrs. Marsh out.
    text = (
        'Volunteers will mark "Ellen Marsh Harbour Day" on Friday.\n\n'
        "Mrs. Marsh said the pier would reopen in May."
    )
    assert speakers(text)[-1] == ("Mrs. Marsh", "Ellen Marsh", "name")


def test_two_names_spelled_out_inside_other_names_leave_the_surname_alone():
    text = (
        "The Ellen Marsh Foundation and the Peter Marsh Trust paid for the pier.\n\n"
        "Marsh said the pier would reopen in May."
    )
    assert speakers(text)[-1][1] == "Marsh"


def test_a_given_name_alone_is_the_one_person_named_in_full_with_it():
    text = "Ellen Vance and Tom Marsh toured the pier.\n\n“The boards are rotten,” Ellen said."
    assert speakers(text)[-1] == ("Ellen", "Ellen Vance", "name")


def test_a_given_name_two_people_share_stays_as_written():
    text = "Ellen Vance and Ellen Marsh toured the pier.\n\n“The boards are rotten,” Ellen said."
    assert speakers(text)[-1][1] == "Ellen"


def test_a_given_name_widened_for_show_does_not_take_over_the_surname():
    # "Tom" becomes Tom Ebeling only where shown: in the index he stays "Tom",
    # so his wife's later "Ebeling" is still her.
    text = (
        "Betsy Ebeling and her husband, Tom, reached the pier at noon.\n\n"
        "“It was cold,” Ebeling said.\n\n"
        "Later, Tom Ebeling said the pier was shut."
    )
    assert speakers(text)[0] == ("Ebeling", "Betsy Ebeling", "name")


@pytest.mark.parametrize(
    "text",
    [
        # the principal's name modifies the title; the phrase's head is the aide's name
        "Mark Ellison toured the dam on Monday.\n\n"
        "Ellison aide Tom Oduya said the report was wrong.",
        # the aide's name stands in apposition to the title
        "Mark Ellison toured the dam.\n\nAn Ellison aide, Tom Oduya, said the report was wrong.",
    ],
)
def test_an_aide_named_after_his_principal_is_the_speaker(text):
    assert speakers(text)[-1][1:] == ("Tom Oduya", "name")


ELLISON = "Mark Ellison toured the dam on Monday.\n\n"


@pytest.mark.parametrize(
    ("said", "source", "kind"),
    [
        ("Ellison supporters said the vote was rigged.", "Ellison supporters", "group"),
        ("Ellison's lawyer said the dam leaks.", "Ellison's lawyer", "unnamed"),
        # a title with its principal, indefinite: someone the story does not name
        ("A spokesman for Ellison said the vote was rigged.", "spokesman for Ellison", "unnamed"),
    ],
)
def test_a_name_that_only_qualifies_a_common_noun_is_not_the_speaker(said, source, kind):
    speaker = statements(ELLISON + said)[-1].speaker
    assert speaker is not None
    assert (speaker.name, speaker.type) == (source, kind)
    assert speaker.resolved_by != "name"


def test_a_name_in_what_a_poll_shows_is_not_its_speaker():
    # the head word's subtree runs on past "A new poll" into what it shows
    text = ELLISON + "A new poll showing Ellison ahead suggests that the race is over."
    found = [s for s in statements(text) if s.source is not None]
    assert found and all(s.source.text.startswith("A new poll") for s in found)
    assert all(s.speaker.name != "Mark Ellison" for s in found)
    assert all(s.speaker.resolved_by == "vague" for s in found)


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("A study by Ann Lee found that the dam leaks.", "Ann Lee"),  # its author
        # the author of criticisms of something
        ("The criticisms of the dam by Ann Lee said that it leaks.", "Ann Lee"),
        ("Former mayor and longtime surgeon Ben Okafor said the dam leaks.", "Ben Okafor"),
    ],
)
def test_a_common_noun_s_author_or_holder_is_the_speaker(said, name):
    assert speakers(ELLISON + said)[-1][1:] == (name, "name")


def test_a_surname_the_model_reads_as_an_adjective_is_still_the_person():
    # "Small" tagged ADJ and no entity: the story has named Ivo Small
    text = (
        "Harbour master Ivo Small toured the dam on Monday.\n\n"
        "Small knows there are people who distrust the dam."
    )
    assert speakers(text)[-1] == ("Small", "Ivo Small", "name")


def test_a_title_that_tells_a_sex_skips_a_holder_of_the_other():
    # "spokeswoman" and "spokesman" are one office, but not one person
    text = (
        "Port spokeswoman Ana Ruiz said the pier was safe.\n\n"
        "The spokesman said the pier would reopen in May."
    )
    assert speakers(text)[0][1] == "Ana Ruiz"
    assert speakers(text)[-1][1] != "Ana Ruiz"


@pytest.mark.parametrize(
    ("epithet", "name"),
    [("The GOP nominee", "Tom Oduya"), ("The Libertarian nominee", "Ivo Small")],
)
def test_a_party_s_epithet_skips_a_subject_the_story_gave_another_party(epithet, name):
    # Small is the latest subject, but the story made him the Libertarian
    text = (
        "Tom Oduya toured the harbour on Monday.\n\n"
        "Libertarian presidential candidate Ivo Small visited the pier on Tuesday. "
        "Small released a letter from his doctor on Friday.\n\n"
        f"{epithet} said the pier was unsafe."
    )
    assert speakers(text)[-1] == (epithet, name, "title")


@pytest.mark.parametrize(
    ("office", "epithet", "name"),
    [
        ("Harbour Court Justice", "The GOP nominee", "Tom Oduya"),
        ("Mayor", "the Republican presidential candidate", "Tom Oduya"),
        # an office candidates do hold: the latest subject stays the fallback
        ("Sen.", "The GOP nominee", "Ivo Small"),
    ],
)
def test_a_candidate_epithet_skips_a_subject_the_story_gave_an_office_no_candidate_holds(
    office, epithet, name
):
    text = (
        "Tom Oduya toured the harbour on Monday.\n\n"
        f"{office} Ivo Small closed the pier on Tuesday. "
        "Small wrote that the pier was unsafe.\n\n"
        f"{epithet} said the pier should reopen."
    )
    assert speakers(text)[-1] == (epithet, name, "title")


def test_a_full_name_the_model_tags_a_facility_is_a_person():
    # the small model reads "Maya Holloway" here as a building, and the later
    # "Holloway" as an organisation
    text = (
        "An email from Maya Holloway, a harbour adviser, praised the ferry plan. "
        "Holloway said the pier was safe."
    )
    assert speakers(text)[-1] == ("Holloway", "Maya Holloway", "name")


@pytest.mark.parametrize(
    "described",
    [
        "Vance, who has been friends with Oduya for 40 years,",
        "Vance, the niece of the late Mayor Tom Oduya,",
        "Vance, the harbour master under former Mayor Tom Oduya,",
    ],
)
def test_a_name_inside_a_source_s_description_does_not_name_the_source(described):
    text = f"Ada Vance met Tom Oduya at the pier.\n\n{described} said the pier was safe."
    assert speakers(text)[-1] == (described.rstrip(","), "Ada Vance", "name")


def test_a_title_beside_a_name_is_that_person_s_not_an_earlier_holder_s():
    # "the national party chairwoman" is Vance's; it is no mention of Lee
    text = (
        "Ann Lee, the state party chairwoman, said threats came in.\n\n"
        "Representative Ada Vance of Oregon, the national party chairwoman, "
        "also expressed concern.\n\n"
        "“We will reach out to both campaigns,” she said."
    )
    assert speakers(text)[-1] == ("she", "Ada Vance", "pronoun")


@pytest.mark.parametrize(
    ("headline", "group"),
    [
        ("Young Fishermen Claim Pier Is Unsafe.", "Young Fishermen"),
        ("Coastal Mayors Insist Ferry Must Run.", "Coastal Mayors"),
    ],
)
def test_a_headline_s_capitalised_plural_is_a_group_not_a_person(headline, group):
    speaker = statements(headline + "\n\nThe board denied it.")[0].speaker
    assert speaker is not None
    assert (speaker.name, speaker.type) == (group, "group")


def test_a_surname_with_a_particle_capitalised_at_a_sentence_start_is_the_person():
    text = (
        "Mayor Bill de Vessey toured the pier on Monday.\n\n"
        "De Vessey said that the pier would reopen in May."
    )
    assert speakers(text)[-1] == ("De Vessey", "Bill de Vessey", "name")


def test_a_pronoun_is_not_the_person_its_own_verb_addresses():
    # "he told Ortiz" is someone other than Ortiz, though Ortiz spoke last.
    text = (
        "Sam Ortiz asked Tom Pike how tall the new sea wall would be.\n\n"
        "“Forty feet,” he told Ortiz."
    )
    assert speakers(text)[-1] == ("he", "Tom Pike", "pronoun")


def test_many_of_whom_is_the_group_before_it():
    text = "The plan angered the harbour pilots, many of whom say the channel is too shallow."
    speaker = [s for s in statements(text) if s.source is not None][-1].speaker
    assert speaker is not None
    assert (speaker.name, speaker.type) == ("harbour pilots", "group")


@pytest.mark.parametrize(("pronoun", "name"), [("She", "Maureen Vance"), ("He", "Chris Dunmore")])
def test_given_names_beyond_the_commonest_tell_gender(pronoun, name):
    text = (
        "Chris Dunmore met Maureen Vance at the harbour office on Tuesday.\n\n"
        f"{pronoun} said the talks had gone well."
    )
    assert speakers(text)[-1] == (pronoun, name, "pronoun")


def test_a_chair_is_no_man_for_being_compared_as_chairman():
    text = (
        "Board chair Maureen Tolliver opened the hearing on the ferry.\n\n"
        "“We will vote in May,” the chair said. She said the ferry would run."
    )
    assert speakers(text)[-2:] == [
        ("the chair", "Maureen Tolliver", "title"),
        ("She", "Maureen Tolliver", "pronoun"),
    ]


GROUP_TEXT = (
    "Ada Vance and Tom Oduya toured the harbour on Monday.\n\n"
    "Ms. Vance and Mr. Oduya said the pier would reopen in May. "
    "They said the ferry would run again."
)


def test_named_people_speaking_together_are_one_group_of_both():
    said = [s.speaker for s in statements(GROUP_TEXT) if s.speaker is not None]
    together = said[0]
    assert (together.name, together.type) == ("Ada Vance and Tom Oduya", "group")
    assert [(m.name, m.type) for m in together.members] == [
        ("Ada Vance", "person"),
        ("Tom Oduya", "person"),
    ]
    assert said[-1].name == "Ada Vance and Tom Oduya"  # "They" means the pair
    assert said[-1].resolved_by == "pronoun"


@pytest.mark.parametrize(
    ("text", "name", "members"),
    [
        (
            "Ada Vance and her aides said the pier would reopen in May.",
            "Ada Vance and her aides",
            [("Ada Vance", "person"), ("her aides", "group")],
        ),
        (
            "Ada Vance and other harbour pilots said the pier would reopen in May.",
            "Ada Vance and other harbour pilots",
            [("Ada Vance", "person"), ("other harbour pilots", "group")],
        ),
        # one person described twice, not a pair
        ("Ada Vance, a pilot and a former mayor, said the pier would reopen.", "Ada Vance", []),
    ],
)
def test_a_name_joined_to_people_it_describes_is_a_group_with_them(text, name, members):
    speaker = statements(text)[0].speaker
    assert speaker is not None
    assert speaker.name == name
    assert [(m.name, m.type) for m in speaker.members] == members


@pytest.mark.parametrize(
    "text",
    [
        "Ada Vance, Tom Oduya and Lena Marsh said the pier would reopen in May.",
        # parsed as an apposition and a conjunct
        "Ada Vance, Tom Oduya and Lena Marsh all said the pier would reopen.",
        "Ada Vance (Ore.), Tom Oduya (Wash.) and Lena Marsh (Idaho) said the pier was safe.",
    ],
)
def test_a_list_of_three_names_is_one_group_of_all_three(text):
    speaker = statements(text)[0].speaker
    assert speaker is not None
    assert speaker.name == "Ada Vance, Tom Oduya and Lena Marsh"
    assert len(speaker.members) == 3


@pytest.mark.parametrize("epithet", ["The Oregon Republican", "The Democrat"])
def test_a_party_member_epithet_is_the_politician_named_before(epithet):
    text = (
        "Senator Ada Vance toured the harbour on Monday.\n\n"
        f"{epithet} said the pier would reopen in May."
    )
    assert speakers(text)[-1] == (epithet, "Ada Vance", "title")


def test_the_party_itself_is_still_an_organisation():
    speaker = statements("The Republicans said the pier would reopen in May.")[0].speaker
    assert speaker is not None
    assert speaker.type != "person"


def test_an_unnamed_party_member_is_an_unnamed_source_not_the_party():
    text = "Senator Ada Vance toured the harbour.\n\n“The pier is late,” said an Oregon Republican."
    assert resolved(text, -1) == (
        "Oregon Republican",
        "unnamed",
        "vague",
    )


def test_a_party_member_epithet_with_no_one_named_before_is_a_person_not_the_party():
    assert resolved("The Wisconsin Republican said the pier would reopen in May.") == (
        "Wisconsin Republican",
        "person",
        "unresolved",
    )


def test_the_answers_of_a_question_and_answer_piece_are_the_person_interviewed():
    text = (
        "Q&A with harbour master Ilse Brandt.\n\n"
        "Ilse Brandt has run the port for ten years. "
        "Tom Oduya, a reporter, asked her about the storm.\n\n"
        "Q: Is the north pier safe?\n\n"
        "A: It is safe, and the ferries will use it again in May."
    )
    assert ("A", "Ilse Brandt", "title") in speakers(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Some said the pier would reopen in May.", "some"),
        ("Those who use the ferry said the fares were too high.", "those who use the ferry"),
    ],
)
def test_a_pronoun_for_people_nobody_names_is_a_vague_source(text, name):
    assert resolved(text) == (name, "unnamed", "vague")


def test_an_epithet_of_trade_means_the_person_introduced_with_it():
    text = (
        "Shipping magnate Helen Farrant bought the old ferry line on Monday.\n\n"
        "Mayor Ruth Keel welcomed the sale.\n\n"
        "The shipping magnate said the boats would sail again in May."
    )
    assert speakers(text)[-1] == ("The shipping magnate", "Helen Farrant", "title")


def test_an_epithet_no_one_was_introduced_with_means_the_person_the_story_is_about():
    text = (
        "Helen Farrant bought the old ferry line on Monday.\n\n"
        "The billionaire said the boats would sail again in May."
    )
    assert speakers(text)[-1] == ("The billionaire", "Helen Farrant", "title")


@pytest.mark.parametrize(
    "introduced",
    [
        "A judge in Dorset issued a ruling on the ferry levy on Monday.",
        "The harbour board's judge issued a ruling on the ferry levy on Monday.",
    ],
)
def test_a_definite_title_is_the_unnamed_holder_the_story_brought_in(introduced):
    """ "The judge" is the judge the story brought in without a name, not
    the person it is about (who "the judge" would be had nobody been)."""
    text = (
        "Helen Farrant bought the old ferry line on Monday.\n\n"
        f"{introduced}\n\n"
        "The judge said the boats could sail again in May."
    )
    assert speakers(text)[-1] == ("The judge", "judge", "unresolved")
    alone = text.replace(introduced + "\n\n", "")
    assert speakers(alone)[-1] == ("The judge", "Helen Farrant", "title")


@pytest.mark.parametrize(("gap_paragraphs", "holder"), [(1, "Ann Lee"), (24, "Tom Roe")])
def test_a_definite_title_is_someone_named_with_it_later_only_soon_after(gap_paragraphs, holder):
    """ "The mayoral candidate" is the one the story names with that title in
    a moment, not one it names pages on (then the person it is about)."""
    gap = "\n\n".join(
        f"The timetable for week {k} lists sailings at dawn and dusk, weather allowing."
        for k in range(gap_paragraphs)
    )
    text = (
        "Tom Roe toured the harbour on Monday.\n\n"
        "The mayoral candidate said the pier would open in May.\n\n"
        f"{gap}\n\nMayoral candidate Ann Lee said the levy was too high."
    )
    assert speakers(text)[0] == ("The mayoral candidate", holder, "title")


def test_an_epithet_is_never_someone_the_story_names_with_it_only_later():
    """A story may list several actors; unlike an office named in a headline
    before its holder, "the actor" is not the next one introduced."""
    text = (
        "Paul Dorsey opened the film festival on Friday.\n\n"
        "The actor said the festival would return in May.\n\n"
        "Actor Tom Reyes arrived on Saturday."
    )
    assert speakers(text)[0] == ("The actor", "Paul Dorsey", "title")


def test_a_headline_s_epithet_is_the_person_the_story_then_names_with_it():
    text = (
        "Economist warns of dearer bread\n\n"
        "Helen Farrant, an economist at the harbour college, said prices would rise."
    )
    assert speakers(text)[0] == ("Economist", "Helen Farrant", "title")


def test_epithets_are_not_read_by_the_tagger():
    """The shipped tagger was trained on the titles list; the epithets that
    name speakers must not change its features."""
    lex = lexicon()
    assert "mogul" in lex.offices and "mogul" not in lex.titles
    assert lex.offices == lex.titles | lex.epithets


@pytest.mark.parametrize(
    "source",
    ["Harbour commissioners Ada Vance and Tom Oduya", "The two senators, Ada Vance and Tom Oduya,"],
)
def test_names_in_apposition_to_a_plural_speak_as_one_group(source):
    speaker = statements(f"{source} said the pier would reopen in May.")[0].speaker
    assert speaker is not None
    assert (speaker.name, speaker.type) == ("Ada Vance and Tom Oduya", "group")


def test_a_second_relative_clause_joined_by_and_has_the_same_noun():
    text = (
        "Senator Ada Vance of Oregon, who last year threatened to close the harbour over "
        "the toll, and who has been hoping to win the fishermen away from Mr. Oduya, "
        "quickly said the vote was a mistake."
    )
    found = speakers(text)
    assert found and all(s[1:] == ("Ada Vance", "relative") for s in found if s[0] == "who")


def test_a_relative_pronoun_after_a_description_of_a_named_person_is_the_person():
    text = "The vote split Rep. Tom Oduya, a harbour commissioner who said the toll was unfair."
    assert ("who", "Tom Oduya", "relative") in speakers(text)


def test_they_after_two_people_named_together_as_a_subject_is_the_two():
    text = "Ada Vance and Tom Oduya toured the harbour on Monday. They said the pier would reopen."
    assert resolved(text, -1) == (
        "Ada Vance and Tom Oduya",
        "group",
        "pronoun",
    )


def test_they_after_two_people_named_as_objects_stays_unresolved():
    text = "The film follows Ada Vance and Tom Oduya. They said the pier would reopen."
    speaker = statements(text)[-1].speaker
    assert speaker is not None
    assert speaker.resolved_by == "unresolved"


def test_it_after_a_report_that_spoke_is_the_report():
    text = (
        "The harbour report says the pier needs new piles.\n\n"
        "It also points out that the ferry berth is unsafe."
    )
    assert [s[1:] for s in speakers(text)] == [
        ("harbour report", "vague"),
        ("harbour report", "pronoun"),
    ]


def test_a_dummy_it_is_no_report():
    text = (
        "The harbour report says the pier needs new piles.\n\n"
        "It is worth noting that the berth is unsafe."
    )
    assert all(s[1] != "harbour report" for s in speakers(text) if s[0] == "It")


def test_both_after_two_people_named_together_is_the_two():
    text = (
        "Ada Vance and Tom Oduya share a view of the harbour.\n\n"
        "Both said the pier would reopen in May."
    )
    speaker = statements(text)[-1].speaker
    assert speaker is not None
    assert (speaker.name, speaker.resolved_by) == ("Ada Vance and Tom Oduya", "pronoun")


def test_she_with_the_only_woman_named_inside_reported_words_is_that_woman():
    text = (
        "Mayor Tom Oduya described councillor Helen Farrant as “reckless” after she said "
        "the pier would close."
    )
    assert ("she", "Helen Farrant", "pronoun") in speakers(text)


def _typed(text: str) -> list[tuple[str, str]]:
    return [(s.speaker.name, s.speaker.type) for s in statements(text) if s.speaker]


def test_a_proper_name_with_the_article_is_an_organisation():
    text = "The Quayside Echo reported that the ferry would stop in May."
    assert _typed(text) == [("Quayside Echo", "organization")]


def test_a_title_with_the_article_leaves_a_person_a_person():
    assert _typed("The Rev. Ada Vance said the pier was unsafe.") == [("Ada Vance", "person")]


def test_an_initialism_no_one_bears_as_a_name_is_an_organisation():
    text = "Harbour staff were told on Monday. RT reported that the pier was unsafe."
    assert _typed(text) == [("RT", "organization")]


def test_the_q_of_an_interview_is_the_unnamed_interviewer():
    text = "Q: Will the pier reopen?\n\nA: Yes.\n\nQ: When did the council say it would reopen?"
    assert ("interviewer", "unnamed") in _typed(text)
    assert all(name != "Q" for name, _ in _typed(text))


def test_i_in_the_piece_s_own_voice_is_its_one_writer():
    text = "Levy must rise\n\nBy Nils Ambrose\n\nI believe the levy is too low to pay for the pier."
    assert speakers(text) == [("I", "Nils Ambrose", "author")]


def test_i_under_two_bylines_is_nobody_known():
    text = "Levy must rise\n\nBy Ada Vance and Tom Oduya\n\nI believe the levy is too low."
    assert speakers(text) == [("I", "I", "unresolved")]


def test_a_page_label_before_a_colon_is_no_speaker():
    found = statements("Opinion: Port Amberly should raise the harbour levy\n\nThe levy is low.")
    assert all(s.speaker is None or s.speaker.name != "Opinion" for s in found)


def test_the_q_of_a_bylined_interview_is_its_writer():
    text = (
        "Pier talks\n\nBy Nils Ambrose\n\nQ: Will the pier reopen?\n\nA: Yes.\n\n"
        "Q: When did the council say it would reopen?"
    )
    typed = _typed(text)
    assert typed.count(("Nils Ambrose", "person")) == 2  # the two questions, not the answer
    assert ("interviewer", "unnamed") not in typed


def test_a_byline_is_nobody_the_story_mentions():
    text = (
        "Harbour news\n\nBy Nils Ambrose\n\nThe mayor met traders on Monday.\n\n"
        "He said the pier would reopen in May."
    )
    assert all(s[1] != "Nils Ambrose" for s in speakers(text))


@pytest.mark.parametrize(
    ("text", "name", "how"),
    [
        ("Some Democrats said the harbour levy was too high.", "some Democrats", "vague"),
        ("Many Republicans said the pier would reopen in May.", "many Republicans", "vague"),
        ("Two Democrats said the ferry was late.", "two Democrats", "vague"),
        ("Kentucky Republicans said the toll was fair.", "Kentucky Republicans", "name"),
        ("The Senate Democrats said the bill was rushed.", "Senate Democrats", "name"),
        # the model tags this "Democrats" a common plural (NNS), not NNPS
        (
            "The levy rose, according to numerous fellow Democrats.",
            "numerous fellow Democrats",
            "vague",
        ),
    ],
)
def test_some_members_of_a_party_are_a_group_not_the_party(text, name, how):
    assert resolved(text) == (name, "group", how)


def test_the_party_alone_and_a_list_of_parties_stay_as_they_were():
    assert speakers("Democrats said the harbour levy was too high.")[0][1] == "Democrats"
    both = statements("Both Democrats and Republicans said the pier was late.")[0].speaker
    assert both is not None
    assert both.name == "Democrats and Republicans" and len(both.members) == 2


def test_a_transcript_label_in_capitals_is_the_person_it_spells_out():
    text = (
        "A transcript of the harbour hearing follows.\n\n"
        "HELEN OKAFOR: The pier opens in May.\n\n"
        "UNIDENTIFIED CLERK: Thank you.\n\n"
        "OKAFOR: And the ferry runs again in June."
    )
    found = {src: name for src, name, _ in speakers(text)}
    assert found["HELEN OKAFOR"] == "Helen Okafor"
    assert found["OKAFOR"] == "Helen Okafor"
    assert found["UNIDENTIFIED CLERK"] != "Unidentified Clerk"


def test_a_description_opening_a_sentence_is_written_as_it_is_elsewhere():
    text = (
        "Critics said the levy was too high.\n\n"
        "The harbour board met the critics on Monday. Ferry users said they would wait.\n\n"
        "Kettering supporters said the pier was safe."
    )
    found = {src: name for src, name, _ in speakers(text)}
    assert found["Critics"] == "critics"
    assert found["Ferry users"] == "Ferry users"  # "ferry" is never written in lower case here
    assert found["Kettering supporters"] == "Kettering supporters"


def test_a_name_closing_a_description_after_a_comma_is_who_it_describes():
    """However the parse hangs the name (here, as the object of "for", as the
    small model does with "the elderly, Pascale Boistard")."""
    from spacy.tokens import Doc, Span

    from claimkb.extract import nlp
    from claimkb.extract.speakers import _source_names

    words = ["The", "minister", "for", "the", "young", ",", "Helen", "Pike", ",", "said", "so"]
    heads = [1, 9, 1, 7, 7, 7, 7, 2, 1, 9, 9]
    deps = ["det", "nsubj", "prep", "det", "amod", "punct", "compound", "pobj", "punct", "ROOT"]
    pos = ["DET", "NOUN", "ADP", "DET", "ADJ", "PUNCT", "PROPN", "PROPN", "PUNCT", "VERB", "ADV"]
    doc = Doc(nlp().vocab, words=words, heads=heads, deps=[*deps, "advmod"], pos=pos)
    doc.ents = [Span(doc, 6, 8, label="PERSON")]
    source_end = doc[7].idx + len("Pike")
    names = _source_names(doc[1], doc.ents, 0, source_end)
    assert [e.text for e in names] == ["Helen Pike"]
    # a name inside the source, with more words after it, is no such holder
    assert _source_names(doc[1], doc.ents, 0, len(doc.text)) == []


@pytest.mark.parametrize(
    ("source", "kind"), [("We", "person"), ("Both", "group"), ("That", "unnamed")]
)
def test_an_unresolved_pronoun_is_a_person_only_if_only_a_person_can_be_it(source, kind):
    from claimkb.extract import nlp
    from claimkb.extract.names import NameIndex
    from claimkb.extract.speakers import resolve

    doc = nlp()(f"{source} said the pier would reopen in May.")
    speaker = resolve(doc[0], source, 0, 0, NameIndex(), lexicon(), None)
    assert speaker is not None
    assert (speaker.type, speaker.resolved_by) == (kind, "unresolved")


def test_a_given_name_from_the_news_tells_the_sex_of_its_bearer():
    text = (
        "Ann Lee toured the harbour on Monday.\n\n"
        "Chauncey Pike inspected the pier. She said the ferry was late."
    )
    assert speakers(text)[-1] == ("She", "Ann Lee", "pronoun")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("President Obama toured the harbour.\n\nHe said the pier was late.", "Barack Obama"),
        ("Mrs. Obama toured the harbour.\n\nShe said the pier was late.", "Michelle Obama"),
        ("Tom Obama pilots the ferry.\n\nObama said the pier was late.", "Tom Obama"),
        ("Senator Vance toured the harbour.\n\nHe said the pier was late.", "Vance"),
    ],
)
def test_a_surname_the_story_never_spells_out_is_whom_the_news_knows_by_it(text, name):
    assert speakers(text)[-1][1] == name


@pytest.mark.parametrize(
    ("first", "name"),
    [
        ("The Amberly Courier reported that the pier was late.", "Amberly Courier"),
        ("The Amberly Courier and the Evening Courier reported a late pier.", "Courier"),
    ],
)
def test_an_outlet_named_by_its_last_word_is_the_one_the_story_names_in_full(first, name):
    text = f"{first}\n\nThe Courier said the ferry was safe."
    assert speakers(text)[-1][:2] == ("The Courier", name)


@pytest.mark.parametrize(
    ("text", "name", "how"),
    [
        (
            "A pro-harbour super PAC said the levy was too high.",
            "pro-harbour super PAC",
            "description",
        ),
        ("The super PAC said the toll was fair.", "super PAC", "description"),
        ("Purple PAC, run by Ann Lee, said the pier was late.", "Purple PAC", "name"),
    ],
)
def test_a_super_pac_is_one_of_many_unless_its_name_is_given(text, name, how):
    assert resolved(text) == (name, "organization", how)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Her campaign said", ("Ann Lee's campaign", "organization", "pronoun")),
        ("Her aides said", ("Ann Lee's aides", "unnamed", "vague")),
    ],
)
def test_his_or_her_before_a_description_is_the_person_he_or_she_would_be(words, expected):
    text = (
        "Ann Lee toured the pier on Monday.\n\n"
        f"Tom Oduya met the harbour board. {words} the levy was too high."
    )
    assert resolved(text, -1) == expected


def test_a_transcript_label_of_a_surname_the_news_knows_is_the_full_name():
    text = "A transcript of the harbour debate follows.\n\nMCCAIN: The pier must reopen."
    assert speakers(text)[-1][:2] == ("MCCAIN", "John McCain")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ada Winslow won the state primary on Tuesday.\n\n"
            "Winslow, whose campaign said on Monday that the count was fair, "
            "thanked her volunteers.",
            ("Ada Winslow's campaign", "organization", "relative"),
        ),
        (
            "The Harbor Alliance is a coalition of fishing towns.\n\n"
            "It was joined by the Coastal League, whose lawyers argued that "
            "the new quota breaks the law.",
            ("Coastal League's lawyers", "group", "relative"),
        ),
    ],
)
def test_whose_before_a_description_is_the_noun_the_clause_hangs_on(text, expected):
    assert resolved(text, -1) == expected


def test_a_nationality_with_an_article_or_number_is_someone_unnamed():
    text = "Now, one kind-hearted Norwegian wants to help the tourists the strike stranded."
    assert resolved(text) == ("one kind-hearted Norwegian", "unnamed", "description")


def test_a_name_the_model_ran_across_a_dateline_is_the_name_alone():
    text = "CLEVELAND - Maria Lopez said on Monday that the bridge would open in May."
    assert resolved(text) == ("Maria Lopez", "person", "name")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Harbor Lives Matter said on Monday that the new quota would ruin the town.",
            "Harbor Lives Matter",
        ),
        (
            "The Bay County Harbor Master's Office said the pier would reopen in May.",
            "Bay County Harbor Master's Office",
        ),
    ],
)
def test_a_name_in_title_case_or_ending_in_an_office_is_a_body_not_a_person(text, name):
    assert resolved(text) == (name, "organization", "name")


def test_a_headline_name_the_model_ran_on_into_its_verb_stops_at_the_full_name():
    text = (
        "Ben Okafor Slams Harbor Board On Fishing Quota.\n\n"
        "Ben Okafor, the mayor, said on Monday that the board had lied about the quota."
    )
    assert speakers(text)[0][1:] == ("Ben Okafor", "name")


def test_a_lower_case_word_the_model_tags_a_person_is_nobody():
    text = (
        "Harbor Board Slams Quota.\n\nThe finance minister jabbed back on Monday. "
        "He said the quota was not too high."
    )
    # the model tags "jabbed" a person; "He" is nobody's, not jabbed's
    assert resolved(text, -1) == ("he", "person", "unresolved")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("To wit, Trump told Newsmax that the harbor quota was a disaster.", "Donald Trump"),
        ("Rubio has previously said that the harbor should stay open.", "Marco Rubio"),
    ],
)
def test_a_surname_the_news_knows_is_that_person_though_the_model_tags_a_body(text, name):
    assert resolved(text) == (name, "person", "name")


def test_he_after_reported_words_that_introduce_their_subject_is_that_subject():
    """Nobody outside reported words is left, and several men are named in them."""
    text = (
        "Some Republicans now back the harbour levy.\n\n"
        "Former Rep. Tom Oduya (R-Ore.) was for Ben Okafor while the mayor ran, "
        "he said Wednesday on the radio.\n\n"
        "“Ann Lee is my next choice. Sam Reyes lost me long ago,” he said."
    )
    assert [name for _, name, _ in speakers(text)[1:]] == ["Tom Oduya", "Tom Oduya"]


def test_a_verb_the_model_takes_into_a_name_at_a_sentence_s_start_is_no_part_of_it():
    text = (
        "The vote is close. Entrusting Donald Trump with the harbour budget is a gamble. "
        "He has questioned the lease of the port."
    )
    assert speakers(text)[-1] == ("He", "Donald Trump", "pronoun")


def test_a_surname_the_model_reads_as_a_verb_is_still_the_subject_he_means():
    text = (
        "Donald Trump won the harbour vote.\n\n"
        "The delegate Tom Oduya, angry at the rules, said the count was rigged.\n\n"
        "Trump himself is due to speak on Thursday, when he will say the pier must reopen."
    )
    assert speakers(text)[-1] == ("he", "Donald Trump", "pronoun")


def test_a_given_name_set_beside_kin_takes_the_owner_s_surname():
    text = (
        "Mayor Ann Okafor opened the harbour on Monday. Her husband, Tom, was there.\n\n"
        "Okafor's husband, Tom, said the pier was safe. He said the ferry would run again."
    )
    assert [name for _, name, _ in speakers(text)] == ["Tom Okafor", "Tom Okafor"]


def test_a_headline_s_plural_verb_the_model_read_as_a_noun_ends_the_name():
    """ "St. Paul Votes To Condemn …": the model tags "St. Paul Votes" an
    organisation, "Votes" a plural proper noun; the source is "St. Paul"."""
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

    from claimkb.extract import nlp
    from claimkb.extract.speakers import _clipped

    words = ["Port", "Amberly", "Votes", "To", "Close", "Pier"]
    tags = ["NNP", "NNP", "NNPS", "TO", "VB", "NNP"]
    doc = Doc(nlp().vocab, words=words, tags=tags)
    ent = SpacySpan(doc, 0, 3, label="ORG")
    assert _clipped(ent, 0, len("Port Amberly"), lexicon()).text == "Port Amberly"


def test_a_speaker_is_shown_with_single_spaces():
    copied = Speaker("French\xa0freelance  photographer", "unnamed", "description")
    assert shown(NameIndex(), copied, lexicon()).name == "French freelance photographer"


@pytest.mark.parametrize(
    "text",
    [
        "The claim spread quickly online. Pierwatch then ruled that the figure was false.",
        "Harbourscope found that most ferry users want a later boat.",
    ],
)
def test_one_capitalised_word_nobody_is_named_by_speaks_for_an_organisation(text):
    st = statements(text)[-1]
    assert st.speaker is not None
    assert st.speaker.type == "organization"


def test_a_word_the_story_writes_after_a_given_name_stays_a_surname():
    # "Joh Brenner", whose given name no list has: "Brenner said" is a person
    idx = NameIndex(second_names={"Brenner"})
    assert not _nobody_s_name("Brenner", idx, lexicon())
    assert _nobody_s_name("Pierwatch", idx, lexicon())
    assert not _nobody_s_name("@pierwatch", idx, lexicon())  # a handle may be anyone's


def test_a_known_outlet_the_model_calls_a_person_is_an_organisation():
    st = statements("Twitter said it had removed the posts about the ferry.")[0]
    assert (st.speaker.name, st.speaker.type) == ("Twitter", "organization")


def test_two_organisations_named_together_are_no_one_s_full_name():
    root = nlp()("Pierwatch said the change was overdue.")[0]
    post = Speaker("Post", "organization", "name")
    pierwatch = Speaker("Pierwatch", "organization", "name")
    idx = NameIndex(
        entities={"Harbourline and Pierwatch": "organization", "Harbour Post": "organization"}
    )
    assert organisation_in_full(pierwatch, root, idx, lexicon()) == pierwatch
    assert organisation_in_full(post, root, idx, lexicon()).name == "Harbour Post"


def test_a_surname_with_an_apostrophe_is_the_person_named_in_full():
    # the small model tags "D’Souza" a common noun and no entity, and the
    # given-name list lacks "Dinesh": the apostrophe vouches for the surname
    text = (
        "Filmmaker Dinesh D’Souza spoke to students in Tampa on Friday.\n\n"
        "D’Souza said the harbour levy would pass by spring."
    )
    assert speakers(text)[-1] == ("D’Souza", "Dinesh D’Souza", "name")


_ROE = "Mayor Jane Roe has called for an inquiry into the harbour contract.\n\n"


def test_she_after_a_paraphrase_is_its_subject():
    text = _ROE + (
        "The port board declared that Ada Vance was behind the scheme. "
        "She denied it, telling reporters she had done nothing wrong."
    )
    # "She denied it" and "telling reporters ...": both hers
    assert speakers(text)[-2:] == [("She", "Ada Vance", "pronoun")] * 2


def test_she_looks_past_a_paraphrase_s_object():
    text = _ROE + (
        "The port board declared that the scheme had helped Ada Vance. "
        "She said the inquiry would start in May."
    )
    assert speakers(text)[-1] == ("She", "Jane Roe", "pronoun")


def test_she_looks_past_the_subject_of_a_question():
    text = _ROE + "Asked whether Ada Vance was behind the scheme, she said the board would decide."
    assert speakers(text)[-1] == ("she", "Jane Roe", "pronoun")


_CAMPAIGN = (
    "“We will win the coast,” {speaker} said. The Vance campaign has opened 40 offices.\n\n"
    "The campaign said it would open ten more by May."
)


@pytest.mark.parametrize(
    ("opening", "speaker", "expected"),
    [
        # the campaign of the person the story quoted last
        (
            "Senator Ada Vance spoke in Tampa on Friday. ",
            "Vance",
            ("Ada Vance's campaign", "organization", "nearest-named"),
        ),
        # not where two people of the story share the surname
        (
            "Ada Vance and her son Tom Vance toured the harbour on Friday. ",
            "Tom Vance",
            ("campaign", "organization", "description"),
        ),
    ],
)
def test_the_campaign_is_the_campaign_of_the_person_quoted_last(opening, speaker, expected):
    assert resolved(opening + _CAMPAIGN.format(speaker=speaker), -1) == expected


def test_a_pronoun_looks_no_further_back_than_its_live_blog_entry():
    text = (
        "The Latest: Harbour levy vote nears.\n\n"
        "10:30 p.m.\n\n"
        "Mayor John Doe said the bridge would open in May.\n\n"
        "___.\n\n"
        "10:00 p.m.\n\n"
        "The harbour board met for three hours.\n\n"
        "He said the levy would pass."
    )
    assert speakers(text)[-1] == ("He", "he", "unresolved")


_LETTERS = (
    "Readers split over harbour fares.\n\nLETTERS.\n\n"
    "I think the levy is too high for families on the islands.\n\nKen Okafor.\n\n"
    "Port Amberly, Ore.\n\nFACEBOOK.\n\n"
    "I believe the ferry should run at night.\n\n@annlee.\n\n"
)


def test_i_in_a_reader_s_letter_is_the_reader_who_signs_it():
    assert [name for _, name, by in speakers(_LETTERS) if by == "author"] == [
        "Ken Okafor",
        "@annlee",
    ]


def test_a_heading_signs_no_letter():
    # one name-like paragraph is a heading: a letters page signs letter after letter
    text = "Fares rise again.\n\nI think the levy is too high.\n\nHarbour Blues.\n\nThe fares rose."
    assert speakers(text)[0] == ("I", "I", "unresolved")


def test_a_surname_tagged_an_organisation_is_the_person_a_headline_spelled_out():
    """ "Cecile Richards: ‘I’m Sick …’" (no entity tagged), then "Richards
    also spoke about …" with "Richards" tagged an organisation."""
    from spacy.tokens import Span as SpacySpan

    from claimkb.extract.names import build_index
    from claimkb.extract.speakers import resolve

    lex = lexicon()
    head = nlp()("Helen Moss: Fares Must Fall")
    head.ents = []
    body = nlp()("Moss also spoke about the pier.")
    body.ents = [SpacySpan(body, 0, 1, label="ORG")]
    idx = build_index([(head, 0), (body, 100)], lex, title_end=25)
    speaker = resolve(body[0], "Moss", 100, 100, idx, lex, None)
    assert speaker is not None
    assert (speaker.name, speaker.type) == ("Helen Moss", "person")


def test_a_speaker_the_index_missed_is_remembered_as_a_mention():
    """ "Adel Nefzi said …" where the model tagged no entity: the statement's
    speaker joins the index, so a later "he" or "Nefzi" can find him."""
    from claimkb.extract.names import MAIN_SUBJECT, canonical_person
    from claimkb.extract.speakers import remember
    from claimkb.model import Span, Statement

    text = "Nadiya Okonkwo said the pier is shut."
    lex = lexicon()
    idx = NameIndex()
    said = Statement(
        "d",
        "indirect",
        [Span.of(text, 20, 36)],
        Span.of(text, 0, 14),
        Span.of(text, 15, 19),
        Speaker("Nadiya Okonkwo", "person", "name"),
    )
    remember(idx, said, None, lex)
    assert (0, "Nadiya Okonkwo", MAIN_SUBJECT) in idx.mentions
    assert canonical_person(idx, "Okonkwo", 200, lex) == "Nadiya Okonkwo"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Bernie Sanders toured the harbour on Monday.\n\n"
            "Barack Obama praised the new pier in a speech.\n\n"
            "The Vermont senator said the toll was too high.",
            "Bernie Sanders",
        ),
        (
            "Donald Trump spoke in Ohio on Monday.\n\n"
            "Mike Pence praised the new pier in a speech.\n\n"
            "The GOP nominee said the toll was too high.",
            "Donald Trump",
        ),
        # a story that never names him: the epithet means someone it does name
        (
            "Barack Obama praised the new pier in a speech.\n\n"
            "The Vermont senator said the toll was too high.",
            "Barack Obama",
        ),
    ],
)
def test_an_epithet_the_news_gives_one_person_means_them_if_the_story_names_them(text, speaker):
    """ "the Vermont senator" where the story never binds that title to anyone
    (``well_known_titles`` in cues.toml), not the latest subject."""
    said = statements(text)[-1]
    assert said.speaker is not None
    assert (said.speaker.name, said.speaker.resolved_by) == (speaker, "title")


@pytest.mark.parametrize(
    "bidding",
    [
        "That is more than you can say for other members of the board. "
        "Just look at Mayor Sam Vance.",
        "Take Mayor Sam Vance.",
    ],
)
def test_a_person_the_reader_is_told_to_look_at_is_what_the_next_he_means(bidding):
    """ "Just look at House Speaker Paul D. Ryan. He's said …": the one the
    sentence points at, not the subject before it (Donald Trump)."""
    said = statements(
        f"Tom Oduya praised the new toll on Monday.\n\n{bidding} "
        "He has said the pier would never reopen."
    )[-1]
    assert said.speaker is not None
    assert said.speaker.name == "Sam Vance"
