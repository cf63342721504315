"""Names across documents: merge on evidence, never on a surname alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimkb import query
from claimkb.entities import Aliases, Canonicaliser, load_aliases
from claimkb.errors import InputError
from claimkb.model import Speaker
from claimkb.pipeline import ingest
from claimkb.store import open_store
from claimkb.validate import validate_store


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def speaker_nodes(kb: Path, name: str) -> set[str]:
    with open_store(kb) as store:
        rows = store.select(
            "SELECT DISTINCT ?sp ?label WHERE { ?st schema:author ?sp . ?sp rdfs:label ?label }"
        )
    return {r["sp"].value for r in rows if name in r["label"].value}


def run(kb: Path, folder: Path, aliases: Aliases | None = None):
    with open_store(kb, write=True) as store:
        return ingest(store, [folder], aliases=aliases)


FULL = "“The port will reopen,” said Mara Castell, the president.\n"
BARE = "“Prices will fall,” Castell said on Tuesday.\n"


def test_bare_surname_joins_the_full_name_from_another_document(tmp_path):
    corpus = tmp_path / "c"
    write(corpus, "a.txt", FULL)
    write(corpus, "b.txt", BARE)
    run(tmp_path / "kb", corpus)
    with open_store(tmp_path / "kb") as store:
        rows = query.who_said(store, "Mara Castell")
    assert {r["doc"] for r in rows} == {"a", "b"}
    assert len(speaker_nodes(tmp_path / "kb", "Castell")) == 1


def test_order_does_not_matter_within_one_run(tmp_path):
    corpus = tmp_path / "c"
    write(corpus, "a.txt", BARE)  # read first: the full name is not known yet
    write(corpus, "b.txt", FULL)
    run(tmp_path / "kb", corpus)
    with open_store(tmp_path / "kb") as store:
        assert {r["doc"] for r in query.who_said(store, "Mara Castell")} == {"a", "b"}


def test_two_smiths_and_a_bare_smith_stay_three_people(tmp_path):
    corpus = tmp_path / "c"
    write(corpus, "a.txt", "“Taxes will rise,” said Anna Smith, the treasurer.\n")
    write(corpus, "b.txt", "“Taxes will fall,” said Peter Smith, the banker.\n")
    write(corpus, "c.txt", "“Nobody knows,” Smith said.\n")
    write(corpus, "d.txt", "“Wait and see,” Smith said.\n")
    run(tmp_path / "kb", corpus)
    nodes = speaker_nodes(tmp_path / "kb", "Smith")
    # Anna, Peter, and a document-scoped "Smith" in each of c and d.
    assert len(nodes) == 4
    with open_store(tmp_path / "kb") as store:
        assert {r["doc"] for r in query.who_said(store, "Anna Smith")} == {"a"}


def test_same_full_name_in_two_documents_is_one_node(tmp_path):
    corpus = tmp_path / "c"
    write(corpus, "a.txt", FULL)
    write(corpus, "b.txt", "“It is done,” said Mara Castell on Friday.\n")
    run(tmp_path / "kb", corpus)
    assert len(speaker_nodes(tmp_path / "kb", "Castell")) == 1


def test_alias_file_forces_and_forbids_merges(tmp_path):
    home = tmp_path / "kb"
    home.mkdir()
    (home / "aliases.toml").write_text(
        '[same]\n"M. Castell" = "Mara Castell"\n\n[distinct]\nsurnames = ["Castell"]\n'
    )
    aliases = load_aliases(home)
    canon = Canonicaliser({"Mara Castell"}, aliases)
    assert canon.name("M. Castell") == "Mara Castell"
    assert canon.name("Castell") == "Castell"  # forbidden by [distinct]
    assert Canonicaliser({"Mara Castell"}).name("Castell") == "Mara Castell"


def test_places_are_not_matched_by_surname():
    canon = Canonicaliser({"John Amberly"})
    assert canon.name("Amberly", person=False) == "Amberly"


@pytest.mark.parametrize(
    "text",
    ["[same\nbroken", "distinct = 5", "[distinct]\nsurnames = [1, 2]", "[same]\nBush = 1"],
)
def test_malformed_alias_file_is_a_clear_error(tmp_path, text):
    (tmp_path / "aliases.toml").write_text(text)
    with pytest.raises(InputError, match=r"aliases\.toml"):
        load_aliases(tmp_path)


def test_an_alias_file_that_is_a_folder_is_a_clear_error(tmp_path):
    (tmp_path / "aliases.toml").mkdir()
    with pytest.raises(InputError, match=r"aliases\.toml: cannot read the alias file"):
        load_aliases(tmp_path)


def test_a_group_s_bare_surnames_join_full_names_from_any_document(tmp_path):
    corpus = tmp_path / "c"
    # read first: neither full name is known yet
    write(corpus, "a.txt", "Ms. Castell and Mr. Oduya said the port would reopen in May.\n")
    write(corpus, "b.txt", FULL + "“It is safe,” said Tom Oduya, the harbour master.\n")
    run(tmp_path / "kb", corpus)
    with open_store(tmp_path / "kb") as store:
        rows = query.who_said(store, "Tom Oduya")
    assert {r["speaker"] for r in rows if r["doc"] == "a"} == {"Mara Castell and Tom Oduya"}


def test_a_full_name_with_middle_initials_is_the_same_person(tmp_path):
    # one paper writes "Mara J. Castell", another "Mara Castell"
    corpus = tmp_path / "c"
    write(corpus, "a.txt", "“The port will reopen,” said Mara J. Castell, the president.\n")
    write(corpus, "b.txt", "“It is done,” said Mara Castell on Friday.\n")
    run(tmp_path / "kb", corpus)
    assert len(speaker_nodes(tmp_path / "kb", "Castell")) == 1
    with open_store(tmp_path / "kb") as store:
        assert {r["doc"] for r in query.who_said(store, "Mara J. Castell")} == {"a", "b"}


def test_a_person_s_campaign_is_one_body_whichever_of_their_names_owns_it(tmp_path):
    corpus = tmp_path / "c"
    write(
        corpus,
        "a.txt",
        "Mara J. Castell spoke on Monday.\n\nThe Castell campaign said the port will reopen.\n",
    )
    write(
        corpus,
        "b.txt",
        "Mara Castell spoke on Friday.\n\nCastell’s campaign said the port is shut.\n",
    )
    run(tmp_path / "kb", corpus)
    assert len(speaker_nodes(tmp_path / "kb", "campaign")) == 1


def test_a_one_word_description_is_no_one_s_surname():
    # "the campaign said" is not whoever's description ends in "campaign"
    canon = Canonicaliser({"Pentagon's adviser on the military campaign"})
    campaign = Speaker("campaign", "organization", "description")
    assert canon.speaker(campaign) == campaign


def test_a_generation_or_two_fits_keep_people_apart():
    canon = Canonicaliser({"Tomas Reyes"})
    canon.learn({"Tomas Reyes Jr."})  # his son
    assert canon.name("Tomas Reyes Jr.") == "Tomas Reyes Jr."
    canon = Canonicaliser({"Ada W. Vance", "Ada H. K. Vance"})
    canon.learn({"Ada Vance"})  # which of the two: no evidence, no merge
    assert canon.name("Ada Vance") == "Ada Vance"
    canon = Canonicaliser({"Ada W. Vance"})
    canon.learn({"Ada H. K. Vance"})  # both have initials: another Ada Vance
    assert canon.name("Ada H. K. Vance") == "Ada H. K. Vance"
    canon = Canonicaliser({"Ada W. Vance"})
    canon.learn({"Ada Vance"})
    assert canon.name("Ada Vance") == "Ada W. Vance"
    canon = Canonicaliser(set())
    canon.learn({"Mara Castell", "Mara J. Castell"})  # both in one story
    assert canon.name("Mara Castell") == canon.name("Mara J. Castell")


def test_one_speaker_spelt_two_ways_is_one_source(tmp_path):
    corpus = tmp_path / "c"
    said = "{} reported that the harbour board had met in secret.\n"
    write(corpus, "a.txt", said.format("Politico"))
    write(corpus, "b.txt", said.format("Politico"))
    write(corpus, "c.txt", said.format("POLITICO"))
    run(tmp_path / "kb", corpus)
    with open_store(tmp_path / "kb") as store:
        rows = [r for r in query.sources(store) if r["speaker"].lower() == "politico"]
    assert [(r["speaker"], r["statements"], r["documents"]) for r in rows] == [("Politico", 3, 3)]


def test_a_speaker_keeps_the_name_and_type_it_was_first_stored_with(tmp_path):
    # "POLITICO" and "Politico" are one node, which holds one label: the
    # knowledge base still conforms to its shapes, also across two ingests
    said = "{} reported that the harbour board had met in secret.\n"
    first, later = tmp_path / "first", tmp_path / "later"
    write(first, "a.txt", said.format("Politico"))
    write(later, "b.txt", said.format("POLITICO"))
    write(later, "c.txt", said.format("Politico"))
    run(tmp_path / "kb", first)
    run(tmp_path / "kb", later)
    with open_store(tmp_path / "kb") as store:
        labels = store.select(
            "SELECT DISTINCT ?label WHERE { GRAPH ?g {"
            " ?sp ckb:nameKey 'politico' ; rdfs:label ?label } }"
        )
        report = validate_store(store)
    assert [r["label"].value for r in labels] == ["Politico"]
    assert report.conforms, report.text


def test_a_middle_name_one_paper_drops_is_the_same_person():
    canon = Canonicaliser({"Mara Castell"})
    canon.learn({"Mara Ines Castell"})
    assert canon.name("Mara Ines Castell") == "Mara Castell"
    canon = Canonicaliser({"Mara Ines Castell"})
    canon.learn({"Mara Castell"})  # the longer name met first stays
    assert canon.name("Mara Castell") == "Mara Ines Castell"
    canon = Canonicaliser({"Mara Ines Castell", "Mara Lou Castell"})
    canon.learn({"Mara Castell"})  # which of the two: no evidence, no merge
    assert canon.name("Mara Castell") == "Mara Castell"
    canon = Canonicaliser({"George P. Bush"})
    canon.learn({"George W Bush"})  # an initial without its stop, not a middle name
    assert canon.name("George W Bush") == "George W Bush"
    canon = Canonicaliser({"Tomas Reyes"})
    canon.learn({"Tomas Reyes Jr.", "Tomas Reyes Lind"})  # a son; another surname
    assert canon.name("Tomas Reyes Jr.") == "Tomas Reyes Jr."
    assert canon.name("Tomas Reyes Lind") == "Tomas Reyes Lind"


def test_who_said_finds_a_person_under_the_name_with_a_middle_name(tmp_path):
    corpus = tmp_path / "c"
    write(corpus, "a.txt", "“The port will reopen,” said Mara Castell, the president.\n")
    write(corpus, "b.txt", "“It is done,” said Mara Louise Castell on Friday.\n")
    run(tmp_path / "kb", corpus)
    with open_store(tmp_path / "kb") as store:
        assert {r["doc"] for r in query.who_said(store, "Mara Castell")} == {"a", "b"}
