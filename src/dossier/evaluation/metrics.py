"""Pure scoring functions for the evaluation harness: no I/O, no third-party dependencies.

Each metric follows the published scorer of the benchmark it serves, so that our numbers
compare with the numbers in ``design/EVALUATION.md``: token shingles as in the Scrapinghub
article-extraction benchmark, strict/relaxed span matching as in TempEval-3 (HeidelTime),
B-cubed and the adjusted Rand index for story clustering, weighted/macro F1 as in CASE 2021.
Where a ratio has a zero denominator the result is 0.0 unless the docstring says otherwise.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal, TypeVar

__all__ = [
    "EARTH_RADIUS_KM",
    "PRF",
    "ShingleCounts",
    "accuracy",
    "adjusted_rand_index",
    "bcubed",
    "corpus_shingle_prf",
    "haversine_km",
    "macro_f1",
    "prf",
    "shingle_counts",
    "span_prf",
    "span_prf_by_label",
    "token_shingle_prf",
    "tokens_equal",
    "weighted_f1",
]

Label = TypeVar("Label", bound=Hashable)
Item = TypeVar("Item", bound=Hashable)
Span = tuple[int, int, str]
"""``(start, end, label)`` with end exclusive, as Python slices."""

EARTH_RADIUS_KM: Final = 6371.0088
"""Mean Earth radius (IUGG). geopy's great-circle distance, used by Gritta et al.'s geocoding
scorer, rounds it to 6371.009; the difference is under a metre at 161 km."""


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1, each in [0, 1]."""

    precision: float
    recall: float
    f1: float


def prf(tp: float, fp: float, fn: float) -> PRF:
    """Precision, recall and F1 from counts; a zero denominator gives 0.0, never an error.

    Counts are floats because some benchmarks (Scrapinghub) normalise them per document.
    """
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    return PRF(precision, recall, _harmonic_mean(precision, recall))


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def _harmonic_mean(precision: float, recall: float) -> float:
    return _ratio(2 * precision * recall, precision + recall)


# ------------------------------------------------------------------------ span matching


def span_prf(
    gold: Iterable[Span],
    pred: Iterable[Span],
    mode: Literal["strict", "relaxed"] = "strict",
    typed: bool = False,
) -> PRF:
    """Span P/R/F1: ``strict`` needs identical offsets, ``relaxed`` any overlap (TempEval-3).

    Matching is one-to-one in both modes, so a gold span is credited at most once and so is a
    predicted one; duplicates in either list count separately. With ``typed`` the labels must
    also be equal: with the TIMEX3 type as label this is HeidelTime's "type" score, with the
    normalised value its "value" score (up to which of two overlapping candidates is paired).
    Relaxed pairing is greedy: gold spans in order of end offset each take the unmatched
    overlapping prediction that ends first, which pairs as many spans as possible on a line.
    """
    gold_spans, pred_spans = list(gold), list(pred)
    matched = (
        _strict_matches(gold_spans, pred_spans, typed)
        if mode == "strict"
        else _relaxed_matches(gold_spans, pred_spans, typed)
    )
    return prf(matched, len(pred_spans) - matched, len(gold_spans) - matched)


def span_prf_by_label(
    gold: Iterable[Span],
    pred: Iterable[Span],
    mode: Literal["strict", "relaxed"] = "strict",
) -> dict[str, PRF]:
    """Typed :func:`span_prf` per label (the per-type table asked for Sequoia NER)."""
    gold_spans, pred_spans = list(gold), list(pred)
    labels = sorted({span[2] for span in gold_spans} | {span[2] for span in pred_spans})
    return {
        label: span_prf(
            [span for span in gold_spans if span[2] == label],
            [span for span in pred_spans if span[2] == label],
            mode,
            typed=True,
        )
        for label in labels
    }


def _strict_matches(gold: list[Span], pred: list[Span], typed: bool) -> int:
    """Number of exact pairs, as a multiset intersection."""
    gold_keys = Counter(_span_key(span, typed) for span in gold)
    pred_keys = Counter(_span_key(span, typed) for span in pred)
    return sum((gold_keys & pred_keys).values())


def _span_key(span: Span, typed: bool) -> tuple[int, int, str]:
    return (span[0], span[1], span[2] if typed else "")


