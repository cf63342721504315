"""The cue lexicon, loaded once from ``data/cues.toml``.

Lexicons are data, not code: a user tuning claimkb for another outlet's house
style edits a TOML file, and the tests pin the behaviours, not the word lists.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import cache, cached_property
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(frozen=True)
class Lexicon:
    speech: frozenset[str]
    judgement: frozenset[str]
    cognition: frozenset[str]
    takes_object: frozenset[str]
    takes_infinitive: frozenset[str]
    experiencer_passives: frozenset[str]
    addressee_passives: frozenset[str]
    source_prepositions: tuple[str, ...]
    particles: frozenset[str]
    stage_directions: frozenset[str]
    cue_venues: frozenset[str]
    vague: frozenset[str]
    organizations: frozenset[str]
    known_bodies: frozenset[str]
    titles: frozenset[str]
    epithets: frozenset[str]
    non_candidates: frozenset[str]
    title_aliases: dict[str, str]
    rank_modifiers: frozenset[str]
    casualty_words: frozenset[str]
    number_words: frozenset[str]
    count_words: frozenset[str]
    vague_phrases: tuple[str, ...]
    male: frozenset[str]
    female: frozenset[str]
    male_names: frozenset[str]
    female_names: frozenset[str]
    lemma_fixes: dict[str, str]
    well_known: dict[str, tuple[str, ...]]
    well_known_titles: dict[str, tuple[str, ...]]

    def lemma(self, tok: Token) -> str:
        """The token's lower-case lemma, past the lemmatizer's known slips."""
        return self.lemma_fixes.get(tok.lower_) or tok.lemma_.lower()

    def cue_lemma(self, head: Token) -> str:
        """What a statement headed by this word records as its cue: "according
        to" as the rules write it (the lemmatizer reads "accord"), else the lemma."""
        return "according to" if head.lower_ == "according" else self.lemma(head)

    @property
    def verbs(self) -> frozenset[str]:
        return self.speech | self.judgement | self.cognition

    @cached_property
    def well_known_by_case(self) -> dict[str, tuple[str, ...]]:
        """``well_known`` whatever the case: a transcript writes "MCCAIN:"."""
        return {k.casefold(): v for k, v in self.well_known.items()}

    @cached_property
    def offices(self) -> frozenset[str]:
        """What names a person by role when finding who a source is: titles
        and epithets.  The tagger reads ``titles`` alone, as it was trained."""
        return self.titles | self.epithets


@cache
def lexicon() -> Lexicon:
    """Every list in cues.toml, whatever table it sits in, by its field name."""
    raw = tomllib.loads(resources.files("claimkb.data").joinpath("cues.toml").read_text("utf-8"))
    lists = {k: v for table in raw.values() for k, v in table.items()}
    return Lexicon(**{f.name: _typed(f.type, lists[f.name]) for f in fields(Lexicon)})


def _typed(kind: object, value: list[str] | dict[str, str] | dict[str, list[str]]) -> object:
    """A TOML list or table as the field's type (field types are strings here)."""
    if kind == "tuple[str, ...]":
        return tuple(value)
    if kind == "dict[str, str]":
        return dict(value)
    if kind == "dict[str, tuple[str, ...]]":
        assert isinstance(value, dict)
        return {k: tuple(v) for k, v in value.items()}
    return frozenset(value)
