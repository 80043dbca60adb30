"""Boilerplate lines: found by documented patterns (data/boilerplate.yaml) and general signals.

Two kinds of evidence, as a reader would use them:
- patterns that describe a kind of line on many sites (promos, share blocks, credits);
- signals that only count in the *tail*, the run of lines after the report ends: a line
  in another language than the article, an all-caps teaser ("SPORTS : …"), or an author
  tagline made of short self-descriptions ("Coffee lover. Web fanatic.").
The tail is walked from the end and stops at the first line that looks like the report,
so a body sentence is never removed by a tail signal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from ..errors import DataFileError
from ..model import Removed
from ..nlp.language import detect_language

REASONS = frozenset(
    {"promo", "teaser", "tagline", "share", "related", "copyright", "credit", "navigation"}
)

# An all-caps word of 4+ letters (not a dateline city: those open the article, not close
# it) followed by a colon or dash: the shape of rubric teasers at the foot of pages.
_CAPS_TEASER = re.compile(
    r"^[«\"“]?\s*[A-ZÀÂÄÉÈÊËÎÏÔÖÙÛÜÇ0-9][A-ZÀÂÄÉÈÊËÎÏÔÖÙÛÜÇ0-9'’ -]{3,}\s*[:–—|]"
)
# Confidence above which a line's language is trusted enough to call it a language switch.
_SWITCH_CONFIDENCE = 0.9
# Tail lines longer than this are treated as report text whatever their language (a long
# English paragraph in a French article is a quotation, not a footer).
_MAX_TAIL_SWITCH_CHARS = 300


@dataclass(frozen=True)
class Rule:
    id: str
    reason: str
    where: Literal["anywhere", "tail"]
    max_chars: int
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Rules:
    version: int
    rules: tuple[Rule, ...]
    tagline_nouns: frozenset[str]


def load_rules(path: Path | None = None) -> Rules:
    """Read and validate a boilerplate rule file; the built-in one when ``path`` is None."""
    if path is None:
        return _builtin_rules()
    return _parse_rules(path.read_text(encoding="utf-8"), str(path))


@lru_cache(maxsize=1)
def _builtin_rules() -> Rules:
    ref = resources.files("dossier") / "data" / "boilerplate.yaml"
    return _parse_rules(ref.read_text(encoding="utf-8"), "dossier/data/boilerplate.yaml")


def _parse_rules(text: str, name: str) -> Rules:
    def bad(problem: str) -> DataFileError:
        return DataFileError(
            f"{name}: {problem} — see the format described at the top of "
            "dossier/data/boilerplate.yaml"
        )

    data: Any = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise bad("expected a mapping with a 'rules' list")
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, entry in enumerate(data["rules"]):
        if not isinstance(entry, dict):
            raise bad(f"rule #{i} is not a mapping")
        rid = entry.get("id")
        if not isinstance(rid, str) or rid in seen:
            raise bad(f"rule #{i} has a missing or duplicate id {rid!r}")
        seen.add(rid)
        if entry.get("reason") not in REASONS:
            raise bad(f"rule {rid}: reason must be one of {sorted(REASONS)}")
        if entry.get("where") not in ("anywhere", "tail"):
            raise bad(f"rule {rid}: where must be 'anywhere' or 'tail'")
        try:
            pattern = re.compile(str(entry["pattern"]), re.IGNORECASE)
        except (KeyError, re.error) as exc:
            raise bad(f"rule {rid}: bad or missing pattern ({exc})") from None
        rules.append(
            Rule(rid, entry["reason"], entry["where"], int(entry.get("max_chars", 300)), pattern)
        )
    nouns = data.get("tagline_nouns", [])
    if not isinstance(nouns, list) or not all(isinstance(n, str) for n in nouns):
        raise bad("tagline_nouns must be a list of words")
    return Rules(int(data.get("version", 1)), tuple(rules), frozenset(n.lower() for n in nouns))


def _match(rule: Rule, line: str) -> bool:
    return len(line) <= rule.max_chars and rule.pattern.search(line) is not None


def is_tagline(line: str, nouns: frozenset[str]) -> bool:
    """Short self-descriptions in a row: "Travel guru. Music nerd. Coffee lover."."""
    parts = [p.strip(" «»\"“”'") for p in re.split(r"[.|•·]", line)]
    parts = [p for p in parts if p]
    if len(parts) < 3 or any(len(p.split()) > 4 for p in parts):
        return False
    capitalised = sum(p[0].isupper() for p in parts)
    # English puts the role last ("Coffee lover"), French first ("Amateur de vin").
    edges = [(p.split()[0].lower(), p.split()[-1].lower().strip(",;:!")) for p in parts]
    bio_words = sum(any(w in nouns or w.endswith("aholic") for w in pair) for pair in edges)
    return bool(capitalised >= len(parts) - 1 and bio_words * 2 >= len(parts))


def _tail_reason(line: str, rules: Rules, language: str | None) -> tuple[str, str] | None:
    for rule in rules.rules:
        if rule.where == "tail" and _match(rule, line):
            return rule.reason, rule.id
    if is_tagline(line, rules.tagline_nouns):
        return "tagline", "signal:tagline"
    if _CAPS_TEASER.match(line) and len(line) <= _MAX_TAIL_SWITCH_CHARS:
        return "teaser", "signal:all-caps-teaser"
    if language and len(line) <= _MAX_TAIL_SWITCH_CHARS:
        lang, prob = detect_language(line)
        if lang and lang != language and prob >= _SWITCH_CONFIDENCE:
            return "language-switch", f"signal:language-{lang}"
    return None


def split_boilerplate(
    lines: list[str], language: str | None, rules: Rules | None = None
) -> tuple[list[str], list[Removed]]:
    """Body lines (in order) and the removed lines with their reasons (in order)."""
    rules = rules or load_rules()
    verdicts: list[tuple[str, str] | None] = [None] * len(lines)
    for i, line in enumerate(lines):
        for rule in rules.rules:
            if rule.where == "anywhere" and _match(rule, line):
                verdicts[i] = (rule.reason, rule.id)
                break
    for i in range(len(lines) - 1, 0, -1):  # never the first line: the tail follows a body
        if verdicts[i] is not None:
            continue
        found = _tail_reason(lines[i], rules, language)
        if found is None:
            break
        verdicts[i] = found
    body = [line for line, v in zip(lines, verdicts, strict=True) if v is None]
    removed = [
        Removed(text=line, reason=v[0], rule=v[1])
        for line, v in zip(lines, verdicts, strict=True)
        if v is not None
    ]
    return body, removed
