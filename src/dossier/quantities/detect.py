"""Find the quantities in a text: numbers with their value, unit, kind and qualifier.

Reading happens in four passes over the text, each with one job:

1. Spans that hold digits but no quantity are set aside: clock times ("11h00", "14:30",
   "3 p.m."), numeric dates ("21/01/2022", "2022-01-21") and phone numbers.
2. Each number is read where it stands, with the words around it taken from the lexicon
   (data/quantities.yaml): a qualifier before it ("plus de", "some"), a currency symbol before
   it ("US$"), a scale after it ("millions", "bn"), and a unit, currency or percent sign after
   it ("soldats", "de dollars", "%"). Numbers that are part of a name ("G20", "F-16",
   "Covid-19", "article 5"), ordinals ("3e", "21st"), days of a date ("21 janvier"),
   durations and ages ("deux heures", "45 ans") are dropped here.
3. Two numbers joined by a range word or a dash become one range ("entre 100 000 et
   127 000", "550 à 700 euros", "100,000-127,000").
4. With a spaCy parse, a number with no unit yet gets the noun it counts even when adjectives
   stand between them ("about 8,500 US troops"), a count of people takes what the verb says
   happened to them ("12 personnes ont été tuées" → dead), and a number that only labels a
   proper noun ("Boeing 737") is dropped. Without a parse (or with a model that has no tagger)
   this pass is skipped and only the lexicon's adjacent words are used.

Round groups give orders of magnitude: "une centaine", "a dozen" are "about" 100 and 12;
"des centaines", "tens of thousands", "plusieurs milliers" are "vague", with the value the
lower bound their order of magnitude gives (100, 10 000, 1 000). A plain four-digit number
between 1800 and 2100 that counts nothing is a year, not a quantity.

Offsets index the text given exactly: the parse must come from a same-length view of it
(``Doc.nlp_text``).
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from ..model import Qualifier, Quantity, QuantityKind
from .lexicon import Lexicon, Unit, key, load_lexicon
from .parse import NUMERAL_PATTERN, parse_numeral, words_value

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

# Horizontal spaces between a number and its words (never a line break: a unit on the next
# paragraph is not this number's).
_SP = r"[ \t\u00a0\u202f\u2009]"
_SPACE_CHARS = " \t\u00a0\u202f\u2009"
_DASHES = "-–—‑"  # hyphen, en dash, em dash, non-breaking hyphen
# A plain four-digit number in this interval with nothing counted is read as a year: the
# interval covers the years news reports mention, and counts of this size almost always
# come with what they count ("1 900 soldats", "1900 troops").
_YEARS = (Decimal(1800), Decimal(2100))
# A spelled-out number below this after a definite determiner ("les deux pays", "the three
# leaders") refers back to things already named; larger ones ("les trente otages") may still
# report a figure, and digits always do.
_REFERENCE_BELOW = 20
# How many modifiers may stand between a number and the noun it counts ("8,500 US troops",
# "four F-16 fighter jets"): three covers a nationality, a model and a compound noun.
_MAX_MODIFIERS = 3
# How far back (in characters) qualifiers, range openers, labels and months are looked for;
# the longest phrase in the lexicon ("de très nombreuses") is well within it.
_LOOKBACK = 48

_BLOCKED = re.compile(
    "|".join(
        (
            # clock times: 11h00, 10 h 30, 14 h, 14:30, 3 p.m., 14.30 GMT
            r"(?<![\w.,])\d{1,2}(?:\s?[hH]\s?[0-5]\d(?!\d)|\s?[hH](?!\w)"
            r"|:[0-5]\d(?::[0-5]\d)?(?:\s?[aApP]\.?[mM]\.?)?(?!\w)"
            r"|(?:[.:][0-5]\d)?\s?[aApP]\.?[mM]\.?(?!\w)"
            r"|\.[0-5]\d\s?(?:GMT|UTC|CET|CEST|BST|EST|EDT|PST|PDT|MSK)\b)",
            # numeric dates: 21/01/2022, 2022-01-21, 21.01.2022
            r"(?<![\w.,])\d{1,4}([/.\-])\d{1,2}\1\d{1,4}(?!\d)",
            # phone numbers (checked below: a valid grouped number is not one)
            r"(?P<phone>(?<![\w+])(?:\+\d{1,3}[ .\-]?)?(?:\(\d{1,4}\)[ .\-]?)?"
            r"\d{1,4}(?P<psep>[ .\-])\d{2,4}(?:(?P=psep)\d{2,4})+(?!\w))",
        )
    )
)
# Where a blocked span may start; trying _BLOCKED only there is several times faster than
# letting the regex engine try every position.
_DIGITS_START = re.compile(r"(?<!\d)[+(]?\d")
# Words, where the core pattern is tried when they start with a digit or a trigger word.
_WORD = re.compile(r"\w+")
_ORDINAL_SUFFIX = re.compile(r"(?:ères|ère|ème|èmes|eme|emes|er|re|es|e|è|ᵉʳ|ᵉ|nd|rd|th|st)(?!\w)")
_HYPHEN_WORD = re.compile(rf"[{_DASHES}]([^\W\d_]+)")
_OF = r"(?:of|d(?:e|['’]))"
_CONTINUATION = re.compile(rf"(?:[{_DASHES}/]?\w)*")

CandidateForm = Literal["digits", "words", "group"]


@dataclass
class _Candidate:
    """A number being read; offsets index the text."""

    start: int  # the quantity's text starts here (qualifier or currency symbol included)
    core_start: int  # the number itself
    core_end: int
    end: int  # the quantity's text ends here (unit included)
    value: Decimal
    form: CandidateForm
    scale: Decimal = Decimal(1)
    qualifier: Qualifier = "exact"
    value_max: Decimal | None = None
    unit: str | None = None
    kind: QuantityKind | None = None
    entry: Unit | None = None  # the lexicon unit, when one was matched
    unit_start: int | None = None
    prefix_currency: bool = False
    plain: bool = False  # bare digits: no grouping, decimals, scale or unit written
    year_like: bool = False
    generic: bool = False  # the unit is a noun the lexicon does not know
    skip: bool = False  # read to keep a range whole ("2-3 days"), then dropped


def _char(c: str) -> str:
    if c in "'’":
        return "['’]"
    if c in "-\u2011":
        return r"[\s\-\u2011]"
    return re.escape(c)


def _phrase(phrase: str) -> str:
    """The pattern of one lexicon phrase (see the matching rules atop quantities.yaml)."""
    words = phrase.split()
    out = ""
    for i, word in enumerate(words):
        if i and key(word) == "de":
            out += r"\s+d(?:e|['’])" + (r"\s*" if i < len(words) - 1 else "")
            continue
        if i and not (i > 1 and key(words[i - 1]) == "de"):
            out += r"[\s\-\u2011]+"  # keys keep a space where the text may have a hyphen
        out += "".join(_char(c) for c in word)
    return out


def _alt(phrases: Iterable[str]) -> str:
    """One alternation, longest phrase first so that the longest match wins."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(_phrase(p) for p in ordered) + ")" if ordered else "(?!)"


