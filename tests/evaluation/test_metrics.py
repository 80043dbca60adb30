"""Metrics on tiny inputs whose answers were worked out by hand (comments show the sums)."""

from __future__ import annotations

import pytest

from dossier.evaluation.metrics import (
    PRF,
    ShingleCounts,
    accuracy,
    adjusted_rand_index,
    bcubed,
    corpus_shingle_prf,
    haversine_km,
    macro_f1,
    prf,
    shingle_counts,
    span_prf,
    span_prf_by_label,
    token_shingle_prf,
    tokens_equal,
    weighted_f1,
)


def approx(value: PRF) -> tuple[object, object, object]:
    return (pytest.approx(value.precision), pytest.approx(value.recall), pytest.approx(value.f1))


# ------------------------------------------------------------------------------ prf


def test_prf_from_counts() -> None:
    # P = 2/3, R = 2/4, F = 2PR/(P+R) = (2/3)/(7/6) = 4/7
    assert approx(prf(2, 1, 2)) == (2 / 3, 0.5, 4 / 7)


def test_prf_zero_denominators_give_zero() -> None:
    assert prf(0, 0, 0) == PRF(0.0, 0.0, 0.0)
    assert prf(0, 3, 0) == PRF(0.0, 0.0, 0.0)


# ------------------------------------------------------------------------- span_prf

GOLD = [(0, 5, "DATE"), (10, 20, "TIME"), (30, 35, "DATE")]


def test_span_prf_strict_needs_identical_offsets() -> None:
    pred = [(0, 5, "DATE"), (10, 19, "TIME"), (40, 45, "DATE")]
    # one exact pair: P = 1/3, R = 1/3
    assert approx(span_prf(GOLD, pred, "strict")) == (1 / 3, 1 / 3, 1 / 3)


def test_span_prf_relaxed_counts_any_overlap() -> None:
    pred = [(0, 5, "DATE"), (10, 19, "TIME"), (40, 45, "DATE")]
    # (10, 19) overlaps (10, 20): two pairs, P = R = 2/3
    assert approx(span_prf(GOLD, pred, "relaxed")) == (2 / 3, 2 / 3, 2 / 3)


def test_span_prf_relaxed_matches_each_gold_once() -> None:
    gold = [(0, 10, "DATE")]
    pred = [(0, 3, "DATE"), (4, 10, "DATE")]
    # only one prediction can take the gold span: P = 1/2, R = 1
    assert approx(span_prf(gold, pred, "relaxed")) == (0.5, 1.0, 2 / 3)


def test_span_prf_relaxed_pairs_to_let_every_gold_match() -> None:
    gold = [(0, 4, "X"), (2, 10, "X")]
    pred = [(3, 9, "X"), (0, 1, "X")]
    # (0, 4) must take (0, 1) so that (2, 10) can take (3, 9)
    assert approx(span_prf(gold, pred, "relaxed")) == (1.0, 1.0, 1.0)


def test_span_prf_touching_spans_do_not_overlap() -> None:
    assert span_prf([(0, 5, "X")], [(5, 9, "X")], "relaxed").f1 == 0.0


def test_span_prf_typed_requires_equal_labels() -> None:
    pred = [(0, 5, "TIME"), (10, 20, "TIME")]
    assert span_prf(GOLD, pred, "strict", typed=False).recall == pytest.approx(2 / 3)
    assert span_prf(GOLD, pred, "strict", typed=True).recall == pytest.approx(1 / 3)
    assert span_prf(GOLD, pred, "relaxed", typed=True).precision == pytest.approx(1 / 2)


def test_span_prf_counts_duplicate_predictions_as_false_positives() -> None:
    assert span_prf([(0, 5, "X")], [(0, 5, "X"), (0, 5, "X")], "strict").precision == 0.5


