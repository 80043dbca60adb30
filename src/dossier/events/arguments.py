"""Arguments of a trigger: actors and recipients, location, date and figures.

Roles come from spaCy's dependency parse (Universal Dependencies labels for French, the
ClearNLP labels of the English models), the lexicon entry's frame says which role gives an
actor and which a recipient:

- verbs: subject → ``subj``; object → ``obj``; indirect object → ``iobj``; an oblique or a
  prepositional phrase → its preposition ("avec", "with", "à", "to", "contre", "against",
  "entre", "between"…). In the passive the grammatical subject is the ``obj`` and the
  "par"/"by" agent the ``subj``.
- a verb without a subject takes it from the clause that governs it: the controller of an
  infinitive ("X refused to meet", the object of "autoriser X à" / "urge X to"), the first
  of coordinated verbs, the noun a participle modifies ("troops deployed …" as ``obj``).
- nouns (nominalisations): possessive → ``poss``; demonym adjective ("russe", "Russian") →
  ``amod``; compound ("US aid") → ``compound``; prepositional complements by preposition.
  A noun that is the object of a support verb ("mener une attaque", "hold talks",
  "announce exercises", "prévoir des exercices") takes that verb's subject and
  prepositional phrases.
- ``speaker``: whoever utters the clause: the speaker of the quote it is in, else the
  subject of the reporting verb that governs it (the actor of "he will pay a heavy price").

Each argument token is resolved into :class:`~dossier.model.Party` objects: through the
linker's entities (:func:`dossier.actors.entity_at`), then as a described actor (a
descriptor of the knowledge base or of the lexicon's ``actors`` table, with the country of
its demonym adjective or of a named modifier: « un haut responsable américain » → USA GOV),
then pronouns (the speaker for "nous"/"we", the nearest coded mention for "il"/"they", the
clause's subject for possessives, the antecedent for relative pronouns). Coordinated
parties are listed (« la Lituanie, la Lettonie et l'Estonie »). Regional constructs the
linker leaves uncoded ("the West") are not parties.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeAlias

from ..actors import entity_at, party_for
from ..doc import Doc
from ..model import Entity, Party, Place, Quantity
from .lexicon import Entry, Lexicon
from .triggers import TriggerMatch, object_heads, token_keys

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Token

    from ..kb import KnowledgeBase

__all__ = ["Argument", "Arguments", "DocContext", "extract_arguments"]

NOUNISH = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X", "DET"})
SUBJ_DEPS = frozenset({"nsubj", "csubj"})
PASS_SUBJ_DEPS = frozenset({"nsubj:pass", "nsubjpass", "csubjpass"})
PASS_AUX_DEPS = frozenset({"aux:pass", "auxpass"})
OBJ_DEPS = frozenset({"obj", "dobj"})
OBL_DEPS = frozenset({"obl", "obl:arg", "obl:mod", "nmod", "obl:agent"})
# Dependents that belong to a noun phrase's core (names, titles, demonyms, numbers), as
# opposed to clauses and prepositional phrases that merely qualify it.
CORE_DEPS = frozenset(
    {"compound", "flat", "flat:name", "flat:foreign", "amod", "appos", "nummod", "det",
     "poss", "nmod:poss", "fixed", "nmod", "case"}
)  # fmt: skip
# Governor steps a date may be looked for on, from the trigger up (see _date).
MAX_GOVERNORS = 4
# An attachment (time, place, figure) counts when its head chain reaches the trigger's
# clause in at most this many steps; deeper, it qualifies something else. Set on the
# example articles: "à 11h00" is 2 steps from its verb, "dans le nord du pays" 3.
MAX_ATTACH_STEPS = 4
# How many tokens left of a verb without a subject the nearest party may stand to be taken
# as its actor (English small-model parses often lose the subject of hyphenated verbs).
# Checked on ConfliBERT train: beyond 6 the left party is usually another clause's.
PROXIMITY_TOKENS = 6
# How many sentences before a pronoun's own its antecedent is looked for. Three: quotes
# split a speaker's words into short sentences (« … ? Oui, je pense qu'il le fera. « Mais
# il paiera… »), measured on the seed article.
ANTECEDENT_SENTENCES = 3


@dataclass(frozen=True, slots=True)
class Argument:
    """One filled argument, for the record and for ``--explain``."""

    role: str
    slot: str
    start: int
    end: int
    text: str
    party: Party | None
    how: str


@dataclass
class Arguments:
    actors: list[Party] = field(default_factory=list)
    recipients: list[Party] = field(default_factory=list)
    location: Place | None = None
    location_how: str = ""
    date: str | None = None
    date_end: str | None = None
    date_precision: str = "unknown"
    date_mod: str | None = None
    date_how: str = ""
    quantities: list[Quantity] = field(default_factory=list)
    found: list[Argument] = field(default_factory=list)
    joint: bool = False
    speaker: Party | None = None
    non_agent: str | None = None
    by_proximity: bool = False
    governors: tuple[int, ...] = ()
    clause: tuple[int, int] = (0, 0)  # token range of the trigger's clause, for mode cues


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    start: int
    end: int
    speaker: Party | None


class DocContext:
    """What argument extraction needs about one document, computed once per document."""

    def __init__(self, doc: Doc, sdoc: SpacyDoc, lexicon: Lexicon, kb: KnowledgeBase) -> None:
        self.doc = doc
        self.sdoc = sdoc
        self.lexicon = lexicon
        self.kb = kb
        self.places: dict[str, Place] = dict(doc.extras.get("places") or {})
        self.token_starts = [t.idx for t in sdoc]
        self.quotes = _quote_spans(doc)
        mentions = [
            (m.start, m.end, e) for e in doc.entities for m in e.mentions if m.end > m.start
        ]
        mentions.sort(key=lambda x: (x[0], x[1]))
        self.mentions = mentions
        self.entities = {e.id: e for e in doc.entities}
        self.mention_starts = [m[0] for m in mentions]
        # Heads of all triggers of the document: a place or date hanging from another
        # trigger ("lors des pourparlers à Berlin") belongs to that event, not this one.
        self.trigger_heads: set[int] = set()
        # Tokens of the document's time expressions ("vendredi", "on Friday").
        self.time_tokens: set[int] = set()
        for timex in doc.times:
            first = self.token_at(timex.start).i
            last = self.token_at(max(timex.start, timex.end - 1)).i
            self.time_tokens.update(range(first, last + 1))

    def token_at(self, offset: int) -> Token:
        index = max(0, bisect.bisect_right(self.token_starts, offset) - 1)
        return self.sdoc[index]

    def span_head(self, start: int, end: int) -> Token:
        """The token of ``[start, end)`` whose head lies outside it."""
        first = self.token_at(start)
        last = self.token_at(max(start, end - 1))
        inside = range(first.i, last.i + 1)
        for i in inside:
            token = self.sdoc[i]
            if token.head.i not in inside or token.head.i == i:
                return token
        return first

    def speaker_at(self, offset: int) -> Party | None:
        for quote in self.quotes:
            if quote.start <= offset < quote.end:
                return quote.speaker
        return None

    def in_quote(self, offset: int) -> bool:
        return any(q.start <= offset < q.end for q in self.quotes)

    def cue(self, key: str) -> frozenset[str]:
        return self.lexicon.cue(key)


def _quote_spans(doc: Doc) -> list[QuoteSpan]:
    evidence: list[Any] = list(doc.extras.get("quotes") or [])
    spans = []
    for number, quote in enumerate(doc.quotes):
        party: Party | None = None
        where = evidence[number].speaker if number < len(evidence) else None
        if where is not None:
            entity = entity_at(doc, where[0], where[1])
            if entity is not None and _coded(entity):
                party = party_for(entity)
        if (
            party is None
            and quote.speaker is not None
            and (quote.speaker.country or quote.speaker.sector)
        ):
            speaker = quote.speaker
            party = Party(
                entity=speaker.entity,
                name=speaker.name,
                country=speaker.country,
                code=speaker.country,
                sector=speaker.sector,
            )
        spans.append(QuoteSpan(quote.start, quote.end, party))
    return spans


def _coded(entity: Entity) -> bool:
    """Whether a linked entity can be a party: coded (a state, an organ, an IGO…), or a
    named person, organisation or group the knowledge base does not code — "CIDA gave
    $2 million" has an actor even if no code is known for it. Places and regions ("the
    West") are not parties."""
    if entity.code is not None or entity.sector is not None:
        return True
    return entity.kind in ("person", "organization", "group")


