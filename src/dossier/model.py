"""The output contract: pydantic record types for one analysed article.

Field names are fixed by docs/contract.md (tools outside the project read them); adding
fields is allowed, renaming is not. The JSON Schema under ``schema/`` is generated from
these models by ``dossier schema`` and a test fails when it is stale.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EntityKind = Literal["person", "organization", "state", "place", "group", "other"]
EventStatus = Literal[
    "asserted",
    "reported",
    "denied",
    "negated",
    "planned",
    "conditional",
    "hypothetical",
    "historical",
]
Qualifier = Literal[
    "exact", "more_than", "less_than", "about", "up_to", "at_least", "vague", "range"
]
QuantityKind = Literal["money", "count", "percent", "measure", "other"]


class _Record(BaseModel):
    """Strict base: unknown fields are errors, so a typo in a producer cannot pass silently."""

    model_config = ConfigDict(extra="forbid")


class Removed(_Record):
    """A line taken out of the body during cleaning, kept so that nothing is lost silently."""

    text: str
    reason: str = Field(description="why it was removed, e.g. promo, tagline, copyright, share")
    rule: str | None = Field(default=None, description="the pattern or signal that matched")


class Mention(_Record):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Entity(_Record):
    id: str = Field(description="Wikidata QID or a stable local id")
    name: str
    kind: EntityKind
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3")
    code: str | None = Field(default=None, description="PLOVER actor code (ISO alpha-3, IGO, NGO…)")
    sector: str | None = Field(default=None, description="PLOVER sector (GOV, MIL, …)")
    wikidata: str | None = None
    lat: float | None = Field(default=None, description="places: latitude (WGS84)")
    lon: float | None = Field(default=None, description="places: longitude (WGS84)")
    geonames: int | None = Field(default=None, description="places: GeoNames id")
    precision: str | None = Field(
        default=None,
        description="places: city, admin1, country, … ; 'unresolved' when no place was found",
    )
    mentions: list[Mention] = Field(default_factory=list)


class Party(_Record):
    """One actor or recipient of an event."""

    entity: str | None = None
    name: str
    country: str | None = None
    code: str | None = None
    sector: str | None = None


class Place(_Record):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames: int | None = None
    precision: str | None = Field(default=None, description="city, region, country, …")


class Quantity(_Record):
    value: float | None
    unit: str | None = Field(description="ISO 4217 for money, a plural English noun for counts")
    kind: QuantityKind
    qualifier: Qualifier = "exact"
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    value_max: float | None = Field(default=None, description="upper bound of a range")


class Evidence(_Record):
    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    trigger: str | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None


class Event(_Record):
    id: str
    type: str = Field(description="one of the 16 PLOVER types")
    mode: str | None = None
    status: EventStatus
    actors: list[Party] = Field(default_factory=list)
    recipients: list[Party] = Field(default_factory=list)
    location: Place | None = None
    date: str | None = None
    date_end: str | None = None
    date_precision: str = "unknown"
    quantities: list[Quantity] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)


class Speaker(_Record):
    entity: str | None = None
    name: str
    country: str | None = None
    sector: str | None = None


class Quote(_Record):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    direct: bool
    kind: Literal["direct", "partial", "indirect"] = "direct"
    cue: str | None = None
    speaker: Speaker | None = None
    event: str | None = Field(default=None, description="id of the event this quote evidences")


class TimeExpr(_Record):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    value: str | None = Field(description="ISO-8601 value, or null when it cannot be anchored")
    precision: str
    type: Literal["DATE", "TIME", "DURATION", "SET"] = "DATE"
    value_end: str | None = None
    mod: str | None = Field(
        default=None, description="TimeML modifier: START, MID, END, APPROX, ON_OR_AFTER…"
    )


class Article(_Record):
    """One analysed article: the unit that `dossier analyze` prints and the store keeps."""

    id: str = Field(description="sha256 of the cleaned text, hex")
    url: str | None = None
    source: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = Field(description="ISO 639-1 code, or null when undetermined")
    text: str = Field(description="the cleaned body; every offset indexes this string")
    removed: list[Removed] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    times: list[TimeExpr] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    input: str | None = Field(default=None, description="where the article was read from")
    raw_sha256: str | None = Field(default=None, description="sha256 of the raw input bytes")
    stages: dict[str, str] = Field(
        default_factory=dict, description="stage name → versioned factory that produced it"
    )
