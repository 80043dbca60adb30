"""The regular grammar of temporal expressions, built once per language from its lexicon.

Each :class:`Rule` pairs a compiled pattern with a builder (dossier.temporal.builders) that
turns a match into a :class:`~dossier.temporal.mention.Mention`, or refuses it after looking
at the context (a year that is a quantity, an age that is not a duration). Rules are listed
by priority: when two matches cover the same characters, the earlier rule wins.

Spans follow TimeML: determiners and qualifiers are inside ("le 30 juin", "environ deux
heures", "la fin de l'année"), prepositions and signals outside ("en 2014", "depuis mardi").
Patterns are written for French and English word order; every word comes from the lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from . import builders as b
from . import measures
from .lexicon import Lexicon, load_lexicon
from .patterns import alternation, norm, word
from .zones import zone_suffix_source

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

    from .mention import Mention

Builder = Callable[[re.Match[str], "Context"], "Mention | None"]

_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class Rule:
    """A pattern and its builder. ``trigger`` is a cheap pattern for a word every match
    contains (a unit, a month name): the full pattern is only tried around its hits."""

    name: str
    source: str
    pattern: re.Pattern[str]
    build: Builder
    trigger: re.Pattern[str] | None = None
    left: int = 0  # how far before its trigger a match may begin


@dataclass
class Context:
    """What builders may look at besides their match."""

    text: str
    grammar: Grammar
    sdoc: SpacyDoc | None = None
    inner: bool = False  # parsing the period inside "fin <period>", where bare units count

    @property
    def lexicon(self) -> Lexicon:
        return self.grammar.lexicon


class Grammar:
    """Fragments, lookups and rules of one language."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        lx = lexicon
        self.french = lx.language == "fr"
        cs = lx.capitalised_names
        full_months = [m for m in lx.months if m not in lx.month_abbreviations]
        full_weekdays = [w for w in lx.weekdays if w not in lx.weekday_abbreviations]
        self.lookup = _Lookups(lx)

        # ------------------------------------------------------------------ fragments
        self.WD = alternation(full_weekdays, case_sensitive=cs)
        self.WD_ANY = (
            "(?:" + self.WD + "|" + alternation(lx.weekday_abbreviations, case_sensitive=cs)
        ) + r"\.)"
        self.MON = alternation(full_months, case_sensitive=cs)
        self.MON_ANY = (
            "(?:" + self.MON + "|" + alternation(lx.month_abbreviations, case_sensitive=cs)
        ) + r"\.?)"
        self.DAY = r"(?:[12]\d|3[01]|0?[1-9])"
        self.ORD = r"(?:er|re|e|ème)?" if self.french else r"(?:st|nd|rd|th)?"
        self.YEAR4 = r"(?:1\d|20)\d\d(?!\d)"
        # A two-digit year is taken only where nothing else can follow ("octobre 98.").
        self.YY_END = r"(?=\s*(?:[.,;:!?()»\"]|$|et\s|and\s))"
        number_words = alternation([*lx.numbers, *lx.multipliers])
        joiner = r"(?:\s*-\s*|\s+et\s+(?=un|une|onze)|\s+)" if self.french else r"(?:\s*-\s*|\s+)"
        self.NUMW = f"{number_words}(?:{joiner}{number_words})*"
        self.NUMBER = r"(?:\d+(?:[.,]\d+)?(?![.,]?\d)|" + word(self.NUMW) + ")"
        approx = alternation(lx.approximate_numbers)
        if self.french:
            self.APPROXN = r"(?:une?\s+)?" + approx + r"\s+d(?:e\s+|['’]\s*)"
        else:
            self.APPROXN = approx + r"\s+(?:of\s+)?"
        self.VAGUE = alternation(lx.vague_amounts)
        self.AMOUNT = f"(?:{self.APPROXN}|{word(self.VAGUE)}|{self.NUMBER})"
        self.UNIT = alternation(lx.units)
        self.FRAC = alternation(lx.fractions)
        self.QUAL = alternation(lx.qualifiers)
        self.CLOCK_QUAL = alternation(lx.clock_qualifiers)
        self.DIR = alternation(lx.directions)
        self.REFDIR = alternation(lx.reference_directions)
        self.POD = alternation(lx.parts_of_day)
        self.FUZZ = alternation(lx.fuzzy)
        self.SEASON = alternation(lx.seasons)
        self.DEM = alternation(lx.demonstratives)
        self.ZONE = zone_suffix_source(lx.language)
        self.ZONE_SUFFIX = r"(?P<zonep>\s*\(\s*" + self.ZONE + r"\s*\)|\s+" + self.ZONE + ")?"
        self.PM = alternation([*lx.afternoon_markers, *lx.morning_markers])
        if self.french:
            self.POD_PHRASE = (
                r"(?:(?:en|au|dans\s+la|dans\s+l['’])\s*)?(?:(?P<podmod>"
                + self.FUZZ
                + r")\s+(?:de\s+|d['’]\s*))?(?P<pod>"
                + self.POD
                + r")(?![\w])"
            )
        else:
            self.POD_PHRASE = r"(?:in\s+the\s+)?(?P<pod>" + self.POD + r")(?![\w])"
        self.rules = self._rules()

    def parse_exact(self, ctx: Context, start: int, end: int) -> Mention | None:
        """The first rule's reading of exactly ``ctx.text[start:end]``, or None."""
        for rule in self.rules:
            match = rule.pattern.fullmatch(ctx.text, start, end)
            if match is None:
                continue
            mention = rule.build(match, ctx)
            if mention is not None and mention.start == start and mention.end == end:
                return mention
        return None

    # ----------------------------------------------------------------------- rules

    def _rules(self) -> list[Rule]:
        specs = self._french_specs() if self.french else self._english_specs()
        specs += self._shared_specs()
        triggers = self._triggers()
        rules = []
        for name, src, build in specs:
            trigger, left = triggers.get(name, (None, 0))
            compiled = re.compile(trigger, _FLAGS) if trigger else None
            rules.append(Rule(name, src, re.compile(src, _FLAGS), build, compiled, left))
        return rules

    def _triggers(self) -> dict[str, tuple[str, int]]:
        """Words without which a rule cannot match, with how far before them a match may
        begin (the longest prefix the pattern allows: "aux alentours de", "le mercredi 21",
        "quatre-vingt-dix"). Rules not listed are tried everywhere: they begin with a word
        list, which the regex engine rejects quickly."""
        lx = self.lexicon
        unit = (word(self.UNIT), 70)
        month = (word(self.MON_ANY), 40)
        triggers = dict.fromkeys(("duration", "duration_adjective"), unit)
        triggers |= dict.fromkeys(("date", "date_md", "date_dm", "month_year", "month"), month)
        triggers |= dict.fromkeys(("weekday", "weekday_day"), (word(self.WD + "s?"), 20))
        triggers |= {
            "named_duration": (word(alternation(lx.named_durations)), 40),
            "clock_h": (r"\d\s*h(?![^\W\d])", 30),
            "clock_colon": (r"\d\s*:\s*\d", 30),
            "clock_heures": (r"heures?(?![\w])", 60),
            "clock_ampm": (r"\d\s*[ap]\.?\s?m", 30),
            "clock_oclock": (r"o['’]clock", 40),
            "season": (word(self.SEASON), 10),
            "set_every": (word(alternation(lx.every)), 0),
            "holiday": (word(alternation(lx.holidays)), 0),
            "fuzzy": (word(self.FUZZ) + "|mi-", 10),
        }
        return triggers

    def _shared_specs(self) -> list[tuple[str, str, Builder]]:
        lx = self.lexicon
        clock_num = (
            r"(?:(?P<qual>" + self.CLOCK_QUAL + r")\s+)?(?<![\d:.,])(?P<h>[01]?\d|2[0-3])\s*:\s*"
            r"(?P<min>[0-5]\d)(?![\d:]|[.,]\d)" + self.ZONE_SUFFIX
        )
        if not self.french:
            clock_num += r"(?:\s*(?P<ampm>[ap]\.?\s?m\.?)(?![\w]))?"
        clock_word = (
            r"(?:(?P<qual>"
            + self.CLOCK_QUAL
            + r")\s+)?(?P<cw>"
            + alternation(lx.clock_words)
            + r")(?![\w])(?:\s+et\s+(?P<frac>"
            + self.FRAC
            + r"))?"
            + self.ZONE_SUFFIX
        )
        refs = word("(?P<ref>" + alternation(lx.refs) + ")")
        ref_adj = word("(?P<adj>" + alternation(lx.ref_adjectives) + ")")
        every = word(
            r"(?P<every>"
            + alternation(lx.every)
            + r")\s+(?:(?P<amount>"
            + self.AMOUNT
            + r")\s+)?(?P<unit>"
            + self.UNIT
            + "|"
            + self.WD
            + r"s?|"
            + self.POD
            + r"s?)"
        )
        per = "|".join(rf"(?<=(?<![\w]){re.escape(p)}\s)" for p in lx.per)
        set_per = r"(?:" + per + r")(?P<unit>" + self.UNIT + r")(?![\w])"
        set_adj = word("(?P<adj>" + alternation(lx.set_adjectives) + ")")
        holiday = word(
            r"(?P<hol>"
            + alternation(lx.holidays)
            + r")(?:\s+(?P<y>"
            + self.YEAR4
            + r")|\s+(?P<dir>"
            + self.DIR
            + r")(?![\w]))?"
        )
        iso = r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)"
        numeric = (
            r"(?<![\d/.,-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)"
            r"(?P<y>\d{4}|\d{2})(?!\d|[/.,-]\d)"
        )
        named = word(
            r"(?:(?P<qual>"
            + self.QUAL
            + r")\s+)?(?:(?P<art>un|une|a|an)\s+)?(?P<named>"
            + alternation(lx.named_durations)
            + ")"
        )
        year_range = (
            r"(?<![\d/.,-])(?P<y>(?:1[5-9]|20)\d\d)\s*[-–/]\s*(?P<y2>(?:1[5-9]|20)\d\d)"
            r"(?![\d/.,-]\d|\d)"
        )
        return [
            ("iso_date", iso, b.build_iso_date),
            ("year_range", year_range, b.build_year_range),
            ("numeric_date", numeric, b.build_numeric_date),
            ("clock_colon", clock_num, measures.build_clock),
            ("clock_word", word(clock_word), measures.build_clock),
            ("holiday", holiday, b.build_holiday),
            ("named_duration", named, measures.build_named_duration),
            ("set_every", every, measures.build_set_every),
            ("set_per", set_per, measures.build_set_per),
            ("set_adjective", set_adj, measures.build_set_adjective),
            ("ref", refs, b.build_ref),
            ("ref_adjective", ref_adj, b.build_ref_adjective),
        ]

    def _french_specs(self) -> list[tuple[str, str, Builder]]:
        lx = self.lexicon
        day = rf"(?P<d>{self.DAY}{self.ORD}|premier)"
        yy = r"(?P<yy>['’]?\d\d)" + self.YY_END
        year_tail = rf"(?:\s*,?\s*(?P<y>{self.YEAR4})|\s+{yy})"
        date = word(
            rf"(?:(?P<det>le|ce|les)\s+)?(?:(?P<wd>{self.WD})\s*,?\s+)?{day}\s+"
            rf"(?P<m>{self.MON_ANY})(?![\w]){year_tail}?(?:\s+(?P<dir>{self.DIR})(?![\w]))?"
        )
        weekday_day = word(
            rf"(?:(?P<det>le|ce)\s+)?(?P<wd>{self.WD})\s+(?P<d>{self.DAY})(?:er)?"
            rf"(?!\s*(?:h\b|[h:]\d|heures?|\d|[.,]\d|{self.MON_ANY}))"
        )
        month_year = word(
            rf"(?:(?P<det>(?:le\s+)?mois\s+d(?:e\s+|['’]\s*)))?(?P<m>{self.MON_ANY})\s*,?\s*"
            rf"(?:(?P<y>{self.YEAR4})|{yy})"
        )
        month = word(
            rf"(?:(?P<det>(?:le\s+)?mois\s+d(?:e\s+|['’]\s*)))?(?P<m>{self.MON})(?![\w])"
            rf"(?:\s+(?P<dir>{self.DIR})(?![\w]))?"
        )
        year = word(
            r"(?:(?P<det>l['’]\s*an(?:née)?|en\s+l['’]\s*an)\s+)?(?P<y>(?:1[5-9]|20)\d\d)"
            r"(?![\d])(?!\s?[,.]\d)"
        )
        year2 = r"(?<=(?<![\w])en\s)(?P<yy>['’]?\d\d)" + self.YY_END
        decade = word(
            r"(?:(?P<det>les|des)\s+)?années\s+(?P<dec>\d{4}|['’]?\d0|"
            + alternation(lx.decade_words)
            + r")(?![\w])"
        )
        century = word(
            r"(?:(?P<det>le)\s+)?(?P<c>(?-i:[IVXL]{1,6})|\d{1,2})(?:e|è|ème|eme)\s+siècle"
        )
        weekday = word(
            rf"(?:(?P<det>le|ce|cette|l['’]|les)\s+)?(?:(?P<meme>même)\s+)?(?P<wd>{self.WD})"
            rf"(?P<pl>s)?(?![\w])(?:\s+(?P<dir>{self.DIR})(?![\w]))?"
            rf"(?:\s+{self.POD_PHRASE})?"
        )
        relday = word(
            r"(?P<rd>"
            + alternation(lx.relative_days)
            + rf")(?:\s*,?\s+(?P<wd>{self.WD})(?![\w])(?!\s+\d))?(?:\s*,?\s+{self.POD_PHRASE})?"
        )
        relpod = word("(?P<rp>" + alternation(lx.relative_parts_of_day) + ")")
        pod_this = word(
            rf"(?P<this>{self.DEM})\s+(?:(?P<meme>même)\s+)?(?P<pod>{self.POD})"
            r"(?:\s*-\s*(?P<la>là|ci))?"
        )
        daylike = rf"(?:{self.WD}|{self.DAY}(?:er)?(?:\s+{self.MON_ANY})?)"
        pod_ref = word(
            rf"(?P<det>la|le|l['’])\s*(?P<pod>{self.POD})(?![\w])(?:\s+(?P<meme>même))?"
            rf"(?:\s+(?:de|du)\s+(?P<inner>{daylike})(?![\w])(?:\s+(?:à|au)\s+"
            rf"(?P<inner2>{daylike})(?![\w]))?)?"
        )
        refday = word(
            r"(?:(?P<det>le|la|l['’])\s*)?(?P<rr>"
            + alternation([*lx.reference_days, *lx.same_day])
            + rf")(?![\w])(?:\s+{self.POD_PHRASE})?"
        )
        unit_words = [w for w, code in lx.units.items() if code not in {"S", "MIN", "H", "D"}]
        relunit = word(
            r"(?P<det>la|le|l['’]|les|ce|cet|cette)\s*(?P<unit>"
            + alternation(unit_words)
            + r")(?:\s*-\s*ci)?(?![\w])(?:\s+(?P<dir>"
            + self.DIR
            + "|"
            + self.REFDIR
            + r"|en\s+cours)(?![\w]))?"
        )
        season = word(
            r"(?:(?P<prep>au|en|d['’])\s*)?(?:(?P<det>l['’]|le|cet|ce)\s*)?(?P<s>"
            + self.SEASON
            + rf")(?![\w])(?:\s+(?P<y>{self.YEAR4})|\s+(?P<dir>{self.DIR})(?![\w]))?"
        )
        duration = word(
            r"(?:(?P<qual>"
            + self.QUAL
            + r")\s+)?(?:(?P<dem>ces|les)\s+(?P<adj>derniers|dernières|prochains|prochaines)\s+)?"
            r"(?:(?P<amount>"
            + self.AMOUNT
            + r")\s*)?(?P<unit>"
            + self.UNIT
            + r")(?![\w])(?:\s+et\s+(?P<frac>"
            + self.FRAC
            + r")(?![\w]))?"
        )
        clock_h = (
            r"(?:(?P<qual>"
            + self.CLOCK_QUAL
            + r")\s+)?(?<![\d,.])(?P<h>[01]?\d|2[0-4])\s*[hH](?:\s*(?P<min>[0-5]\d))?(?![\w])"
            + self.ZONE_SUFFIX
            + r"(?:\s+(?P<ampm>"
            + self.PM
            + "))?"
        )
        clock_heures = (
            r"(?:(?P<qual>"
            + self.CLOCK_QUAL
            + r")\s+)?(?<![\d,.])(?P<h>[01]?\d|2[0-4]|"
            + self.NUMW
            + r")\s+heures?(?:\s+(?P<min>[0-5]\d)(?!\s*(?:minutes?|\d)))?"
            + r"(?:\s+et\s+(?P<frac>"
            + self.FRAC
            + r"))?(?![\w])"
            + self.ZONE_SUFFIX
            + r"(?:\s+(?P<ampm>"
            + self.PM
            + "))?"
        )
        quarter = word(
            r"(?:(?P<prep>au|du)\s+|(?P<det>le)\s+)?(?P<ord>"
            + alternation(lx.ordinals)
            + r")\s+(?P<q>trimestre|semestre)(?:\s+(?:de\s+|d['’]\s*)?(?P<y>"
            + self.YEAR4
            + r")|\s+(?P<dir>"
            + self.DIR
            + r")(?![\w]))?"
        )
        fuzzy = word(
            r"(?:(?P<det>la|le|l['’])\s*)?(?P<mod>"
            + self.FUZZ
            + r")(?:\s*-\s*|\s+(?:(?:de|du|des)\s+|d['’]\s*)?|\s+d['’]\s*)(?P<inner>"
            + self._inner_source()
            + ")"
        )
        return [
            ("date", date, b.build_date),
            ("month_year", month_year, b.build_date),
            ("weekday_day", weekday_day, b.build_date),
            ("fuzzy", fuzzy, b.build_fuzzy),
            ("quarter", quarter, b.build_quarter),
            ("decade", decade, b.build_decade),
            ("century", century, b.build_century),
            ("relday", relday, b.build_relday),
            ("relpod", relpod, b.build_relpod),
            ("pod_this", pod_this, b.build_pod_this),
            ("refday", refday, b.build_refday),
            ("pod_ref", pod_ref, b.build_pod_ref),
            ("relunit", relunit, b.build_relunit),
            ("season", season, b.build_season),
            ("weekday", weekday, b.build_weekday),
            ("month", month, b.build_date),
            ("year", year, b.build_year),
            ("year2", year2, b.build_year),
            ("clock_h", clock_h, measures.build_clock),
            ("clock_heures", word(clock_heures), measures.build_clock),
            ("duration", duration, measures.build_duration),
        ]

    def _english_specs(self) -> list[tuple[str, str, Builder]]:
        lx = self.lexicon
        wd_prefix = rf"(?:(?P<wd>{self.WD_ANY}|{self.WD}),?\s+)?"
        date_md = word(
            wd_prefix
            + rf"(?P<m>{self.MON_ANY})\s+(?P<d>{self.DAY}){self.ORD}(?![\w:])"
            + rf"(?:,?\s+(?P<y>{self.YEAR4}))?"
        )
        date_dm = word(
            wd_prefix
            + rf"(?:the\s+)?(?P<d>{self.DAY}){self.ORD}\s+(?:of\s+)?(?P<m>{self.MON_ANY})(?![\w])"
            + rf"(?:,?\s+(?P<y>{self.YEAR4}))?"
        )
        month_year = word(rf"(?P<m>{self.MON_ANY}),?\s+(?:of\s+)?(?P<y>{self.YEAR4})")
        month = word(rf"(?P<m>{self.MON})(?![\w])")
        weekday_day = word(
            rf"(?P<wd>{self.WD})\s+(?:the\s+)?(?P<d>{self.DAY})(?:st|nd|rd|th)(?![\w])"
        )
        year = word(r"(?:(?P<det>the\s+year)\s+)?(?P<y>(?:1[5-9]|20)\d\d)(?![\d])(?!\s?[,.]\d)")
        decade = word(
            r"(?:(?P<det>the)\s+)?(?:(?P<dec>\d{3}0)s|['’](?P<dec2>\d0)s|(?P<decw>"
            + alternation(lx.decade_words)
            + "))"
        )
        century = word(r"(?:(?P<det>the)\s+)?(?P<c>\d{1,2})(?:st|nd|rd|th)\s+century")
        direction = (
            "(?P<dir>"
            + alternation([*lx.directions, *lx.demonstratives, *lx.reference_directions])
            + ")"
        )
        weekday = word(
            rf"(?:{direction}\s+)?(?P<wd>{self.WD})(?P<pl>s)?(?![\w])"
            rf"(?:\s+{self.POD_PHRASE})?"
        )
        relday = word(
            r"(?P<rd>" + alternation(lx.relative_days) + rf")(?![\w])(?:\s+{self.POD_PHRASE})?"
        )
        relpod = word("(?P<rp>" + alternation(lx.relative_parts_of_day) + ")")
        pod_this = word(rf"(?P<this>this|that)\s+(?P<pod>{self.POD})(?![\w])")
        refday = word(
            "(?P<rr>"
            + alternation([*lx.reference_days, *lx.same_day])
            + rf")(?![\w])(?:\s+{self.POD_PHRASE})?"
        )
        unit_words = [w for w, code in lx.units.items() if code not in {"S", "MIN", "H", "D"}]
        relunit = word(
            rf"(?:{direction}|(?P<det>the))\s+(?P<unit>" + alternation(unit_words) + r")(?![\w])"
        )
        season = word(
            r"(?:(?P<prep>in)\s+)?(?:(?P<det>the|this|last|next)\s+)?(?P<s>"
            + self.SEASON
            + rf")(?![\w])(?:\s+(?:of\s+)?(?P<y>{self.YEAR4}))?"
        )
        duration = word(
            r"(?:(?P<qual>"
            + self.QUAL
            + r")\s+)?(?:(?P<dem>the|these|those)\s+(?P<adj>past|last|next|coming|previous)\s+)?"
            r"(?:(?P<amount>"
            + self.AMOUNT
            + r")\s*)?(?:(?:and|et)\s+(?P<fracpre>a\s+half)\s+)?(?P<unit>"
            + self.UNIT
            + r")(?![\w])(?:\s+and\s+(?P<frac>"
            + self.FRAC
            + r")(?![\w]))?"
        )
        singular_units = [w for w in lx.units if not w.endswith("s")]
        duration_adj = word(
            r"(?P<amount>\d+|"
            + self.NUMW
            + r")-(?P<unit>"
            + alternation(singular_units)
            + r")(?:-long)?(?![\w-])"
        )
        clock_ampm = (
            r"(?:(?P<qual>"
            + self.CLOCK_QUAL
            + r")\s+)?(?<![\d:.,])(?P<h>1[0-2]|0?[1-9])(?::(?P<min>[0-5]\d))?\s*"
            r"(?P<ampm>[ap]\.?\s?m\.?)(?![\w])" + self.ZONE_SUFFIX
        )
        clock_oclock = (
            r"(?:(?P<qual>" + self.CLOCK_QUAL + r")\s+)?(?P<h>1[0-2]|0?[1-9]|" + self.NUMW + r")"
            r"\s+o['’]clock" + self.ZONE_SUFFIX
        )
        quarter = word(
            r"(?:(?P<det>the)\s+)?(?P<ord>"
            + alternation(lx.ordinals)
            + r")\s+(?P<q>quarter|half)(?:\s+of\s+(?P<y>"
            + self.YEAR4
            + "))?"
        )
        quarter_q = word(r"(?-i:(?P<qq>[QH])(?P<qn>[1-4]))(?:\s+(?P<y>" + self.YEAR4 + "))?")
        fuzzy = word(
            r"(?:(?:the\s+)?(?P<mod>beginning|start|end|middle)\s+of\s+|(?P<mod2>early|late|mid)"
            r"(?:\s*-\s*|\s+))(?P<inner>" + self._inner_source() + ")"
        )
        return [
            ("date_md", date_md, b.build_date),
            ("date_dm", date_dm, b.build_date),
            ("month_year", month_year, b.build_date),
            ("weekday_day", weekday_day, b.build_date),
            ("fuzzy", fuzzy, b.build_fuzzy),
            ("quarter", quarter, b.build_quarter),
            ("quarter_q", quarter_q, b.build_quarter),
            ("decade", decade, b.build_decade),
            ("century", century, b.build_century),
            ("relday", relday, b.build_relday),
            ("relpod", relpod, b.build_relpod),
            ("pod_this", pod_this, b.build_pod_this),
            ("refday", refday, b.build_refday),
            ("relunit", relunit, b.build_relunit),
            ("season", season, b.build_season),
            ("weekday", weekday, b.build_weekday),
            ("month", month, b.build_date),
            ("year", year, b.build_year),
            ("clock_ampm", clock_ampm, measures.build_clock),
            ("clock_oclock", word(clock_oclock), measures.build_clock),
            ("duration_adjective", duration_adj, measures.build_duration),
            ("duration", duration, measures.build_duration),
        ]

    def _inner_source(self) -> str:
        """What may follow "fin", "début", "mi-", "late", "early": a period, or a bare unit."""
        lx = self.lexicon
        bare = [w for w, code in lx.units.items() if code in {"W", "WE", "M", "Y", "DE", "CE"}]
        if self.french:
            periods = [
                rf"années\s+(?:\d{{4}}|['’]?\d0|{alternation(lx.decade_words)})",
                r"(?:(?-i:[IVXL]{1,6})|\d{1,2})(?:e|è|ème|eme)\s+siècle",
            ]
            bare_period = (
                rf"(?:la\s+|le\s+|l['’]\s*|cette\s+|ce\s+|cet\s+)?"
                rf"(?:{alternation(bare)})(?:\s*-\s*ci)?(?:\s+(?:{self.DIR}|{self.REFDIR}))?"
            )
        else:
            periods = [
                r"(?:the\s+)?(?:\d{3}0s|['’]\d0s)",
                r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\s+century",
            ]
            bare_period = rf"(?:(?:the|this|last|next|that)\s+)?(?:{alternation(bare)})"
        periods += [
            rf"{self.MON_ANY}(?:\s*,?\s*{self.YEAR4})?",
            r"(?:1[5-9]|20)\d\d(?!\d)",
            rf"(?:(?:l['’]|le|la|the|this|last|next)\s*)?{self.SEASON}(?:\s+{self.YEAR4})?",
            rf"(?:(?:l['’]|le|la|the|this|last|next)\s*)?{self.WD}",
            rf"(?:(?:la|le|l['’]|the)\s*)?{self.POD}",
            bare_period,
        ]
        return "(?:" + "|".join(f"(?:{p})" for p in periods) + r")(?![\w])"


