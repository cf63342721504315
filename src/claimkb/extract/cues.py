"""The cue lexicon, loaded once from ``data/cues.toml``.

Lexicons are data, not code: a user tuning claimkb for another outlet's house
style edits a TOML file, and the tests pin the behaviours, not the word lists.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Lexicon:
    speech: frozenset[str]
    judgement: frozenset[str]
    cognition: frozenset[str]
    takes_object: frozenset[str]
    takes_infinitive: frozenset[str]
    source_prepositions: tuple[str, ...]
    particles: frozenset[str]
    cue_venues: frozenset[str]
    vague: frozenset[str]
    organizations: frozenset[str]
    titles: frozenset[str]
    male: frozenset[str]
    female: frozenset[str]

    @property
    def verbs(self) -> frozenset[str]:
        return self.speech | self.judgement | self.cognition


@cache
def lexicon() -> Lexicon:
    raw = tomllib.loads(resources.files("claimkb.data").joinpath("cues.toml").read_text("utf-8"))
    v, p, s = raw["verbs"], raw["phrases"], raw["sources"]
    return Lexicon(
        speech=frozenset(v["speech"]),
        judgement=frozenset(v["judgement"]),
        cognition=frozenset(v["cognition"]),
        takes_object=frozenset(v["takes_object"]),
        takes_infinitive=frozenset(v["takes_infinitive"]),
        source_prepositions=tuple(p["source_prepositions"]),
        particles=frozenset(p["particles"]),
        cue_venues=frozenset(p["cue_venues"]),
        vague=frozenset(s["vague"]),
        organizations=frozenset(s["organizations"]),
        titles=frozenset(s["titles"]),
        male=frozenset(s["male"]),
        female=frozenset(s["female"]),
    )
