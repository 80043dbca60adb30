"""From the words that name a speaker to a :class:`~dossier.model.Speaker`.

The quote rules find *where* a speaker is named (a name, a pronoun, a description); a
:class:`SpeakerResolver` says *who* that is. The linker will implement the protocol to
give each speaker a knowledge-base entity; until then :class:`ArticleSpeakerResolver`
resolves inside the article:

- a person's name (spaCy ``PER``/``PERSON``) → the full name introduced in the article
  (a surname alone, or after "M."/"Mr", finds the longest name with that surname);
- a pronoun (il, elle, he, she, they…) → the latest compatible speaker or person subject
  of the same or previous paragraphs (number and, where known, gender agree);
- a definite role description (« le président américain », "the official") → the latest
  person or speaker it fits (same role where the person's roles are known, no conflicting
  country), else a person named elsewhere with that role;
- anything else keeps its description as the name (« porte-parole du département
  d'État »), with the country and sector its words say (data/speech_cues.yaml).
Where ``doc.entities`` holds entities with mentions (from a linker), a speaker whose words
overlap a mention takes that entity's id, name, country and sector.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Protocol

from ..model import Entity, Speaker
from .cues import CueLexicon, SpeakerTables, Words, load_cues, load_tables, split_words
from .marks import find_quotes
from .view import feature

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

    from ..doc import Doc

__all__ = ["ArticleSpeakerResolver", "SpeakerMention", "SpeakerResolver", "describe"]

_PERSON_LABELS: Final = frozenset({"PER", "PERSON"})
_NAME_LABELS: Final = frozenset({"ORG", "LOC", "GPE", "NORP", "FAC", "MISC"})
# Dependencies of a name that make it a discourse subject a pronoun may pick up, rather
# than a name in passing ("la distinction de Biden", "avec le président X").
_SUBJECT_DEPS: Final = frozenset(
    {"nsubj", "nsubj:pass", "nsubjpass", "dislocated", "appos", "ROOT", "conj"}
)
# How far back (in paragraphs) a pronoun or a definite description looks for its referent.
_WINDOW_PARAGRAPHS: Final = 2
_WORD: Final = re.compile(r"[\w'’.-]+")
_FEMININE_HONORIFICS: Final = frozenset({"mme", "mlle", "mrs", "mrs.", "ms", "ms.", "madame"})
_MASCULINE_HONORIFICS: Final = frozenset({"m.", "mr", "mr.", "monsieur"})
_FEMININE_ARTICLES: Final = frozenset({"la", "une", "cette"})
_MASCULINE_ARTICLES: Final = frozenset({"le", "un", "ce", "cet"})
_PLURAL_ARTICLES: Final = frozenset({"les", "des", "ces", "deux", "trois", "plusieurs", "some"})


@dataclass(frozen=True, slots=True)
class SpeakerMention:
    """Where a quote's speaker is named: offsets into ``doc.text``, and the content that
    speaker is credited with (names inside what is said are not discourse referents)."""

    start: int
    end: int
    text: str
    content: tuple[int, int]


class SpeakerResolver(Protocol):
    """Turns speaker mentions into speakers. Implementations: this module's
    :class:`ArticleSpeakerResolver`; the linker's, which adds knowledge-base entities."""

    def resolve(self, doc: Doc, mentions: Sequence[SpeakerMention]) -> list[Speaker | None]:
        """One speaker per mention, same order (None where no one can be named). Mentions
        come in text order, so a resolver may keep discourse state across them."""
        ...


@dataclass(frozen=True, slots=True)
class Description:
    """What the words of a description say: country, sector, and the role word heading it."""

    country: str | None
    sector: str | None
    role: Words | None
    place: bool = False


