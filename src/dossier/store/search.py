"""Full-text search over stored articles: a regular-expression scan, not an FTS index.

Why a scan (measured by ``python -m dossier.store.search_bench``, numbers in
docs/store.md): DuckDB's ``fts`` index is not updated by inserts, so every ingest would
have to rebuild it, and the rebuild grows faster than the corpus (0.5 s for 1,000
articles, 2.7 s for 10,000, 30 s for 50,000 here), while a scan with RE2 answers in
0.1–0.3 s at 50,000 articles (FTS: 0.09–0.26 s) and is always up to date. A scan also
matches inside words and across our languages alike; FTS needs one stemmer per index.

Matching is case- and accent-insensitive ("geneve" finds "Genève", "president" finds
"président"): each letter of a term becomes the class of its accented forms. Every term
must match (AND); "double quotes" keep a phrase together. Articles are ranked by how
often the terms occur (title matches count five times).
"""

from __future__ import annotations

import shlex
import unicodedata
from typing import Final

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from .errors import QueryError
from .filters import Filters, Where, article_conditions, limit_clause, run_query

_FOLDS: Final = {
    "a": "aàáâãäå",
    "c": "cç",
    "e": "eèéêë",
    "i": "iìíîï",
    "n": "nñ",
    "o": "oòóôõöø",
    "u": "uùúûü",
    "y": "yýÿ",
    "'": "'’ʼ",
}
_CLASS_OF: Final = {char: chars for chars in _FOLDS.values() for char in chars}
_RE2_SPECIAL: Final = set(r"\.^$|?*+()[]{}")
TITLE_WEIGHT: Final = 5
SNIPPET_CHARS: Final = 80


def terms(text: str) -> list[str]:
    """Words and "quoted phrases" of a query."""
    try:
        parts = shlex.split(text)
    except ValueError:  # an unbalanced quote: take the words as they are
        parts = text.replace('"', " ").split()
    found = [p.strip() for p in parts if p.strip()]
    if not found:
        raise QueryError("the search text is empty — give one or more words to look for")
    return found


def term_pattern(term: str) -> str:
    """An RE2 pattern matching ``term`` whatever its case and accents."""
    out: list[str] = []
    for char in term:
        if char.isspace():
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
            continue
        base = unicodedata.normalize("NFD", char)[0].lower()
        folded = _CLASS_OF.get(char.lower()) or _CLASS_OF.get(base)
        if folded:
            out.append(f"[{folded}]")
        elif char in _RE2_SPECIAL:
            out.append("\\" + char)
        else:
            out.append(char)
    return "(?i)" + "".join(out)


def search(
    con: duckdb.DuckDBPyConnection,
    text: str,
    filters: Filters | None = None,
    limit: int | None = 20,
) -> pa.Table:
    """Articles containing every term, best first, each with a snippet around the first
    term. Article filters apply (dates of publication, language, source)."""
    filters = filters or Filters()
    patterns = [term_pattern(t) for t in terms(text)]
    where = Where()
    for pattern in patterns:
        where.add(
            "(regexp_matches(a.text, ?) OR regexp_matches(coalesce(a.title, ''), ?))",
            pattern,
            pattern,
        )
    article_conditions(where, filters)
    score = " + ".join(
        f"len(regexp_extract_all(a.text, ?)) + {TITLE_WEIGHT} * "
        "len(regexp_extract_all(coalesce(a.title, ''), ?))"
        for _ in patterns
    )
    score_params = [p for pattern in patterns for p in (pattern, pattern)]
    snippet = f"(?i)[^\\n]{{0,{SNIPPET_CHARS}}}{patterns[0][4:]}[^\\n]{{0,{SNIPPET_CHARS}}}"
    sql = f"""
        SELECT a.id AS article_id, ({score}) AS score, a.title, a.source, a.published,
               a.language, a.url, trim(regexp_extract(a.text, ?)) AS snippet
        FROM articles a
        WHERE {where.sql()}
        ORDER BY score DESC, a.published_date DESC NULLS LAST, a.id{limit_clause(limit)}
    """
    return run_query(con, sql, [*score_params, snippet, *where.params])


def explain(text: str) -> list[str]:
    """The patterns a query runs, for ``--debug`` and the docs."""
    return [term_pattern(t) for t in terms(text)]
