"""Metadata that plain text carries in its layout: a title line and a dateline."""

from __future__ import annotations

import re
from datetime import date

# A title is a short first line without sentence-final punctuation, followed by the body.
_MAX_TITLE_CHARS = 160
_MAX_TITLE_WORDS = 25
_SENTENCE_END = tuple('.!?…»"”:;')

_FR_MONTHS = {
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
}
_EN_MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
# "GENÈVE, 21 janvier 2022 (Agence) –", "WASHINGTON, Jan. 21, 2022 (Wire) —",
# "Kyiv, 20 January 2022 -": a place in the first 40 characters, then a full date.
_DATELINE_FR = re.compile(
    r"^[^\W\d][\w'’ .-]{1,40},\s*(?:le\s+)?(?:\w+\s+)?(\d{1,2})(?:er)?\s+("
    + "|".join(_FR_MONTHS)
    + r")\s+(\d{4})\b",
    re.IGNORECASE,
)
_DATELINE_EN_MDY = re.compile(
    r"^[^\W\d][\w'’ .-]{1,40},\s*(?:\w+day,?\s+)?("
    + "|".join(_EN_MONTHS)
    + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b",
    re.IGNORECASE,
)
_DATELINE_EN_DMY = re.compile(
    r"^[^\W\d][\w'’ .-]{1,40},\s*(?:\w+day,?\s+)?(\d{1,2})\s+("
    + "|".join(_EN_MONTHS)
    + r")\.?\s+(\d{4})\b",
    re.IGNORECASE,
)


def split_title(lines: list[str]) -> tuple[str | None, list[str]]:
    """A leading headline line, if there is one, and the remaining lines."""
    if len(lines) < 2:
        return None, lines
    first = lines[0]
    if (
        len(first) <= _MAX_TITLE_CHARS
        and len(first.split()) <= _MAX_TITLE_WORDS
        and not first.rstrip().endswith(_SENTENCE_END)
        and len(lines[1]) > len(first)
    ):
        return first, lines[1:]
    return None, lines


def dateline_date(first_line: str) -> str | None:
    """The ISO date of a dateline opening the body, or None."""
    for pattern, order in (
        (_DATELINE_FR, "dmy"),
        (_DATELINE_EN_MDY, "mdy"),
        (_DATELINE_EN_DMY, "dmy"),
    ):
        m = pattern.match(first_line)
        if not m:
            continue
        a, b, year = m.groups()
        months = _FR_MONTHS if pattern is _DATELINE_FR else _EN_MONTHS
        day_s, month_s = (a, b) if order == "dmy" else (b, a)
        try:
            return date(int(year), months[month_s.lower()], int(day_s)).isoformat()
        except ValueError:
            return None
    return None
