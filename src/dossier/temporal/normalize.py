"""Placing mentions on the calendar: TimeML values from the anchor, the tense and the story.

Values follow TimeML (ISO-8601 extended with TimeML's tokens), which French TimeBank and
TempEval use:

- dates ``2022-01-21``, months ``2022-01``, years ``2022``, weeks ``2022-W03``, weekends
  ``2022-W03-WE``, quarters ``2022-Q4``, half-years ``2022-H1``, seasons ``2021-WI``,
  decades ``196X``, centuries ``18XX`` (French TimeBank 1.1's spelling of TimeML's ``18``);
- parts of day ``2022-01-19TEV`` (MO AF EV NI DT MI), clock times ``2022-01-21T11:00+01:00``
  with the offset when the zone is known;
- durations ``P3D``, ``PT2H30M``, ``PXD`` for "plusieurs jours"; sets ``P1Y``,
  ``XXXX-WXX-3`` ("le mercredi", habitual); ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``
  for "maintenant", "auparavant", "l'avenir".

Fuzzy periods keep the value of the period and carry TimeML's mod: "la fin de l'année
dernière" is ``2021`` with mod END (precision year), as in French TimeBank; the contract's
TimeExpr has no mod field yet, so the mod is kept on :class:`Timex` (``doc.extras``).

The anchor is the publication date. Expressions counted from the story's current day
("le lendemain", "18 h", "la soirée") use the reference date: the last day named before them
in the article, else the anchor (on French TimeBank, keeping the day across paragraphs
rather than restarting each paragraph at the anchor gave 4 more right values out of 425:
news narrate one day over several paragraphs). A yearless date in a past or tenseless
sentence takes the year named earlier in the same sentence ("en 1997 (en janvier …)").
Without an anchor, relative expressions get no value.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Final

from .mention import Mention, Tense, Timex, TimexType
from .periods import (
    add_months,
    choose_year,
    duration_value,
    offset_value,
    period,
    unit_value,
    weekday_day,
)
from .zones import LOCAL, local_zone, utc_offset

TenseOf = Callable[[int, int], Tense | None]
Value = tuple[str | None, date | None]  # the value, and the day it names (None if none)

_SENTENCE_END: Final = re.compile(r"[.!?]\s|\n")
# Two-digit years ("octobre 98", "en 97") are read in the century that puts them at most
# this many years after the anchor: news name past years far more often than future ones.
_TWO_DIGIT_FUTURE_YEARS: Final = 10
# A two-digit decade ("les années 10") is this century's only once it is over by this many
# years: in 2022 "les années 10" are the 2010s but "les années 20" still the 1920s.
_DECADE_OVER_YEARS: Final = 10
_SATURDAY: Final = 6
_PRECISION_SHAPES: Final = (
    (re.compile(r"T\d\d:\d\d"), "minute"),
    (re.compile(r"T(?:MO|AF|EV|NI|DT|MI)$"), "part-of-day"),
    (re.compile(r"-W\d\d"), "week"),
    (re.compile(r"-\d\d-\d\d$|^XXXX-WXX"), "day"),
    (re.compile(r"-[QH]\d$"), "quarter"),
    (re.compile(r"-(?:SP|SU|FA|WI)$"), "season"),
    (re.compile(r"^\d{3}X$"), "decade"),
    (re.compile(r"^\d\dXX$"), "century"),
    (re.compile(r"-\d\d$"), "month"),
    (re.compile(r"^\d{4}$"), "year"),
    (re.compile(r"^P[\d.]*D$"), "day"),
    (re.compile(r"^P[\d.]*W"), "week"),
    (re.compile(r"^P[\d.]*M$"), "month"),
    (re.compile(r"^P[\d.]*Y$"), "year"),
    (re.compile(r"^T(?:MO|AF|EV|NI|DT|MI)$"), "part-of-day"),
)


@dataclass
class _Story:
    """What the text has said so far: the anchor and the day and year it is at."""

    text: str
    anchor: date | None
    day: date | None
    tense_of: TenseOf
    year: int | None = None
    year_at: int = -1


def normalize(
    mentions: list[Mention], text: str, anchor: date | None, tense_of: TenseOf
) -> list[Timex]:
    """One :class:`Timex` per mention, in order; ``tense_of(start, end)`` reads the parse."""
    story = _Story(text=text, anchor=anchor, day=anchor, tense_of=tense_of)
    return [_timex(mention, story) for mention in mentions]


def _timex(mention: Mention, story: _Story) -> Timex:
    if mention.kind == "range":
        return _range_timex(mention, story)
    if mention.kind == "clock" and mention.parts:
        _timex(mention.parts[0], story)  # the day first: "4 h mardi"
    value, day = _VALUES[mention.kind](mention, story)
    if day is not None and mention.kind != "clock":
        story.day = day
    if mention.year is not None and mention.kind == "date":
        story.year, story.year_at = _full_year(mention, story.anchor), mention.end
    elif mention.kind == "relunit" and mention.unit == "Y" and value is not None:
        story.year, story.year_at = int(value), mention.end  # "cette année" is back to now
    parts: tuple[Timex, ...] = ()
    if mention.kind == "offset" and mention.parts:  # TimeML: "une heure plus tard" → "une heure"
        parts = (_timex(mention.parts[0], story),)
    return Timex(
        start=mention.start,
        end=mention.end,
        text=story.text[mention.start : mention.end],
        value=value,
        precision=precision_of(value, mention),
        type=_type(mention),
        mod=mention.mod,
        rule=mention.rule,
        parts=parts,
    )


def _range_timex(mention: Mention, story: _Story) -> Timex:
    first, second = mention.parts
    if first.kind == second.kind == "clock" and second.parts and not first.parts:
        first = replace(first, parts=second.parts)  # "entre 0 h 30 et 4 h mardi"
    if second.kind == "date" and second.weekday is not None and second.day is None:
        # "du lundi au vendredi": the first Friday from that Monday.
        direction = 2 if second.direction is None else second.direction
        second = replace(second, direction=direction, from_reference=True)
    start = _timex(first, story)
    end = _timex(second, story)
    return Timex(
        start=mention.start,
        end=mention.end,
        text=story.text[mention.start : mention.end],
        value=start.value,
        precision="range",
        type=start.type,
        value_end=end.value,
        rule=mention.rule,
        parts=(start, end),
    )


def _type(mention: Mention) -> TimexType:
    if mention.timex_type is not None:
        return mention.timex_type
    if mention.kind in {"duration", "set"}:
        return "DURATION" if mention.kind == "duration" else "SET"
    return "TIME" if mention.kind == "clock" or mention.pod is not None else "DATE"


def precision_of(value: str | None, mention: Mention) -> str:
    """The contract's precision: the granularity of the value."""
    fixed = {"PRESENT_REF": "instant", "PAST_REF": "unknown", "FUTURE_REF": "unknown"}
    if mention.kind == "range":
        return "range"
    if value is None or value in fixed:
        return fixed.get(value or "", "unknown")
    if mention.kind == "duration":
        return "duration"
    if mention.kind == "clock" and mention.minute is None:
        return "hour"
    return next((name for shape, name in _PRECISION_SHAPES if shape.search(value)), "unknown")


