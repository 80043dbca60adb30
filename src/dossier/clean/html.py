"""Main text and metadata from an HTML page, via trafilatura."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura
from trafilatura.settings import Document

from ..errors import NoArticleError

# Fewer words than the shortest headline: what trafilatura found is a menu or a caption.
MIN_ARTICLE_WORDS = 5


@dataclass(frozen=True)
class HtmlArticle:
    text: str
    title: str | None
    author: str | None
    published: str | None
    site: str | None
    url: str | None
    language: str | None


def extract_html(html: str, source: str, url: str | None = None) -> HtmlArticle:
    """The article body of a page. Raises ``NoArticleError`` when the page holds none."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = doc.text if isinstance(doc, Document) else None
    if not text or len(text.split()) < MIN_ARTICLE_WORDS:
        raise NoArticleError(
            source,
            "the HTML page has no article text that could be found",
            "check that it is an article page (not an index or a login page), or pass the text",
        )
    assert isinstance(doc, Document)
    return HtmlArticle(
        text=text,
        title=doc.title or None,
        author=doc.author or None,
        published=doc.date or None,
        site=doc.sitename or doc.hostname or None,
        url=doc.url or url,
        language=doc.language or None,
    )