def _literal_alt(items: Iterable[str]) -> str:
    ordered = sorted(set(items), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(map(re.escape, ordered)) + ")" if ordered else "(?!)"


class _Patterns:
    """Everything compiled for one language, once per process."""

    def __init__(self, lexicon: Lexicon, language: str | None) -> None:
        w = self.words = lexicon.words(language)
        self.language = language
        self.symbols = lexicon.symbols
        self.abbreviations = {**lexicon.abbreviations, **lexicon.money_abbreviations}
        i = re.IGNORECASE
        mult = _alt([*w.hundreds, *w.scales])
        word = _alt([*w.values, *w.hundreds, *w.scales]) + r"(?!\w)"
        gpl, gsg = _alt(w.group_plural), _alt(w.group_singular)
        vdet, art = _alt(w.vague_determiners), _alt(w.articles)
        chain = rf"(?:{_SP}+{_OF}{_SP}*{gpl}(?!\w))*"
        self.core = re.compile(
            "|".join(
                (
                    rf"(?P<vague>(?<!\w)(?:(?P<vdet>{vdet}){_SP}+)?(?P<vnoun>{gpl})(?!\w)"
                    rf"(?P<vchain>{chain}))",
                    rf"(?P<about>(?<!\w){art}{_SP}+(?P<anoun>{gsg})(?!\w)(?P<achain>{chain}))",
                    rf"(?P<vscale>(?<!\w){vdet}{_SP}+(?P<smult>{mult}(?:{_SP}+{mult})*)(?!\w))",
                    rf"(?P<words>(?<!\w)(?:{art}{_SP}+(?={mult}(?!\w)))?{word}"
                    rf"(?:(?:{_SP}*[\-\u2011]{_SP}*|{_SP}+{_alt(w.connectors)}{_SP}+|{_SP}+)"
                    rf"{word})*)",
                    rf"(?P<num>(?<![\d.,]){NUMERAL_PATTERN})",
                )
            ),
            i,
        )
        # The first word of anything the core pattern can start with (see ``starts``).
        self.triggers = frozenset(
            k.split()[0]
            for k in (
                *w.values,
                *w.hundreds,
                *w.scales,
                *w.articles,
                *w.group_plural,
                *w.vague_determiners,
            )
        )
        self.word = re.compile(rf"(?<!\w){word}|(?<!\w){art}(?!\w)", i)
        self.group_word = re.compile(rf"{gpl}|{gsg}", i)
        self.of_after = re.compile(rf"{_SP}+{_OF}(?!\w)", i)
        self.scale_after = re.compile(rf"{_SP}*(?P<s>{_alt(w.scales)})(?!\w)", i)
        self.abbr_after = re.compile(
            rf"{_SP}?(?P<s>{_literal_alt(lexicon.abbreviations)})(?![^\W\d_])"
        )
        self.money_abbr_after = re.compile(
            rf"{_SP}?(?P<s>{_literal_alt(lexicon.money_abbreviations)})(?![^\W\d_])"
        )
        units = _alt([*w.units, *w.currencies])
        self.unit_after = re.compile(rf"{_SP}*(?:(?P<of>{_OF}){_SP}*)?(?P<u>{units})(?!\w)", i)
        self.unit_at = re.compile(rf"{units}(?!\w)", i)
        symbols = _literal_alt(lexicon.symbols)
        self.symbol_after = re.compile(rf"{_SP}*(?P<u>{symbols})(?![^\W\d_])")
        self.symbol_before = re.compile(rf"(?<![^\W\d_])(?P<u>{symbols}){_SP}?$")
        self.qualifier_before = re.compile(rf"(?<!\w)(?P<q>{_alt(w.before)}){_SP}*$", i)
        self.qualifier_after = re.compile(rf"{_SP}*,?{_SP}*(?P<q>{_alt(w.after)})(?!\w)", i)
        self.between_before = re.compile(rf"(?<!\w)(?P<q>{_alt(w.between)}){_SP}+$", i)
        self.gap_and = re.compile(rf"{_SP}+{_alt(w.and_words)}{_SP}+$", i)
        self.range_link = re.compile(
            rf"{_SP}*[{_DASHES}]{_SP}*|{_SP}+{_alt([*w.to_words, *w.and_words])}{_SP}+", i
        )
        self.gap_to = re.compile(rf"{_SP}*(?:[{_DASHES}]|{_SP}{_alt(w.to_words)}{_SP}){_SP}*$", i)
        months = _alt(w.months)
        self.month_after = re.compile(rf"{_SP}+{months}(?!\w)", i)
        day_before = _alt([*w.months, *w.weekdays])
        self.month_before = re.compile(rf"(?<!\w){day_before}{_SP}*$", i)
        self.label_before = re.compile(rf"(?<!\w){_alt(w.labels)}{_SP}*$", i)
        self.reference_before = re.compile(rf"(?<!\w){_alt(w.reference_determiners)}{_SP}+$", i)
        self.half_after = re.compile(rf"{_SP}+{_alt(w.half_after)}(?!\w)", i)
        self.half_before = re.compile(rf"(?<!\w){_alt(w.half_before)}{_SP}+$", i)
        self.list_link = re.compile(rf"{_SP}*,{_SP}*|(?:{self.range_link.pattern})", i)
        self.number_of = re.compile(rf"{_alt(w.number_of)}{_SP}*", i)
        self.not_counted_after = re.compile(
            rf"(?:{_SP}*|[{_DASHES}])(?:{_OF}{_SP}*)?{_alt(w.not_counted)}(?!\w)", i
        )

    def starts(self, text: str) -> Iterator[re.Match[str]]:
        """Core matches, tried only at words that can start one: a digit or a trigger word.

        Python's regex engine would otherwise try the whole alternation at every character;
        this is about twice as fast and finds the same numbers (a match cannot start inside a
        word, except digits glued to letters, which are names and dropped anyway).
        """
        for word in _WORD.finditer(text):
            token = word.group()
            if token[0].isdigit() or token.lower() in self.triggers:
                match = self.core.match(text, word.start())
                if match is not None:
                    yield match


class QuantityFinder:
    """Finds quantities in texts of any language the lexicon has words for.

    Build one per process (the stage does): patterns are compiled once per language.
    """

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()
        self._patterns: dict[str | None, _Patterns] = {}

    def patterns(self, language: str | None) -> _Patterns:
        known = language if language in self.lexicon.languages else None
        if known not in self._patterns:
            self._patterns[known] = _Patterns(self.lexicon, known)
        return self._patterns[known]

    def find(
        self, text: str, language: str | None, parse: SpacyDoc | None = None
    ) -> list[Quantity]:
        """The quantities of ``text``, in order. ``parse`` is spaCy's parse of the text (or
        of a same-length view of it); without it, nouns are only found next to the number."""
        p = self.patterns(language)
        blocked = _blocked_spans(text)
        found: list[_Candidate] = []
        pos = floor = 0
        for match in p.starts(text):
            if match.start() < pos:
                continue
            holder = _covering(blocked, match.start())
            if holder is not None:
                pos = holder
                continue
            reader = _Reader(text, p, floor, language)
            candidate, resume = reader.read(match)
            if candidate is not None:
                if candidate.unit is None:
                    link = p.range_link.match(text, candidate.end)
                    if link is not None and _covering(blocked, link.end()) is not None:
                        candidate.skip = True  # "from 2 to 5 p.m.", "9-11h"
                found.append(candidate)
                floor = candidate.end
            pos = max(resume, match.start() + 1)
        found = _join_ranges(found, text, p)
        if parse is not None and parse.has_annotation("POS") and parse.has_annotation("DEP"):
            _Parsed(text, p, parse, language).apply(found)
        quantities = []
        for candidate in found:
            quantity = _finish(candidate, text, p)
            if quantity is not None:
                quantities.append(quantity)
        return quantities


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for start in _DIGITS_START.finditer(text):
        if spans and start.start() < spans[-1][1]:
            continue
        m = _BLOCKED.match(text, start.start())
        if m is None:
            continue
        if m.group("phone") is not None:
            digits = m.group("phone")
            read = parse_numeral(digits)
            if "+" not in digits and "(" not in digits and read and read.length == len(digits):
                continue  # "10 000 000" is a number, not a phone
        spans.append((m.start(), m.end()))
    return spans


def _covering(spans: Sequence[tuple[int, int]], pos: int) -> int | None:
    """The end of the blocked span holding ``pos``, if one does."""
    i = bisect_right(spans, (pos, sys.maxsize)) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1]:
        return spans[i][1]
    return None


