"""One name per person across documents, and never two people under one name.

Within a document, speaker resolution already turns "Castell" into "Mara
Castell" when the article names her in full.  Across documents the knowledge
base does the same: a bare surname joins a full name already known to the
store, but only when exactly one full name fits (two Smiths in the archive and
a bare "Smith" stay apart: no evidence, no merge).  A user's alias file forces
merges the text cannot show (Alma-Ata = Almaty) and forbids ones it gets wrong.

``kb/aliases.toml``::

    [same]                       # left: any spelling; right: the canonical name
    "Alma-Ata" = "Almaty"
    "K. Tokayev" = "Kassym-Jomart Tokayev"

    [distinct]                   # bare surnames never merged into a full name
    surnames = ["Smith"]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from claimkb.errors import InputError
from claimkb.model import Extraction, Speaker, group_of, without_initials
from claimkb.rdf.mapping import speaker_iri
from claimkb.rdf.vocab import BASE
from claimkb.store import Store

ALIAS_FILE = "aliases.toml"


@dataclass(frozen=True)
class Aliases:
    same: dict[str, str] = field(default_factory=dict)
    distinct: frozenset[str] = frozenset()


def load_aliases(home: Path) -> Aliases:
    """The alias file of a knowledge base home, or no aliases if there is none."""
    path = home / ALIAS_FILE
    if not path.exists():
        return Aliases()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a valid alias file ({exc})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the alias file ({exc.strerror})") from None
    same = raw.get("same", {})
    distinct = raw.get("distinct", {})
    surnames = distinct.get("surnames", []) if isinstance(distinct, dict) else None
    if not isinstance(same, dict) or not all(isinstance(v, str) for v in same.values()):
        raise InputError(f'{path}: [same] must map names to names, e.g. "Alma-Ata" = "Almaty"')
    if not isinstance(surnames, list) or not all(isinstance(n, str) for n in surnames):
        raise InputError(f'{path}: [distinct] surnames must be a list of names, e.g. ["Bush"]')
    return Aliases({k.strip(): v.strip() for k, v in same.items()}, frozenset(surnames))


def known_people(store: Store) -> set[str]:
    """Full names (two words or more) of the people the store already holds."""
    rows = store.select("SELECT DISTINCT ?name WHERE { ?p a schema:Person ; rdfs:label ?name }")
    return {r["name"].value for r in rows if len(r["name"].value.split()) > 1}


def known_nodes(store: Store) -> dict[str, tuple[str, str]]:
    """The name and type each speaker shared across documents is stored under."""
    query = """SELECT DISTINCT ?sp ?name ?type
    WHERE { GRAPH ?g { ?sp rdfs:label ?name ; ckb:speakerType ?type } }"""
    nodes: dict[str, tuple[str, str]] = {}
    for r in store.select(query):
        if "/" not in r["sp"].value.removeprefix(f"{BASE}speaker/"):  # not one document's own
            nodes.setdefault(r["sp"].value, (r["name"].value, r["type"].value))
    return nodes


def _but_a_middle_name(a: str, b: str) -> bool:
    """Whether one name is the other with one middle name more: first name and
    surname the same, and nothing else but the one word ("Hillary Rodham
    Clinton", "Hillary Clinton"; not "Tomas Reyes Jr.", whose last word is
    no surname, and not "George W Bush", whose middle is an initial without
    its stop: PolNeAR train also has a "George P. Bush")."""
    short, long = sorted((without_initials(a).split(), without_initials(b).split()), key=len)
    middle = long[1] if len(long) == 3 else ""
    return (
        len(short) == 2
        and len(long) == 3
        and long[0] == short[0]
        and long[2] == short[1]
        and middle[:1].isupper()
        and not middle.isupper()  # "W", "JR": initials, not a name
    )


@dataclass
class Canonicaliser:
    """Carries the names seen so far through one ingest run."""

    people: set[str]
    aliases: Aliases = field(default_factory=Aliases)
    #: a full name new to the store -> the one person already known by it
    #: with or without middle initials ("Donald J. Trump" -> "Donald Trump")
    styled: dict[str, str] = field(default_factory=dict)
    #: shared speaker IRI -> the name and type it was first stored with: a
    #: node has one label and one type, however later stories spell or read
    #: it ("POLITICO" is stored as the "Politico" met first)
    nodes: dict[str, tuple[str, str]] = field(default_factory=dict)

    def one_node(self, sp: Speaker, doc_id: str) -> Speaker:
        if sp.members:
            members = [self.one_node(m, doc_id) for m in sp.members]
            return group_of(members, sp.resolved_by) if members != list(sp.members) else sp
        name, kind = self.nodes.setdefault(speaker_iri(sp, doc_id).value, (sp.name, sp.type))
        return sp if (name, kind) == (sp.name, sp.type) else replace(sp, name=name, type=kind)

    def learn(self, names: set[str]) -> None:
        """Add a document's full names, each joining the one known person it
        differs from only by middle initials one of them lacks: not "George W.
        Bush" and "George H. W. Bush", and not "George Bush" where both are
        known.  Failing that, the one it differs from by a middle name one of
        them lacks: "Hillary Rodham Clinton" is the "Hillary Clinton" another
        paper names (whom ``who-said "Hillary Clinton"`` did not find under
        the longer name: 34 PolNeAR train statements)."""
        for n in sorted(names - self.people - self.styled.keys()):
            bare = without_initials(n)
            fits = {
                p
                for p in self.people
                if without_initials(p) == bare and bare in (p, n)  # one has no initials
            }
            if not fits:
                fits = {p for p in self.people if _but_a_middle_name(p, n)}
            if len(fits) == 1:
                self.styled[n] = fits.pop()
            else:
                self.people.add(n)

    def name(self, name: str, person: bool = True) -> str:
        """The canonical form of a name; only people are matched by surname."""
        name = self.aliases.same.get(name, name)
        if person:
            name = self.styled.get(name, name)
        parts = name.split()
        if not person or len(parts) != 1 or name in self.aliases.distinct:
            return name
        if not name[:1].isupper():
            return name  # "the campaign said": a description, no one's surname
        fits = {p for p in self.people if p.split()[-1] == name}
        return fits.pop() if len(fits) == 1 else name

    def owned(self, name: str) -> str:
        """A body named by its person ("Donald J. Trump's campaign") is named
        by that person's canonical name ("Donald Trump's campaign")."""
        owner, mark, body = name.partition("'s ")
        if not mark or " " not in owner:
            return name
        return f"{self.name(owner)}'s {body}"

    def speaker(self, sp: Speaker) -> Speaker:
        if sp.members:
            return group_of([self.speaker(m) for m in sp.members], sp.resolved_by)
        if sp.resolved_by in ("vague", "unresolved") or sp.type not in ("person", "organization"):
            return replace(sp, name=self.aliases.same.get(sp.name, sp.name))
        if sp.type == "organization":
            sp = replace(sp, name=self.owned(sp.name))
        name = self.name(sp.name)
        if name == sp.name:
            return sp
        # NER sometimes calls a bare surname an organisation; a unique person fits better.
        return replace(sp, name=name, type="person" if name in self.people else sp.type)

    def apply(self, ex: Extraction) -> bool:
        """Rename speakers and mentioned entities in place; learn this document's names.

        Returns whether a bare surname is still left, so that the caller can try
        again once later documents have named more people in full.
        """
        self.learn(
            {n for n, kind in ex.entities.items() if kind == "person" and len(n.split()) > 1}
        )
        for st in ex.statements:
            if st.speaker is not None:
                st.speaker = self.speaker(st.speaker)
                if st.speaker.type == "person" and len(st.speaker.name.split()) > 1:
                    self.learn({st.speaker.name})
                    st.speaker = replace(st.speaker, name=self.name(st.speaker.name))
                st.speaker = self.one_node(st.speaker, st.doc_id)
            st.entities = list(
                dict.fromkeys(self.name(n, ex.entities.get(n) == "person") for n in st.entities)
            )
        ex.entities = {self.name(n, kind == "person"): kind for n, kind in ex.entities.items()}
        return any(
            sp.type in ("person", "organization")  # NER misreads some surnames
            and len(sp.name.split()) == 1
            and sp.resolved_by not in ("unresolved", "vague")
            for st in ex.statements
            if st.speaker is not None
            for sp in (st.speaker, *st.speaker.members)
        )
