"""Calendar arithmetic behind TimeML values: durations, units, periods, feasts, years."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Final

from .mention import Mention, Tense

_UNIT_LETTER: Final = {"S": "S", "MIN": "M", "H": "H", "D": "D", "W": "W", "M": "M", "Y": "Y"}
_TIME_UNITS: Final = frozenset({"H", "MIN", "S"})
# Units written through another one: a decade is ten years, a quarter three months.
_IN_OTHER_UNIT: Final = {"DE": ("Y", 10), "CE": ("Y", 100), "Q": ("M", 3), "HY": ("M", 6)}
# TimeML spellings of an unknown number of these units ("des décennies" → PXDE).
_VAGUE: Final = {"DE": "PXDE", "CE": "PXCE", "Q": "PXQ", "HY": "PXM", "WE": "PXWE"}
# The next smaller unit, for fractions: (letter, factor, "T" when it is a time unit).
_SMALLER: Final = {
    "Y": ("M", 12, ""),
    "D": ("H", 24, "T"),
    "H": ("M", 60, ""),
    "MIN": ("S", 60, ""),
}
_SEASON_START: Final = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_JULY: Final = 7
_HALF_WEEK: Final = 3  # the nearest Tuesday is at most three days away


def duration_value(unit: str, amount: float | None) -> str:
    """ISO-8601 duration; fractions go to the next smaller unit ("2,5 heures" → PT2H30M)."""
    if amount is None:
        return _VAGUE.get(unit, f"P{'T' if unit in _TIME_UNITS else ''}X{_UNIT_LETTER[unit]}")
    if unit == "W" and amount != int(amount):
        unit, amount = "D", amount * 7
    if unit in _IN_OTHER_UNIT:
        other, factor = _IN_OTHER_UNIT[unit]
        return duration_value(other, amount * factor)
    if unit == "WE":
        return f"P{number_text(amount)}WE"
    time = "T" if unit in _TIME_UNITS else ""
    letter = _UNIT_LETTER[unit]
    whole = int(amount)
    sub = (amount - whole) * _SMALLER[unit][1] if unit in _SMALLER else 0.5
    if amount == whole or sub != int(sub):
        return f"P{time}{number_text(amount)}{letter}"
    sub_letter, _, sub_time = _SMALLER[unit]
    head = f"{whole}{letter}" if whole else ""
    return f"P{time}{head}{sub_time}{int(sub)}{sub_letter}"


def number_text(amount: float) -> str:
    return str(int(amount)) if amount == int(amount) else f"{amount:g}"


def _month_length(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def unit_value(base: date, unit: str, shift: int) -> str:
    """The calendar unit containing ``base``, moved by ``shift`` units ("2022-W02")."""
    if unit in {"W", "WE"}:
        year, week, _ = (base + timedelta(weeks=shift)).isocalendar()
        return f"{year}-W{week:02d}" + ("-WE" if unit == "WE" else "")
    months = {"M": 1, "Q": 3, "HY": 6}.get(unit)
    if months is not None:
        moved = add_months(base, months * shift)
        rank = (moved.month - 1) // months + 1
        label = {"M": f"{moved.month:02d}", "Q": f"Q{rank}", "HY": f"H{rank}"}[unit]
        return f"{moved.year}-{label}"
    years = {"DE": 10, "CE": 100}.get(unit, 1)
    shifted = base.year + years * shift
    return {"DE": f"{shifted // 10}X", "CE": f"{shifted // 100:02d}XX"}.get(unit, str(shifted))


def offset_value(base: date, unit: str, amount: float) -> tuple[str, date | None]:
    """``base`` moved by ``amount`` units, at the unit's grain: days for days and weeks
    ("il y a une semaine" is a day), months for months, years for years."""
    if unit in {"D", "W", "H", "MIN", "S"}:
        day = base + timedelta(days=round(amount * {"D": 1, "W": 7}.get(unit, 0)))
        return day.isoformat(), day
    if unit in {"M", "Q", "HY"}:
        moved = add_months(base, round(amount * {"M": 1, "Q": 3, "HY": 6}[unit]))
        return f"{moved.year}-{moved.month:02d}", None
    if unit == "WE":
        return unit_value(base, "WE", round(amount)), None
    return str(base.year + round(amount * {"DE": 10, "CE": 100}.get(unit, 1))), None


def easter(year: int) -> date:
    """Easter Sunday (Gregorian), by the anonymous algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def period(m: Mention, year: int) -> tuple[date, date] | None:
    """First and last day of the mention's period in ``year`` (None if it has none)."""
    first: date | None = None
    months = 0
    if m.easter is not None:
        first = easter(year) + timedelta(days=m.easter)
    elif m.season is not None:
        first, months = date(year, _SEASON_START[m.season], 1), 3
    elif m.quarter is not None or m.half is not None:
        months = 3 if m.quarter is not None else 6
        first = date(year, ((m.quarter or m.half or 1) - 1) * months + 1, 1)
    elif m.month is not None and m.day is None:
        first, months = date(year, m.month, 1), 1
    elif m.month is not None and m.day is not None and m.day <= _month_length(year, m.month):
        first = date(year, m.month, m.day)
    if first is None:
        return None
    last = add_months(first, months) - timedelta(days=1) if months else first
    return first, last