# ----------------------------------------------------------------------------- values


def _literal(m: Mention, story: _Story) -> Value:
    return m.literal, None


def _duration(m: Mention, story: _Story) -> Value:
    return (m.literal or duration_value(m.unit or "D", m.amount)), None


def _base(m: Mention, story: _Story) -> date | None:
    return story.day if m.from_reference else story.anchor


def _clock(m: Mention, story: _Story) -> Value:
    day = story.day
    if day is None or m.hour is None:
        return None, None
    minute = m.minute or 0
    value = f"{day.isoformat()}T{m.hour:02d}:{minute:02d}"
    zone = local_zone(story.text, m.start) if m.zone == LOCAL else m.zone
    offset = utc_offset(zone, day, m.hour, minute) if zone else None
    return value + (offset or ""), None


def _relday(m: Mention, story: _Story) -> Value:
    base = _base(m, story)
    if base is None:
        return None, None
    day = base + timedelta(days=m.shift)
    return _with_pod(day.isoformat(), m.pod), day


def _relunit(m: Mention, story: _Story) -> Value:
    base = _base(m, story)
    if base is None:
        return None, None
    shift = m.shift
    if m.unit == "WE" and shift == 0 and not m.from_reference and base.isoweekday() < _SATURDAY:
        # "ce week-end" in a past sentence, read on a weekday: the one just gone.
        shift = -1 if story.tense_of(m.start, m.end) == "past" else 0
    return unit_value(base, m.unit or "Y", shift), None


def _offset(m: Mention, story: _Story) -> Value:
    """ "il y a trois jours", "dans deux semaines", "two days later"."""
    base = _base(m, story)
    if base is None or m.amount is None or m.unit is None:
        return None, None
    return offset_value(base, m.unit, m.amount * m.shift)


