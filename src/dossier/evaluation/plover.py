"""PLOVER event types as the event scorers read them from records.

The types and quad classes follow design/ONTOLOGY.md. Older PLOVER drafts and CAMEO-derived
tools use a few retired names; they are read as their successors so that a stage emitting
them is scored rather than silently counted as "no event".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from ..model import Article, Event

__all__ = ["LEGACY_TYPES", "PLOVER_TYPES", "QUAD_OF_TYPE", "main_event", "plover_type"]

# Quad classes numbered as the ConfliBERT ``cameo_class`` labels (datasets.CAMEO_QUAD_CLASSES):
# 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
QUAD_OF_TYPE: Final[Mapping[str, int]] = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}
PLOVER_TYPES: Final = frozenset(QUAD_OF_TYPE)
NO_EVENT_QUAD: Final = 0
"""The ``cameo_class`` label 0 (neutral statements and appeals) is what "no event" scores as:
PLOVER has no statement type, so an article with no coded event predicts 0."""

LEGACY_TYPES: Final[Mapping[str, str]] = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}


def plover_type(event: Event) -> str:
    """The event's type, upper-cased, with retired names mapped to their successors."""
    name = event.type.strip().upper()
    return LEGACY_TYPES.get(name, name)


def main_event(article: Article | None) -> Event | None:
    """The event a one-event gold sentence is compared with: the most confident one, the
    earliest in the list on ties (records list events in text order)."""
    if article is None or not article.events:
        return None
    best = article.events[0]
    for event in article.events[1:]:
        if event.confidence > best.confidence:
            best = event
    return best
