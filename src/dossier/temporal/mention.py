"""What detection finds (:class:`Mention`) and what normalisation makes of it (:class:`Timex`).

A mention is the meaning of a span before it is placed on the calendar ("the Friday before
the publication date", "two hours"); a timex is its TimeML value once the anchor, the tense
and the narrative's reference date are known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..model import TimeExpr

Kind = Literal[
    "date",  # calendar fields, possibly partial: year, month, day, weekday, season, quarter …
    "relday",  # a day counted from the anchor or the reference date ("hier", "le lendemain")
    "relunit",  # a calendar unit counted from the anchor ("la semaine dernière", "cette année")
    "offset",  # anchor or reference ± an amount ("il y a trois jours", "two days later")
    "clock",  # a clock time on the reference day ("11h00 heure locale")
    "duration",
    "set",
    "literal",  # a fixed TimeML value (PRESENT_REF, XXXX-SU …)
    "range",
]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Tense = Literal["past", "present", "future"]


@dataclass(frozen=True, slots=True)
class Mention:
    """The meaning of one span of text, with offsets into the document text."""

    start: int
    end: int
    rule: str
    kind: Kind
    year: int | None = None
    two_digit_year: bool = False
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # ISO: 1 = Monday
    season: str | None = None  # SP SU FA WI
    quarter: int | None = None
    half: int | None = None
    decade: int | None = None  # 196 for the 1960s
    century: int | None = None  # 18 for the 19th century
    easter: int | None = None  # days after Easter Sunday, for movable feasts
    unit: str | None = None  # S MIN H D W WE M Q HY Y DE CE
    amount: float | None = None  # None with a unit: an unknown number ("plusieurs jours")
    shift: int = 0  # relday/relunit offset, in days or units
    # Explicit direction: -1 before the anchor ("dernier"), +1 after it ("prochain"), 2 on or
    # after it ("d'ici le 30 juin"), 0 this one ("ce mardi"); None: from the verb's tense.
    direction: int | None = None
    from_reference: bool = False  # counted from the story's current date, not the anchor
    pod: str | None = None  # TimeML part of day: MO AF EV NI DT MI
    hour: int | None = None
    minute: int | None = None
    zone: str | None = None  # "+HH:MM", an IANA name, or "LOCAL"
    mod: str | None = None  # TimeML mod: START MID END APPROX BEFORE ON_OR_AFTER …
    literal: str | None = None
    timex_type: TimexType | None = None
    generic: bool = False  # habitual, so not placed in a year ("en hiver", "le mercredi")
    parts: tuple[Mention, ...] = ()  # a range's ends


@dataclass(frozen=True, slots=True)
class Timex:
    """A normalised temporal expression: the contract's TimeExpr plus what TimeML adds.

    ``mod`` is TimeML's modifier (START, END, APPROX, ON_OR_AFTER …), which the contract's
    TimeExpr has no field for yet; ``parts`` are the TimeML expressions of a range's ends
    (TimeML annotates "du 10 au 12 janvier" as two TIMEX3, the contract as one range).
    """

    start: int
    end: int
    text: str
    value: str | None
    precision: str
    type: TimexType
    value_end: str | None = None
    mod: str | None = None
    rule: str = ""
    parts: tuple[Timex, ...] = field(default=())

    def to_model(self) -> TimeExpr:
        return TimeExpr(
            text=self.text,
            start=self.start,
            end=self.end,
            value=self.value,
            precision=self.precision,
            type=self.type,
            value_end=self.value_end,
            mod=self.mod,
        )

    def timeml(self) -> tuple[Timex, ...]:
        """The TimeML view: a range as its ends, anything else as itself."""
        return self.parts if self.parts else (self,)
