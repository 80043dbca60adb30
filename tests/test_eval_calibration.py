"""The calibration report of the CAMEO scorer: ECE and Brier of the main event's confidence."""

from __future__ import annotations

import pytest

from dossier.evaluation.cameo import _calibration
from dossier.model import Article, Event


def _article(confidence: float | None) -> Article | None:
    events = (
        []
        if confidence is None
        else [Event(id="e", type="CONSULT", status="asserted", confidence=confidence)]
    )
    return Article(id="a", language="en", text="x", events=events)


def test_calibration_of_confidences_that_match_accuracy_is_near_zero() -> None:
    # 10 events at 0.7 of which 7 right: calibrated.
    gold = [1] * 10
    pred = [1] * 7 + [2] * 3
    scores = _calibration(gold, pred, [_article(0.7) for _ in range(10)])
    assert scores["confidence_ece"] == pytest.approx(0.0, abs=1e-9)
    assert scores["confidence_brier"] == pytest.approx((7 * 0.09 + 3 * 0.49) / 10)


def test_calibration_of_overconfident_events_shows_the_gap() -> None:
    gold = [1] * 10
    pred = [1] * 5 + [2] * 5
    scores = _calibration(gold, pred, [_article(0.95) for _ in range(10)])
    assert scores["confidence_ece"] == pytest.approx(0.45)


def test_calibration_ignores_sentences_without_event() -> None:
    scores = _calibration([1, 1], [0, 1], [None, _article(1.0)])
    assert scores["confidence_ece"] == pytest.approx(0.0)
    assert _calibration([1], [0], [_article(None)]) == {}