@dataclass(frozen=True, slots=True)
class Resolved:
    party: Party | None
    how: str
    start: int
    end: int


# ------------------------------------------------------------------------------ roles


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASS_SUBJ_DEPS or c.dep_ in PASS_AUX_DEPS for c in verb.children)


def _case_of(noun: Token, lexicon: Lexicon) -> str | None:
    """The preposition introducing ``noun``: its case dependents ("à", "au", "vis-à-vis
    de"), else an adposition right before it that the parser attached elsewhere."""
    cases = [c for c in noun.children if c.dep_ in ("case", "fixed") and c.i < noun.i]
    if cases:
        first = min(cases, key=lambda c: c.i)
        return lexicon.preposition(first.lower_)
    left = noun.left_edge
    if left.i > 0:
        before = noun.doc[left.i - 1]
        if before.pos_ in ("ADP", "X") and before.head.i != before.i:
            return lexicon.preposition(before.lower_)
    return None


def _pobjs(prep: Token, lexicon: Lexicon) -> list[tuple[str, Token]]:
    name = lexicon.preposition(prep.lower_)
    return [(name, p) for p in prep.children if p.dep_ == "pobj"]


def _oblique(child: Token, lexicon: Lexicon) -> list[tuple[str, Token]]:
    prep = _case_of(child, lexicon) if child.pos_ in NOUNISH else None
    if prep is None and child.pos_ == "NOUN":
        # « a rencontré vendredi Antony Blinken »: parsers take the name for an apposition
        # or bare modifier of the date noun; a common noun with no preposition has no such
        # dependent, so the name is the verb's object.
        return [
            ("obj", c)
            for c in child.children
            if c.dep_ in ("appos", "nmod")
            and c.pos_ == "PROPN"
            and not any(g.dep_ == "case" for g in c.children)
        ]
    return [(prep, child)] if prep is not None else []


RoleFinder: TypeAlias = "Callable[[Token, Lexicon], list[tuple[str, Token]]]"


def _as_role(role: str) -> RoleFinder:
    return lambda child, _lexicon: [(role, child)]


def _agent_pobjs(child: Token, _lexicon: Lexicon) -> list[tuple[str, Token]]:
    return [("subj", p) for p in child.children if p.dep_ == "pobj"]


def _dative(child: Token, lexicon: Lexicon) -> list[tuple[str, Token]]:
    return _pobjs(child, lexicon) if child.pos_ == "ADP" else [("iobj", child)]


def _verb_conj(child: Token, lexicon: Lexicon) -> list[tuple[str, Token]]:
    # "s'est entretenu avec X, ainsi qu'avec Y": parsers hang Y on the verb.
    return _oblique(child, lexicon) if child.pos_ in ("NOUN", "PROPN") else []


_VERB_ROLES: dict[str, RoleFinder] = {
    "obl:agent": _as_role("subj"),
    "agent": _agent_pobjs,
    "iobj": _as_role("iobj"),
    "obj": _as_role("obj"),
    "dobj": _as_role("obj"),
    "nsubj:pass": _as_role("obj"),
    "nsubjpass": _as_role("obj"),
    "csubjpass": _as_role("obj"),
    "dative": _dative,
    "prep": _pobjs,
    "conj": _verb_conj,
    **{dep: _oblique for dep in OBL_DEPS if dep != "obl:agent"},
}


def _amod_roles(child: Token, lexicon: Lexicon) -> list[tuple[str, Token]]:
    # « exercices conjoints avec l'Iran »: the adjective's complement is the noun's.
    out = [("amod", child)]
    for grandchild in child.children:
        if grandchild.dep_ in OBL_DEPS:
            out.extend(_oblique(grandchild, lexicon))
    return out


def _noun_oblique(child: Token, lexicon: Lexicon) -> list[tuple[str, Token]]:
    found = _oblique(child, lexicon)
    if not found and child.dep_ == "nmod" and child.pos_ == "PROPN":
        return [("compound", child)]
    return found


def _possessive_det(child: Token, _lexicon: Lexicon) -> list[tuple[str, Token]]:
    return [("poss", child)] if "Yes" in child.morph.get("Poss", []) else []


_NOUN_ROLES: dict[str, RoleFinder] = {
    "nmod:poss": _as_role("poss"),
    "poss": _as_role("poss"),
    "det": _possessive_det,
    "compound": _as_role("compound"),
    "amod": _amod_roles,
    "prep": _pobjs,
    **{dep: _noun_oblique for dep in OBL_DEPS},
    **{dep: _as_role("subj") for dep in SUBJ_DEPS},
}


def role_tokens(head: Token, lexicon: Lexicon) -> list[tuple[str, Token]]:
    """The trigger's own dependents, by role (see the module docstring)."""
    verbal = head.pos_ in ("VERB", "AUX") or (
        head.pos_ == "ADJ" and "Part" in head.morph.get("VerbForm", [])
    )
    out: list[tuple[str, Token]] = []
    if not verbal:
        for child in head.children:
            finder = _NOUN_ROLES.get(child.dep_)
            if finder is not None:
                out.extend(finder(child, lexicon))
        return out
    # In the passive the "by" agent acts; a subject beside it is the patient.
    subject_role = "obj" if is_passive(head) and _has_agent(head) else "subj"
    for child in head.children:
        if child.dep_ in SUBJ_DEPS:
            out.append((subject_role if child.dep_ == "nsubj" else "subj", child))
            continue
        finder = _VERB_ROLES.get(child.dep_)
        if finder is not None:
            out.extend(finder(child, lexicon))
    return out


def _has_agent(verb: Token) -> bool:
    return any(c.dep_ in ("agent", "obl:agent") for c in verb.children)


def governor(token: Token) -> Token | None:
    """The word a noun or clause depends on, skipping an English preposition."""
    if token.head.i == token.i:
        return None
    head = token.head
    if token.dep_ == "pobj" and head.head.i != head.i:
        return head.head
    return head


def _key_in(token: Token, words: frozenset[str]) -> bool:
    return any(k in words for k in token_keys(token))


Inherited: TypeAlias = "tuple[list[tuple[str, Token]], str]"


