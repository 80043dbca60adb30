"""Builders: one regex match → one :class:`Mention`, or None when the context refuses it.

Each builder reads the named groups of its rule (dossier.temporal.grammar) and looks words
up in the lexicon. This module builds calendar expressions (dates, years, weekdays, days,
seasons, fuzzy periods, references); dossier.temporal.measures builds amounts (durations,
clock times, sets). The context checks that need more than the match live with them: a bare
four-digit number is a year only after a temporal cue and never as the number of a noun
("2000 euros").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from .cues import DE_BEFORE, SENTENCE_START, group, last_word, text_before
from .mention import Mention
from .patterns import norm as _norm

if TYPE_CHECKING:
    from .grammar import Context

_LEAP_YEAR = 2000  # validates "29 février" without knowing the year yet
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_AFTER_PUNCT = re.compile(r"^\s*(?:[.,;:!?)»\"\n]|$)")
_CURRENCY_AFTER = re.compile(r"^\s*(?:%|€|\$|£|¥)")


def _valid_day(month: int, day: int, year: int | None = None) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year or _LEAP_YEAR, month)[1]


def _day_number(text: str) -> int | None:
    digits = re.match(r"\d+", text)
    if digits:
        return int(digits.group(0))
    return 1 if text.lower() in {"premier", "first"} else None


def _two_digit(text: str) -> int:
    return int(text.strip("'’"))


def _direction(ctx: Context, text: str | None) -> int | None:
    if text is None:
        return None
    return ctx.grammar.lookup.directions.get(_norm(text))


# ------------------------------------------------------------------------------ dates


def build_iso_date(m: re.Match[str], ctx: Context) -> Mention | None:
    year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
    if not _valid_day(month, day, year):
        return None
    return Mention(m.start(), m.end(), "iso_date", "date", year=year, month=month, day=day)


def build_numeric_date(m: re.Match[str], ctx: Context) -> Mention | None:
    first, second = int(m["a"]), int(m["b"])
    if ctx.grammar.french or first > 12:
        day, month = first, second  # French writes day/month; 21/01 cannot be month/day
    else:
        # English: month/day, the order of the US wires, unless the second field is a month
        # only as a day ("13/01"): then day/month, as British papers write.
        day, month = (second, first) if second <= 31 and first <= 12 else (first, second)
    raw_year = m["y"]
    two_digit = len(raw_year) == 2
    year = int(raw_year)
    if not _valid_day(month, day, None if two_digit else year):
        return None
    return Mention(
        m.start(),
        m.end(),
        "numeric_date",
        "date",
        year=year,
        two_digit_year=two_digit,
        month=month,
        day=day,
    )


def build_date(m: re.Match[str], ctx: Context) -> Mention | None:
    """Day, month, year and weekday fields, any of them absent ("le 1er février 2022")."""
    lookup = ctx.grammar.lookup
    month_text = group(m, "m")
    month = lookup.months.get(_norm(month_text)) if month_text else None
    day_text = group(m, "d")
    day = _day_number(day_text) if day_text else None
    weekday_text = group(m, "wd")
    weekday = lookup.weekdays.get(_norm(weekday_text)) if weekday_text else None
    year: int | None = None
    two_digit = False
    if group(m, "y"):
        year = int(m["y"])
    elif group(m, "yy"):
        year, two_digit = _two_digit(m["yy"]), True
    if month is None and day is None:
        return None
    if month is not None and day is not None and not _valid_day(month, day, year):
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    if month is not None and day is None and year is None and not _bare_month_ok(m, ctx):
        return None
    return Mention(
        m.start(),
        m.end(),
        "date",
        "date",
        year=year,
        two_digit_year=two_digit,
        month=month,
        day=day,
        weekday=weekday,
        direction=_direction(ctx, group(m, "dir")),
    )


def _bare_month_ok(m: re.Match[str], ctx: Context) -> bool:
    """A month alone: English needs a cue before it ("in May", not "Theresa May"); French
    month names are lower case, so a capitalised one inside a sentence is a name ("Mars")."""
    name = m["m"]
    before = text_before(ctx, m.start())
    if ctx.lexicon.capitalised_names:
        cue = last_word(before)
        return cue in ctx.lexicon.year_cues or cue in ctx.grammar.lookup.directions
    if name[:1].isupper() and not name.isupper():
        return bool(SENTENCE_START.search(before))
    return True


def build_year(m: re.Match[str], ctx: Context) -> Mention | None:
    """A bare year: "en 2014", "(1998)", "l'an 2000" — never "2000 euros"."""
    if group(m, "yy"):
        return Mention(
            m.start(), m.end(), "year", "date", year=_two_digit(m["yy"]), two_digit_year=True
        )
    year = int(m["y"])
    start, end = m.start(), m.end()
    if not group(m, "det"):
        before = text_before(ctx, start)
        cue = last_word(before)
        cued = cue in ctx.lexicon.year_cues or before.rstrip().endswith(("'", "’", "("))
        at_end = bool(_AFTER_PUNCT.match(ctx.text[end : end + 3]))
        if re.search(r"\d\s*$", before) or not (cued or at_end):
            return None
        if _CURRENCY_AFTER.match(ctx.text[end : end + 3]) or _counts_a_noun(ctx, m.start("y")):
            return None
    return Mention(start, end, "year", "date", year=year)


def build_year_range(m: re.Match[str], ctx: Context) -> Mention | None:
    """ "1982-1990", "2014/2015": two years in order, scored by TimeML as two expressions."""
    first, second = int(m["y"]), int(m["y2"])
    if second <= first:
        return None
    start = Mention(m.start("y"), m.end("y"), "year_range", "date", year=first)
    end = Mention(m.start("y2"), m.end("y2"), "year_range", "date", year=second)
    return Mention(m.start(), m.end(), "year_range", "range", parts=(start, end))


def _counts_a_noun(ctx: Context, position: int) -> bool:
    """True when the parser makes the number at ``position`` the count of the next noun."""
    if ctx.sdoc is None or not ctx.sdoc.has_annotation("DEP"):
        return False
    span = ctx.sdoc.char_span(position, position + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    token = span[0]
    following = token.nbor(1) if token.i + 1 < len(ctx.sdoc) else None
    return bool(
        token.dep_ == "nummod"
        and following is not None
        and following.pos_ == "NOUN"
        and token.head.i == following.i
    )


def build_decade(m: re.Match[str], ctx: Context) -> Mention | None:
    words = group(m, "decw")
    digits = group(m, "dec") or group(m, "dec2")
    if words is not None or (digits is not None and not digits.isdigit()):
        decade = ctx.grammar.lookup.decades.get(_norm(words or digits or ""))
        if decade is None:
            return None
        return Mention(
            m.start(), m.end(), "decade", "date", decade=decade // 10, two_digit_year=True
        )
    if digits is None:
        return None
    digits = digits.strip("'’")
    if len(digits) == 4:
        return Mention(m.start(), m.end(), "decade", "date", decade=int(digits[:3]))
    if len(digits) == 3:
        return Mention(m.start(), m.end(), "decade", "date", decade=int(digits))
    return Mention(
        m.start(), m.end(), "decade", "date", decade=int(digits) // 10, two_digit_year=True
    )


def _roman(text: str) -> int | None:
    values = [_ROMAN.get(c) for c in text.upper()]
    if any(v is None for v in values):
        return None
    numbers = [v for v in values if v is not None]
    total = 0
    for index, value in enumerate(numbers):
        bigger_next = index + 1 < len(numbers) and numbers[index + 1] > value
        total += -value if bigger_next else value
    return total


def build_century(m: re.Match[str], ctx: Context) -> Mention | None:
    text = m["c"]
    number = int(text) if text.isdigit() else _roman(text)
    if number is None or not 1 <= number <= 22:
        return None
    return Mention(m.start(), m.end(), "century", "date", century=number - 1)


def build_quarter(m: re.Match[str], ctx: Context) -> Mention | None:
    if group(m, "qq"):
        rank = int(m["qn"])
        is_half = m["qq"].upper() == "H"
    else:
        found = ctx.grammar.lookup.ordinals.get(_norm(m["ord"]))
        if found is None:
            return None
        rank = found
        is_half = _norm(m["q"]) in {"semestre", "half"}
    if not 1 <= rank <= (2 if is_half else 4):
        return None
    start = m.end("prep") if group(m, "prep") else m.start()
    start = _skip_spaces(ctx.text, start)
    year = int(m["y"]) if group(m, "y") else None
    return Mention(
        start,
        m.end(),
        "quarter",
        "date",
        year=year,
        half=rank if is_half else None,
        quarter=None if is_half else rank,
        direction=_direction(ctx, group(m, "dir")),
    )


def build_holiday(m: re.Match[str], ctx: Context) -> Mention | None:
    feast = ctx.grammar.lookup.holidays.get(_norm(m["hol"]))
    if feast is None:
        return None
    return Mention(
        m.start(),
        m.end(),
        "holiday",
        "date",
        year=int(m["y"]) if group(m, "y") else None,
        month=feast.month,
        day=feast.day,
        easter=feast.easter,
        direction=_direction(ctx, group(m, "dir")),
    )


def build_season(m: re.Match[str], ctx: Context) -> Mention | None:
    lookup = ctx.grammar.lookup
    season_word = _norm(m["s"])
    season = lookup.seasons.get(season_word)
    if season is None:
        return None
    det = _norm(group(m, "det") or "")
    prep = _norm(group(m, "prep") or "")
    year = int(m["y"]) if group(m, "y") else None
    direction = lookup.directions.get(det) if det else None
    end = m.end()
    if group(m, "dir"):
        direction = lookup.directions.get(_norm(m["dir"]))
    ambiguous = season_word in {_norm(s) for s in ctx.lexicon.ambiguous_seasons}
    if ambiguous and not (det or year or prep or direction):
        return None  # "a été" is the participle; "la chute" is not a season
    if ambiguous and re.match(r"\s+of\b", ctx.text[end : end + 4], re.IGNORECASE) and not year:
        return None  # "the fall of Kabul"
    if year is None and re.match(r"\s+(?:de|du|des|of)\s+(?!\d)|\s+d['’]", ctx.text[end : end + 6]):
        return None  # "le printemps de l'environnement", "the spring of discontent": a name
    if (
        prep == "d'"
        and not det
        and _norm(last_word(text_before(ctx, m.start()))) not in (ctx.grammar.lookup.units)
    ):
        return None  # "les Jeux d'hiver", "l'heure d'été" name a kind; "les mois d'été" count
    start = m.start("det") if group(m, "det") else m.start("s")
    generic = year is None and direction is None and not det and prep in {"en", "d'", "in", ""}
    if det in ctx.grammar.lookup.demonstratives:
        direction = 0
    return Mention(
        start,
        end,
        "season",
        "date",
        year=year,
        season=season,
        direction=direction,
        generic=generic,
    )


# --------------------------------------------------------------------- weekdays, days


def _pod(ctx: Context, m: re.Match[str]) -> tuple[str | None, str | None]:
    """The part of day and its mod ("en début d'après-midi" → AF, START)."""
    pod_text = group(m, "pod")
    pod = ctx.grammar.lookup.pods.get(_norm(pod_text)) if pod_text else None
    mod_text = group(m, "podmod")
    mod = ctx.grammar.lookup.fuzzy.get(_norm(mod_text)) if mod_text else None
    return pod, mod


def build_weekday(m: re.Match[str], ctx: Context) -> Mention | None:
    lookup = ctx.grammar.lookup
    weekday = lookup.weekdays.get(_norm(m["wd"]))
    if weekday is None:
        return None
    pod, pod_mod = _pod(ctx, m)
    det = _norm(group(m, "det") or "")
    dir_text = _norm(group(m, "dir") or "")
    habitual = bool(group(m, "pl")) or (det in {"le", "les"} and not dir_text)
    if habitual:
        value = f"XXXX-WXX-{weekday}" + (f"T{pod}" if pod else "")
        return Mention(
            m.start(), m.end(), "weekday", "set", literal=value, timex_type="SET", generic=True
        )
    direction = lookup.directions.get(dir_text) if dir_text else None
    from_reference = False
    if dir_text in lookup.refdirections:
        direction, from_reference = lookup.refdirections[dir_text], True
    if dir_text in lookup.demonstratives:
        direction = None
    return Mention(
        m.start(),
        m.end(),
        "weekday",
        "date",
        weekday=weekday,
        direction=direction,
        from_reference=from_reference,
        pod=pod,
        mod=pod_mod,
    )


def build_relday(m: re.Match[str], ctx: Context) -> Mention | None:
    lookup = ctx.grammar.lookup
    shift = lookup.relative_days.get(_norm(m["rd"]))
    if shift is None:
        return None
    pod, pod_mod = _pod(ctx, m)
    if shift == 0 and pod is None and not group(m, "wd") and _detached(ctx, m.start(), m.end()):
        # "Aujourd'hui, la ville a changé": a detached "today" means "nowadays" (TimeML).
        return Mention(
            m.start(), m.end(), "relday", "literal", literal="PRESENT_REF", timex_type="TIME"
        )
    return Mention(m.start(), m.end(), "relday", "relday", shift=shift, pod=pod, mod=pod_mod)


def _detached(ctx: Context, start: int, end: int) -> bool:
    before = text_before(ctx, start, 3)
    after = ctx.text[end : end + 2]
    opens = bool(SENTENCE_START.search(before)) or before.rstrip().endswith(",")
    return opens and after.lstrip().startswith(",")


def build_relpod(m: re.Match[str], ctx: Context) -> Mention | None:
    found = ctx.grammar.lookup.relative_pods.get(_norm(m["rp"]))
    if found is None:
        return None
    shift, pod = found
    return Mention(m.start(), m.end(), "relpod", "relday", shift=shift, pod=pod)


def build_pod_this(m: re.Match[str], ctx: Context) -> Mention | None:
    pod = ctx.grammar.lookup.pods.get(_norm(m["pod"]))
    if pod is None:
        return None
    this = _norm(m["this"])
    from_reference = this == "that" or bool(group(m, "la")) or bool(group(m, "meme"))
    return Mention(m.start(), m.end(), "pod_this", "relday", pod=pod, from_reference=from_reference)


def build_pod_ref(m: re.Match[str], ctx: Context) -> Mention | None:
    """ "la nuit de lundi à mardi", "la soirée", "le matin même": a part of a known day."""
    pod_word = _norm(m["pod"])
    pod = ctx.grammar.lookup.pods.get(pod_word)
    if pod is None:
        return None
    inner_text = group(m, "inner")
    if inner_text is not None:
        inner = ctx.grammar.parse_exact(ctx, m.start("inner"), m.end("inner"))
        if inner is None or inner.kind not in {"date", "relday"}:
            return None
        return replace(inner, start=m.start(), end=m.end(), rule="pod_ref", pod=pod)
    standalone = {_norm(p) for p in ctx.lexicon.standalone_parts_of_day}
    if pod_word not in standalone and not group(m, "meme"):
        return None
    return Mention(m.start(), m.end(), "pod_ref", "relday", pod=pod, from_reference=True)


def build_refday(m: re.Match[str], ctx: Context) -> Mention | None:
    lookup = ctx.grammar.lookup
    key = _norm(m["rr"])
    if key in lookup.reference_days:
        shift = lookup.reference_days[key]
    elif key in lookup.same_day:
        shift = 0
    else:
        return None
    pod, pod_mod = _pod(ctx, m)
    return Mention(
        m.start(),
        m.end(),
        "refday",
        "relday",
        shift=shift,
        from_reference=True,
        pod=pod,
        mod=pod_mod,
    )


def build_relunit(m: re.Match[str], ctx: Context) -> Mention | None:
    """ "la semaine dernière", "cette année", "l'an prochain", "next month"."""
    lookup = ctx.grammar.lookup
    unit = lookup.units.get(_norm(m["unit"]))
    if unit is None or unit in {"S", "MIN", "H", "D"}:
        return None
    if _norm(m["unit"]).endswith("s") and unit not in {"M"} and _norm(m["unit"]) != "mois":
        return None  # plural: "les semaines" is not a calendar week
    det = _norm(group(m, "det") or "")
    dir_text = _norm(group(m, "dir") or "")
    shift = 0
    from_reference = False
    if dir_text in lookup.directions:
        shift = lookup.directions[dir_text]
    elif dir_text in lookup.refdirections:
        shift, from_reference = lookup.refdirections[dir_text], True
    elif (
        dir_text in lookup.demonstratives
        or dir_text == "en cours"
        or det in lookup.demonstratives
        or ctx.text[m.start() : m.end()].lower().endswith("ci")
    ):
        shift = 0
    elif not ctx.inner:
        return None  # "l'année" alone is a period only inside "la fin de l'année"
    return Mention(
        m.start(),
        m.end(),
        "relunit",
        "relunit",
        unit=unit,
        shift=shift,
        from_reference=from_reference,
    )


# ------------------------------------------------------------------------ fuzzy, refs


def build_fuzzy(m: re.Match[str], ctx: Context) -> Mention | None:
    """ "fin 2021", "la fin de l'année dernière", "mi-janvier", "early next week"."""
    lookup = ctx.grammar.lookup
    mod_text = group(m, "mod") or group(m, "mod2")
    mod = lookup.fuzzy.get(_norm(mod_text)) if mod_text else None
    if mod is None:
        return None
    inner_start, inner_end = m.start("inner"), m.end("inner")
    inner = ctx.grammar.parse_exact(replace(ctx, inner=True), inner_start, inner_end)
    if inner is None:
        inner = _bare_period(ctx, ctx.text[inner_start:inner_end], inner_start, inner_end)
    if inner is None or inner.kind in {"duration", "set", "literal"}:
        return None
    bare = inner.rule == "fuzzy" and not group(m, "det")
    if bare and DE_BEFORE.search(text_before(ctx, m.start(), 4)):
        return None  # "une fête de fin d'année" names a kind of party, not a date
    return replace(inner, start=m.start(), end=m.end(), rule="fuzzy", mod=mod)


def _bare_period(ctx: Context, text: str, start: int, end: int) -> Mention | None:
    """ "semaine" in "en fin de semaine", "après-midi" in "en début d'après-midi"."""
    lookup = ctx.grammar.lookup
    words = _norm(text).split(" ")
    while words and (words[0] in lookup.determiners or words[0].endswith("'")):
        words = words[1:]
    key = " ".join(words)
    if key in lookup.pods:
        return Mention(start, end, "fuzzy", "relday", pod=lookup.pods[key], from_reference=True)
    unit = lookup.units.get(key)
    if unit is not None and unit not in {"S", "MIN", "H", "D"}:
        return Mention(start, end, "fuzzy", "relunit", unit=unit, shift=0)
    return None


def build_ref(m: re.Match[str], ctx: Context) -> Mention | None:
    value = ctx.grammar.lookup.refs.get(_norm(m["ref"]))
    if value is None:
        return None
    return Mention(m.start(), m.end(), "ref", "literal", literal=value, timex_type="TIME")


def build_ref_adjective(m: re.Match[str], ctx: Context) -> Mention | None:
    value = ctx.grammar.lookup.ref_adjectives.get(_norm(m["adj"]))
    if value is None:
        return None
    window = _norm(ctx.text[max(0, m.start() - 20) : m.end() + 20])
    adjective = _norm(m["adj"])
    for phrase in ctx.lexicon.ref_exclusions:
        key = _norm(phrase)
        if adjective in key.split() and key in window:
            return None
    return Mention(m.start(), m.end(), "ref_adjective", "literal", literal=value, timex_type="TIME")


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position
