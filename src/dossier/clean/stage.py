"""The clean stage: raw article → normalised body, metadata, removed lines."""

from __future__ import annotations

from typing import ClassVar

from ..doc import Doc
from ..errors import NoArticleError
from ..nlp.language import detect_language
from ..pipeline import Stage
from .boilerplate import load_rules, split_boilerplate
from .decode import decode_bytes
from .html import extract_html
from .metadata import dateline_date, split_title
from .normalize import nlp_view, normalize_text


class CleanStage(Stage):
    name: ClassVar[str] = "clean"
    factory: ClassVar[str] = "dossier.clean.v1"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ("doc.text", "doc.removed", "doc.meta")

    def __init__(self) -> None:
        self.rules = load_rules()

    def __call__(self, doc: Doc) -> Doc:
        raw = doc.raw
        text, _ = decode_bytes(raw.data, raw.source, raw.encoding)
        doc.url, doc.published, doc.title, doc.author, doc.site = (
            raw.url,
            raw.published,
            raw.title,
            raw.author,
            raw.site,
        )
        if raw.content_type == "html":
            page = extract_html(text, raw.source, raw.url)
            text = page.text
            doc.url = doc.url or page.url
            doc.title = doc.title or page.title
            doc.author = doc.author or page.author
            doc.site = doc.site or page.site
            if doc.published is None and page.published:
                doc.published = page.published
        lines = normalize_text(text).split("\n")
        if raw.content_type == "text" and doc.title is None:
            doc.title, lines = split_title(lines)
        elif doc.title and lines and normalize_text(doc.title) == lines[0]:
            lines = lines[1:]
        language = raw.language or detect_language("\n".join(lines[:20]))[0]
        body, removed = split_boilerplate(lines, language, self.rules)
        if not body:
            raise NoArticleError(
                raw.source,
                "nothing is left once boilerplate is removed",
                "check that the input is a news article; removed lines are listed with --debug",
            )
        doc.text = "\n".join(body)
        doc.nlp_text = nlp_view(doc.text)
        doc.removed = removed
        if doc.published is None:
            found = dateline_date(body[0])
            if found:
                doc.published = found
                doc.warn(f"published date {found} taken from the dateline")
        return doc