def inherited_subject(head: Token, lexicon: Lexicon, depth: int = 0) -> Inherited | None:
    """Where a trigger without its own subject gets one (see the module docstring)."""
    gov = governor(head)
    if depth > 3 or gov is None:
        return None
    return (
        _controlled(head, gov, lexicon, depth)
        or _coordinated(head, gov, lexicon, depth)
        or _modified(head, gov, lexicon, depth)
        or _adverbial(head, gov, lexicon, depth)
    )


def _controlled(head: Token, gov: Token, lexicon: Lexicon, depth: int) -> Inherited | None:
    """An infinitive takes the object of "autoriser X à", "urge X to", else the subject of
    the verb it completes ("X refused to meet")."""
    infinitive = (
        "Inf" in head.morph.get("VerbForm", [])
        or head.dep_ == "xcomp"
        or head.tag_ in ("VB", "VBG")
    )
    if head.dep_ not in ("xcomp", "ccomp", "advcl", "obj", "dobj") or not infinitive:
        return None
    if _key_in(gov, lexicon.cue("object_control")):
        objects = [c for c in gov.children if c.dep_ in OBJ_DEPS | {"iobj", "dative"}]
        if objects:
            return [("subj", objects[0])], f"object of '{gov.text}' (control)"
    own = _own_subject(gov, lexicon, depth)
    return (own[0], f"subject of '{gov.text}' (control)") if own is not None else None


def _coordinated(head: Token, gov: Token, lexicon: Lexicon, depth: int) -> Inherited | None:
    if head.dep_ != "conj" or head.pos_ not in ("VERB", "AUX"):
        return None
    own = _own_subject(gov, lexicon, depth)
    return (own[0], f"subject of the coordinated '{gov.text}'") if own is not None else None


def _modified(head: Token, gov: Token, lexicon: Lexicon, depth: int) -> Inherited | None:
    intent = lexicon.cue("planning") | lexicon.cue("desire")
    if head.dep_ in ("acl", "xcomp") and gov.pos_ == "NOUN" and _key_in(gov, intent):
        # « Moscou n'a pas l'intention d'envahir », "Russia has plans to invade": whoever
        # has the intention is the one who would act.
        holder = governor(gov)
        own = _own_subject(holder, lexicon, depth) if holder is not None else None
        if holder is not None and own is not None:
            return own[0], f"subject of '{holder.text} {gov.text}'"
    if head.dep_ == "acl" and "Inf" in head.morph.get("VerbForm", []):
        # « la Lituanie, la Lettonie et l'Estonie à envoyer … »: parsers hang an object-
        # control infinitive on the last object; its doer is the whole coordination.
        return [("subj", coordination_head(gov))], f"noun before the infinitive ('{gov.text}')"
    if head.dep_ in ("acl", "amod") and head.pos_ in ("VERB", "ADJ"):
        return [("obj", gov)], f"noun modified by the participle ('{gov.text}')"
    return None


def _adverbial(head: Token, gov: Token, lexicon: Lexicon, depth: int) -> Inherited | None:
    forms = head.morph.get("VerbForm", [])
    if head.dep_ != "advcl" or not ("Part" in forms or "Ger" in forms):
        return None
    own = _own_subject(gov, lexicon, depth)
    return (own[0], f"subject of '{gov.text}'") if own is not None else None


def coordination_head(token: Token) -> Token:
    """The first member of the coordination (or apposition list) ``token`` is in."""
    current = token
    for _step in range(6):
        if current.dep_ in ("conj", "appos") and current.head.i != current.i:
            current = current.head
        else:
            break
    return current


def _listed_before(token: Token) -> Token | None:
    """The item before ``token`` in a list "X, Y et Z" that the parser hung elsewhere: a
    noun right before the comma, on the same head, without a preposition."""
    doc = token.doc
    i = token.left_edge.i - 1
    if i < 1 or doc[i].text != ",":
        return None
    before = doc[i - 1]
    while before.dep_ in ("flat", "flat:name", "compound") and before.head.i < i:
        before = before.head
    introduced = any(c.dep_ == "case" for c in before.children)
    if before.pos_ == "PROPN" and before.head.i == token.head.i and not introduced:
        return before
    return None


def coordination_members(token: Token) -> list[Token]:
    """``token`` and the parties coordinated with it, "X, Y et Z" included when parsed as
    an apposition list (spaCy's French model often does) or with X hung elsewhere."""
    members = [token]
    if any(c.dep_ == "conj" for c in token.children):
        earlier = _listed_before(token)
        while earlier is not None and earlier not in members:
            members.insert(0, earlier)
            earlier = _listed_before(earlier)
    frontier = [token]
    while frontier:
        nxt = []
        for item in frontier:
            for child in item.children:
                if child in members or child.pos_ not in ("PROPN", "NOUN"):
                    continue
                if child.dep_ == "conj" or (child.dep_ == "appos" and child.pos_ == "PROPN"):
                    members.append(child)
                    nxt.append(child)
        frontier = nxt
    return sorted(members, key=lambda t: t.i)


def _own_subject(
    verb: Token, lexicon: Lexicon, depth: int
) -> tuple[list[tuple[str, Token]], str] | None:
    passive = is_passive(verb)
    subjects = [c for c in verb.children if c.dep_ in SUBJ_DEPS]
    agents = [c for c in verb.children if c.dep_ == "obl:agent"] + [
        p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
    ]
    if passive:
        # A passive clause's subject is its patient; only a "par"/"by" agent acts.
        return ([("subj", agents[0])], "agent") if agents else None
    if subjects:
        return [("subj", subjects[0])], "subject"
    return inherited_subject(verb, lexicon, depth + 1)


# ------------------------------------------------------------------------------ parties


def _in_phrase(other: Token, token: Token, allow: frozenset[str] = frozenset()) -> bool:
    """Whether ``other`` sits in a prepositional phrase under ``token`` ("les alliés des
    États-Unis"): such a phrase names something else than the noun itself. Phrases
    introduced by a preposition of ``allow`` do not count."""
    current = other
    while current.i not in (token.i, current.head.i):
        cases = [c.lower_ for c in current.children if c.dep_ == "case"]
        if current.dep_ == "pobj":
            cases.append(current.head.lower_)
        if any(c not in allow for c in cases):
            return True
        current = current.head
    return False


def _core_tokens(token: Token) -> list[Token]:
    core = [token]
    frontier = [token]
    for _depth in range(2):
        nxt = []
        for item in frontier:
            for child in item.children:
                if child.dep_ in CORE_DEPS and child not in core:
                    if child.dep_ == "nmod" and child.pos_ not in ("PROPN", "NOUN"):
                        continue
                    core.append(child)
                    nxt.append(child)
        frontier = nxt
    return sorted(core, key=lambda t: t.i)


_OF = frozenset({"de", "d'", "d’", "du", "des", "of"})
_KIND_RANK = {"person": 0, "organization": 1, "group": 2, "state": 3, "place": 4, "other": 5}