def _relaxed_matches(gold: list[Span], pred: list[Span], typed: bool) -> int:
    """Number of one-to-one overlapping pairs, chosen greedily by end offset."""
    unmatched = sorted(pred, key=lambda span: (span[1], span[0]))
    matches = 0
    for gold_span in sorted(gold, key=lambda span: (span[1], span[0])):
        partner = next((p for p in unmatched if _compatible(gold_span, p, typed)), None)
        if partner is not None:
            unmatched.remove(partner)
            matches += 1
    return matches


def _compatible(gold: Span, pred: Span, typed: bool) -> bool:
    """Overlap of half-open spans (and equal labels when typed)."""
    overlaps = gold[0] < pred[1] and pred[0] < gold[1]
    return overlaps and (not typed or gold[2] == pred[2])


# ---------------------------------------------------------- Scrapinghub token shingles

_WORD: Final = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class ShingleCounts:
    """One document's shingle TP/FP/FN, divided by their sum as the benchmark does so that
    long articles do not outweigh short ones (all zero when both texts have no words)."""

    tp: float
    fp: float
    fn: float


def shingle_counts(pred_text: str, gold_text: str, n: int = 4) -> ShingleCounts:
    """TP/FP/FN over token n-gram shingles with counts, as Scrapinghub's ``evaluate.py``.

    Tokens are ``\\w+`` runs, case kept. A text with fewer than ``n`` tokens is one shorter
    shingle. Each shingle contributes ``min(gold, pred)`` true positives and the surplus on
    either side as false positives or false negatives.
    """
    gold_shingles = _shingles(gold_text, n)
    pred_shingles = _shingles(pred_text, n)
    tp = sum((gold_shingles & pred_shingles).values())
    fp = sum((pred_shingles - gold_shingles).values())
    fn = sum((gold_shingles - pred_shingles).values())
    total = tp + fp + fn
    if total == 0:
        return ShingleCounts(0.0, 0.0, 0.0)
    return ShingleCounts(tp / total, fp / total, fn / total)


def token_shingle_prf(pred_text: str, gold_text: str, n: int = 4) -> PRF:
    """One document's shingle precision/recall/F1 under the benchmark's conventions.

    As in the benchmark, a side with nothing to get wrong scores 1.0: precision is 1.0 when
    there are no false positives and no false negatives (both texts empty included), 0.0
    when nothing was predicted; recall likewise.
    """
    counts = shingle_counts(pred_text, gold_text, n)
    precision = _benchmark_precision(counts)
    recall = _benchmark_recall(counts)
    return PRF(precision, recall, _harmonic_mean(precision, recall))


