"""The in-flight document: one per article, enriched in place by the pipeline's stages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .errors import InputError
from .model import Article, Entity, Event, Quantity, Quote, Removed, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

ContentType = Literal["text", "html"]


@dataclass(frozen=True)
class RawArticle:
    """An article as read, before any cleaning. ``data`` keeps the exact input bytes."""

    data: bytes
    source: str
    content_type: ContentType = "text"
    encoding: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    title: str | None = None
    author: str | None = None
    site: str | None = None
    id: str | None = None
    fetched_at: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Paragraph:
    start: int
    end: int
    language: str | None = None


@dataclass
class Doc:
    """What the stages read and write. ``done`` lists the annotations assigned so far."""

    raw: RawArticle
    text: str = ""
    nlp_text: str = ""
    title: str | None = None
    author: str | None = None
    url: str | None = None
    site: str | None = None
    published: str | None = None
    language: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    spacy: SpacyDoc | None = None
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stages: dict[str, str] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)
    error: InputError | None = None
    # Stage-private intermediate results (e.g. the linker's mention table for --explain).
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return self.raw.source

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def to_article(self) -> Article:
        """The record of the output contract. Offsets index ``text`` exactly."""
        return Article(
            id=hashlib.sha256(self.text.encode("utf-8")).hexdigest(),
            url=self.url,
            source=self.site,
            title=self.title,
            author=self.author,
            published=self.published,
            language=self.language,
            text=self.text,
            removed=list(self.removed),
            entities=list(self.entities),
            events=list(self.events),
            quotes=list(self.quotes),
            times=list(self.times),
            quantities=list(self.quantities),
            warnings=list(self.warnings),
            input=self.raw.source,
            raw_sha256=self.raw.sha256,
            stages=dict(self.stages),
        )