class PartyResolver:
    """Tokens → parties, for one document (see the module docstring)."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.lexicon = ctx.lexicon
        # Entities a pronoun may not refer to while one event's roles are resolved: its
        # actors, for its object pronouns ("ils les ont déclarées inacceptables").
        self.avoid: set[str] = set()

    def resolve_head(self, token: Token) -> Party | None:
        """Only what the token itself names (no phrase around it): for sources of
        attribution, whose phrase the parser often merges with the clause's subject."""
        entity = entity_at(self.ctx.doc, token.idx, token.idx + len(token))
        if entity is not None and _coded(entity):
            return party_for(entity)
        found = self._described(token, [token])
        return found[0].party if found else None

    def resolve(self, token: Token, depth: int = 0, *, as_party: bool = False) -> list[Resolved]:
        """The parties a token stands for, one per coordinated member.

        ``as_party``: the token fills an actor or recipient role, so a place there stands
        for its country ("aid to Kiev"), and a noun of the lexicon's ``pass_through`` list
        for its "de"/"of" complement ("la sécurité de l'Ukraine").
        """
        if token.pos_ in ("PROPN", "NOUN"):
            members = coordination_members(coordination_head(token))
            if token not in members:
                members = coordination_members(token)
        else:
            members = [token]
        members = [m for m in members if m.pos_ in NOUNISH or m is token]
        out: list[Resolved] = []
        for member in members:
            found = self._one(member, depth)
            if as_party and all(f.party is None for f in found):
                found = self._as_party(member, depth) or found
            out.extend(found)
        return out

    def _as_party(self, token: Token, depth: int) -> list[Resolved]:
        ctx = self.ctx
        start, end = token.idx, token.idx + len(token)
        if _key_in(token, ctx.cue("pass_through")):
            for child in token.children:
                if child.dep_ in ("nmod", "prep", "amod", "poss", "nmod:poss", "det"):
                    target = child
                    if child.dep_ == "prep":
                        target = next((c for c in child.children if c.dep_ == "pobj"), child)
                    if target.dep_ == "det" and "Yes" not in target.morph.get("Poss", []):
                        continue
                    if target.dep_ == "amod" and not _demonym(target, ctx):
                        continue
                    found = self.resolve(target, depth + 1)
                    if found and found[0].party is not None:
                        return [
                            Resolved(f.party, f"{token.text} of → {f.how}", start, end)
                            for f in found
                            if f.party is not None
                        ]
        entity = entity_at(ctx.doc, start, end)
        if entity is not None and entity.kind == "place" and entity.country:
            # A city in an actor or recipient role stands for its state ("aid to Kiev").
            party = Party(
                entity=entity.id, name=entity.name, country=entity.country, code=entity.country
            )
            return [Resolved(party, f"place as its country: {entity.name}", start, end)]
        return []

    def _one(self, token: Token, depth: int) -> list[Resolved]:
        ctx = self.ctx
        start, end = token.idx, token.idx + len(token)
        if depth > 3:
            return [Resolved(None, "too deep", start, end)]
        if token.pos_ in ("PRON", "DET") or token.lower_ in ctx.cue("relative_pronouns"):
            return [self._pronoun(token, depth)]
        entity = entity_at(ctx.doc, start, end)
        if entity is not None and _coded(entity):
            return [Resolved(party_for(entity), f"linked: {entity.id}", start, end)]
        steps = (self._through, self._demonym, self._person_in_phrase, self._described_step,
                 self._phrase_entity)  # fmt: skip
        for step in steps:
            found = step(token, entity is not None, depth)
            if found:
                return found
        if entity is not None:
            return [Resolved(None, f"not coded: {entity.name} (a region or place)", start, end)]
        return [Resolved(None, "unresolved: no entity or described actor", start, end)]

    def _through(self, token: Token, _linked: bool, depth: int) -> list[Resolved]:
        # "thousands of soldiers", "a group of protesters": the complement is the party.
        if token.pos_ == "NOUN" and _key_in(token, self.ctx.cue("pass_through")):
            return self._as_party(token, depth)
        return []

    def _demonym(self, token: Token, linked: bool, _depth: int) -> list[Resolved]:
        if linked or token.pos_ not in ("ADJ", "PROPN", "NOUN"):
            return []
        state = self._demonym_state(token)
        if state is None:
            return []
        return [Resolved(state, f"demonym of {state.name}", token.idx, token.idx + len(token))]

    def _person_in_phrase(self, token: Token, _linked: bool, _depth: int) -> list[Resolved]:
        # A named person in the phrase is who it is ("le ministre russe … Sergueï Lavrov").
        for other in _core_tokens(token):
            if other is token or other.pos_ != "PROPN":
                continue
            if _in_phrase(other, token) and not self._title_before(token, other):
                continue
            found = entity_at(self.ctx.doc, other.idx, other.idx + len(other))
            if found is not None and found.kind == "person" and _coded(found):
                how = f"linked in the phrase: {found.id}"
                return [Resolved(party_for(found), how, token.idx, token.idx + len(token))]
        return []

    def _title_before(self, token: Token, name: Token) -> bool:
        """Whether the words from ``token`` to the apposed ``name`` are a title of the KB
        (« le chef de la diplomatie russe Sergueï Lavrov »: the parser hangs the name on
        « diplomatie », but the title names him), demonyms after it set aside."""
        if name.dep_ != "appos" or name.i <= token.i:
            return False
        words = list(token.doc[token.i : name.i])
        while words and words[-1].pos_ == "ADJ":
            words.pop()
        if len(words) < 2:
            return False
        return bool(self.ctx.kb.lookup_title(token.doc[words[0].i : words[-1].i + 1].text))

    def _described_step(self, token: Token, _linked: bool, _depth: int) -> list[Resolved]:
        return self._described(token, _core_tokens(token))

    def _phrase_entity(self, token: Token, _linked: bool, _depth: int) -> list[Resolved]:
        best: tuple[tuple[int, int], Entity] | None = None
        for other in _core_tokens(token):
            # Names and titles of the phrase, not its complements ("alliés des États-Unis").
            if other is token or other.dep_ in ("det", "case") or _in_phrase(other, token):
                continue
            found = entity_at(self.ctx.doc, other.idx, other.idx + len(other))
            if found is not None and _coded(found):
                key = (_KIND_RANK.get(found.kind, 9), abs(other.i - token.i))
                if best is None or key < best[0]:
                    best = (key, found)
        if best is None:
            return []
        entity = best[1]
        how = f"linked in the phrase: {entity.id}"
        return [Resolved(party_for(entity), how, token.idx, token.idx + len(token))]

    def _demonym_state(self, token: Token) -> Party | None:
        """The state a demonym adjective names ("russe", "Russian"), or a bare state name
        the linker left alone ("US" in "US aid")."""
        if token.pos_ == "NOUN" and token.dep_ not in ("compound", "amod"):
            return None
        for ident, name, country in states_named(self.ctx.kb, token.text):
            return Party(entity=ident, name=name, country=country, code=country)
        return None

    def _sector(self, token: Token, core: Sequence[Token]) -> str | None:
        first = core[0]
        phrases = [token.text, token.lemma_]
        # Two-word descriptors: "security forces", "forces de l'ordre", "senior official".
        if first.i < token.i:
            phrases.insert(0, token.doc[first.i : token.i + 1].text)
        for phrase in phrases:
            sector = descriptor_sector(self.ctx.kb, phrase, self.lexicon.language)
            if sector is not None:
                return sector
        for key in token_keys(token):
            sector = self.lexicon.actors.get(key)
            if sector is not None:
                return sector
        return None

    def _countries(
        self, token: Token, core: Sequence[Token]
    ) -> list[tuple[str | None, str | None]]:
        """(country, code) of the demonyms and named modifiers of a described actor: one
        per demonym of « ses collègues français et allemand »."""
        ctx = self.ctx
        countries: list[tuple[str | None, str | None]] = []
        # « navires de guerre iraniens, russes et chinois »: demonyms parsed as conjuncts of
        # the noun count as its modifiers.
        listed = [c for c in token.children if c.dep_ == "conj" and c.pos_ == "ADJ"]
        for other in [*core, *listed]:
            if other.dep_ == "det" and "Yes" in other.morph.get("Poss", []):
                # « ses troupes »: the owner's country.
                # Deep enough that the owner is not itself resolved through a possessive.
                owner = self._pronoun(other, 3).party
                if owner is not None and owner.code:
                    countries.append((owner.country, owner.code))
                continue
            if other is token or other.dep_ in ("det", "case", "nummod"):
                continue
            members = [other, *other.conjuncts] if other.dep_ == "amod" else [other]
            for member in members:
                found = entity_at(ctx.doc, member.idx, member.idx + len(member))
                if found is not None and _guessed_place(ctx.doc, found.id):
                    continue  # "Tuareg rebels": the state of a place no gazetteer knows is a guess
                if found is not None and (found.country or found.code):
                    countries.append((found.country, found.code or found.country))
                elif member.pos_ in ("ADJ", "PROPN", "NOUN"):
                    states = states_named(ctx.kb, member.text)
                    if states:
                        countries.append((states[0][2], states[0][2]))
        return countries

    def _described(self, token: Token, core: Sequence[Token]) -> list[Resolved]:
        if token.pos_ not in ("NOUN", "PROPN"):
            return []
        sector = self._sector(token, core)
        if sector is None:
            return []
        countries = self._countries(token, core) or [(None, None)]
        named = {t.i for t in core if not _in_phrase(t, token, _OF)}
        left = min(named)
        right = token.i
        doc = token.doc
        # The name runs on from the noun while its words belong to the named phrase
        # ("forces armées", not "… en Europe de l'Est").
        while right + 1 < len(doc) and (
            right + 1 in named
            or (doc[right + 1].dep_ in ("det", "case", "fixed") and doc[right + 1].head.i in named)
        ):
            right += 1
        while left < token.i and token.doc[left].dep_ in ("det", "case", "punct"):
            left += 1
        span = token.doc[left : right + 1]
        out = []
        seen: set[tuple[str | None, str | None]] = set()
        distinct = {c for c in countries}
        for country, code in countries:
            if (country, code) in seen:
                continue
            seen.add((country, code))
            name = span.text
            if len(distinct) > 1 and country is not None:
                # « ses collègues français et allemand »: one party per demonym.
                name = f"{token.text} ({country})"
            party = Party(entity=None, name=name, country=country, code=code, sector=sector)
            how = f"described actor ({sector}" + (f", {country})" if country else ")")
            out.append(Resolved(party, how, span.start_char, span.end_char))
        return out

    def _pronoun(self, token: Token, depth: int) -> Resolved:
        ctx = self.ctx
        start, end = token.idx, token.idx + len(token)
        lower = token.lower_
        found = self._relative(token, depth) if lower in ctx.cue("relative_pronouns") else None
        if found is not None:
            return found
        if lower in ctx.cue("first_person"):
            speaker = ctx.speaker_at(start)
            why = "first person: the quote's speaker" if speaker else "first person outside a quote"
            return Resolved(speaker, why, start, end)
        possessive = token.dep_ in ("det", "nmod:poss", "poss") or "Yes" in token.morph.get(
            "Poss", []
        )
        found = self._possessive(token, depth) if possessive else None
        if found is not None:
            return found
        if lower in ctx.cue("third_person") or possessive:
            return self._antecedent(token)
        return Resolved(None, f"pronoun '{token.text}' not resolved", start, end)

    def _relative(self, token: Token, depth: int) -> Resolved | None:
        antecedent: Token | None = None
        if token.head.dep_ in ("acl:relcl", "relcl"):
            antecedent = token.head.head
        else:
            # The parse lost the relative clause: the noun just before the pronoun.
            for i in range(token.i - 1, max(-1, token.i - 4), -1):
                if self.ctx.sdoc[i].pos_ in ("NOUN", "PROPN"):
                    antecedent = self.ctx.sdoc[i]
                    break
        found = self.resolve(antecedent, depth + 1) if antecedent is not None else []
        if not found or found[0].party is None:
            return None
        first = found[0]
        how = f"relative pronoun → {first.how}"
        return Resolved(first.party, how, token.idx, token.idx + len(token))

    def _possessive(self, token: Token, depth: int) -> Resolved | None:
        """A possessive refers to the subject of its clause ("X … lors de sa rencontre")."""
        verb = token.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        subject = _own_subject(verb, self.lexicon, 0) if verb.pos_ in ("VERB", "AUX") else None
        if subject is None or subject[0][0][1].i == token.head.i:
            return None
        found = self.resolve(subject[0][0][1], depth + 1)
        if not found or found[0].party is None:
            return None
        how = f"possessive → {found[0].how}"
        return Resolved(found[0].party, how, token.idx, token.idx + len(token))

    def _antecedent(self, token: Token) -> Resolved:
        """The nearest coded mention before the pronoun, in its sentence or the few before;
        people first for "il"/"he"/"she" (persons are what these refer to most often),
        never people for plurals."""
        ctx = self.ctx
        start, end = token.idx, token.idx + len(token)
        persons = token.lower_ in ctx.cue("person_pronouns")
        plural = "Plur" in token.morph.get("Number", []) or token.lower_ in ("they", "them")
        fallback: Entity | None = None
        # Subjects first: "If Russia invades Ukraine, it will pay" refers to Russia.
        candidates = sorted(self._candidates(token), key=lambda c: not c[1])
        for entity, _subject in candidates:
            if plural and entity.kind == "person":
                continue
            if not persons or entity.kind == "person":
                return Resolved(party_for(entity), f"pronoun → {entity.name}", start, end)
            fallback = fallback or entity
        if fallback is not None:
            return Resolved(party_for(fallback), f"pronoun → {fallback.name}", start, end)
        return Resolved(None, f"pronoun '{token.text}': no antecedent", start, end)

    def _candidates(self, token: Token) -> Iterator[tuple[Entity, bool]]:
        """Coded mentions before the pronoun, nearest first, within ANTECEDENT_SENTENCES,
        each with whether it is a clause's subject."""
        ctx = self.ctx
        start = token.idx
        earliest = token.sent.start_char
        for _back in range(ANTECEDENT_SENTENCES):
            first = ctx.sdoc.char_span(earliest, earliest + 1, alignment_mode="expand")
            if first is None or first.start == 0:
                break
            earliest = ctx.sdoc[first.start - 1].sent.start_char
        limit = bisect.bisect_left(ctx.mention_starts, start)
        quoted = ctx.in_quote(start)
        for m_start, m_end, entity in reversed(ctx.mentions[:limit]):
            if m_start < earliest:
                return
            if m_end > start or not _coded(entity) or entity.id in self.avoid:
                continue
            holder = ctx.span_head(m_start, m_end)
            # An object pronoun does not refer to its own clause's subject ("ils les ont
            # déclarées inacceptables").
            same_clause = holder.head.i == token.head.i and holder.dep_ in SUBJ_DEPS
            if same_clause and token.dep_ not in SUBJ_DEPS:
                continue
            # Outside a quote, a pronoun does not refer into one.
            if not quoted and ctx.in_quote(m_start):
                continue
            yield entity, holder.dep_ in SUBJ_DEPS


