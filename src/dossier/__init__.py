"""dossier: news reports in, a source-linked record of political events out."""

from .api import analyze
from .doc import Doc, RawArticle
from .errors import DossierError, InputError
from .model import (
    Article,
    Entity,
    Event,
    Evidence,
    Mention,
    Party,
    Place,
    Quantity,
    Quote,
    Removed,
    TimeExpr,
)
from .pipeline import Pipeline, Stage
from .registry import load_pipeline

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Doc",
    "DossierError",
    "Entity",
    "Event",
    "Evidence",
    "InputError",
    "Mention",
    "Party",
    "Pipeline",
    "Place",
    "Quantity",
    "Quote",
    "RawArticle",
    "Removed",
    "Stage",
    "TimeExpr",
    "__version__",
    "analyze",
    "load_pipeline",
]
