"""Capitals and seats of power that act: « Moscou nie », "the Kremlin said", "Bruxelles exige".

A KB place that stands for a government (its ``code`` is a state's and its sector GOV: a
capital, the Kremlin, the White House; or a seat of a body: Brussels for the EU) is that
government when the sentence makes it an actor:

- the subject of a verb, active or passive (``nsubj``, ``nsubj:pass``, ``nsubjpass``,
  ``csubj``), or the agent of a passive ("par Moscou", "by Moscow");
- a source ("selon Moscou", « d'après Washington », "according to Moscow");
- a party to an exchange ("avec Moscou", "with Moscow", "contre Moscou", "between
  Washington and Moscow"), or the recipient of a verb's object (« transmettre à Moscou une
  réponse »: an argument, ``obl:arg``, or ``iobj``);
- in English, the possessor of a noun ("Moscow's demands");
- the body of an official's title ("le porte-parole du Kremlin", "a White House spokesman");
- the antecedent of a subject relative pronoun (« Moscou, qui nie… »).

A conjunct takes the role of the first conjunct ("Moscou et Pékin ont signé"). Everywhere
else — after à, en, dans, in, at, to, from, or as a noun's complement ("le maire de
Moscou") — it stays a place. Places that stand for nothing (Geneva, New York) never act.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from ..kb import Entry, KnowledgeBase
from .coref import sector_actor
from .resolve import Link, LocalActor

Role = Literal["agent", "source", "partner", "recipient", "possessor", "body", "location", "other"]

SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "nsubjpass", "csubj", "csubj:pass", "expl:subj"})
AGENT_DEPS = frozenset({"obl:agent", "agent"})
# Prepositions (French case markers, English heads) after which a capital is an actor.
SOURCE_MARKERS = frozenset({"selon", "d'après", "according"})
PARTNER_MARKERS = frozenset(
    {"avec", "with", "contre", "against", "entre", "between", "envers", "towards"}
)
AGENT_MARKERS = frozenset({"par", "by"})
# « transmettre à Moscou une réponse »: an argument introduced by à is a recipient; « à
# Moscou » as a modifier (obl:mod) is where something happens.
RECIPIENT_MARKERS = frozenset({"à", "au", "aux"})


def clause_role(parse: Any, start: int, end: int, language: str | None) -> Role:
    """What the span does in its clause (see the module docstring)."""
    span = parse.char_span(start, end, alignment_mode="expand")
    if span is None:
        return "other"
    if _relative_subject(parse, span.end):
        return "agent"
    token = span.root
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    dep = token.dep_
    if dep in SUBJECT_DEPS or dep in AGENT_DEPS:
        return "agent"
    markers = {child.lower_.replace("’", "'") for child in token.children if child.dep_ == "case"}
    if language == "en" and dep == "pobj":
        markers |= _english_markers(token)
    for role, applies in _BY_MARKERS:
        if applies(dep, markers, language):
            return role
    if markers or dep in ("obl:mod", "obl", "pobj", "nmod"):
        return "location"
    return "other"


def _english_markers(token: Any) -> set[str]:
    """The preposition governing an English object, with "according" and passive "by"."""
    head = token.head
    found = {head.lower_}
    if head.lower_ == "to" and head.head.lower_ == "according":
        found.add("according")
    if head.lower_ == "by" and head.head.dep_ == "agent":
        found.add("by-agent")
    return found


# In order: the first rule that applies gives the role.
_BY_MARKERS: tuple[tuple[Role, Callable[[str, set[str], str | None], bool]], ...] = (
    ("agent", lambda dep, markers, lang: "by-agent" in markers),
    ("source", lambda dep, markers, lang: bool(markers & SOURCE_MARKERS)),
    ("agent", lambda dep, markers, lang: bool(markers & AGENT_MARKERS) and dep.startswith("obl")),
    ("partner", lambda dep, markers, lang: bool(markers & PARTNER_MARKERS)),
    (
        "recipient",
        lambda dep, markers, lang: (
            dep == "iobj" or (dep == "obl:arg" and bool(markers & RECIPIENT_MARKERS))
        ),
    ),
    ("possessor", lambda dep, markers, lang: lang == "en" and dep == "poss"),
)


_RELATIVES = frozenset({"qui", "who", "which", "that"})


def _relative_subject(parse: Any, after: int) -> bool:
    """« Moscou, qui nie… », "Washington, which has…": the antecedent of a subject relative
    pronoun is the subject of its verb (and spaCy often leaves the capital unattached)."""
    i = after
    if i < len(parse) and parse[i].text == ",":
        i += 1
    return i < len(parse) and parse[i].lower_ in _RELATIVES and parse[i].dep_.startswith("nsubj")


def government_of(entry: Entry, kb: KnowledgeBase) -> LocalActor | Entry | None:
    """What a place stands for when it acts: a state's government, a body, or nothing."""
    if entry.kind != "place" or entry.code is None:
        return None
    state = kb.get(entry.code)
    if state is not None and state.kind == "state" and entry.sector == "GOV":
        return sector_actor(state, "GOV")
    for body_id in entry.seat_of:
        body = kb.get(body_id)
        if body is not None and (body.code == entry.code or body.sector == entry.sector):
            return body
    return None


def apply_metonymy(
    links: list[Link],
    parse: Any | None,
    kb: KnowledgeBase,
    language: str | None,
    bodies: frozenset[int] = frozenset(),
) -> None:
    """Turn acting capitals and seats of power into the governments they stand for.

    ``bodies`` are the starts of mentions that complete a role title ("le porte-parole du
    Kremlin", "a White House spokesman"): there the place is the body the official serves.
    """
    if parse is None:
        return
    for link in links:
        place = link.place
        if place is None or place.entry is None or place.kind != "place":
            continue
        stands_for = government_of(place.entry, kb)
        if stands_for is None:
            continue
        role: Role = (
            "body" if link.start in bodies else clause_role(parse, link.start, link.end, language)
        )
        if role in ("location", "other"):
            link.reason += f"; a place here ({role})"
            continue
        why = f"{link.text!r} is the {role} of its clause: it stands for"
        if isinstance(stands_for, LocalActor):
            link.local, link.place = stands_for, None
            link.reason = f"{why} {stands_for.name}"
        else:
            link.set_entry(stands_for, "metonymy", f"{why} {stands_for.name}")
        link.how = "metonymy"