# ------------------------------------------------------------------------------ the trigger


def support_chain(
    head: Token, lexicon: Lexicon, times: frozenset[int] | set[int] = frozenset()
) -> list[Token]:
    """The words a noun trigger hangs from that carry its clause, each for the relation it
    stands in: the object of a support, planning or denial verb ("mener une attaque",
    "prévoit des exercices", "nie tout projet d'invasion"); the complement of a planning
    noun ("un plan d'attaque", "plans for an invasion"); the complement of a participation
    verb ("participer aux exercices"); the subject of an occurrence verb ("les
    négociations débuteront")."""
    # Permission verbs are not here: who approves a sending is not who sends.
    as_object = lexicon.cue("support") | lexicon.cue("planning") | lexicon.cue("denial")
    planning = lexicon.cue("planning")
    participation = lexicon.cue("participation")
    occurrence = lexicon.cue("occurrence")
    chain: list[Token] = []
    current = head
    light = lexicon.cue("light_nouns")
    if (
        head.dep_ in ("compound", "amod", "nmod")
        and _key_in(head.head, light)
        and head.head.i != head.i
    ):
        # "a mediation effort", "une opération de libération": the light noun stands in
        # the clause for the trigger.
        chain.append(head.head)
        current = head.head
    for _step in range(3):
        if current.dep_ in ("conj", "ROOT", "acl:relcl", "relcl", "punct", "appos"):
            break
        gov = governor(current)
        dep = current.dep_
        # « ont commencé vendredi des exercices »: parsers hang the object on the date;
        # the date's own governor is the verb it was the object of.
        if gov is not None and gov.i in times and current.dep_ in ("nmod", "obj", "obl"):
            gov = governor(gov)
            dep = "obj"
        if gov is None:
            break
        objectlike = dep in ("obj", "dobj", "nsubj:pass", "nsubjpass", "xcomp", "attr", "oprd")
        verbal = gov.pos_ in ("VERB", "AUX")
        carries = (
            (verbal and objectlike and _key_in(gov, as_object))
            or (not verbal and dep in ("nmod", "pobj", "acl") and _key_in(gov, planning))
            or (
                verbal and dep in OBL_DEPS | {"pobj", "obj", "dobj"} and _key_in(gov, participation)
            )
            or (verbal and dep in SUBJ_DEPS and _key_in(gov, occurrence))
        )
        if not carries:
            break
        chain.append(gov)
        current = gov
    return chain