class _Reader:
    """Reads one number where it stands (pass 2 of the module docstring)."""

    def __init__(self, text: str, p: _Patterns, floor: int, language: str | None) -> None:
        self.text = text
        self.p = p
        self.w = p.words
        self.floor = floor  # the previous quantity ends here: look-backs stop at it
        self.language = language

    def behind(self, pattern: re.Pattern[str], end: int) -> re.Match[str] | None:
        return pattern.search(self.text, max(self.floor, end - _LOOKBACK), end)

    def read(self, match: re.Match[str]) -> tuple[_Candidate | None, int]:
        if match.group("num") is not None:
            return self.numeral(match)
        if match.group("words") is not None:
            return self.spelled(match)
        return self.group(match)

    # -- numbers in digits -------------------------------------------------------------
    def numeral(self, match: re.Match[str]) -> tuple[_Candidate | None, int]:
        text, s = self.text, match.start()
        if _name_before(text, s):
            return None, _identifier_end(text, match.end())
        numeral = parse_numeral(text[s : match.end()], language=self.language)
        assert numeral is not None, "the core pattern matched digits"
        e = s + numeral.length
        if text[e : e + 1] == "/" or self.behind(self.p.label_before, s):
            return None, _identifier_end(text, e)  # "3/4", "article 5", "n° 2020-1310"
        if self.behind(self.p.month_before, s):
            return _Candidate(s, s, e, e, numeral.value, "digits", skip=True), e
        prefix = self.behind(self.p.symbol_before, s)
        currency = self.p.symbols[prefix.group("u")] if prefix else None
        scale_match = self.p.scale_after.match(text, e) or self.p.abbr_after.match(text, e)
        if scale_match is None:
            money = self.p.money_abbr_after.match(text, e)
            if money is not None and (currency or self.currency_at(money.end())):
                scale_match = money
        scale = Decimal(1)
        if scale_match is not None:
            scale = self.scale_of(scale_match.group("s"))
            numeral = parse_numeral(text[s:e], language=self.language, scaled=True) or numeral
        after = scale_match.end() if scale_match else e
        value = numeral.value * scale
        half = self.p.half_after.match(text, after) if scale_match else None
        if half is not None:  # "1 million et demi"
            value, after = value + scale / 2, half.end()
        sign = _minus_before(text, s) if prefix is None else 0
        candidate = _Candidate(
            start=prefix.start() if prefix else s - sign,
            core_start=s - sign,
            core_end=after,
            end=after,
            value=-value if sign else value,
            form="digits",
            scale=scale,
            prefix_currency=currency is not None,
        )
        if currency is not None:
            candidate.unit, candidate.kind = currency, "money"
        candidate.plain = not (numeral.grouped or numeral.fraction or scale_match or currency)
        candidate.year_like = (
            candidate.plain and e - s == 4 and _YEARS[0] <= numeral.value <= _YEARS[1]
        )
        if not self.suffix(candidate, allow_of=scale_match is not None):
            glued = text[after : after + 1]
            if scale_match is None and glued.isalpha():
                # "3e", "21st": ordinals; "5G", "737MAX": names
                ordinal = _ORDINAL_SUFFIX.match(text, after)
                return None, ordinal.end() if ordinal else _identifier_end(text, after)
            if scale_match is None and glued and glued in _DASHES:
                return self.hyphenated(candidate)
        else:
            candidate.plain = candidate.year_like = False
        return self.around(candidate)

    def hyphenated(self, candidate: _Candidate) -> tuple[_Candidate | None, int]:
        """A number glued to a word by a hyphen: "10-day", "20-km", "16-year-old"."""
        m = _HYPHEN_WORD.match(self.text, candidate.end)
        if m is None:  # a dash and a digit: maybe a range, read on
            return self.around(candidate)
        word = key(m.group(1))
        if word in self.w.not_counted:
            candidate.skip, candidate.end = True, m.end()
            return candidate, m.end()
        unit = self.w.units.get(word)
        if unit is None:
            return None, m.end()  # "500-strong", "a 30-nation coalition": adjectives
        self.set_unit(candidate, unit, candidate.end + 1, m.end())
        return self.around(candidate)

    # -- spelled-out numbers ---------------------------------------------------------------
    def spelled(self, match: re.Match[str]) -> tuple[_Candidate | None, int]:
        tokens = list(self.p.word.finditer(self.text, match.start(), match.end()))
        words = [key(t.group()) for t in tokens]
        w = self.w
        try:
            value, used = words_value(
                words,
                values=w.values,
                hundreds=w.hundreds,
                scales=w.scales,
                articles=w.articles,
            )
        except ValueError:
            return None, match.end()
        end = tokens[used - 1].end()
        if used == 1 and words[0] in (w.hundreds | set(w.scales)) - w.standalone:
            return None, end  # "million" or "hundred" on its own is not a number
        if value < 2:
            return None, end  # "un", "one": an article or a pronoun
        start = match.start()
        if value < _REFERENCE_BELOW and self.behind(self.p.reference_before, start):
            return None, end  # "les deux pays", "the three leaders"
        last = words[used - 1]
        if last in w.scales:
            half = self.p.half_after.match(self.text, end)
            if half is not None:  # "deux millions et demi", "a million and a half"
                value, end = value + w.scales[last] / 2, half.end()
            halved = self.behind(self.p.half_before, start)
            if halved is not None and words[0] in w.articles:  # "half a million"
                value, start = value / 2, halved.start()
        candidate = _Candidate(start, start, end, end, value, "words")
        self.suffix(candidate, allow_of=last in w.scales)
        return self.around(candidate)

    # -- round groups: "une centaine", "des dizaines de milliers", "several hundred" -------
    def group(self, match: re.Match[str]) -> tuple[_Candidate | None, int]:
        w, text = self.w, self.text
        if match.group("vscale") is not None:
            words = [key(t.group()) for t in self.p.word.finditer(text, *match.span("smult"))]
            try:
                value, _ = words_value(
                    words, values={}, hundreds=w.hundreds, scales=w.scales, articles=()
                )
            except ValueError:
                return None, match.end()
            qualifier: Qualifier = "vague"
        else:
            vague = match.group("vague") is not None
            noun = match.group("vnoun") if vague else match.group("anoun")
            chain = match.group("vchain") if vague else match.group("achain")
            bare = vague and not match.group("vdet") and not chain
            if bare and not self.p.of_after.match(text, match.end()):
                return None, match.end()  # "the scores", "dozens" alone
            sizes = w.group_plural if vague else w.group_singular
            value = Decimal(sizes[key(noun)])
            for extra in self.p.group_word.finditer(chain or ""):
                value *= w.group_plural[key(extra.group())]
            qualifier = "vague" if vague else "about"
        s, e = match.span()
        candidate = _Candidate(s, s, e, e, value, "group", qualifier=qualifier)
        self.suffix(candidate, allow_of=True)
        return self.around(candidate)

    # -- the words around a number ---------------------------------------------------------
    def suffix(self, candidate: _Candidate, *, allow_of: bool) -> bool:
        """Read the unit, currency or percent sign after the number; True if one was found."""
        text, e = self.text, candidate.end
        m = self.p.unit_after.match(text, e)
        if m is not None and m.group("of") and not allow_of:
            m = None
        symbol = self.p.symbol_after.match(text, e)
        if symbol is not None and (m is None or symbol.end() >= m.end()):
            return self.currency(candidate, self.p.symbols[symbol.group("u")], symbol.end())
        if m is None:
            return False
        word = key(m.group("u"))
        code = self.w.currencies.get(word)
        if code is not None:
            return self.currency(candidate, code, m.end())
        if candidate.kind == "money":
            return False  # "$10 people": the symbol already said what it is
        self.set_unit(candidate, self.w.units[word], m.start("u"), m.end())
        return True

    @staticmethod
    def currency(candidate: _Candidate, code: str, end: int) -> bool:
        if candidate.unit not in (None, code):
            return False  # "$10 euros": keep the symbol's reading, leave the word
        candidate.unit, candidate.kind, candidate.end = code, "money", end
        return True

    def set_unit(self, candidate: _Candidate, unit: Unit, start: int, end: int) -> None:
        candidate.unit, candidate.kind, candidate.entry = unit.unit, unit.kind, unit
        candidate.unit_start, candidate.end = start, end

    def around(self, candidate: _Candidate) -> tuple[_Candidate | None, int]:
        """Checks after the number (dates, durations) and the qualifier before it."""
        text = self.text
        if candidate.unit is None:
            for pattern in (self.p.month_after, self.p.not_counted_after):
                m = pattern.match(text, candidate.end)
                if m is not None:  # "21 janvier", "deux heures": kept only to end ranges
                    candidate.skip, candidate.end = True, m.end()
                    return candidate, m.end()
        m = self.behind(self.p.qualifier_before, candidate.start)
        if m is not None:
            qualifier = self.w.before[key(m.group("q"))]
            if candidate.qualifier in ("exact", "about"):
                candidate.qualifier = qualifier
            candidate.start = m.start("q")
        return candidate, candidate.end

    def currency_at(self, pos: int) -> bool:
        m = self.p.unit_after.match(self.text, pos)
        return bool(
            self.p.symbol_after.match(self.text, pos)
            or (m is not None and not m.group("of") and key(m.group("u")) in self.w.currencies)
        )

    def scale_of(self, word: str) -> Decimal:
        return self.w.scales.get(key(word)) or self.p.abbreviations[word]


