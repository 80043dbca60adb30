"""Finding temporal expressions: every rule over the text, longest matches kept, then the
constructions that join two expressions — ranges ("du 10 au 12 janvier", "between Monday and
Wednesday", "de 8 à 24 mois"), lists ("les 6 et 13 avril"), "d'ici <date>" — and the
prepositions that give a date its TimeML mod ("depuis mardi" → ON_OR_AFTER).

Detection is ours, never dateparser's: its ``search_dates`` reads "Me", "sa" or "je" as dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from .grammar import Context, Grammar, Rule
from .lexicon import Lexicon, load_lexicon
from .mention import Mention
from .patterns import alternation, norm, parse_number

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

# Kinds that can take a signal's mod or be the ends of a date range.
_DATELIKE = frozenset({"date", "relday", "relunit", "offset", "clock"})
# A triggered rule is tried up to this many characters after its trigger word: longer than
# any suffix in the lexicons ("heure de Saint-Pétersbourg", "de l'année prochaine"); a
# match that reaches the limit is redone without it.
_TRIGGER_RIGHT = 120
# How far before a mention the merge pass looks for an opener, a signal or a partial range
# end ("entre 14 et 16 heures"): the longest such prefix in the lexicons is about 20
# characters ("à compter du", "aux alentours de").
_LOOKBACK = 40


def detect(text: str, grammar: Grammar, sdoc: SpacyDoc | None = None) -> list[Mention]:
    """The temporal expressions of ``text``, in text order, without overlaps."""
    ctx = Context(text, grammar, sdoc)
    found: list[tuple[Mention, int]] = []
    for priority, rule in enumerate(grammar.rules):
        for match in _matches(rule, text):
            mention = rule.build(match, ctx)
            if mention is not None and mention.end > mention.start:
                found.append((mention, priority))
    chosen = _select(found)
    return _merge(chosen, ctx)


def _matches(rule: Rule, text: str) -> Iterator[re.Match[str]]:
    """The rule's matches, as ``finditer`` would give them, found around its trigger words."""
    if rule.trigger is None:
        yield from rule.pattern.finditer(text)
        return
    done = 0
    for hit in rule.trigger.finditer(text):
        if hit.start() < done:
            continue
        end = min(len(text), hit.end() + _TRIGGER_RIGHT)
        match = rule.pattern.search(text, max(done, hit.start() - rule.left), end)
        while match is not None and match.end() <= hit.start():
            match = rule.pattern.search(text, match.end(), end)
        if match is None or match.start() > hit.start():
            continue  # every match contains a trigger: this hit starts none
        if match.end() == end < len(text):  # cut by the window: match again without it
            match = rule.pattern.match(text, match.start()) or match
        done = match.end()
        yield match


def _select(found: list[tuple[Mention, int]]) -> list[Mention]:
    """Longest first, then the earlier rule; a mention overlapping a kept one is dropped."""
    kept: list[Mention] = []
    for mention, _ in sorted(found, key=lambda f: (f[0].start - f[0].end, f[1], f[0].start)):
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


# -------------------------------------------------------------------------------- merge


@dataclass(frozen=True)
class _MergePatterns:
    partial: re.Pattern[str]
    opener_end: re.Pattern[str]
    signals: re.Pattern[str]
    until_now: re.Pattern[str]
    ago_before: re.Pattern[str]
    in_before: re.Pattern[str]
    offset_after: re.Pattern[str]


@cache
def _merge_patterns(language: str) -> _MergePatterns:
    lexicon = load_lexicon(language)
    openers = alternation({o for o, _ in lexicon.ranges})
    connectors = alternation({c for _, c in lexicon.ranges} | set(lexicon.list_connectors))
    number = r"(?:\d{1,2}|" + alternation([*lexicon.numbers, *lexicon.multipliers]) + ")"

    def ending(source: str) -> re.Pattern[str]:
        return re.compile(r"(?<![\w])" + source + r"\s*$", re.IGNORECASE)

    after = {"ago": lexicon.ago_after, "fromnow": lexicon.from_now, "later": lexicon.later}
    return _MergePatterns(
        partial=ending(
            r"(?:(?P<open>" + openers + r")\s+|(?P<det>les)\s+)?"
            r"(?<![\w.,])(?P<n>" + number + r")(?:er|st|nd|rd|th)?"
            r"\s*(?P<conn>" + connectors + r"|,|-|–)"
        ),
        opener_end=ending("(?P<open>" + openers + ")"),
        signals=ending("(?P<sig>" + alternation(lexicon.date_signals) + ")"),
        until_now=ending(
            "(?P<all>" + alternation(lexicon.until_now) + r")\s*(?:(?:à|au|aux)(?![\w]))?"
        ),
        ago_before=ending("(?P<ago>" + alternation(lexicon.ago) + ")"),
        in_before=ending("(?P<in>" + alternation(lexicon.in_future) + ")"),
        offset_after=re.compile(
            r"\s+(?:"
            + "|".join(f"(?P<{name}>{alternation(words)})" for name, words in after.items())
            + r")(?![\w])",
            re.IGNORECASE,
        ),
    )


