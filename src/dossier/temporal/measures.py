"""Builders of amounts: durations, clock times and sets (see dossier.temporal.builders).

"<n> ans" is an age, not a duration, in "Jean, 87 ans," or "âgé de 54 ans"; "<n> heures" is a
clock time after "à"/"vers" and a duration otherwise; "une seconde fois" is an ordinal.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .cues import DE_AFTER, DE_BEFORE, SENTENCE_START, group, last_word, text_before
from .mention import Mention
from .patterns import norm as _norm
from .patterns import parse_number
from .zones import resolve_phrase

if TYPE_CHECKING:
    from .grammar import Context

_APPOSITION_BEFORE = re.compile(r"[,(]\s*$")
_APPOSITION_AFTER = re.compile(r"^\s*(?:[,;)]|\.(?:\s|$))")
_LAST_TWO_WORDS = re.compile(r"(?:(?P<first>[\w'’]+)\s+)?(?P<last>[\w'’]+)\s+$")
_AGE_RANGE = re.compile(r"\d+\s*[-–]\s*$")
_UNIT_VALUE = {"S": "S", "MIN": "M", "H": "H", "D": "D", "W": "W", "M": "M", "Y": "Y"}
_UNIT_YEARS = {"DE": 10, "CE": 100}
_UNIT_MONTHS = {"Q": 3, "HY": 6}


# ------------------------------------------------------------------ amounts, durations


def _amount(ctx: Context, text: str) -> tuple[float | None, str | None]:
    """The number of an amount phrase and its mod: ("une dizaine de" → 10, APPROX)."""
    lookup = ctx.grammar.lookup
    key = _norm(text)
    if key in lookup.vague:
        return None, None
    for word, value in lookup.approximate.items():
        if word in key.split() or key.startswith(word):
            return float(value), "APPROX"
    number = parse_number(text, ctx.lexicon.numbers, ctx.lexicon.multipliers)
    return number, None


def _duration_fields(m: re.Match[str], ctx: Context) -> tuple[str, float | None, str | None] | None:
    """(unit, amount or None for "plusieurs", mod) of the DURATION_CORE groups."""
    unit = ctx.grammar.lookup.units.get(_norm(m["unit"]))
    if unit is None:
        return None
    amount_text = group(m, "amount")
    mod = None
    amount: float | None = None
    if amount_text is not None:
        amount, mod = _amount(ctx, amount_text)
        if amount is None and _norm(amount_text) not in ctx.grammar.lookup.vague:
            return None
        if amount is not None and amount <= 0:
            return None
    fraction = group(m, "frac") or group(m, "fracpre")
    if fraction is not None and amount is not None:
        amount += ctx.grammar.lookup.fractions.get(_norm(fraction), 0.0)
    if group(m, "qual"):
        mod = ctx.grammar.lookup.qualifiers.get(_norm(m["qual"]), mod)
    return unit, amount, mod


def build_duration(m: re.Match[str], ctx: Context) -> Mention | None:
    fields = _duration_fields(m, ctx)
    if fields is None:
        return None
    unit, amount, mod = fields
    if group(m, "amount") is None:
        if not group(m, "adj"):
            return None
        plural = _norm(m["unit"]).endswith("s") or _norm(m["unit"]) == "mois"
        amount = None if plural else 1.0  # "ces derniers jours" → PXD, "the past week" → P1W
    amount_start = m.start("amount") if group(m, "amount") else m.start("unit")
    if unit == "Y" and _is_age(ctx, amount_start, m.end(), m.start("unit")):
        return None
    if not _plausible_unit(m, ctx, amount):
        return None
    return Mention(m.start(), m.end(), "duration", "duration", unit=unit, amount=amount, mod=mod)


def _plausible_unit(m: re.Match[str], ctx: Context, amount: float | None) -> bool:
    """Refuse "une seconde fois" (an ordinal) and "des heures scolaires" (a kind of hours)."""
    unit_word = _norm(m["unit"])
    after = ctx.text[m.end() : m.end() + 20]
    next_word = re.match(r"\s+([^\W\d]+)", after)
    if unit_word in ctx.lexicon.ordinal_units and amount in {None, 1.0} and next_word:
        return next_word.group(1).lower() in ctx.lexicon.year_cues
    amount_text = _norm(group(m, "amount") or "")
    if amount is None and amount_text in ctx.grammar.lookup.vague and next_word:
        return not _is_adjective(ctx, m.end() + next_word.start(1))
    return True


def _is_adjective(ctx: Context, position: int) -> bool:
    if ctx.sdoc is None or not ctx.sdoc.has_annotation("TAG"):
        return False
    span = ctx.sdoc.char_span(position, position + 1, alignment_mode="expand")
    return span is not None and len(span) > 0 and span[0].pos_ == "ADJ"


def _is_age(ctx: Context, start: int, end: int, unit_start: int) -> bool:
    """ "Jean, 87 ans,", "âgé de 54 ans", "il a 62 ans", "a 15-year-old", "une fillette de six
    ans" (the last one needs the parse: "un mandat de cinq ans" is a duration)."""
    lookup = ctx.grammar.lookup
    before = text_before(ctx, start, 40)
    after = ctx.text[end : end + 12]
    verb = _LAST_TWO_WORDS.search(before)
    has_age_verb = (
        verb is not None
        and verb["last"].lower() in ctx.lexicon.age_verbs
        and (verb["first"] or "").lower() != "y"  # "il a 62 ans", not "il y a 62 ans"
    )
    if (
        lookup.age_before.search(_norm(before) + " ")
        or lookup.age_after.match(after)
        or (_APPOSITION_BEFORE.search(before) and _APPOSITION_AFTER.match(after))
        or has_age_verb
        or _AGE_RANGE.search(before)
    ):
        return True
    noun_complement = DE_BEFORE.search(before) and not DE_AFTER.match(after)
    return bool(ctx.grammar.french and noun_complement and _age_by_parse(ctx, unit_start))