def describe(
    words: Words, tables: SpeakerTables, cased: frozenset[str] = frozenset()
) -> Description:
    """Country, sector and role of a description's normalised words.

    Nationality words are removed first, so "ministère russe de la Défense" reads as
    "ministère de la défense". Then the longest institution or sector phrase gives the
    sector; between phrases of one length the rightmost wins, as the complement names the
    institution (« président de la confrérie »). ``cased`` lists the words written in
    capitals in the text, for the table entries that only match in capitals (US, UK).
    """
    country = None
    rest: list[str] = []
    for word in words:
        code = tables.nationalities.get((word,))
        if code is not None and (word not in tables.cased or word in cased):
            country = country or code
            continue
        rest.append(word)
    if (
        rest
        and tuple(rest) in tables.places
        and (
            not any(w in tables.cased for w in rest)
            or all(w in cased for w in rest if w in tables.cased)
        )
    ):
        return Description(tables.places[tuple(rest)], "GOV", None, place=True)
    best: tuple[int, int, str | None, str | None] | None = None  # length, position, …
    role: Words | None = None
    for k in range(len(rest)):
        for n in range(len(rest) - k, 0, -1):
            phrase = tuple(rest[k : k + n])
            if phrase in tables.person_roles and (role is None or n > len(role)):
                role = phrase
            found: tuple[str | None, str | None] | None = None
            if phrase in tables.institutions:
                found = tables.institutions[phrase]
            elif phrase in tables.sectors:
                found = (None, tables.sectors[phrase])
            if found is not None and (best is None or (n, k) >= (best[0], best[1])):
                best = (n, k, found[0], found[1])
    if best is not None:
        country = country or best[2]
    country = country or _place_complement(rest, tables, cased)
    return Description(country, best[3] if best else None, role)


_OF_WORDS: Final = frozenset({"de", "d'", "du", "des", "of"})
_ARTICLES: Final = frozenset({"la", "l'", "le", "les", "the"})


def _place_complement(
    words: Sequence[str], tables: SpeakerTables, cased: frozenset[str]
) -> str | None:
    """« l'ambassade des États-Unis », "the embassy of Russia": a country in complement."""
    for k, word in enumerate(words):
        if word not in _OF_WORDS:
            continue
        rest = list(words[k + 1 :])
        if rest and rest[0] in _ARTICLES:
            rest = rest[1:]
        for n in range(len(rest), 0, -1):
            phrase = tuple(rest[:n])
            code = tables.places.get(phrase)
            if code is not None and all(w not in tables.cased or w in cased for w in phrase):
                return code
    return None


@dataclass(slots=True)
class _Person:
    """A person of the article: every mention of one surname."""

    name: str
    mentions: list[tuple[int, int]] = field(default_factory=list)
    roles: set[Words] = field(default_factory=set)
    country: str | None = None
    sector: str | None = None
    gender: str | None = None


@dataclass(slots=True)
class _Referent:
    """Someone or something a later pronoun or description may point back to."""

    position: int
    paragraph: int
    speaker: Speaker
    person: _Person | None
    number: str  # "s" or "p"
    gender: str | None
    human: bool
    spoke: bool


class ArticleSpeakerResolver:
    """The resolver used until the linker exists: names, pronouns and descriptions resolved
    inside the article (see the module docstring)."""

    def __init__(self, tables: SpeakerTables | None = None) -> None:
        self.tables = tables or load_tables()

    def resolve(self, doc: Doc, mentions: Sequence[SpeakerMention]) -> list[Speaker | None]:
        lexicon = load_cues(doc.language)
        if lexicon is None or doc.spacy is None:
            return [None for _ in mentions]
        article = _Article(doc, doc.spacy, lexicon, self.tables, [m.content for m in mentions])
        return [article.resolve(mention) for mention in mentions]