def choose_year(
    m: Mention, anchor: date, tense: Tense | None, story_year: int | None
) -> int | None:
    """The year of a yearless date: the explicit direction, else the verb's tense, else the
    year the story is at, else the occurrence nearest the anchor."""
    if m.direction == 0:  # "cet été"; "cet hiver" said before July is the one begun last December
        winter_begun_last_year = m.season == "WI" and anchor.month < _JULY
        return anchor.year - 1 if winter_begun_last_year else anchor.year
    candidates = [
        (year, found)
        for year in (anchor.year - 1, anchor.year, anchor.year + 1)
        if (found := period(m, year)) is not None
    ]
    if m.weekday is not None and m.day is not None:  # "samedi 5 juin": the year that fits
        candidates = [c for c in candidates if c[1][0].isoweekday() == m.weekday] or candidates
    if not candidates:
        return None
    rules = {
        -1: lambda first, last: last < anchor,  # "septembre dernier": wholly before
        1: lambda first, last: first > anchor,  # "juin prochain": wholly after
        "past": lambda first, last: first <= anchor,  # begun by the publication date
        "future": lambda first, last: last >= anchor,  # not over by the publication date
    }
    key: int | str | None = m.direction if m.direction in {-1, 1} else None
    if m.direction == 2:
        key = "future"
    elif key is None and tense in {"past", "future"}:
        key = tense
    if key is not None:
        kept = [year for year, (first, last) in candidates if rules[key](first, last)]
        if not kept:
            return None
        return max(kept) if key in {-1, "past"} else min(kept)
    if story_year is not None:
        return story_year

    def distance(item: tuple[int, tuple[date, date]]) -> tuple[int, int]:
        first, last = item[1]
        days = 0 if first <= anchor <= last else min(abs(first - anchor), abs(last - anchor)).days
        return days, abs(item[0] - anchor.year)

    return min(candidates, key=distance)[0]


def weekday_day(base: date, weekday: int, direction: int | None) -> date:
    """The ``weekday`` around ``base``: -1 strictly before, -2 on or before, +1 strictly
    after, 2 on or after, 0 in the same ISO week, None the nearest one."""
    today = base.isoweekday()
    if direction == -2:
        return base - timedelta(days=(today - weekday) % 7)
    if direction == -1:
        return base - timedelta(days=(today - weekday) % 7 or 7)
    if direction == 1:
        return base + timedelta(days=(weekday - today) % 7 or 7)
    if direction == 2:
        return base + timedelta(days=(weekday - today) % 7)
    if direction == 0:
        return base + timedelta(days=weekday - today)
    delta = (weekday - today) % 7
    return base + timedelta(days=delta - 7 if delta > _HALF_WEEK else delta)
