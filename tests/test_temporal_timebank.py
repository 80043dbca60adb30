"""French TimeBank 1.1 scoring of the TIME stage, and the gate against HeidelTime."""

from __future__ import annotations

import pytest

from dossier.evaluation.datasets import SHARED_DATA_ENV, default_root
from dossier.evaluation.timebank import HEIDELTIME_FTIB, canonical_value, score_french_timebank


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("2002-02-08T12:30-07", "2002-02-08T12:30-07:00"),
        ("2002-02-08T20:30+1", "2002-02-08T20:30+01:00"),
        ("2022-01-21T11:00+01:00", "2022-01-21T11:00+01:00"),
        ("2022-01-21", "2022-01-21"),
        ("PT2H30M", "PT2H30M"),
        ("1999-05-23TEV", "1999-05-23TEV"),
        (None, ""),
    ],
)
def test_temporal_timebank_offsets_have_one_spelling(value: str | None, canonical: str) -> None:
    assert canonical_value(value) == canonical


@pytest.mark.slow
@pytest.mark.gold
def test_temporal_timebank_beats_heideltime() -> None:
    root = default_root()
    if not (root / "french-timebank-1.1").is_dir():
        pytest.skip(f"French TimeBank not found under {root}; set {SHARED_DATA_ENV}")
    scores = score_french_timebank(root)
    assert scores["documents"] == 108
    for metric, bar in HEIDELTIME_FTIB.items():
        assert scores[metric] > bar, (metric, scores[metric], bar)
