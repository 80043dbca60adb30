"""The Python API: analyse one article from text or HTML."""

from __future__ import annotations

from functools import lru_cache

from .doc import RawArticle
from .ingest.readers import check_bytes, looks_like_html
from .model import Article
from .pipeline import Pipeline
from .registry import load_pipeline


@lru_cache(maxsize=1)
def _default_pipeline() -> Pipeline:
    return load_pipeline()


def analyze(
    text_or_html: str | bytes,
    *,
    published: str | None = None,
    language: str | None = None,
    url: str | None = None,
    source: str = "<text>",
    pipeline: Pipeline | None = None,
) -> Article:
    """Analyse one article and return its record.

    HTML is recognised by its markup. Raises an ``InputError`` subclass when the input
    cannot be analysed (empty, binary, no article in the page); stage failures are kept
    as ``warnings`` in the record instead.
    """
    data = text_or_html.encode("utf-8") if isinstance(text_or_html, str) else text_or_html
    problem = check_bytes(data, source)
    if problem is not None:
        raise problem
    raw = RawArticle(
        data=data,
        source=source,
        content_type="html" if looks_like_html(data) else "text",
        published=published,
        language=language,
        url=url,
    )
    doc = (pipeline or _default_pipeline())(raw)
    if doc.error is not None:
        raise doc.error
    return doc.to_article()
