"""The whole TIME analysis of one text: detect, anchor, normalise."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .detect import detect, warm_up_merge
from .grammar import grammar_for
from .lexicon import LANGUAGES
from .mention import Mention, Tense, Timex
from .normalize import normalize
from .tense import tense_at
from .zones import zone_index

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
# Kinds whose value depends on the anchor; the others (a full date, a duration) do not.
_ABSOLUTE = frozenset({"duration", "set", "literal"})


@dataclass(frozen=True)
class TimeResult:
    timexes: list[Timex]
    anchor: date | None
    warnings: list[str]


def warm_up() -> None:
    """Compile every grammar and build the place table now, once per process, so that the
    first article does not pay for them (about 0.3 s in all)."""
    for language in LANGUAGES:
        grammar_for(language)
        warm_up_merge(language)
    zone_index()


def parse_anchor(published: str | None) -> date | None:
    """The date of an ISO date or datetime string ("2022-01-21", "2022-01-21T10:00Z")."""
    if not published:
        return None
    found = _ISO_DATE.match(published)
    if found is None:
        return None
    try:
        return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None


def _full_date(mention: Mention) -> date | None:
    if mention.kind != "date" or mention.year is None or mention.two_digit_year:
        return None
    if mention.month is None or mention.day is None:
        return None
    try:
        return date(mention.year, mention.month, mention.day)
    except ValueError:
        return None


def find_times(
    text: str, language: str, *, published: str | None = None, sdoc: SpacyDoc | None = None
) -> TimeResult:
    """Temporal expressions of ``text`` with TimeML values anchored on ``published``.

    Without a usable publication date the first full date of the text is the anchor; without
    one either, relative expressions keep no value (never today's date) and a warning says so.
    """
    grammar = grammar_for(language)
    mentions = detect(text, grammar, sdoc)
    warnings: list[str] = []
    anchor = parse_anchor(published)
    if published and anchor is None:
        warnings.append(
            f"times: the publication date {published!r} is not an ISO date (YYYY-MM-DD); "
            "relative dates were anchored on a date found in the text, if any"
        )
    if anchor is None:
        anchor = next((d for m in mentions if (d := _full_date(m)) is not None), None)
        if anchor is not None:
            warnings.append(
                f"times: no publication date; relative dates are anchored on {anchor}, the "
                "first full date in the text (pass the publication date to anchor them)"
            )

    cache: dict[tuple[int, int], Tense | None] = {}

    def tense_of(start: int, end: int) -> Tense | None:
        if (start, end) not in cache:
            cache[(start, end)] = tense_at(sdoc, start, end, grammar.lexicon)
        return cache[(start, end)]

    timexes = normalize(mentions, text, anchor, tense_of)
    if anchor is None:
        unanchored = sum(
            1
            for m, t in zip(mentions, timexes, strict=True)
            if t.value is None and m.kind not in _ABSOLUTE
        )
        if unanchored:
            warnings.append(
                f"times: no publication date and no full date in the text: {unanchored} "
                "relative time expression(s) left without a value; pass the publication "
                "date (published) to anchor them"
            )
    return TimeResult(timexes, anchor, warnings)