class _Lookups:
    """Case-, accent-form- and hyphen-insensitive lookups into the lexicon's tables."""

    def __init__(self, lx: Lexicon) -> None:
        self.lx = lx
        self.months = {norm(k): v for k, v in lx.months.items()}
        self.weekdays = {norm(k): v for k, v in lx.weekdays.items()}
        self.units = {norm(k): v for k, v in lx.units.items()}
        self.pods = {norm(k): v for k, v in lx.parts_of_day.items()}
        self.seasons = {norm(k): v for k, v in lx.seasons.items()}
        self.directions = {norm(k): v for k, v in lx.directions.items()}
        self.refdirections = {norm(k): v for k, v in lx.reference_directions.items()}
        self.fuzzy = {norm(k): v for k, v in lx.fuzzy.items()}
        self.qualifiers = {norm(k): v for k, v in lx.qualifiers.items()}
        self.relative_days = {norm(k): v for k, v in lx.relative_days.items()}
        self.reference_days = {norm(k): v for k, v in lx.reference_days.items()}
        self.same_day = {norm(k) for k in lx.same_day}
        self.relative_pods = {norm(k): v for k, v in lx.relative_parts_of_day.items()}
        self.refs = {norm(k): v for k, v in lx.refs.items()}
        self.ref_adjectives = {norm(k): v for k, v in lx.ref_adjectives.items()}
        self.set_adjectives = {norm(k): v for k, v in lx.set_adjectives.items()}
        self.named = {norm(k): v for k, v in lx.named_durations.items()}
        self.fractions = {norm(k): v for k, v in lx.fractions.items()}
        self.clock_words = {norm(k): v for k, v in lx.clock_words.items()}
        self.holidays = {norm(k): v for k, v in lx.holidays.items()}
        self.ordinals = {norm(k): v for k, v in lx.ordinals.items()}
        self.decades = {norm(k): v for k, v in lx.decade_words.items()}
        self.later = {norm(k): v for k, v in lx.later.items()}
        self.approximate = {norm(k): v for k, v in lx.approximate_numbers.items()}
        self.vague = {norm(k) for k in lx.vague_amounts}
        self.afternoon = {norm(k) for k in lx.afternoon_markers}
        # "âgé de 54 ans", "les moins de 17 ans", "enfants de 2 à 8 ans"; "years old".
        self.age_before = re.compile(
            r"(?<![\w])"
            + alternation(norm(c) for c in lx.age_before)
            + r"\s*(?:\d+\s*(?:à|-|et|to|and)\s*)?$"
        )
        self.age_after = re.compile(
            r"\s*-?\s*" + alternation(lx.age_after) + r"(?![\w])", re.IGNORECASE
        )
        self.determiners = {norm(k) for k in lx.determiners}
        self.demonstratives = {norm(k) for k in lx.demonstratives}


@cache
def grammar_for(language: str) -> Grammar:
    """The compiled grammar of ``language``, built once per process."""
    return Grammar(load_lexicon(language))