def test_span_prf_by_label_scores_each_type() -> None:
    pred = [(0, 5, "DATE"), (10, 20, "DATE")]
    scores = span_prf_by_label(GOLD, pred)
    # DATE: gold 2, pred 2, 1 pair; TIME: gold 1, pred 0
    assert approx(scores["DATE"]) == (0.5, 0.5, 0.5)
    assert scores["TIME"] == PRF(0.0, 0.0, 0.0)


# ------------------------------------------------------------------ token shingles


def test_shingle_counts_follow_the_benchmark() -> None:
    gold = "a b c d e"  # shingles: abcd, bcde
    pred = "a b c d x"  # shingles: abcd, bcdx
    # tp 1, fp 1, fn 1, normalised by their sum 3
    assert shingle_counts(pred, gold) == ShingleCounts(1 / 3, 1 / 3, 1 / 3)
    assert approx(token_shingle_prf(pred, gold)) == (0.5, 0.5, 0.5)


def test_shingles_count_repeats() -> None:
    # gold has "a a" twice as a 2-shingle; the prediction once: tp 1, fn 1
    counts = shingle_counts("a a", "a a a", n=2)
    assert counts == ShingleCounts(0.5, 0.0, 0.5)


def test_short_texts_are_one_shingle() -> None:
    assert token_shingle_prf("Hello, world", "Hello world!").f1 == 1.0
    assert token_shingle_prf("Hello there", "Hello world").f1 == 0.0


def test_shingle_tokens_keep_case() -> None:
    assert token_shingle_prf("hello world", "Hello world").f1 == 0.0


def test_token_shingle_prf_empty_conventions() -> None:
    assert token_shingle_prf("", "") == PRF(1.0, 1.0, 1.0)
    assert token_shingle_prf("", "some gold text here") == PRF(0.0, 0.0, 0.0)


def test_corpus_shingle_prf_averages_precision_and_recall_first() -> None:
    per_document = [
        ShingleCounts(0.5, 0.5, 0.0),  # P 0.5, R 1.0
        ShingleCounts(1.0, 0.0, 0.0),  # P 1.0, R 1.0
        ShingleCounts(0.0, 0.0, 1.0),  # nothing predicted: left out of precision, R 0.0
    ]
    # P = mean(0.5, 1.0) = 0.75; R = mean(1, 1, 0) = 2/3; F = 2*0.75*(2/3)/(0.75+2/3) = 12/17
    assert approx(corpus_shingle_prf(per_document)) == (0.75, 2 / 3, 12 / 17)


def test_tokens_equal_ignores_punctuation_and_spacing() -> None:
    assert tokens_equal("Hello,   world!", "Hello world")
    assert not tokens_equal("Hello world", "Hello")


# ------------------------------------------------------------------------ haversine


def test_haversine_zero_for_same_point() -> None:
    assert haversine_km(48.85, 2.35, 48.85, 2.35) == 0.0


def test_haversine_one_degree_of_meridian() -> None:
    # 2 * pi * R / 360 with R = 6371.0088 km
    assert haversine_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.19508, abs=1e-4)


def test_haversine_antipodes_are_half_the_circumference() -> None:
    assert haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(20015.1, abs=0.1)


def test_haversine_paris_london() -> None:
    assert haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343.5, abs=0.5)


# ------------------------------------------------------------------------ clustering


def test_bcubed_identical_clusterings_are_perfect() -> None:
    clusters = {"a": 1, "b": 1, "c": 2}
    assert bcubed(clusters, clusters) == PRF(1.0, 1.0, 1.0)


def test_bcubed_small_example() -> None:
    gold = {"a": 1, "b": 1, "c": 2}
    pred = {"a": "x", "b": "y", "c": "y"}
    # a: P 1, R 1/2; b: P 1/2, R 1/2; c: P 1/2, R 1 -> P = R = 2/3
    assert approx(bcubed(gold, pred)) == (2 / 3, 2 / 3, 2 / 3)


