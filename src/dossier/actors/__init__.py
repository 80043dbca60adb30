"""Actors: the linker stage and the helpers other stages use to read its output.

    entity = entity_at(doc, start, end)   # the entity a span mentions, or None
    party = party_for(entity)             # that entity as an event's actor or recipient

The stage itself is ``dossier.actors.stage.LinkerStage`` (registered as
``dossier.entities.linker.v1``); importing this package does not load it, the knowledge base
or the gazetteer.
"""

from __future__ import annotations

from ..doc import Doc
from ..model import Entity, Party

__all__ = ["entity_at", "party_for"]


def entity_at(doc: Doc, start: int, end: int) -> Entity | None:
    """The entity with a mention overlapping ``doc.text[start:end]``, or None.

    Where several do (a country inside "the US president"), the one whose mention overlaps
    the span most wins, then the shorter mention (the more specific one).
    """
    best: tuple[int, int] | None = None
    found: Entity | None = None
    for entity in doc.entities:
        for mention in entity.mentions:
            overlap = min(end, mention.end) - max(start, mention.start)
            if overlap <= 0 and not (start == end and mention.start <= start < mention.end):
                continue
            key = (overlap, -(mention.end - mention.start))
            if best is None or key > best:
                best, found = key, entity
    return found


def party_for(entity: Entity) -> Party:
    """An event party for a linked entity: its id, name, country, code and sector."""
    return Party(
        entity=entity.id,
        name=entity.name,
        country=entity.country,
        code=entity.code,
        sector=entity.sector,
    )