def _minus_before(text: str, s: int) -> int:
    """1 when a minus sign stands alone before the digits ("-20 degrees"), else 0."""
    if s == 0 or text[s - 1] not in "-−":
        return 0
    return 1 if s == 1 or text[s - 2] in _SPACE_CHARS + "(\n" else 0


def _identifier_end(text: str, pos: int) -> int:
    """Past the rest of a code a dropped number belongs to ("2020-1310", "MH17-B")."""
    m = _CONTINUATION.match(text, pos)
    return m.end() if m else pos


def _name_before(text: str, s: int) -> bool:
    """The digits at ``s`` continue a name: "G20", "F-16", "Covid-19", "#5", "/2022"."""
    if s == 0:
        return False
    before = text[s - 1]
    if before.isalpha() or before in "/#_°№":
        return True
    return before in _DASHES and s >= 2 and text[s - 2].isalpha()


def _join_ranges(found: list[_Candidate], text: str, p: _Patterns) -> list[_Candidate]:
    """Pass 3: "entre 100 000 et 127 000", "550 à 700 euros", "100,000-127,000"."""
    out: list[_Candidate] = []
    floor = 0
    for candidate in found:
        previous = out[-1] if out else None
        joined = _range(previous, candidate, text, p, floor) if previous else None
        if joined is not None:
            out[-1] = joined
        else:
            if previous is not None and _dash_code(previous, candidate, text):
                previous.skip = candidate.skip = True  # "3-1", "2021-1109": scores and codes
            if previous is not None:
                floor = previous.end
            out.append(candidate)
    # "les 7 et 8 mars", "21, 22 et 23 January", "3 ou 4 heures": the numbers before a
    # dropped date or duration are days or hours too
    for later, earlier in zip(reversed(out[1:]), reversed(out[:-1]), strict=True):
        linked = p.list_link.fullmatch(text, earlier.end, later.start)
        if later.skip and later.unit is None and earlier.unit is None and linked:
            earlier.skip = True
    return out