def warm_up_merge(language: str) -> None:
    _merge_patterns(language)


def _merge(mentions: list[Mention], ctx: Context) -> list[Mention]:
    return _Merger(ctx).run(mentions)


class _Merger:
    """One pass over the selected mentions, joining each to what came before it."""

    def __init__(self, ctx: Context) -> None:
        lexicon = ctx.lexicon
        self.lexicon = lexicon
        self.text = ctx.text
        self.patterns = _merge_patterns(lexicon.language)
        self.pairs = {(norm(o), norm(c)) for o, c in lexicon.ranges}
        self.lists = {norm(c) for c in lexicon.list_connectors} | {","}
        self.out: list[Mention] = []

    def run(self, mentions: list[Mention]) -> list[Mention]:
        for found in mentions:
            before = self.text[max(0, found.start - _LOOKBACK) : found.start]
            mention, before = self._offset(found, before)
            self._share_year(mention)
            joined = (
                self._clock_day(mention)
                or self._full_range(mention)
                or self._partial(mention, before)
                or self._until_now(mention, before)
            )
            if not joined:
                self.out.append(self._with_signal(mention, before))
        return self.out

    def _offset(self, mention: Mention, before: str) -> tuple[Mention, str]:
        """ "il y a trois jours", "dans deux semaines", "two days later", "three weeks ago":
        a duration that places a date, counted from the anchor or from the story's day."""
        if mention.kind != "duration" or mention.literal is not None or mention.unit is None:
            return mention, before
        after = self.patterns.offset_after.match(self.text, mention.end)
        ago = self.patterns.ago_before.search(before)
        ahead = self.patterns.in_before.search(before)
        start, end = mention.start, mention.end
        parts: tuple[Mention, ...] = ()
        from_reference = False
        if ago is not None:
            shift, start = -1, mention.start - len(before) + ago.start()
        elif after is not None and (after["ago"] or after["fromnow"]):
            shift, end = (-1 if after["ago"] else 1), after.end()
        elif after is not None and after["later"]:
            # TimeML keeps "plus tard" out as a signal: its expression is the duration.
            shift, end, parts = (
                self.lexicon.later.get(norm(after["later"]), 1),
                after.end(),
                (mention,),
            )
            from_reference = True
        elif ahead is not None and mention.amount is not None and not _noun_phrase(self.text, end):
            shift, start = 1, mention.start - len(before) + ahead.start()
        else:
            return mention, before
        before = self.text[max(0, start - _LOOKBACK) : start]
        if mention.amount is None:
            if from_reference:
                return mention, before
            literal = "PAST_REF" if shift < 0 else "FUTURE_REF"
            return Mention(
                start, end, "offset", "literal", literal=literal, timex_type="DATE"
            ), before
        offset = replace(
            mention,
            start=start,
            end=end,
            rule="offset",
            kind="offset",
            shift=shift,
            from_reference=from_reference,
            parts=parts,
        )
        return offset, before

    def _share_year(self, mention: Mention) -> None:
        """ "en janvier et février 2024": a list's last year is every member's."""
        if mention.kind != "date" or mention.year is None or not self.out:
            return
        previous = self.out[-1]
        gap = norm(self.text[previous.end : mention.start])
        if gap not in self.lists or previous.kind != "date" or previous.year is not None:
            return
        if previous.month is not None and previous.decade is None and previous.century is None:
            self.out[-1] = replace(
                previous, year=mention.year, two_digit_year=mention.two_digit_year
            )

    def _clock_day(self, mention: Mention) -> bool:
        """A clock time followed by its day: "4 h mardi", "vers 15 h 30, hier" (one TIMEX3)."""
        if not self.out or not _day_of_clock(self.out[-1], mention, self.text):
            return False
        self.out[-1] = _attach_day(self.out[-1], mention)
        return True

    def _full_range(self, mention: Mention) -> bool:
        """Two full expressions: "du lundi au vendredi", "entre 1990 et 1999"."""
        if not self.out or not _joinable(self.out[-1], mention):
            return False
        previous = self.out[-1]
        gap = self.text[previous.end : mention.start]
        head = self.text[max(0, previous.start - _LOOKBACK) : previous.start]
        opener = self.patterns.opener_end.search(head)
        if norm(gap) and opener and (norm(opener["open"]), norm(gap)) in self.pairs:
            self.out[-1] = _range(previous, mention, previous.start - len(opener.group(0)))
            return True
        if gap.strip() in {"-", "–"} and previous.kind == mention.kind == "date":
            self.out[-1] = _range(previous, mention, previous.start)
            return True
        return False

    def _partial(self, mention: Mention, before: str) -> bool:
        """A bare number before a full expression: "du 10 au 12 janvier", "les 6 et 13 avril"."""
        found = self.patterns.partial.search(before)
        if found is None or not _partial_target(mention) or _covered(self.out, found, mention):
            return False
        first = _partial_copy(mention, found, self.lexicon)
        if first is None:
            return False
        conn = norm(found["conn"])
        opener = norm(found["open"] or "")
        if (opener, conn) in self.pairs or (not opener and conn in {"-", "–"}):
            start = mention.start - len(before) + found.start()
            self.out.append(_range(first, mention, start))
            return True
        if conn in self.lists and not opener:
            self.out.extend((first, mention))
            return True
        return False

    def _until_now(self, mention: Mention, before: str) -> bool:
        """ "d'ici la fin de l'année": a range from now to the date."""
        if not self.lexicon.until_now or mention.kind not in _DATELIKE | {"duration"}:
            return False
        found = self.patterns.until_now.search(before)
        if found is None:
            return False
        at = mention.start - len(before) + found.start()
        word_at = self.text.find("ici", at, mention.start)
        if word_at < 0:
            return False
        now = Mention(word_at, word_at + 3, "until_now", "relday", shift=0)
        if mention.kind == "date" and mention.direction is None:
            mention = replace(mention, direction=2)  # from now on: not in the past
        self.out.append(_range(now, mention, at))
        return True

    def _with_signal(self, mention: Mention, before: str) -> Mention:
        """ "depuis mardi" → ON_OR_AFTER: the signal stays outside the span, its mod inside."""
        if mention.kind not in _DATELIKE or mention.kind == "clock" or mention.mod is not None:
            return mention
        signal = self.patterns.signals.search(before)
        if signal is None:
            return mention
        return replace(mention, mod=self.lexicon.date_signals.get(norm(signal["sig"])))


