"""Fixtures for the evaluation tests: where the real gold data is, or a loud skip."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.evaluation.datasets import SHARED_DATA_ENV, default_root


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The gold data folder; skips (with the reason in the report) when it is absent."""
    root = default_root()
    if not root.is_dir():
        pytest.skip(
            f"../shared/data not found: gold-data tests skipped; set {SHARED_DATA_ENV} to the "
            f"folder holding the gold sets (looked in {root})"
        )
    return root