def test_bcubed_one_big_cluster_has_full_recall() -> None:
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    pred = dict.fromkeys(gold, 0)
    # every item: P = 2/4, R = 1
    assert approx(bcubed(gold, pred)) == (0.5, 1.0, 2 / 3)


def test_clusterings_must_cover_the_same_items() -> None:
    with pytest.raises(ValueError, match="different items"):
        bcubed({"a": 1}, {"b": 1})
    with pytest.raises(ValueError, match="different items"):
        adjusted_rand_index({"a": 1}, {"a": 1, "b": 2})


def test_ari_identical_clusterings_is_one() -> None:
    clusters = {"a": 1, "b": 1, "c": 2, "d": 3}
    assert adjusted_rand_index(clusters, clusters) == 1.0


def test_ari_ignores_cluster_names() -> None:
    gold = {"a": 1, "b": 1, "c": 2}
    assert adjusted_rand_index(gold, {"a": "z", "b": "z", "c": "y"}) == 1.0


def test_ari_small_example() -> None:
    gold = dict(enumerate([0, 0, 1, 1]))
    pred = dict(enumerate([0, 0, 1, 2]))
    # index 1, gold pairs 2, pred pairs 1, all pairs 6: expected 1/3, max 3/2
    # ARI = (1 - 1/3) / (3/2 - 1/3) = 4/7
    assert adjusted_rand_index(gold, pred) == pytest.approx(4 / 7)


def test_ari_all_in_one_against_singletons_is_zero() -> None:
    gold = dict(enumerate([0, 0, 0, 0]))
    pred = dict(enumerate([0, 1, 2, 3]))
    assert adjusted_rand_index(gold, pred) == 0.0


def test_ari_below_chance_is_negative() -> None:
    gold = dict(enumerate([0, 0, 1, 1]))
    pred = dict(enumerate([0, 1, 0, 1]))
    # index 0, gold pairs 2, pred pairs 2, all 6: expected 2/3, max 2 -> -1/2
    assert adjusted_rand_index(gold, pred) == pytest.approx(-0.5)


def test_ari_degenerate_inputs_are_one() -> None:
    assert adjusted_rand_index({}, {}) == 1.0
    assert adjusted_rand_index({"a": 1}, {"a": 2}) == 1.0
    assert adjusted_rand_index({"a": 1, "b": 2}, {"a": 1, "b": 3}) == 1.0


# -------------------------------------------------------------------- classification

GOLD_LABELS = ["a", "a", "a", "b"]
PRED_LABELS = ["a", "a", "b", "b"]
# a: tp 2, fp 0, fn 1 -> F1 = 0.8 (support 3); b: tp 1, fp 1, fn 0 -> F1 = 2/3 (support 1)


def test_accuracy() -> None:
    assert accuracy(GOLD_LABELS, PRED_LABELS) == 0.75


def test_macro_f1_is_the_plain_mean() -> None:
    assert macro_f1(GOLD_LABELS, PRED_LABELS) == pytest.approx((0.8 + 2 / 3) / 2)


def test_weighted_f1_weights_by_gold_support() -> None:
    assert weighted_f1(GOLD_LABELS, PRED_LABELS) == pytest.approx((0.8 * 3 + 2 / 3) / 4)


def test_labels_only_predicted_count_in_macro_but_not_weighted() -> None:
    gold, pred = ["a", "a"], ["a", "c"]
    # a: tp 1, fn 1 -> F1 2/3; c: fp 1 -> F1 0, support 0
    assert macro_f1(gold, pred) == pytest.approx(1 / 3)
    assert weighted_f1(gold, pred) == pytest.approx(2 / 3)


def test_label_lists_must_have_the_same_length() -> None:
    with pytest.raises(ValueError, match="2 gold labels but 1 predicted"):
        accuracy(["a", "b"], ["a"])


def test_empty_label_lists_score_zero() -> None:
    assert accuracy([], []) == 0.0
    assert macro_f1([], []) == 0.0
    assert weighted_f1([], []) == 0.0