def _range(a: _Candidate, b: _Candidate, text: str, p: _Patterns, floor: int) -> _Candidate | None:
    if a.form == "group" or b.form == "group" or a.value_max is not None:
        return None
    if a.qualifier == "vague" or b.qualifier != "exact":
        return None  # "some 4,000-6,500" is still a range; the range is the qualifier
    if a.unit is not None and not (a.prefix_currency and b.unit in (None, a.unit)):
        return None  # "10 morts et 20 blessés" are two quantities
    start = _range_start(a, text[a.end : b.start], text, p, floor)
    if start is None:
        return None
    low = a.value
    if a.scale == 1 and b.scale > 1 and a.value * b.scale <= b.value:
        low = a.value * b.scale  # "entre 1 et 2 milliards"
    if low >= b.value:
        return None  # "3-1" is a score, "10 millions à 20 pays" two things
    return _Candidate(
        start=start,
        core_start=a.core_start,
        core_end=b.core_end,
        end=b.end,
        value=low,
        form=a.form,
        scale=b.scale,
        qualifier="range",
        value_max=b.value,
        unit=b.unit or a.unit,
        kind=b.kind or a.kind,
        entry=b.entry,
        unit_start=b.unit_start,
        prefix_currency=a.prefix_currency or b.prefix_currency,
        plain=a.plain and b.plain,
        year_like=a.year_like and b.year_like,
        skip=a.skip or b.skip,
    )


