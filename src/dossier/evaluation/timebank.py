"""French TimeBank 1.1: the TIME stage's detection and normalisation against the gold TIMEX3.

Each article is analysed as dossier would analyse it — its tag-free text, language "fr", its
document creation time (DCT) as the publication date, spaCy's parse, then the TIME stage —
and its TIMEX3 are compared with the gold ones, TempEval-3 style, as HeidelTime's published
numbers on this corpus were (strict F1 85.99, relaxed 90.97, value F1 73.63, type F1 82.66):

- strict: identical offsets; relaxed: any overlap (one-to-one pairing, see ``span_prf``);
- value and type F1: relaxed matches whose value (type) is also right, over all predicted
  and all gold expressions; value/type accuracy: the same over relaxed matches only.

Two conversions make our output comparable with TimeML's, and neither changes a value:
the contract keeps a range ("du 10 au 12 janvier") as one expression with ``value_end``,
where TimeML annotates its two ends, so ranges are scored as their ends
(:meth:`~dossier.temporal.mention.Timex.timeml`); and UTC offsets are compared in one
spelling ("+1", "+01", "+01:00" are the same offset).
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Final

from ..clean.normalize import nlp_view
from ..doc import Doc, RawArticle
from ..nlp.stages import SpacyStage
from ..temporal.mention import Timex
from ..temporal.stage import TimeStage
from .datasets import TimexDocument, load_french_timebank
from .metrics import Span, span_prf

__all__ = ["HEIDELTIME_FTIB", "score_french_timebank"]

HEIDELTIME_FTIB: Final = {
    "strict_f1": 0.8599,
    "relaxed_f1": 0.9097,
    "value_f1": 0.7363,
    "type_f1": 0.8266,
}
"""HeidelTime's published scores on French TimeBank 1.1, the bar to beat."""

_OFFSET = re.compile(r"(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d\d))?$")
_FOLDER = "french-timebank-1.1"


def canonical_value(value: str | None) -> str:
    """One spelling of a value: a trailing UTC offset as ±HH:MM ("T12:30-07" → "-07:00")."""
    if not value:
        return ""
    head, sep, _ = value.partition("T")
    if not sep:
        return value
    time_part = value[len(head) + 1 :]
    found = _OFFSET.search(time_part)
    if found is None or ":" not in time_part[: found.start()]:
        return value
    minutes = found["minutes"] or "00"
    offset = f"{found['sign']}{int(found['hours']):02d}:{minutes}"
    return value[: len(head) + 1 + found.start()] + offset


def _data_root(root: Path) -> Path:
    """Accept the shared data folder or the FTiB folder itself."""
    return root.parent if root.name == _FOLDER else root


def _analyse(documents: list[TimexDocument]) -> tuple[list[Doc], float]:
    """Run spaCy then the TIME stage; returns the docs and the TIME stage's seconds."""
    docs = []
    for gold in documents:
        raw = RawArticle(
            data=gold.text.encode("utf-8"),
            source=f"french-timebank:{gold.doc_id}",
            language="fr",
            published=gold.dct,
        )
        doc = Doc(raw=raw, text=gold.text, nlp_text=nlp_view(gold.text))
        doc.language = "fr"
        doc.published = gold.dct
        docs.append(doc)
    SpacyStage().pipe(docs)
    stage = TimeStage()
    started = time.perf_counter()
    for doc in docs:
        stage(doc)
    return docs, time.perf_counter() - started


def _timeml(doc: Doc) -> list[Timex]:
    timexes: list[Timex] = doc.extras.get("times", [])
    return [part for timex in timexes for part in timex.timeml()]


def score_french_timebank(root: Path, *, limit: int | None = None) -> dict[str, float]:
    """Scores of the TIME stage on French TimeBank 1.1 (``root``: ../shared/data or the
    FTiB folder); ``limit`` takes the first documents only, for quick runs.

    Keys: ``{strict,relaxed}_{precision,recall,f1}``, ``value_{accuracy,f1}``,
    ``type_{accuracy,f1}``, ``documents``, ``gold``, ``predicted``, ``ms_per_article``
    (the TIME stage alone, spaCy excluded).
    """
    documents = load_french_timebank(_data_root(root))
    if limit is not None:
        documents = documents[:limit]
    docs, seconds = _analyse(documents)
    gold_type: list[Span] = []
    gold_value: list[Span] = []
    pred_type: list[Span] = []
    pred_value: list[Span] = []
    for number, (gold_doc, doc) in enumerate(zip(documents, docs, strict=True)):
        # Offsets are shifted per document so that spans of different articles never overlap.
        shift = number * 10_000_000
        for timex in gold_doc.timexes:
            start, end = timex.start + shift, timex.end + shift
            gold_type.append((start, end, timex.timex_type))
            gold_value.append((start, end, canonical_value(timex.value)))
        for predicted in _timeml(doc):
            start, end = predicted.start + shift, predicted.end + shift
            pred_type.append((start, end, predicted.type))
            pred_value.append((start, end, canonical_value(predicted.value)))
    strict = span_prf(gold_type, pred_type, "strict")
    relaxed = span_prf(gold_type, pred_type, "relaxed")
    value = span_prf(gold_value, pred_value, "relaxed", typed=True)
    kind = span_prf(gold_type, pred_type, "relaxed", typed=True)
    matched = relaxed.recall * len(gold_type)
    return {
        "strict_precision": strict.precision,
        "strict_recall": strict.recall,
        "strict_f1": strict.f1,
        "relaxed_precision": relaxed.precision,
        "relaxed_recall": relaxed.recall,
        "relaxed_f1": relaxed.f1,
        "value_accuracy": value.recall * len(gold_type) / matched if matched else 0.0,
        "value_f1": value.f1,
        "type_accuracy": kind.recall * len(gold_type) / matched if matched else 0.0,
        "type_f1": kind.f1,
        "documents": float(len(documents)),
        "gold": float(len(gold_type)),
        "predicted": float(len(pred_type)),
        "ms_per_article": 1000 * seconds / len(documents) if documents else 0.0,
    }
