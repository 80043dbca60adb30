"""ConfliBERT's CAMEO sentences: quad class, then source and target actor spans.

Each test sentence is analysed alone. Its predicted quad class is that of the PLOVER type of
the sentence's main event (:func:`~dossier.evaluation.plover.main_event`), 0 when there is
none (see :data:`~dossier.evaluation.plover.NO_EVENT_QUAD`), and -1 for a type that is not
PLOVER, so that a stage emitting nonsense loses points rather than passing as "neutral".

Actor spans come from the same event: its actors are sources, its recipients targets. A
party's span is the mention of its linked entity nearest the event's trigger, else the
first occurrence of its name. Gold reciprocal (``R``) actors ("X and Y agreed") are both
source and target, so they count in both scores. Spans must match exactly, as in conlleval.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..model import Article, Event, Party
from .alignment import Alignment
from .analysis import Analyse, GoldText, default_analyse
from .datasets import ActorSentence, CameoSentence, load_conflibert_cameo, load_conflibert_ner
from .metrics import Span, accuracy, macro_f1, span_prf
from .plover import NO_EVENT_QUAD, QUAD_OF_TYPE, main_event, plover_type

__all__ = [
    "UNKNOWN_TYPE_QUAD",
    "party_span",
    "predicted_quad",
    "run_conflibert",
    "score_conflibert",
]

UNKNOWN_TYPE_QUAD = -1


def predicted_quad(article: Article | None) -> int:
    event = main_event(article)
    if event is None:
        return NO_EVENT_QUAD
    return QUAD_OF_TYPE.get(plover_type(event), UNKNOWN_TYPE_QUAD)


def _anchor(event: Event) -> int:
    """Where the event is stated: its trigger, else its evidence sentence."""
    for evidence in event.evidence:
        if evidence.trigger_start is not None:
            return evidence.trigger_start
    return event.evidence[0].start if event.evidence else 0


def party_span(article: Article, event: Event, party: Party) -> tuple[int, int] | None:
    """The party's span in ``article.text``: its entity's mention nearest the event, else
    the first occurrence of its name; None when neither is in the text."""
    anchor = _anchor(event)
    mentions = [
        mention
        for entity in article.entities
        if party.entity is not None and entity.id == party.entity
        for mention in entity.mentions
    ]
    if mentions:
        nearest = min(mentions, key=lambda m: (abs(m.start - anchor), m.start))
        return nearest.start, nearest.end
    found = article.text.find(party.name) if party.name else -1
    return (found, found + len(party.name)) if found >= 0 else None


def _role_spans(article: Article | None, gold_text: str, role: str) -> list[tuple[int, int]]:
    event = main_event(article)
    if article is None or event is None:
        return []
    alignment = Alignment(article.text, gold_text)
    parties = event.actors if role == "source" else event.recipients
    spans = []
    for party in parties:
        span = party_span(article, event, party)
        extent = alignment.span(*span) if span is not None else None
        if extent is not None:
            spans.append(extent)
    return spans


def score_conflibert(
    classes: Sequence[CameoSentence],
    actors: Sequence[ActorSentence],
    articles: Sequence[Article | None],
) -> dict[str, float]:
    """Quad accuracy and macro-F1 over ``classes``; source/target span P/R/F1 over ``actors``
    (the first ``len(actors)`` records, since the test files share their sentence order)."""
    if len(classes) != len(articles) or len(actors) > len(articles):
        raise ValueError(
            f"{len(classes)} class sentences, {len(actors)} actor sentences and "
            f"{len(articles)} records: pass one record per class sentence"
        )
    gold_labels = [sentence.label for sentence in classes]
    pred_labels = [predicted_quad(article) for article in articles]
    scores = {
        "quad_accuracy": accuracy(gold_labels, pred_labels),
        "quad_macro_f1": macro_f1(gold_labels, pred_labels),
    }
    for role, gold_roles in (("source", {"S", "R"}), ("target", {"T", "R"})):
        gold: list[Span] = []
        pred: list[Span] = []
        offset = 0
        for sentence, article in zip(actors, articles, strict=False):
            gold.extend(
                (offset + a.start, offset + a.end, "")
                for a in sentence.actors
                if a.role in gold_roles
            )
            pred.extend(
                (offset + s, offset + e, "") for s, e in _role_spans(article, sentence.text, role)
            )
            offset += len(sentence.text) + 1
        result = span_prf(gold, pred)
        scores[f"{role}_precision"] = result.precision
        scores[f"{role}_recall"] = result.recall
        scores[f"{role}_f1"] = result.f1
    scores.update(_calibration(gold_labels, pred_labels, articles))
    scores["documents"] = float(len(classes))
    return scores


CALIBRATION_BINS = 5


def _calibration(
    gold: Sequence[int], pred: Sequence[int], articles: Sequence[Article | None]
) -> dict[str, float]:
    """How well the main event's confidence predicts that its quad class is right, on the
    sentences that have an event: expected calibration error over equal-width bins (the
    share-weighted gap between mean confidence and accuracy) and the Brier score. The
    calibration itself was fitted on the train split (dossier.events.confidence)."""
    pairs = []
    for label, guess, article in zip(gold, pred, articles, strict=True):
        event = main_event(article)
        if event is not None:
            pairs.append((event.confidence, 1.0 if label == guess else 0.0))
    if not pairs:
        return {}
    ece = 0.0
    for b in range(CALIBRATION_BINS):
        low, high = b / CALIBRATION_BINS, (b + 1) / CALIBRATION_BINS
        members = [
            (c, y) for c, y in pairs if low <= c < high or (b == CALIBRATION_BINS - 1 and c == 1.0)
        ]
        if members:
            mean_confidence = sum(c for c, _ in members) / len(members)
            hit_rate = sum(y for _, y in members) / len(members)
            ece += len(members) / len(pairs) * abs(mean_confidence - hit_rate)
    brier = sum((c - y) ** 2 for c, y in pairs) / len(pairs)
    return {"confidence_ece": ece, "confidence_brier": brier}


def run_conflibert(
    root: Path, *, limit: int | None = None, analyse: Analyse = default_analyse
) -> dict[str, float]:
    """Score the first ``limit`` test sentences (all 451 by default)."""
    classes = load_conflibert_cameo(root, "test")[:limit]
    actors = load_conflibert_ner(root, "test")[: len(classes)]
    texts = [GoldText(f"conflibert:{s.index}", s.text, language="en") for s in classes]
    return score_conflibert(classes, actors, analyse(texts))