def _attached(
    token: Token,
    targets: set[int],
    max_steps: int = MAX_ATTACH_STEPS,
    blockers: set[int] | frozenset[int] = frozenset(),
) -> int | None:
    current = token
    for steps in range(max_steps + 1):
        if current.i in targets:
            return steps
        if steps > 0 and current.i in blockers:
            return None
        if current.head.i == current.i:
            return None
        if steps > 0 and current.pos_ in ("VERB", "AUX") and current.dep_ != "aux":
            return None
        if current.dep_ in ("acl:relcl", "relcl", "ccomp", "parataxis"):
            return None
        current = current.head
    return None


def extract_arguments(match: TriggerMatch, ctx: DocContext, resolver: PartyResolver) -> Arguments:
    """Everything the trigger's frame and clause say (see the module docstring)."""
    sdoc = ctx.sdoc
    head = sdoc[match.head]
    args = Arguments()
    chain = (
        support_chain(head, ctx.lexicon, ctx.time_tokens) if head.pos_ in ("NOUN", "PROPN") else []
    )
    args.governors = tuple(t.i for t in chain)
    roles, how_inherited = _collect_roles(match, chain, sdoc, ctx.lexicon)
    resolver.avoid = set()
    near = _proximity(head, match.entry, roles, ctx, resolver)
    used_tokens = _resolve_roles(
        args, match, roles, how_inherited=how_inherited, ctx=ctx, resolver=resolver
    )
    args.non_agent = args.non_agent or _non_agent_child(head, ctx.lexicon)
    if "speaker" in match.entry.roles:
        speaker = _speaker(head, ctx, resolver)
        if speaker is not None:
            args.speaker = speaker
            args.found.append(
                Argument("speaker", match.entry.roles["speaker"], head.idx, head.idx, "",
                         speaker, "speaker of the clause")
            )  # fmt: skip
    _fill_slots(args)
    if not args.actors and near is not None and near.party is not None:
        args.actors.append(near.party)
        args.by_proximity = True
        args.found.append(
            Argument("subj", "actor", near.start, near.end,
                     ctx.doc.text[near.start : near.end], near.party,
                     f"{near.how}; nearest party on the left (no subject in the parse)")
        )  # fmt: skip
    resolver.avoid = set()
    args.joint = _joint(head, chain, ctx.lexicon, roles)
    targets = {head.i, *args.governors}
    top = sdoc[args.governors[-1]] if args.governors else head
    if top.pos_ not in ("VERB", "AUX") and top.head.pos_ in ("VERB", "AUX"):
        top = top.head
    args.clause = (top.left_edge.i, top.right_edge.i + 1)
    _locate(args, head, targets, ctx, used_tokens)
    _date(args, head, targets, ctx, match.entry)
    args.quantities = _figures(head, targets, ctx)
    return args


def _collect_roles(
    match: TriggerMatch, chain: Sequence[Token], sdoc: SpacyDoc, lexicon: Lexicon
) -> tuple[list[tuple[str, Token]], str]:
    """(role, token) pairs of the trigger, of its pattern's other words, of its object's
    recipient phrase, of its support chain, and an inherited subject; and how the subject
    was inherited, for --explain."""
    head = sdoc[match.head]
    inside = set(match.tokens)
    # A pattern's other words may carry arguments too ("débloquer une aide à l'Ukraine").
    roles = [
        (r, t)
        for member in [head, *(sdoc[i] for i in match.tokens if i != head.i)]
        for r, t in role_tokens(member, lexicon)
        if t.i not in inside
    ]
    # A preposition of the pattern ("s'entretenir avec") introduces its noun wherever the
    # parser hung that noun ("s'est entretenu jeudi avec X": X under "jeudi").
    for i in match.tokens:
        word = sdoc[i]
        if word.pos_ == "ADP" and word.dep_ == "case" and word.head.i not in inside:
            role = (lexicon.preposition(word.lower_), word.head)
            if word.head.pos_ in NOUNISH and role not in roles:
                roles.append(role)
    # "fournir 450 millions de dollars d'aide à Kiev": a "to" phrase the parser hung on the
    # object is the verb's.
    for obj in [t for t in head.children if t.dep_ in OBJ_DEPS | {"obl:arg"}]:
        roles.extend(
            (role, token)
            for role, token in role_tokens(obj, lexicon)
            if role in lexicon.cue("recipient_prepositions") and token.i not in inside
        )
    for gov in chain:
        # "140 navires participeront aux exercices": participants are figures, not actors.
        if _key_in(gov, lexicon.cue("participation")):
            continue
        taken = {t.i for _, t in roles} | inside | {head.i}
        roles.extend(
            (r, t) for r, t in role_tokens(gov, lexicon) if r != "obj" and t.i not in taken
        )
    if head.pos_ in ("NOUN", "PROPN"):
        roles = _of_as_agent(roles, match.entry)
    # A parenthesis is an aside ("GENEVA (Lakeshore News Service) — X and Y met"): the
    # parser may make it the subject, never rightly.
    roles = [(r, t) for r, t in roles if not _parenthesised(t) and not _in_dateline(t)]
    how = ""
    inherited = None
    if not any(r == "subj" for r, _ in roles) and head.pos_ in ("VERB", "AUX", "ADJ"):
        inherited = inherited_subject(head, lexicon)
    elif chain and not any(r in ("subj", "poss", "amod", "compound") for r, _ in roles):
        inherited = inherited_subject(chain[-1], lexicon)
    if inherited is not None:
        roles.extend((r, t) for r, t in inherited[0] if r == "subj" or head.pos_ != "NOUN")
        how = inherited[1]
    # Subjects first, so that object pronouns can skip the actors (see PartyResolver.avoid).
    roles.sort(key=lambda rt: rt[0] != "subj")
    return roles, how