def _age_by_parse(ctx: Context, unit_start: int) -> bool:
    """ "de <n> ans" after a noun: an age unless the noun names a span ("un mandat de")."""
    if ctx.sdoc is None or not ctx.sdoc.has_annotation("DEP"):
        return False
    span = ctx.sdoc.char_span(unit_start, unit_start + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    head = span[0].head
    if head.i >= span[0].i or head.pos_ not in {"NOUN", "PROPN"}:
        return False
    return head.lemma_.lower() not in ctx.lexicon.duration_nouns and (
        head.lower_ not in ctx.lexicon.duration_nouns
    )


def build_named_duration(m: re.Match[str], ctx: Context) -> Mention | None:
    value = ctx.grammar.lookup.named.get(_norm(m["named"]))
    if value is None:
        return None
    mod = ctx.grammar.lookup.qualifiers.get(_norm(m["qual"])) if group(m, "qual") else None
    return Mention(
        m.start(),
        m.end(),
        "named_duration",
        "duration",
        literal=value,
        mod=mod,
        timex_type="DURATION",
    )


# --------------------------------------------------------------------------- clocks


def build_clock(m: re.Match[str], ctx: Context) -> Mention | None:
    lookup = ctx.grammar.lookup
    minute: int | None = None
    word_text = group(m, "cw")
    if word_text is not None:
        if word_text[:1].isupper() and not SENTENCE_START.search(text_before(ctx, m.start("cw"))):
            return None  # "le Midi" is the south of France
        hour, minute = lookup.clock_words[_norm(word_text)]
    else:
        hour_text = m["h"]
        parsed = (
            int(hour_text)
            if hour_text.isdigit()
            else parse_number(hour_text, ctx.lexicon.numbers, ctx.lexicon.multipliers)
        )
        if parsed is None or parsed != int(parsed) or not 0 <= parsed <= 24:
            return None
        hour = int(parsed)
        if group(m, "min"):
            minute = int(m["min"])
    fraction = group(m, "frac")
    if fraction is not None:
        minute = round(60 * lookup.fractions.get(_norm(fraction), 0.0))
    ampm = group(m, "ampm")
    if ampm is not None:
        marker = _norm(ampm).replace(".", "").replace(" ", "")
        afternoon = marker.startswith("p") or _norm(ampm) in lookup.afternoon
        if afternoon and hour < 12:
            hour += 12
        elif marker.startswith("a") and hour == 12:
            hour = 0
    end = m.end()
    zone: str | None = None
    zone_text = group(m, "zonep")
    if zone_text is not None:
        zone = resolve_phrase(zone_text, ctx.lexicon.language)
        if zone is None:
            end = m.start("zonep")
    spelled_hours = word_text is None and "heure" in ctx.text[m.end("h") : m.end("h") + 8]
    if spelled_hours and not _clock_heures_ok(m, ctx, zone, ampm):
        return None
    mod = lookup.qualifiers.get(_norm(m["qual"])) if group(m, "qual") else None
    return Mention(m.start(), end, "clock", "clock", hour=hour, minute=minute, zone=zone, mod=mod)


def _clock_heures_ok(m: re.Match[str], ctx: Context, zone: str | None, ampm: str | None) -> bool:
    """ "<n> heures" is a clock time with minutes, a zone, a time of day or a cue ("à")."""
    if group(m, "min") or zone or ampm:
        return True
    before = _norm(text_before(ctx, m.start(), 25) + " " + (group(m, "qual") or "")) + " "
    return any(
        re.search(r"(?:^|\s)" + re.escape(_norm(cue)) + r"\s*$", before)
        for cue in (*ctx.lexicon.clock_cues, *ctx.lexicon.clock_qualifiers)
        if _norm(cue) not in ctx.grammar.lookup.qualifiers
        or ctx.grammar.lookup.qualifiers[_norm(cue)] == "APPROX"
    )


# ------------------------------------------------------------------------------ sets


def _period(unit: str, amount: float) -> str:
    count = int(amount) if amount == int(amount) else amount
    if unit in _UNIT_YEARS:
        return f"P{int(count * _UNIT_YEARS[unit])}Y"
    if unit in _UNIT_MONTHS:
        return f"P{int(count * _UNIT_MONTHS[unit])}M"
    if unit == "WE":
        return f"P{count}WE"
    prefix = "PT" if unit in {"H", "MIN", "S"} else "P"
    return f"{prefix}{count}{_UNIT_VALUE[unit]}"


def build_set_every(m: re.Match[str], ctx: Context) -> Mention | None:
    lookup = ctx.grammar.lookup
    text = _norm(m["unit"])
    singular = text[:-1] if text.endswith("s") and text[:-1] in lookup.weekdays else text
    if singular in lookup.weekdays or text.capitalize().rstrip("s") in lookup.weekdays:
        weekday = lookup.weekdays.get(singular) or lookup.weekdays[text.capitalize().rstrip("s")]
        value = f"XXXX-WXX-{weekday}"
    elif text in lookup.pods or text.rstrip("s") in lookup.pods:
        value = f"T{lookup.pods.get(text) or lookup.pods[text.rstrip('s')]}"
    elif text in lookup.units:
        amount, _ = _amount(ctx, m["amount"]) if group(m, "amount") else (1.0, None)
        value = _period(lookup.units[text], amount or 1.0)
    else:
        return None
    return Mention(
        m.start(), m.end(), "set_every", "set", literal=value, timex_type="SET", generic=True
    )


def build_set_per(m: re.Match[str], ctx: Context) -> Mention | None:
    unit = ctx.grammar.lookup.units.get(_norm(m["unit"]))
    if unit is None:
        return None
    return Mention(
        m.start(),
        m.end(),
        "set_per",
        "set",
        literal=_period(unit, 1.0),
        timex_type="SET",
        generic=True,
    )


def build_set_adjective(m: re.Match[str], ctx: Context) -> Mention | None:
    """ "les rendez-vous annuels" (a set); "le quotidien" after a determiner is a noun."""
    value = ctx.grammar.lookup.set_adjectives.get(_norm(m["adj"]))
    if value is None:
        return None
    previous = last_word(text_before(ctx, m.start(), 20))
    if previous in ctx.grammar.lookup.determiners or previous.endswith("'") or previous == "de":
        return None
    return Mention(
        m.start(), m.end(), "set_adjective", "set", literal=value, timex_type="SET", generic=True
    )