def _dash_code(a: _Candidate, b: _Candidate, text: str) -> bool:
    """Two numbers joined by a bare dash that do not make a range."""
    return (
        a.form == b.form == "digits"
        and a.unit is None
        and b.start == a.end + 1
        and text[a.end] in _DASHES
    )


def _range_start(a: _Candidate, gap: str, text: str, p: _Patterns, floor: int) -> int | None:
    """Where a range starting with ``a`` starts, if ``gap`` joins it to the next number."""
    if p.gap_to.fullmatch(gap):
        # a dash between spelled-out words is part of a number ("quatre-vingt-dix")
        return None if a.form == "words" and gap.strip() in _DASHES else a.start
    if not p.gap_and.fullmatch(gap):
        return None
    # "10 et 20" alone is a list; "entre 10 et 20" a range
    opener = p.between_before.search(text, max(floor, a.start - _LOOKBACK), a.start)
    return None if opener is None else opener.start("q")


_SUBJECTS = frozenset({"nsubj"})
_DONE_TO = frozenset({"nsubj:pass", "nsubjpass", "obj", "dobj"})
_MODIFIERS = frozenset({"acl", "amod", "acl:relcl", "relcl"})
_NAME_DEPS = frozenset({"nummod", "compound", "appos", "flat", "flat:name", "nmod", "npadvmod"})