_DASHES = frozenset({"—", "–", "-", "--"})


def _in_dateline(token: Token) -> bool:
    """Whether the token is in a wire dateline ("GENEVA, Jan. 21 (Agency) —"): the words
    before the first dash of a sentence that opens on a word in capitals."""
    sent = token.sent
    if not sent[0].is_upper or len(sent[0].text) < 3:
        return False
    for word in sent:
        if word.text in _DASHES:
            return token.i < word.i
    return False


def _parenthesised(token: Token) -> bool:
    doc = token.doc
    left, right = token.left_edge.i, token.right_edge.i
    return (
        left > 0
        and right + 1 < len(doc)
        and doc[left - 1].text == "("
        and doc[right + 1].text == ")"
    )


def _proximity(
    head: Token,
    entry: Entry,
    roles: Sequence[tuple[str, Token]],
    ctx: DocContext,
    resolver: PartyResolver,
) -> Resolved | None:
    """A verb whose parse lost its subject takes the nearest party on its left."""
    if any(r == "subj" for r, _ in roles) or head.pos_ not in ("VERB", "ADJ"):
        return None
    if entry.roles.get("subj") != "actor":
        return None
    near = _nearest_left_party(head, ctx, resolver, {t.i for _, t in roles})
    if near is not None and near.party is not None and near.party.entity:
        resolver.avoid.add(near.party.entity)
    return near


def _resolve_roles(
    args: Arguments,
    match: TriggerMatch,
    roles: Sequence[tuple[str, Token]],
    *,
    how_inherited: str,
    ctx: DocContext,
    resolver: PartyResolver,
) -> set[int]:
    """Each role's parties, into ``args.found``; the tokens that gave a party."""
    head = ctx.sdoc[match.head]
    frame = match.entry.roles
    suffix = ".noun" if head.pos_ in ("NOUN", "PROPN") else ".verb"
    subject_slot = frame.get("subj" + suffix) or frame.get("subj")
    children = {c.i for c in head.children}
    used: set[int] = set()
    for role, token in roles:
        slot = frame.get(role + suffix) or frame.get(role)
        if slot is None and role in ("poss", "amod", "compound", "agent", "par", "by"):
            slot = subject_slot
        if slot is None or (role == "amod" and not _demonym(token, ctx)):
            continue
        if role in ("subj", "obj") and _key_in(token, ctx.cue("non_agents")):
            args.non_agent = token.text
        for found in resolver.resolve(token, as_party=True):
            how = found.how
            if found.party is not None:
                used.add(token.i)
                if slot == "actor" and found.party.entity:
                    resolver.avoid.add(found.party.entity)
            if role == "subj" and how_inherited and token.i not in children:
                how = f"{how}; {how_inherited}"
            text = ctx.doc.text[found.start : found.end]
            args.found.append(Argument(role, slot, found.start, found.end, text, found.party, how))
    return used


def _non_agent_child(head: Token, lexicon: Lexicon) -> str | None:
    """A cause that is no political actor hanging on the trigger ("killed in a fire")."""
    for child in head.children:
        candidates = [child] if child.dep_ in OBL_DEPS else []
        if child.dep_ == "prep":
            candidates = [p for p in child.children if p.dep_ == "pobj"]
        for token in candidates:
            if _key_in(token, lexicon.cue("non_agents")):
                return str(token.text)
    return None


def _of_as_agent(roles: list[tuple[str, Token]], entry: Entry) -> list[tuple[str, Token]]:
    """A noun's "de"/"of" complement is its patient ("l'invasion de l'Ukraine") unless
    another phrase names the patient: then it is the agent ("l'incursion de la Russie
    contre l'Ukraine", "the attack of the rebels on the town")."""
    frame = entry.roles

    def slot(role: str) -> str | None:
        return frame.get(role + ".noun") or frame.get(role)

    ofs = [r for r, _ in roles if r in ("de", "of") and slot(r) == "recipient"]
    others = [r for r, _ in roles if r not in ("de", "of") and slot(r) == "recipient"]
    if not ofs or not others:
        return roles
    return [("subj" if r in ("de", "of") else r, t) for r, t in roles]


def _speaker(head: Token, ctx: DocContext, resolver: PartyResolver) -> Party | None:
    """Who utters the trigger's clause: the speaker of the quote it is in, else the subject
    of the nearest reporting verb above it ("Biden said Russia would pay a heavy price")."""
    speaker = ctx.speaker_at(head.idx)
    if speaker is not None:
        return speaker
    reporting = ctx.cue("reporting")
    current = head
    for _step in range(MAX_GOVERNORS + 2):
        gov = governor(current)
        if gov is None or current.dep_ in ("conj", "parataxis"):
            return None
        if _key_in(gov, reporting):
            subject = _own_subject(gov, ctx.lexicon, 0)
            if subject is None:
                return None
            found = resolver.resolve(subject[0][0][1])
            return found[0].party if found else None
        current = gov
    return None


def _demonym(token: Token, ctx: DocContext) -> bool:
    found = entity_at(ctx.doc, token.idx, token.idx + len(token))
    if found is not None and _coded(found):
        return True
    return bool(states_named(ctx.kb, token.text))


@lru_cache(maxsize=8192)
def descriptor_sector(kb: KnowledgeBase, text: str, language: str) -> str | None:
    """The sector of a noun naming unnamed actors ("soldats", "senior official"), cached."""
    found = kb.lookup_descriptor(text, language)
    return found[0].sector if found else None


@lru_cache(maxsize=8192)
def states_named(kb: KnowledgeBase, text: str) -> tuple[tuple[str, str, str], ...]:
    """(id, name, country) of the states a word names, as a name or a demonym ("russe",
    "Russian"), cached: the same adjectives recur in every article."""
    return tuple(
        (e.id, e.name, e.country) for e in kb.lookup(text) if e.kind == "state" and e.country
    )


