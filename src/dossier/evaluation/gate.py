"""The regression gate: per-metric floors, committed in ``evaluation/floors.toml``.

``make test`` (``tests/test_eval_gate.py``) runs every built scorer on the sample its floors
name and fails when a metric falls below its floor, or when a built scorer has no floor at
all: a component that can be measured must be guarded. Raising a floor is a normal commit;
lowering one needs its reason in the commit message. The full, unsampled run is ``make eval``.

File format, one table per floor::

    [[floor]]
    scorer = "extraction.scrapinghub"   # a name from dossier.evaluation.scorers.SCORERS
    metric = "f1"                       # a key of that scorer's scores
    floor = 0.95                        # fails when the score is below this
    sample = 181                        # documents the gate scores ("all" for the whole set)
    note = "measured 0.960 on ...; floor 0.01 below"   # where the number came from

All floors of one scorer share one sample, so the gate runs each scorer once.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ..errors import DataFileError

__all__ = [
    "FLOORS_FILE",
    "Floor",
    "check_floors",
    "default_floors_path",
    "gate_samples",
    "load_floors",
    "reproduce_command",
]

FLOORS_FILE: Final = Path("evaluation") / "floors.toml"
_KEYS: Final = frozenset({"scorer", "metric", "floor", "sample", "note"})


@dataclass(frozen=True, slots=True)
class Floor:
    scorer: str
    metric: str
    floor: float
    sample: int | None  # None: the whole gold set
    note: str


def default_floors_path() -> Path:
    """``evaluation/floors.toml`` at the root of this checkout (src layout, editable install)."""
    return Path(__file__).resolve().parents[3] / FLOORS_FILE


def _floor(path: Path, number: int, entry: Mapping[str, object]) -> Floor:
    where = f"{path}: floor {number}"
    unknown = set(entry) - _KEYS
    missing = {"scorer", "metric", "floor", "note"} - set(entry)
    if unknown or missing:
        raise DataFileError(
            f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}; "
            f"each [[floor]] has {sorted(_KEYS)}"
        )
    value, sample = entry["floor"], entry.get("sample", "all")
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise DataFileError(f"{where}: floor must be a number, got {value!r}")
    if sample != "all" and not (isinstance(sample, int) and sample > 0):
        raise DataFileError(f"{where}: sample must be a positive integer or 'all', got {sample!r}")
    return Floor(
        scorer=str(entry["scorer"]),
        metric=str(entry["metric"]),
        floor=float(value),
        sample=sample if isinstance(sample, int) else None,
        note=str(entry["note"]),
    )


def load_floors(path: Path | None = None) -> list[Floor]:
    """Floors from the committed file (or ``path``), validated."""
    path = path or default_floors_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise DataFileError(f"{path}: the floors file is missing; it is committed") from error
    except tomllib.TOMLDecodeError as error:
        raise DataFileError(f"{path}: not valid TOML ({error})") from error
    entries = data.get("floor", [])
    if not isinstance(entries, list):
        raise DataFileError(f"{path}: expected [[floor]] tables")
    floors = [_floor(path, number, entry) for number, entry in enumerate(entries, 1)]
    gate_samples(floors)  # rejects one scorer with two samples
    return floors


def gate_samples(floors: Iterable[Floor]) -> dict[str, int | None]:
    """The sample each scorer runs on in the gate (one per scorer)."""
    samples: dict[str, int | None] = {}
    for floor in floors:
        if floor.scorer in samples and samples[floor.scorer] != floor.sample:
            raise DataFileError(
                f"floors of {floor.scorer} name two samples ({samples[floor.scorer]} and "
                f"{floor.sample}); give all of a scorer's floors the same sample"
            )
        samples[floor.scorer] = floor.sample
    return samples


def reproduce_command(scorer: str, sample: int | None) -> str:
    limit = f" --limit {sample}" if sample is not None else ""
    return f"make eval, or .venv/bin/dossier eval --only {scorer}{limit}"


def check_floors(
    scores: Mapping[str, Mapping[str, float]],
    floors: Sequence[Floor],
    built: Iterable[str],
) -> list[str]:
    """Every failure of the gate, as a message; an empty list passes.

    ``scores`` maps each scorer that ran to its metrics; ``built`` names every scorer whose
    stage exists. Fails: a metric below its floor (or NaN, or missing from the scores), and a
    built scorer without a single floor.
    """
    failures = []
    floored = {floor.scorer for floor in floors}
    for name in sorted(set(built) - floored):
        failures.append(
            f"{name} is built but has no floor in {FLOORS_FILE}: run "
            f"`.venv/bin/dossier eval --only {name}` and add its metrics with a note"
        )
    for floor in floors:
        if floor.scorer not in scores:
            continue  # not run in this gate (not built, or not selected)
        got = scores[floor.scorer].get(floor.metric)
        how = reproduce_command(floor.scorer, floor.sample)
        sample = "all documents" if floor.sample is None else f"first {floor.sample} documents"
        if got is None:
            failures.append(
                f"{floor.scorer} reports no metric {floor.metric!r} (floor {floor.floor}); "
                f"fix the scorer or the floor ({FLOORS_FILE}). Reproduce: {how}"
            )
        elif math.isnan(got) or got < floor.floor:
            failures.append(
                f"{floor.scorer} {floor.metric} = {got:.4f} is below its floor {floor.floor:.4f} "
                f"(gate sample: {sample}; floor set by: {floor.note}). Reproduce: {how}"
            )
    return failures
