"""Shared fixtures: paths, the schema validator, and one pipeline per test session."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = Path(os.environ.get("DOSSIER_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def validate_record() -> Callable[[dict[str, Any]], None]:
    """Validate a record (as JSON data) against the committed JSON Schema."""
    import jsonschema

    schema = json.loads((ROOT / "schema" / "article.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)

    def check(record: dict[str, Any]) -> None:
        errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
        assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])

    return check


@pytest.fixture(scope="session")
def pipeline() -> Any:
    from dossier import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_article() -> Path:
    """The example article we were given; read in place, never copied into the repository."""
    path = SHARED / "seed" / "000_b7ad5fd18144e60d.txt"
    if not path.exists():
        pytest.skip(f"SKIPPED LOUDLY: the example article {path} is absent (../shared not here)")
    return path