def _with_pod(value: str, pod: str | None) -> str:
    return f"{value}T{pod}" if pod else value


# ------------------------------------------------------------------------------ dates


def _full_year(m: Mention, anchor: date | None) -> int | None:
    if m.year is None or not m.two_digit_year:
        return m.year
    limit = (anchor.year if anchor else 2040) + _TWO_DIGIT_FUTURE_YEARS
    return 2000 + m.year if 2000 + m.year <= limit else 1900 + m.year


def _date(m: Mention, story: _Story) -> Value:
    if m.decade is not None or m.century is not None:
        return _long_period(m, story.anchor), None
    if m.season is not None and m.generic:
        return f"XXXX-{m.season}", None
    if m.weekday is not None and m.day is None and m.month is None:
        return _weekday(m, story)
    year = _full_year(m, story.anchor)
    if year is None and m.month is None and m.day is not None:
        return _day_only(m, story)
    if year is None:
        year = _yearless(m, story)
    return _calendar_value(m, year) if year is not None else (None, None)


def _long_period(m: Mention, anchor: date | None) -> str:
    """Decades ("196X") and centuries ("18XX")."""
    if m.century is not None:
        return f"{m.century:02d}XX"
    decade = m.decade or 0
    if not m.two_digit_year:
        return f"{decade}X"
    recent = 2000 + decade * 10
    year = recent if anchor and recent <= anchor.year - _DECADE_OVER_YEARS else 1900 + decade * 10
    return f"{year // 10}X"


def _yearless(m: Mention, story: _Story) -> int | None:
    """The year of "le 30 juin", "en janvier", "à l'automne", "à Pâques"."""
    has_period = m.month is not None or m.season is not None or m.easter is not None
    if story.anchor is None or not (has_period or m.quarter or m.half):
        return None
    between = story.text[story.year_at : m.start] if story.year_at >= 0 else "\n"
    same_sentence = story.year is not None and not _SENTENCE_END.search(between)
    tense = story.tense_of(m.start, m.end) if m.direction is None else None
    story_year = story.year if same_sentence and tense != "future" else None
    return choose_year(m, story.anchor, tense, story_year)


def _calendar_value(m: Mention, year: int) -> Value:
    if m.season is not None or m.quarter is not None or m.half is not None:
        label = m.season or (f"Q{m.quarter}" if m.quarter is not None else f"H{m.half}")
        return f"{year}-{label}", None
    if m.month is None and m.easter is None:
        return str(year), None
    found = period(m, year)
    if found is None:
        return None, None
    if m.day is None and m.easter is None:
        return f"{year}-{m.month:02d}", None
    return _with_pod(found[0].isoformat(), m.pod), found[0]


def _day_only(m: Mention, story: _Story) -> Value:
    """ "mardi 15": the 15th nearest the anchor, preferring a month where it is a Tuesday."""
    anchor = story.anchor
    if anchor is None or m.day is None:
        return None, None
    options = []
    for shift in (-1, 0, 1):
        month_start = add_months(anchor.replace(day=1), shift)
        if m.day <= calendar.monthrange(month_start.year, month_start.month)[1]:
            options.append(month_start.replace(day=m.day))
    if m.weekday is not None:
        options = [d for d in options if d.isoweekday() == m.weekday] or options
    if not options:
        return None, None
    day = min(options, key=lambda d: abs((d - anchor).days))
    return _with_pod(day.isoformat(), m.pod), day


def _weekday(m: Mention, story: _Story) -> Value:
    """A past verb: this day or the last one before (a wire published on Monday says "said on
    Monday" of that very day); a future verb: this day or the next; a present verb: the same
    week; no verb at all (a headline): the nearest one."""
    base = _base(m, story)
    if base is None or m.weekday is None:
        return None, None
    direction = m.direction
    if direction is None:
        tense = story.tense_of(m.start, m.end)
        direction = {"past": -2, "future": 2, "present": 0}.get(tense or "")
    day = weekday_day(base, m.weekday, direction)
    return _with_pod(day.isoformat(), m.pod), day


_VALUES: Final[dict[str, Callable[[Mention, _Story], Value]]] = {
    "literal": _literal,
    "set": _literal,
    "duration": _duration,
    "clock": _clock,
    "relday": _relday,
    "relunit": _relunit,
    "offset": _offset,
    "date": _date,
}
