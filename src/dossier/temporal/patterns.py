"""Turning lexicon words into regular expressions, and reading numbers written in words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

# Hyphens and apostrophes as typed in news text: "après-midi" / "après midi", ’ and '.
_HYPHEN = r"(?:[-‐‑]|\s+)?"
_APOSTROPHE = r"['’]\s*"
_DECIMAL = re.compile(r"^\d+(?:[.,]\d+)?$")
_WORD_SPLIT = re.compile(r"[\s-]+")
_SPACES = re.compile(r"[\s\-‐‑]+")


def norm(text: str) -> str:
    """Lookup key of a phrase: lower case, ’ as ', hyphens and space runs as one space."""
    lowered = unicodedata.normalize("NFC", text).lower().replace("’", "'")
    return _SPACES.sub(" ", lowered).replace("' ", "'").strip(" .")


def phrase(word: str) -> str:
    """Regex source for one lexicon entry: spaces match runs of spaces, ' matches ’ too."""
    out: list[str] = []
    for char in word:
        if char == " ":
            out.append(r"\s+")
        elif char in "'’":
            out.append(_APOSTROPHE)
        elif char == "-":
            out.append(_HYPHEN)
        else:
            out.append(re.escape(char))
    return "".join(out)


def alternation(words: Iterable[str], *, case_sensitive: bool = False) -> str:
    """``(?:w1|w2|…)``, longest first so that "avant-hier" wins over "hier".

    Case-sensitive entries (English month names: "May" is not "may") also match in capitals,
    as in headlines.
    """
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    if not unique:
        return "(?!)"
    if case_sensitive:
        variants = sorted({v for w in unique for v in (w, w.upper())}, key=lambda w: (-len(w), w))
        return "(?-i:" + "|".join(phrase(w) for w in variants) + ")"
    return "(?:" + "|".join(phrase(w) for w in unique) + ")"


def word(source: str) -> str:
    """``source`` as a whole word: not inside a longer word or number."""
    return r"(?<![\w])" + source + r"(?![\w])"


def parse_number(
    text: str, numbers: Mapping[str, int], multipliers: Mapping[str, int]
) -> float | None:
    """The value of "12", "2,5", "vingt-cinq", "soixante et onze", "deux cents", "twenty-one".

    Words are summed, and a multiplier multiplies the sum so far ("deux cents" = 200,
    "mille deux cents" = 1200 since a larger multiplier closes the group before it).
    """
    raw = text.strip()
    if _DECIMAL.match(raw):
        return float(raw.replace(",", "."))
    total = 0
    group = 0
    pieces = [p for p in _WORD_SPLIT.split(raw.lower()) if p]
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        index += 1
        joined = f"{piece}-{pieces[index]}" if index < len(pieces) else ""
        if joined in numbers:  # "quatre-vingt" is 80, not 4 + 20
            piece = joined
            index += 1
        if piece in {"et", "and"}:
            continue
        if piece in multipliers:
            factor = multipliers[piece]
            group = (group or 1) * factor
            if factor >= 1000:
                total += group
                group = 0
        elif piece in numbers:
            group += numbers[piece]
        else:
            return None
    return float(total + group)
