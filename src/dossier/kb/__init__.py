"""The knowledge base of actors and places: data files, loader, validator, query API.

    kb = load_kb()                       # built-in data, once per process
    kb.lookup("l'OTAN")                  # → [Entry org:nato]
    kb.holder("president", "USA", date(2022, 1, 21))   # → Entry person:joe-biden
    validate_kb(kb)                      # → [Problem, …]

The format of the data files is documented in ``dossier/data/kb/README.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .entries import (
    INTERNATIONAL_CODES,
    KINDS,
    SECTORS,
    Descriptor,
    Entry,
    Office,
    PartialDate,
    Role,
    Title,
)
from .index import Affiliation, KnowledgeBase, SearchHit
from .loader import load_kb
from .normalize import normalize_alias, skeleton, starts_with_article

if TYPE_CHECKING:
    from .validate import Problem, validate_kb


def __getattr__(name: str) -> Any:
    # validate is imported lazily so that `python -m dossier.kb.validate` runs it only once.
    if name in ("Problem", "validate_kb"):
        from . import validate

        return getattr(validate, name)
    raise AttributeError(f"module 'dossier.kb' has no attribute {name!r}")


__all__ = [
    "INTERNATIONAL_CODES",
    "KINDS",
    "SECTORS",
    "Affiliation",
    "Descriptor",
    "Entry",
    "KnowledgeBase",
    "Office",
    "PartialDate",
    "Problem",
    "Role",
    "SearchHit",
    "Title",
    "load_kb",
    "normalize_alias",
    "skeleton",
    "starts_with_article",
    "validate_kb",
]
