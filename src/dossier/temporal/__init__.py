"""Temporal expressions in French and English: detection, TimeML normalisation, the stage.

``find_times(text, language, published=…, sdoc=…)`` is the library entry point;
:class:`~dossier.temporal.stage.TimeStage` wraps it for the pipeline. Vocabulary lives in
data/time_fr.yaml, data/time_en.yaml and data/time_zones.yaml.
"""

from __future__ import annotations

from .annotate import TimeResult, find_times
from .mention import Timex

__all__ = ["TimeResult", "Timex", "find_times"]