def _fill_slots(args: Arguments) -> None:
    actors: list[Party] = []
    recipients: list[Party] = []
    for arg in args.found:
        if arg.party is None:
            continue
        if arg.slot == "actor":
            actors.append(arg.party)
        elif arg.slot == "recipient":
            recipients.append(arg.party)
    pairs = [a for a in args.found if a.slot == "pair" and a.party is not None]
    if pairs:
        # "talks between X and Y", "X et Y se sont entretenus": the first is the actor.
        parties = [a.party for a in pairs if a.party is not None]
        if not actors:
            actors.append(parties[0])
            recipients.extend(parties[1:])
        else:
            recipients.extend(parties)
    args.actors = _dedupe(actors)
    keys = {_key(a) for a in args.actors}
    args.recipients = [p for p in _dedupe(recipients) if _key(p) not in keys]


def _key(party: Party) -> tuple[str | None, str | None, str | None]:
    if party.entity is not None:
        return (party.entity, None, None)
    return (None, party.code, party.sector)


def _dedupe(parties: Iterable[Party]) -> list[Party]:
    out: list[Party] = []
    seen: set[tuple[str | None, str | None, str | None]] = set()
    for party in parties:
        key = _key(party)
        if key in seen:
            continue
        seen.add(key)
        out.append(party)
    # An uncoded described party next to coded ones adds nothing ("soldats" beside Russia).
    if any(p.code for p in out):
        out = [p for p in out if p.code or p.entity]
    return out


def _nearest_left_party(
    head: Token, ctx: DocContext, resolver: PartyResolver, used: set[int]
) -> Resolved | None:
    sent_start = head.sent.start
    for i in range(head.i - 1, max(sent_start, head.i - PROXIMITY_TOKENS) - 1, -1):
        token = ctx.sdoc[i]
        if token.pos_ in ("VERB",) or token.lower_ in (",", ";", ":", "that", "que", "qui"):
            return None
        if i in used or token.pos_ not in ("PROPN", "NOUN"):
            continue
        if token.dep_ in ("pobj", "obl", "obl:mod", "nmod") and token.head.i != head.i:
            continue
        found = resolver.resolve(token)
        if found and found[0].party is not None:
            return found[0]
    return None


def _joint(
    head: Token, chain: Sequence[Token], lexicon: Lexicon, roles: Sequence[tuple[str, Token]]
) -> bool:
    joint = lexicon.cue("joint")
    for token in (head, *chain):
        for child in token.children:
            if child.dep_ in ("amod", "advmod", "nmod", "obl", "obl:mod", "compound") and _key_in(
                child, joint
            ):
                return True
    return any(role in ("avec", "with") for role, _ in roles)


def _locate(
    args: Arguments, head: Token, targets: set[int], ctx: DocContext, used: set[int]
) -> None:
    sent = head.sent
    lo = bisect.bisect_left(ctx.mention_starts, sent.start_char)
    hi = bisect.bisect_left(ctx.mention_starts, sent.end_char)
    best: tuple[int, Entity, Token] | None = None
    locative = ctx.cue("location_prepositions")
    state_locative = ctx.cue("state_location_prepositions")
    for m_start, m_end, entity in ctx.mentions[lo:hi]:
        if entity.kind not in ("place", "state"):
            continue
        token = ctx.span_head(m_start, m_end)
        if token.i in used:
            continue
        prep = _case_of(token, ctx.lexicon)
        allowed = state_locative if entity.kind == "state" else locative
        if prep is None or prep not in allowed:
            continue
        steps = _attached(token, targets, blockers=ctx.trigger_heads - targets)
        if steps is None:
            continue
        if best is None or steps < best[0]:
            best = (steps, entity, token)
    if best is None:
        return
    _, entity, token = best
    place = ctx.places.get(entity.id)
    if place is None:
        precision = "country" if entity.kind == "state" else None
        place = Place(name=entity.name, country=entity.country, precision=precision)
    args.location = place
    args.location_how = f"'{token.text}' introduced by a locative preposition"


def _date(args: Arguments, head: Token, targets: set[int], ctx: DocContext, entry: Entry) -> None:
    from .ontology import load_ontology

    timexes: list[Any] = list(ctx.doc.extras.get("times") or ctx.doc.times)
    sent = head.sent
    local = [
        t for t in timexes if sent.start_char <= t.start < sent.end_char and _calendar(t.value)
    ]
    verbal = load_ontology().types[entry.type].quad.startswith("verbal")
    levels: list[set[int]] = [targets]
    current = ctx.sdoc[args.governors[-1]] if args.governors else head
    reporting = ctx.cue("reporting")
    for _step in range(MAX_GOVERNORS):
        gov = governor(current)
        if gov is None or current.dep_ in ("conj", "parataxis", "acl:relcl", "relcl"):
            break
        # A reporting verb's date is when something was said, not when it happened; it
        # dates the event only for speech acts, whose saying is the event.
        if _key_in(gov, reporting) and not verbal:
            break
        levels.append({gov.i})
        current = gov
    for number, level in enumerate(levels):
        best: tuple[int, Any] | None = None
        for timex in local:
            token = ctx.span_head(timex.start, timex.end)
            steps = _attached(token, level, blockers=ctx.trigger_heads - level)
            if steps is not None and (best is None or steps < best[0]):
                best = (steps, timex)
        if best is not None:
            timex = best[1]
            args.date, args.date_precision = calendar_date(str(timex.value))
            if timex.value_end and _calendar(timex.value_end):
                args.date_end = calendar_date(str(timex.value_end))[0]
                args.date_precision = "range"
            args.date_mod = timex.mod
            where = "the trigger" if number == 0 else "a governing clause"
            args.date_how = f"'{timex.text}' attached to {where}"
            return
    if ctx.doc.published:
        args.date = ctx.doc.published[:10]
        args.date_precision = "unknown"
        args.date_how = "no date in the clause: the publication date"


def calendar_date(value: str) -> tuple[str, str]:
    """A TimeML value as the contract's date and precision: "2022-01-21T11:00" → day,
    "2022-01" → month, "2022-W03" or "2022-SU" → the year (the contract has no weeks)."""
    if len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[8:10].isdigit():
        return value[:10], "day"
    if len(value) >= 7 and value[4] == "-" and value[5:7].isdigit():
        return value[:7], "month"
    return value[:4], "year"


def _calendar(value: object) -> bool:
    text = str(value or "")
    return len(text) >= 4 and text[:4].isdigit()


def _figures(head: Token, targets: set[int], ctx: DocContext) -> list[Quantity]:
    units = ctx.lexicon.figure_units
    sent = head.sent
    out: list[Quantity] = []
    extended = set(targets)
    extended.update(t.i for t in object_heads(head))
    for quantity in ctx.doc.quantities:
        if not sent.start_char <= quantity.start < sent.end_char:
            continue
        if quantity.kind != "money" and (quantity.unit or "") not in units:
            continue
        qhead = ctx.span_head(quantity.start, quantity.end)
        span = set(range(ctx.token_at(quantity.start).i, ctx.token_at(quantity.end - 1).i + 1))
        # "140 navires et 10 000 soldats participeront": a coordinated figure hangs where
        # the first one does.
        first = coordination_head(qhead)
        span.add(first.i)
        if (
            _attached(qhead, extended) is not None
            or _attached(first, extended) is not None
            or any(_attached(ctx.sdoc[t], span, 2) is not None for t in targets)
        ):
            out.append(quantity)
    return out


def _guessed_place(doc: Doc, ident: str) -> bool:
    """True for a place no gazetteer knows: its state was guessed from the article's other
    places, to put it on a map, and must not code an actor."""
    place = doc.extras.get("places", {}).get(ident)
    return place is not None and place.precision == "unresolved"