def _noun_phrase(text: str, end: int) -> bool:
    """ "dans un jour de grande forme": the amount is a noun phrase, not "in a day"."""
    return re.match(r"\s+d(?:e\s|['’])", text[end : end + 4], re.IGNORECASE) is not None


def _is_day(mention: Mention) -> bool:
    if mention.pod is not None or mention.mod is not None:
        return False
    if mention.kind == "relday":
        return True
    return mention.kind == "date" and (mention.weekday is not None or mention.day is not None)


def _day_of_clock(previous: Mention, mention: Mention, text: str) -> bool:
    clock = previous.parts[-1] if previous.kind == "range" else previous
    if clock.kind != "clock" or clock.parts or not _is_day(mention):
        return False
    return re.fullmatch(r"\s*,?\s*", text[previous.end : mention.start]) is not None


def _attach_day(previous: Mention, day: Mention) -> Mention:
    if previous.kind == "range":
        first, clock = previous.parts
        clock = replace(clock, end=day.end, parts=(day,))
        return replace(previous, end=day.end, parts=(first, clock))
    return replace(previous, end=day.end, parts=(day,))


def _joinable(first: Mention, second: Mention) -> bool:
    if first.kind == "clock" or second.kind == "clock":
        return first.kind == second.kind
    if first.kind == "duration" or second.kind == "duration":
        return first.kind == second.kind
    return first.kind in _DATELIKE and second.kind in _DATELIKE


def _partial_target(mention: Mention) -> bool:
    if mention.kind == "date":
        return mention.day is not None and mention.month is not None and mention.weekday is None
    if mention.kind == "duration":
        return mention.amount is not None and mention.literal is None
    return mention.kind == "clock" and mention.hour is not None


def _covered(out: list[Mention], found: re.Match[str], mention: Mention) -> bool:
    """True when the bare number is already part of an earlier expression."""
    number_at = mention.start - len(found.string) + found.start("n")
    return any(m.end > number_at for m in out)


def _partial_copy(mention: Mention, found: re.Match[str], lexicon: Lexicon) -> Mention | None:
    """The first end of "10 au 12 janvier": the full end with the number put in."""
    value = parse_number(found["n"], lexicon.numbers, lexicon.multipliers)
    if value is None or value != int(value):
        return None
    number = int(value)
    offset = mention.start - len(found.string)
    start = offset + (found.start("det") if found["det"] else found.start("n"))
    end = offset + found.end("n")
    if found.group(0)[found.end("n") - found.start() :].lower().startswith(("er", "st", "nd")):
        end += 2
    if mention.kind == "date":
        if not 1 <= number <= 31:
            return None
        return replace(mention, start=start, end=end, day=number, rule="partial", mod=None)
    if mention.kind == "clock":
        if not 0 <= number <= 24:
            return None
        return replace(mention, start=start, end=end, hour=number, minute=None, rule="partial")
    return replace(mention, start=start, end=end, amount=float(number), rule="partial", mod=None)


def _range(first: Mention, second: Mention, start: int) -> Mention:
    if first.kind == "date" and second.kind == "date":
        first = replace(
            first,
            month=first.month if first.month is not None else second.month,
            year=first.year if first.year is not None else second.year,
            two_digit_year=first.two_digit_year or (first.year is None and second.two_digit_year),
            direction=first.direction if first.direction is not None else second.direction,
        )
    return Mention(start, second.end, "range", "range", parts=(first, second))