class _Parsed:
    """Pass 4: what the spaCy parse adds (see the module docstring)."""

    def __init__(self, text: str, p: _Patterns, parse: SpacyDoc, language: str | None) -> None:
        self.text, self.p, self.parse, self.language = text, p, parse, language
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """Token offsets, read only when a number needs the parse (most tokens never do)."""
        if self._starts is None:
            from spacy.attrs import IDX  # here: finding quantities without a parse needs no spaCy

            self._starts = [int(x) for x in self.parse.to_array([IDX]).ravel()]
        return self._starts

    def token_at(self, pos: int) -> Any:
        return self.parse[max(0, bisect_right(self.starts, pos) - 1)]

    def apply(self, found: Iterable[_Candidate]) -> None:
        for candidate in found:
            if candidate.skip:
                continue
            if candidate.unit is None:
                if candidate.plain and self.labels_a_name(candidate):
                    candidate.skip = True
                    continue
                self.counted_noun(candidate)
            if candidate.entry is not None and candidate.entry.people:
                self.outcome(candidate)

    def labels_a_name(self, candidate: _Candidate) -> bool:
        """Whether the number hangs on the proper noun right before it ("Boeing 737")."""
        token = self.token_at(candidate.core_start)
        head = token.head
        return bool(head.i == token.i - 1 and head.pos_ == "PROPN" and token.dep_ in _NAME_DEPS)

    def counted_noun(self, candidate: _Candidate) -> None:
        """Walk from the number to the noun it counts, over modifiers ("8,500 US troops")."""
        i = bisect_left(self.starts, candidate.end)
        allow_of = candidate.scale > 1 or candidate.form == "group"
        modifiers = 0
        w = self.p.words
        while i < len(self.parse):
            token = self.parse[i]
            if token.is_sent_start and token.idx > candidate.end:
                return
            modifier = _is_modifier(token)
            m = self.p.unit_at.match(self.text, token.idx)
            # a lexicon word used as a modifier is not the counted noun: "armored personnel
            # carriers" (but "fighter jets" is a phrase of the lexicon, longer than the token)
            if m is not None and not (modifier and m.end() <= token.idx + len(token.text)):
                self.set_unit(candidate, key(m.group()), token.idx, m.end())
                return
            m = self.p.number_of.match(self.text, token.idx)
            if m is not None:  # "à 5 000 le nombre de manifestants"
                i = bisect_left(self.starts, m.end())
                continue
            word = key(token.text)
            if allow_of and word in ("de", "of"):
                allow_of = False
                i += 1
                continue
            if word in w.not_counted or key(token.lemma_) in w.not_counted:
                candidate.skip = True  # "trois longues semaines"
                return
            if token.pos_ == "NOUN" and not modifier:
                # A noun the lexicon does not know: English nouns are already plural English
                # words; for other languages the lemma is the best unit we can give.
                name = token.text if self.language == "en" else token.lemma_
                candidate.unit, candidate.kind, candidate.generic = name.lower(), "count", True
                candidate.unit_start, candidate.end = token.idx, token.idx + len(token.text)
                return
            if not modifier or modifiers == _MAX_MODIFIERS:
                return
            modifiers += 1  # "US troops", "Russian troops", "F-16 fighter jets"
            i += 1

    def set_unit(self, candidate: _Candidate, word: str, start: int, end: int) -> None:
        code = self.p.words.currencies.get(word)
        if code is not None:
            candidate.unit, candidate.kind, candidate.end = code, "money", end
            return
        unit = self.p.words.units[word]
        candidate.unit, candidate.kind, candidate.entry = unit.unit, unit.kind, unit
        candidate.unit_start, candidate.end = start, end

    def outcome(self, candidate: _Candidate) -> None:
        """What happened to counted people: "12 personnes ont été tuées" → dead."""
        assert candidate.unit_start is not None
        token = self.token_at(candidate.unit_start)
        head = key(token.head.lemma_)
        modifiers = {key(c.lemma_) for c in token.children if c.dep_ in _MODIFIERS}
        for outcome in self.p.words.outcomes:
            if (
                (token.dep_ in _DONE_TO and head in outcome.done_to)
                or (token.dep_ in _SUBJECTS and head in outcome.happened)
                or modifiers & outcome.done_to
            ):
                candidate.unit = outcome.unit
                return


def _is_modifier(token: Any) -> bool:
    """A word that stands before a noun to qualify it: "Russian", "US", "fighter", "F-16"."""
    if token.pos_ in ("ADJ", "PROPN") or token.dep_ in ("amod", "compound"):
        return True
    return bool(token.pos_ == "NUM" and any(c.isalpha() for c in token.text))


def _finish(candidate: _Candidate, text: str, p: _Patterns) -> Quantity | None:
    if candidate.skip:
        return None
    if candidate.year_like and (candidate.kind is None or candidate.generic):
        return None  # "en 2014", "the 2022 budget"
    end, qualifier = candidate.end, candidate.qualifier
    m = p.qualifier_after.match(text, end)
    if m is not None and qualifier == "exact":
        qualifier, end = p.words.after[key(m.group("q"))], m.end()
    return Quantity(
        value=float(candidate.value),
        unit=candidate.unit,
        kind=candidate.kind or "other",
        qualifier=qualifier,
        text=text[candidate.start : end],
        start=candidate.start,
        end=end,
        value_max=None if candidate.value_max is None else float(candidate.value_max),
    )