class _Article:
    def __init__(
        self,
        doc: Doc,
        parsed: SpacyDoc,
        lexicon: CueLexicon,
        tables: SpeakerTables,
        contents: Sequence[tuple[int, int]],
    ) -> None:
        self.text = doc.text
        self.parsed = parsed
        self.lex = lexicon
        self.tables = tables
        self.entities = [e for e in doc.entities if e.mentions]
        # Names inside quotation marks or reported clauses are what is said, not who says.
        quoted = [(q.start, q.end) for q in find_quotes(doc.text) if q.depth == 0]
        self.contents = sorted([*contents, *quoted])
        self.paragraph_starts = [0] + [i + 1 for i, ch in enumerate(self.text) if ch == "\n"]
        self.persons: dict[str, _Person] = {}
        self.referents: list[_Referent] = []
        # spaCy rebuilds ``ents`` on every access: read it once.
        self.person_ents = [e for e in parsed.ents if e.label_ in _PERSON_LABELS]
        self._collect_persons()
        if lexicon.language == "en":
            self._collect_subjects()

    # ------------------------------------------------------------------ persons

    def _collect_persons(self) -> None:
        ents = self.person_ents
        by_surname: dict[str, list[tuple[int, int, str]]] = {}
        for ent in ents:
            name = self._clean_name(ent.text)
            if name:
                by_surname.setdefault(_key(name), []).append((ent.start_char, ent.end_char, name))
        for key, found in by_surname.items():
            full = max(found, key=lambda f: (len(f[2].split()), -f[0]))[2]
            person = _Person(full, [(s, e) for s, e, _ in found])
            self.persons[key] = person
        for ent in ents:
            found_person = self.persons.get(_key(self._clean_name(ent.text)))
            if found_person is None:
                continue
            for words, text in self._appositions(ent.start, ent.end):
                self._learn(found_person, words, text)
            honorific = self._honorific(ent.start, ent.text)
            if honorific in _FEMININE_HONORIFICS:
                found_person.gender = "f"
            elif honorific in _MASCULINE_HONORIFICS:
                found_person.gender = "m"
        # Genders are known once every mention is read ("Mrs. Clinton" anywhere).
        for ent in ents:
            known = self.persons.get(_key(self._clean_name(ent.text)))
            if known is None:
                continue
            if ent.root.dep_ in _SUBJECT_DEPS and not self._in_content(ent.start_char):
                self.referents.append(
                    _Referent(
                        ent.start_char,
                        self._paragraph(ent.start_char),
                        Speaker(name=known.name),
                        known,
                        "s",
                        known.gender,
                        human=True,
                        spoke=False,
                    )
                )

    def _collect_subjects(self) -> None:
        """English subjects that are not names, for "they" and "he"/"she": "The campaign
        released its figures. They said …", "The senator arrived. He said …". (French
        « il »/« elle » also stand for any masculine or feminine noun: too loose.)"""
        for token in self.parsed:
            if token.dep_ != "nsubj" or token.pos_ not in ("NOUN", "PROPN") or token.ent_type_:
                continue
            if token.head.pos_ not in ("VERB", "AUX") or self._in_content(token.idx):
                continue
            start = token.left_edge.idx
            text = self.text[start : token.idx + len(token.text)]
            name = self._strip_determiners(text)
            if not name or "\n" in text:
                continue
            words = _words(name)
            description = describe(words, self.tables, self._cased(text))
            plural = token.tag_ in ("NNS", "NNPS")
            paragraph = self._paragraph(start)
            person = None
            if not plural and description.role is not None and _words(text)[0] in self.lex.definite:
                # "The Russian minister" after "Sergei Lavrov": the same person.
                antecedent = self._antecedent(start, paragraph, description, None)
                person = antecedent.person if antecedent is not None else None
            speaker = Speaker(name=name, country=description.country, sector=description.sector)
            if person is not None:
                speaker = Speaker(name=person.name, country=person.country, sector=person.sector)
            self.referents.append(
                _Referent(
                    start,
                    paragraph,
                    speaker,
                    person,
                    "p" if plural else "s",
                    None,
                    human=description.role is not None,
                    spoke=False,
                )
            )

    def _clean_name(self, text: str) -> str:
        words = [w for w in text.replace("’", "'").split() if w]
        while words and _fold(words[0]) in self.lex.honorifics:
            words = words[1:]
        if words and words[-1].endswith(("'s", "'")):
            words[-1] = words[-1].rstrip("'s").rstrip("'") or words[-1]
        return " ".join(w.strip(".,;:()") for w in words).strip()

    def _honorific(self, start: int, text: str) -> str | None:
        """The title before a name, or opening it ("Mrs. Clinton", « Mme Morel »)."""
        first = _fold(text.split(maxsplit=1)[0]) if text.strip() else ""
        if first in self.lex.honorifics:
            return first
        return _fold(self.parsed[start - 1].text) if start > 0 else None

    def _appositions(self, start: int, end: int) -> list[tuple[Words, str]]:
        """Role phrases beside a name: « le Premier ministre britannique Boris Johnson »,
        "Dmitri Peskov, porte-parole du Kremlin"."""
        found: list[str] = []
        before: list[str] = []
        k = start - 1
        while k >= 0 and len(before) < 8:
            token = self.parsed[k]
            if token.is_punct and token.text not in ("-", "'", "’"):
                break
            if token.pos_ in ("VERB", "AUX", "CCONJ", "SCONJ") or token.ent_type_ in _PERSON_LABELS:
                break  # another clause or another person's name
            if token.pos_ == "ADP" and _fold(token.text) not in ("de", "d'", "du", "des", "of"):
                break
            before.insert(0, token.text)
            k -= 1
        if before:
            found.append(" ".join(before))
        if end < len(self.parsed) and self.parsed[end].text == ",":
            after: list[str] = []
            k = end + 1
            while k < len(self.parsed) and len(after) < 8:
                token = self.parsed[k]
                if token.is_punct and token.text not in ("-", "'", "’"):
                    break
                if (
                    token.pos_ in ("VERB", "AUX", "CCONJ", "SCONJ")
                    or token.ent_type_ in _PERSON_LABELS
                ):
                    break
                after.append(token.text)
                k += 1
            if after:
                found.append(" ".join(after))
        pairs = [(split_words(text), text) for text in found]
        kept = []
        for words, text in pairs:
            description = describe(words, self.tables, self._cased(text))
            if description.role is not None or (description.country and len(words) <= 3):
                kept.append((words, text))  # « la Britannique Liz Truss » says a country
        return kept

    def _learn(self, person: _Person, words: Words, text: str = "") -> None:
        description = describe(words, self.tables, self._cased(text))
        if description.role is not None:
            person.roles.add(description.role)
        person.country = person.country or description.country
        person.sector = person.sector or description.sector

    # ------------------------------------------------------------------ resolution

    def resolve(self, mention: SpeakerMention) -> Speaker | None:
        words = _words(mention.text)
        paragraph = self._paragraph(mention.start)
        speaker: Speaker | None
        person = self._person_in(mention.start, mention.end)
        number, gender, human = "s", None, True
        if person is not None:
            description = describe(words, self.tables, self._cased(mention.text))
            self._learn(person, words, mention.text)
            speaker = Speaker(
                name=person.name,
                country=person.country or description.country,
                sector=person.sector or description.sector,
            )
            speaker = self._linked(speaker, [*person.mentions, (mention.start, mention.end)])
            gender = person.gender
        elif len(words) == 1 and _pronoun(words[0]) in self.lex.pronouns:
            pronoun = _pronoun(words[0])
            return self._pronoun(mention, self.lex.pronouns[pronoun], paragraph)
        else:
            speaker, person, number, gender, human = self._description(mention, words, paragraph)
            if speaker is None:
                return None
        self.referents.append(
            _Referent(mention.start, paragraph, speaker, person, number, gender, human, spoke=True)
        )
        return speaker

    def _description(
        self, mention: SpeakerMention, words: Words, paragraph: int
    ) -> tuple[Speaker | None, _Person | None, str, str | None, bool]:
        linked = self._entity_at(mention.start, mention.end)
        core = words
        while core and core[0] in self.lex.determiners:
            core = core[1:]
        description = describe(core, self.tables, self._cased(mention.text))
        number, gender = self._agreement(mention, words)
        definite = bool(words) and words[0] in self.lex.definite
        proper = self._has_proper_noun(mention.start, mention.end)
        if linked is not None:
            return _from_entity(linked), None, number, gender, linked.kind == "person"
        if definite and description.role is not None and not proper and number == "s":
            referent = self._antecedent(mention.start, paragraph, description, gender)
            if referent is not None:
                if referent.person is not None:
                    self._learn(referent.person, words, mention.text)
                    speaker = Speaker(
                        entity=referent.speaker.entity,
                        name=referent.person.name,
                        country=referent.person.country or description.country,
                        sector=referent.person.sector or description.sector,
                    )
                else:
                    speaker = referent.speaker
                return speaker, referent.person, number, gender, True
        if definite and not proper and core:
            earlier = self._same_thing(mention.start, paragraph, core)
            if earlier is not None:
                return (
                    earlier.speaker,
                    earlier.person,
                    earlier.number,
                    earlier.gender,
                    earlier.human,
                )
        name = self._strip_determiners(mention.text)
        if not name:
            return None, None, number, gender, False
        human = description.role is not None
        speaker = Speaker(name=name, country=description.country, sector=description.sector)
        return speaker, None, number, gender, human

    def _antecedent(
        self, position: int, paragraph: int, description: Description, gender: str | None
    ) -> _Referent | None:
        """The person a definite description points back to: first the latest speaker or
        person subject nearby that fits, then a person named with that role anywhere."""
        nearby = self._before(position, paragraph)
        for referent in nearby:
            if referent.human and self._fits(referent, description, gender):
                return referent
        if description.role is None:
            return None
        titled = [
            p
            for p in self.persons.values()
            if description.role in p.roles and _compatible(p.country, description.country)
        ]
        if not titled:
            return None
        best = max(
            titled, key=lambda p: max((s for s, _ in p.mentions if s < position), default=-1)
        )
        return _Referent(
            position,
            paragraph,
            self._linked(
                Speaker(name=best.name, country=best.country, sector=best.sector), best.mentions
            ),
            best,
            "s",
            best.gender,
            True,
            False,
        )

    def _same_thing(self, position: int, paragraph: int, core: Words) -> _Referent | None:
        """« l'ambassade » after « l'ambassade des États-Unis à Kiev », "the campaign" after
        "the Clinton campaign": a definite description whose words all named an earlier
        speaker is that speaker."""
        wanted = set(core)
        for referent in self._before(position, paragraph):
            named = set(_words(referent.speaker.name))
            if referent.person is None and referent.spoke and wanted <= named:
                return referent
        return None

    def _fits(self, referent: _Referent, description: Description, gender: str | None) -> bool:
        if referent.number != "s" or not _compatible(referent.gender, gender):
            return False
        person = referent.person
        if person is None:
            # An unnamed speaker: « un porte-parole … » then « le représentant ».
            return referent.spoke and _compatible(referent.speaker.country, description.country)
        if not _compatible(person.country, description.country):
            return False
        return not person.roles or description.role in person.roles

    def _pronoun(self, mention: SpeakerMention, kind: str, paragraph: int) -> Speaker | None:
        if kind == "n" and self.lex.language == "fr":
            return None  # « on »: no one in particular
        plural = kind == "p"
        candidates = self._before(mention.start, paragraph)
        if self.lex.language == "fr" and not plural:
            # « il », « elle » may stand for an institution, but a person comes first.
            candidates = [r for r in candidates if r.human] + [r for r in candidates if not r.human]
        for referent in candidates:
            if not self._agrees(referent, kind):
                continue
            speaker = referent.speaker
            person = referent.person
            if person is not None and referent.speaker.entity is None:
                # What the article says of the person by now (roles read anywhere).
                found = Speaker(name=person.name, country=person.country, sector=person.sector)
                speaker = self._linked(found, person.mentions)
            self.referents.append(
                _Referent(
                    mention.start,
                    paragraph,
                    speaker,
                    referent.person,
                    referent.number,
                    referent.gender,
                    referent.human,
                    spoke=True,
                )
            )
            return speaker
        return None

    def _agrees(self, referent: _Referent, kind: str) -> bool:
        """Number, and gender where both are known; English "he"/"she" need a person,
        and English "they" also stands for an organisation ("the campaign … they")."""
        english = self.lex.language == "en"
        if kind == "p":
            return referent.number == "p" or (english and not referent.human)
        if referent.number == "p" or (english and not referent.human):
            return False
        return _compatible(referent.gender, kind if kind in "mf" else None)

    # ------------------------------------------------------------------ helpers

    def _before(self, position: int, paragraph: int) -> list[_Referent]:
        """Referents before ``position`` within the window, the nearest first."""
        found = [
            r
            for r in self.referents
            if r.position < position and paragraph - r.paragraph <= _WINDOW_PARAGRAPHS
        ]
        return sorted(found, key=lambda r: r.position, reverse=True)

    def _person_in(self, start: int, end: int) -> _Person | None:
        for ent in self.person_ents:
            if ent.start_char < end and start < ent.end_char:
                return self.persons.get(_key(self._clean_name(ent.text)))
        # A surname the tagger missed, after a name it found (« M. Blinken »).
        for word in reversed(_WORD.findall(self.text[start:end])):
            person = self.persons.get(_key(word.strip(".,;:")))
            if person is not None and word[:1].isupper():
                return person
        return None

    def _has_proper_noun(self, start: int, end: int) -> bool:
        span = self.parsed.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        return any(t.pos_ == "PROPN" or t.ent_type_ in _NAME_LABELS for t in span)

    def _agreement(self, mention: SpeakerMention, words: Words) -> tuple[str, str | None]:
        first = words[0] if words else ""
        span = self.parsed.char_span(mention.start, mention.end, alignment_mode="expand")
        head = span.root if span is not None else None
        plural = first in _PLURAL_ARTICLES or (
            head is not None and "Plur" in feature(head, "Number")
        )
        gender: str | None = None
        if first in _FEMININE_ARTICLES:
            gender = "f"
        elif first in _MASCULINE_ARTICLES:
            gender = "m"
        elif head is not None and feature(head, "Gender"):
            gender = "f" if "Fem" in feature(head, "Gender") else "m"
        return ("p" if plural else "s"), gender

    def _strip_determiners(self, text: str) -> str:
        words = text.split()
        while words:
            first = words[0].replace("’", "'")
            folded = first.casefold()
            elided = re.match(r"^(l'|d')(.+)$", folded)
            if folded in self.lex.determiners:
                words = words[1:]
            elif elided and elided.group(1) in self.lex.determiners:
                words[0] = words[0][2:]
                break
            else:
                break
        return " ".join(words).strip(" ,.;:")

    @staticmethod
    def _cased(text: str) -> frozenset[str]:
        """The words of ``text`` written in capitals, normalised (for US, UK)."""
        return frozenset(_fold(w) for w in _WORD.findall(text) if w.isupper())

    def _linked(self, speaker: Speaker, spans: Sequence[tuple[int, int]]) -> Speaker:
        for start, end in spans:
            entity = self._entity_at(start, end)
            if entity is not None:
                return _from_entity(entity)
        return speaker

    def _entity_at(self, start: int, end: int) -> Entity | None:
        for entity in self.entities:
            if any(m.start < end and start < m.end for m in entity.mentions):
                return entity
        return None

    def _in_content(self, position: int) -> bool:
        return any(s <= position < e for s, e in self.contents)

    def _paragraph(self, position: int) -> int:
        low, high = 0, len(self.paragraph_starts)
        while low < high:
            mid = (low + high) // 2
            if self.paragraph_starts[mid] <= position:
                low = mid + 1
            else:
                high = mid
        return low - 1


def _from_entity(entity: Entity) -> Speaker:
    return Speaker(entity=entity.id, name=entity.name, country=entity.country, sector=entity.sector)


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _words(text: str) -> Words:
    return split_words(" ".join(w.strip(".,;:") or w for w in _WORD.findall(text)))


def _pronoun(word: str) -> str:
    """ "-t-il" → "il": French inverted clitics read as their pronoun."""
    return word.lstrip("-").removeprefix("t-")


def _fold(word: str) -> str:
    return word.casefold().replace("’", "'")


def _key(name: str) -> str:
    """A person's key: the surname without accents or case ("Poutine", "Blinken")."""
    surname = name.rsplit(maxsplit=1)[-1] if name.strip() else name
    decomposed = unicodedata.normalize("NFKD", surname.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
