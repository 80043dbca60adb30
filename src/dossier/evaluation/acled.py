"""CASE 2021 task 2: ACLED event classes of short snippets, via a PLOVER → ACLED mapping.

Each snippet is analysed alone; its main event is mapped to a CASE label by the rules of
``data/plover_to_acled.yaml`` (first match wins). The ranking metric is weighted F1, per
sub-task: sub-task 1 scores the snippets of the 25 ACLED classes, sub-task 2 adds three
unseen classes, sub-task 3 all 30 (the published 83.9 / 79.7 / 77.1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Final

import yaml

from ..errors import DataFileError
from ..model import Article, Event
from .analysis import Analyse, GoldText, default_analyse
from .datasets import AcledSnippet, load_case2021
from .metrics import accuracy, macro_f1, weighted_f1
from .plover import PLOVER_TYPES, main_event, plover_type

__all__ = [
    "CASE_LABELS",
    "NO_EVENT",
    "SUBTASK_LABELS",
    "UNMAPPED",
    "AcledRule",
    "load_acled_rules",
    "predicted_label",
    "run_case2021",
    "score_case2021",
]

ACLED_LABELS: Final = frozenset(
    {
        "ABDUCT_DISSAP", "AGREEMENT", "AIR_STRIKE", "ARMED_CLASH", "ARREST", "ART_MISS_ATTACK",
        "ATTACK", "CHANGE_TO_GROUP_ACT", "CHEM_WEAP", "DISR_WEAP", "FORCE_AGAINST_PROTEST",
        "GOV_REGAINS_TERIT", "GRENADE", "HQ_ESTABLISHED", "MOB_VIOL",
        "NON_STATE_ACTOR_OVERTAKES_TER", "NON_VIOL_TERRIT_TRANSFER", "OTHER", "PEACE_PROTEST",
        "PROPERTY_DISTRUCT", "PROTEST_WITH_INTER", "REM_EXPLOS", "SEX_VIOL", "SUIC_BOMB",
        "VIOL_DEMONSTR",
    }
)  # fmt: skip
"""The 25 "seen" labels of ``note_on_event_types.txt``."""

SUBTASK_LABELS: Final[Mapping[int, frozenset[str]]] = {
    1: ACLED_LABELS,
    2: ACLED_LABELS | {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER"},
    3: ACLED_LABELS | {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"},
}
CASE_LABELS: Final = SUBTASK_LABELS[3]
NO_EVENT: Final = "NO_EVENT"
UNMAPPED: Final = "UNMAPPED"

_RULE_KEYS: Final = frozenset({"type", "mode", "actor_sector", "recipient_sector", "label"})


@dataclass(frozen=True, slots=True)
class AcledRule:
    """One line of the mapping: conditions on the event, and the label it gives."""

    type: str
    label: str
    modes: frozenset[str] = frozenset()
    actor_sectors: frozenset[str] = frozenset()
    recipient_sectors: frozenset[str] = frozenset()

    def matches(self, event: Event) -> bool:
        if plover_type(event) != self.type:
            return False
        if self.modes and (event.mode or "").strip().lower() not in self.modes:
            return False
        if self.actor_sectors and not _has_sector(event.actors, self.actor_sectors):
            return False
        return not self.recipient_sectors or _has_sector(event.recipients, self.recipient_sectors)


def _has_sector(parties: Sequence[object], sectors: frozenset[str]) -> bool:
    return any((getattr(p, "sector", None) or "").upper() in sectors for p in parties)


def _strings(value: object) -> frozenset[str]:
    """A YAML string or list of strings as a set; anything else is an error upstream."""
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return frozenset(value)
    raise TypeError(f"expected a string or a list of strings, got {value!r}")


def _rule(path: str, number: int, entry: object) -> AcledRule:
    where = f"{path}: rule {number}"
    if not isinstance(entry, dict):
        raise DataFileError(f"{where}: expected a mapping with type and label, got {entry!r}")
    unknown = set(entry) - _RULE_KEYS
    if unknown:
        raise DataFileError(
            f"{where}: unknown keys {sorted(unknown)}; allowed {sorted(_RULE_KEYS)}"
        )
    kind, label = entry.get("type"), entry.get("label")
    if kind not in PLOVER_TYPES:
        raise DataFileError(f"{where}: type {kind!r} is not a PLOVER type: {sorted(PLOVER_TYPES)}")
    if label not in CASE_LABELS:
        raise DataFileError(
            f"{where}: label {label!r} is not a CASE 2021 label: {sorted(CASE_LABELS)}"
        )
    try:
        return AcledRule(
            type=str(kind),
            label=str(label),
            modes=frozenset(m.lower() for m in _strings(entry.get("mode", []))),
            actor_sectors=frozenset(s.upper() for s in _strings(entry.get("actor_sector", []))),
            recipient_sectors=frozenset(
                s.upper() for s in _strings(entry.get("recipient_sector", []))
            ),
        )
    except TypeError as error:
        raise DataFileError(f"{where}: {error}") from error


def parse_acled_rules(content: str, path: str = "<string>") -> tuple[AcledRule, ...]:
    """Rules from the YAML text of a mapping file, validated (see the file's header)."""
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as error:
        raise DataFileError(f"{path}: not valid YAML ({error})") from error
    if (
        not isinstance(data, dict)
        or data.get("version") != 1
        or not isinstance(data.get("rules"), list)
    ):
        raise DataFileError(f"{path}: expected 'version: 1' and a 'rules' list")
    unmapped = data.get("unmapped") or {}
    bad = [label for label in unmapped if label not in CASE_LABELS]
    if bad:
        raise DataFileError(f"{path}: 'unmapped' lists labels that are not CASE labels: {bad}")
    return tuple(_rule(path, number, entry) for number, entry in enumerate(data["rules"], 1))


@cache
def load_acled_rules(path: Path | None = None) -> tuple[AcledRule, ...]:
    """The built-in mapping (``dossier/data/plover_to_acled.yaml``) or the file at ``path``."""
    if path is not None:
        return parse_acled_rules(path.read_text(encoding="utf-8"), str(path))
    resource = resources.files("dossier").joinpath("data", "plover_to_acled.yaml")
    return parse_acled_rules(
        resource.read_text(encoding="utf-8"), "dossier/data/plover_to_acled.yaml"
    )


def predicted_label(article: Article | None, rules: Sequence[AcledRule]) -> str:
    """The CASE label of the snippet's main event; NO_EVENT or UNMAPPED otherwise."""
    event = main_event(article)
    if event is None:
        return NO_EVENT
    return next((rule.label for rule in rules if rule.matches(event)), UNMAPPED)


def score_case2021(
    snippets: Sequence[AcledSnippet],
    articles: Sequence[Article | None],
    rules: Sequence[AcledRule] | None = None,
) -> dict[str, float]:
    """Weighted F1 per sub-task, and accuracy and macro-F1 over every snippet."""
    if len(snippets) != len(articles):
        raise ValueError(f"{len(snippets)} snippets but {len(articles)} records")
    chosen = load_acled_rules() if rules is None else rules
    pairs = [(s.label, predicted_label(a, chosen)) for s, a in zip(snippets, articles, strict=True)]
    scores: dict[str, float] = {}
    for subtask, labels in SUBTASK_LABELS.items():
        kept = [(gold, pred) for gold, pred in pairs if gold in labels]
        scores[f"subtask{subtask}_weighted_f1"] = weighted_f1(
            [gold for gold, _ in kept], [pred for _, pred in kept]
        )
    golds = [gold for gold, _ in pairs]
    preds = [pred for _, pred in pairs]
    scores["accuracy"] = accuracy(golds, preds)
    scores["macro_f1"] = macro_f1(golds, preds)
    scores["documents"] = float(len(snippets))
    return scores


def run_case2021(
    root: Path, *, limit: int | None = None, analyse: Analyse = default_analyse
) -> dict[str, float]:
    """Score the first ``limit`` snippets (all 1,019 by default), in file order."""
    snippets = load_case2021(root)[:limit]
    texts = [GoldText(f"case2021:{s.snippet_id}", s.text, language="en") for s in snippets]
    return score_case2021(snippets, analyse(texts))