def corpus_shingle_prf(per_document: Iterable[ShingleCounts]) -> PRF:
    """The benchmark's corpus score: mean per-document precision over documents with a
    prediction (tp + fp > 0), mean recall over documents with gold (tp + fn > 0), and F1 of
    those two means (not a mean of F1s), as in the published leaderboard."""
    counts = list(per_document)
    precisions = [_benchmark_precision(c) for c in counts if c.tp + c.fp > 0]
    recalls = [_benchmark_recall(c) for c in counts if c.tp + c.fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    return PRF(precision, recall, _harmonic_mean(precision, recall))


def tokens_equal(pred_text: str, gold_text: str) -> bool:
    """The benchmark's exact-match "accuracy" for one page: identical ``\\w+`` token lists."""
    return _WORD.findall(pred_text) == _WORD.findall(gold_text)


def _shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    if n < 1:
        raise ValueError(f"shingle size must be at least 1, got {n}")
    tokens = _WORD.findall(text)
    if len(tokens) < n:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _benchmark_precision(counts: ShingleCounts) -> float:
    if counts.fp == 0 and counts.fn == 0:
        return 1.0
    return _ratio(counts.tp, counts.tp + counts.fp)


def _benchmark_recall(counts: ShingleCounts) -> float:
    if counts.fp == 0 and counts.fn == 0:
        return 1.0
    return _ratio(counts.tp, counts.tp + counts.fn)


# ------------------------------------------------------------------------- geography


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in decimal degrees.

    Geocoding is scored by this distance (accuracy within 161 km, i.e. 100 miles).
    """
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


# ------------------------------------------------------------------------- clustering


def bcubed(gold: Mapping[Item, Hashable], pred: Mapping[Item, Hashable]) -> PRF:
    """B-cubed precision/recall/F1 (Bagga and Baldwin 1998), averaged over items.

    For each item, precision is the share of its predicted cluster that shares its gold
    cluster, recall the share of its gold cluster that shares its predicted cluster. Both
    mappings must cover the same items; an empty pair scores 1.0 (nothing to get wrong).
    """
    items = _same_items(gold, pred)
    if not items:
        return PRF(1.0, 1.0, 1.0)
    gold_sizes = Counter(gold.values())
    pred_sizes = Counter(pred.values())
    joint = Counter((gold[item], pred[item]) for item in items)
    precision = sum(joint[gold[i], pred[i]] / pred_sizes[pred[i]] for i in items) / len(items)
    recall = sum(joint[gold[i], pred[i]] / gold_sizes[gold[i]] for i in items) / len(items)
    return PRF(precision, recall, _harmonic_mean(precision, recall))


def adjusted_rand_index(gold: Mapping[Item, Hashable], pred: Mapping[Item, Hashable]) -> float:
    """Adjusted Rand index (Hubert and Arabie 1985) from the contingency table.

    1.0 for identical partitions, about 0.0 for chance agreement, negative below chance.
    When the index is undefined (fewer than two items, or both partitions all singletons or
    both one cluster) the partitions agree and 1.0 is returned, as scikit-learn does.
    """
    items = _same_items(gold, pred)
    contingency = Counter((gold[item], pred[item]) for item in items)
    index = sum(_pairs(count) for count in contingency.values())
    gold_pairs = sum(_pairs(count) for count in Counter(gold[i] for i in items).values())
    pred_pairs = sum(_pairs(count) for count in Counter(pred[i] for i in items).values())
    all_pairs = _pairs(len(items))
    if all_pairs == 0:
        return 1.0
    expected = gold_pairs * pred_pairs / all_pairs
    maximum = (gold_pairs + pred_pairs) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def _same_items(gold: Mapping[Item, Hashable], pred: Mapping[Item, Hashable]) -> list[Item]:
    """The items both clusterings cover; they must be the same set."""
    if gold.keys() != pred.keys():
        missing = len(gold.keys() - pred.keys())
        extra = len(pred.keys() - gold.keys())
        raise ValueError(
            f"gold and predicted clusterings cover different items: {missing} gold items have "
            f"no prediction, {extra} predicted items are not in gold; cluster the same items"
        )
    return list(gold)


# ---------------------------------------------------------------- label classification


def accuracy(gold_labels: Sequence[Label], pred_labels: Sequence[Label]) -> float:
    """Share of positions where the predicted label equals the gold one."""
    _same_length(gold_labels, pred_labels)
    correct = sum(g == p for g, p in zip(gold_labels, pred_labels, strict=True))
    return _ratio(correct, len(gold_labels))


def macro_f1(gold_labels: Sequence[Label], pred_labels: Sequence[Label]) -> float:
    """Unweighted mean of per-label F1 over every label seen in gold or prediction
    (scikit-learn's ``average="macro"``): rare classes count as much as frequent ones."""
    scores = _per_label_f1(gold_labels, pred_labels)
    return sum(f1 for f1, _ in scores.values()) / len(scores) if scores else 0.0


def weighted_f1(gold_labels: Sequence[Label], pred_labels: Sequence[Label]) -> float:
    """Per-label F1 averaged with gold support as weights (scikit-learn's
    ``average="weighted"``), the CASE 2021 task 2 ranking metric."""
    scores = _per_label_f1(gold_labels, pred_labels)
    support = sum(weight for _, weight in scores.values())
    return _ratio(sum(f1 * weight for f1, weight in scores.values()), support)


def _per_label_f1(
    gold_labels: Sequence[Label], pred_labels: Sequence[Label]
) -> dict[Label, tuple[float, int]]:
    """``label -> (F1, gold support)`` for every label in gold or prediction."""
    _same_length(gold_labels, pred_labels)
    counts: dict[Label, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    for gold, pred in zip(gold_labels, pred_labels, strict=True):
        if gold == pred:
            counts[gold][0] += 1
        else:
            counts[pred][1] += 1
            counts[gold][2] += 1
    return {label: (prf(tp, fp, fn).f1, tp + fn) for label, (tp, fp, fn) in counts.items()}


def _same_length(gold_labels: Sequence[object], pred_labels: Sequence[object]) -> None:
    if len(gold_labels) != len(pred_labels):
        raise ValueError(
            f"{len(gold_labels)} gold labels but {len(pred_labels)} predicted: "
            "pass one prediction per gold item, in the same order"
        )
