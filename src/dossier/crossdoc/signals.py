"""Source signals: what a reader should know about where an article comes from.

Nothing is hidden or dropped here: every signal is a row with its evidence (the glued word,
the stripped promo line, the template) so that a reader can judge the source.

- ``spam_tail``: promo and teaser lines the clean stage stripped (``Article.removed``);
- ``author_bio``: a stripped tagline, flagged ``templated`` when it is a string of short
  "Adjective noun." fragments (the content-farm bio generator's pattern), and the same
  check on the author field;
- ``credit``: a stripped credit line (``Avec APC``): the text was republished from a wire;
- ``mt_artefact``: machine-translation artefacts — words glued to a function word
  (``Latviaand``, ``l'Ukrainebien``), sentences glued without a space (``invasion.The``),
  stray punctuation (``”.,``), sentences left in another language;
- ``copy``: the article copies an earlier one (its relation and original).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Final

from ..model import Article
from .copies import CopyLink

SPAM_REASONS: Final = frozenset({"promo", "teaser"})
BIO_REASONS: Final = frozenset({"tagline"})
CREDIT_REASONS: Final = frozenset({"credit"})

FUNCTION_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "en": ("and", "the", "of", "to", "in", "for", "with", "on", "by", "from", "well"),
    "fr": ("et", "de", "des", "du", "la", "le", "les", "bien", "en", "pour", "sur", "dans"),
}
"""Words a translation engine glues to the preceding name when it drops a space."""

_STOPWORDS: Final[dict[str, frozenset[str]]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "that",
            "for",
            "with",
            "was",
            "on",
            "as",
            "by",
            "at",
            "from",
            "it",
            "this",
            "which",
            "have",
            "has",
            "are",
            "were",
            "be",
            "not",
            "or",
            "but",
            "will",
            "would",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "des",
            "du",
            "de",
            "un",
            "une",
            "est",
            "que",
            "qui",
            "pour",
            "dans",
            "sur",
            "pas",
            "au",
            "aux",
            "avec",
            "par",
            "ce",
            "cette",
            "sont",
            "ont",
            "été",
            "il",
            "elle",
            "ils",
            "nous",
            "vous",
            "mais",
            "ou",
        ]
    ),
}
UNTRANSLATED_MIN_WORDS: Final = 6
UNTRANSLATED_MIN_STOPWORDS: Final = 3
"""A sentence counts as left in another language when it has at least six words and at
least three stop words of that language, more than of the article's own."""

_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")
_GLUED_SENTENCE = re.compile(r"\b[^\W\d_]*[a-zà-ÿ]{2}[.!?][A-ZÀ-Þ][a-zà-ÿ]+")
_STRAY_PUNCTUATION = re.compile(
    r"[»”\"]\s*[.,;:]\s*[,.;:]|(?<![.\d])\.,|,\.(?!\d)|«\s*»|»\s*\.[a-zà-ÿ]"
)
_TEMPLATED_BIO = re.compile(r"^[\"“«]?\s*(?:[A-Z][\w'’-]*(?:\s+[\w'’-]+){1,3}[.!]\s*){3,}[\"”»]?$")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_ELISION = re.compile(r"^[dlDLjJmMnNsStTcCqu]{1,2}['’]")


@dataclass(frozen=True, slots=True)
class Signal:
    article_id: str
    source: str | None
    signal: str
    detail: str
    start: int | None = None
    end: int | None = None


def removed_signals(article: Article) -> Iterator[Signal]:
    for line in article.removed:
        if line.reason in SPAM_REASONS:
            yield Signal(article.id, article.source, "spam_tail", f"{line.reason}: {line.text}")
        elif line.reason in BIO_REASONS:
            kind = "templated" if _TEMPLATED_BIO.match(line.text.strip()) else "tagline"
            yield Signal(article.id, article.source, "author_bio", f"{kind}: {line.text}")
        elif line.reason in CREDIT_REASONS:
            yield Signal(article.id, article.source, "credit", line.text)
    if article.author and _TEMPLATED_BIO.match(article.author.strip()):
        yield Signal(article.id, article.source, "author_bio", f"templated: {article.author}")


def glued_words(article: Article) -> Iterator[Signal]:
    """Names glued to a function word, when the name also stands alone in the text."""
    suffixes = FUNCTION_WORDS.get(article.language or "", ())
    if not suffixes:
        return
    tokens = [(m.group(), m.start()) for m in _TOKEN.finditer(article.text)]
    standalone = {_ELISION.sub("", t) for t, _ in tokens}
    for token, start in tokens:
        bare = _ELISION.sub("", token)
        offset = start + len(token) - len(bare)
        for suffix in suffixes:
            stem = bare[: -len(suffix)]
            if (
                bare.endswith(suffix)
                and len(stem) >= 3
                and stem[0].isupper()
                and stem in standalone
                and bare not in _common_forms(stem)
            ):
                yield Signal(
                    article.id,
                    article.source,
                    "mt_artefact",
                    f"glued words: {bare!r} = {stem!r} + {suffix!r}",
                    offset,
                    offset + len(bare),
                )
                break


def _common_forms(stem: str) -> set[str]:
    # "Berlin" + "er" style derivations are not glued words; only function words count here.
    return {stem + "s", stem + "es"}


def punctuation_artefacts(article: Article) -> Iterator[Signal]:
    for match in _GLUED_SENTENCE.finditer(article.text):
        if "." in match.group() and _looks_like_domain(article.text, match.start(), match.end()):
            continue
        yield Signal(
            article.id,
            article.source,
            "mt_artefact",
            f"sentences glued without a space: {match.group()!r}",
            match.start(),
            match.end(),
        )
    for match in _STRAY_PUNCTUATION.finditer(article.text):
        yield Signal(
            article.id,
            article.source,
            "mt_artefact",
            f"stray punctuation: {match.group()!r}",
            match.start(),
            match.end(),
        )


def _looks_like_domain(text: str, start: int, end: int) -> bool:
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", end)
    word = text[left : right if right >= 0 else len(text)]
    return "/" in word or "@" in word or word.lower().startswith("www")


def untranslated(article: Article) -> Iterator[Signal]:
    own = article.language
    if own not in _STOPWORDS:
        return
    for match in _SENTENCE.finditer(article.text):
        words = [w.lower().strip("'’") for w in _TOKEN.findall(match.group())]
        if len(words) < UNTRANSLATED_MIN_WORDS:
            continue
        own_count = sum(w in _STOPWORDS[own] for w in words)
        for other, stopwords in _STOPWORDS.items():
            if other == own:
                continue
            count = sum(w in stopwords for w in words)
            if count >= UNTRANSLATED_MIN_STOPWORDS and count > own_count:
                yield Signal(
                    article.id,
                    article.source,
                    "mt_artefact",
                    f"sentence left in {other}: {match.group().strip()!r}",
                    match.start(),
                    match.end(),
                )


def copy_signals(articles: Mapping[str, Article], links: Iterable[CopyLink]) -> Iterator[Signal]:
    for link in links:
        article = articles.get(link.copy_id)
        if article is None:
            continue
        original = articles.get(link.copy_of)
        where = (original.source or original.title or link.copy_of) if original else link.copy_of
        yield Signal(
            article.id,
            article.source,
            "copy",
            f"{link.relation} of {where} ({link.copy_of[:12]}), similarity {link.similarity:.2f}",
        )


def article_signals(article: Article) -> list[Signal]:
    """Every signal one article carries on its own (copies need the corpus)."""
    return [
        *removed_signals(article),
        *glued_words(article),
        *punctuation_artefacts(article),
        *untranslated(article),
    ]
