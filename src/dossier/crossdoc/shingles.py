"""Word shingles of cleaned text and their MinHash signatures (near-duplicates in a language).

Texts are compared on a folded form (lower case, letters and digits only, typographic
apostrophes and spaces unified) so that a republication that only changes the quotation
marks or the spaces before ``:`` is still identical word for word.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any, Final

SHINGLE_WORDS: Final = 5
"""Five-word shingles: long enough that two independent reports of one event share few of
them (geneva_talks_en vs fr share none, being in two languages; two independent French
wires on one story share under 5%), short enough that one reworded sentence only costs
the shingles that overlap it."""

NUM_PERM: Final = 128
"""MinHash permutations: the Jaccard estimate's standard error is about 1/sqrt(128) ≈ 0.09,
and every LSH candidate is then checked with the exact Jaccard of its shingle sets."""

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    """Lower-cased words, accents kept, punctuation and typography dropped."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(folded)


def fold(text: str) -> str:
    """The text as its words joined by single spaces: equal for typographic variants."""
    return " ".join(words(text))


def folded_hash(text: str) -> str:
    return hashlib.sha256(fold(text).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of ``size``-word shingles (the whole text as one shingle when shorter)."""
    tokens = words(text)
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def minhash(shingle_set: set[str], num_perm: int = NUM_PERM) -> Any:
    # Imported here: datasketch takes 1.5 s to import (scipy), too much for every CLI start.
    from datasketch import MinHash  # type: ignore[import-untyped, unused-ignore]

    signature = MinHash(num_perm=num_perm)
    signature.update_batch([s.encode("utf-8") for s in shingle_set])
    return signature


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller set found in the larger: a copy that dropped paragraphs keeps a
    high containment while its Jaccard falls."""
    small = min(len(a), len(b))
    return len(a & b) / small if small else 0.0
