"""Copies: identical texts, near-duplicates, rewrites and translations of an earlier article.

Two paths, both ending with the earliest known original:

- **within a language**, MinHash LSH over five-word shingles finds candidates in sub-linear
  time; the exact shingle containment then decides (``near_duplicate``);
- **across languages, or reworded**, candidates come from the story they share (stories are
  built first, so the comparison stays inside small groups); sentences are aligned by
  multilingual embeddings and the structured fingerprint (figures, linked entities, dates)
  must agree (``translation`` across languages, ``rewrite`` within one).

Every link keeps its evidence: the similarities and the aligned sentence pairs.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import numpy as np

from .features import Features, complete_vectors
from .shingles import NUM_PERM, containment, jaccard, minhash

Relation = Literal["identical", "near_duplicate", "rewrite", "translation"]

NEAR_DUPLICATE_CONTAINMENT: Final = 0.7
"""Share of the shorter text's shingles found in the other. The syndicated Geneva copy
(title changed, one sentence reworded, one paragraph dropped) scores 0.93 against its
original, the short syndicated copy of the tests (one of six paragraphs dropped, one
reworded) 0.84; the highest pair of independent articles in the examples scores 0.04.
0.7 leaves room for a copy that rewords one more sentence."""

LSH_THRESHOLD: Final = 0.3
"""MinHash LSH candidate threshold on estimated Jaccard. A copy that keeps 70% of a text
twice its length has a Jaccard near 0.35; with 0.3 (37 bands of 3 rows) a pair at
Jaccard 0.5 is a candidate with probability 0.99, while at 0.5 (25 bands of 5) the short
syndicated copy of the tests (Jaccard 0.61, estimated 0.53) was missed. Candidates are
re-scored exactly, so a low threshold only costs time."""

ALIGN_COSINE: Final = 0.7
"""Two sentences are aligned when their USE-multilingual cosine reaches 0.7: translation
pairs score about 0.83 (our French–English test pairs: 0.76–0.93), while the best-matching
sentence of an independent report of the same talks (geneva_talks_fr vs _en) averages
0.51 and only 4–5% of its sentences pass 0.7."""

ALIGNED_SHARE: Final = 0.6
"""A translation or rewrite aligns at least 60% of the copy's sentences (a translated
content-farm copy keeps nearly all of them; the best independent pair in the examples
aligns 10%)."""

FINGERPRINT_MIN: Final = 0.3
"""Overlap of figures, linked entities and dates required when both texts have any: a
translation carries the same numbers and names; two reports of one wire topic that happen
to use similar sentences do not carry the same set."""

CANDIDATE_LEAD: Final = 0.6
"""Pairs whose lead vectors (title and first sentences) are further apart are not aligned
at all: a speed filter for large stories. Our French–English translation pair has a lead
cosine of 0.79 (the syndicated copy 1.0); the independent Geneva fr–en reports 0.63 and are
then rejected by the alignment itself."""

MAX_PAIRS_SHOWN: Final = 8


@dataclass(frozen=True, slots=True)
class CopyLink:
    copy_id: str
    copy_of: str
    relation: Relation
    similarity: float
    evidence: dict[str, Any] = field(default_factory=dict)


def order_key(f: Features) -> tuple[dt.date, str]:
    """Earliest first: undated articles after every dated one, then by id (deterministic)."""
    return (f.day or dt.date.max, f.article_id)


def identical_and_near(
    features: Sequence[Features],
) -> dict[str, tuple[str, Relation, float, dict[str, Any]]]:
    """copy id → (direct original, relation, similarity, evidence) for same-language copies."""
    ordered = sorted(features, key=order_key)
    found: dict[str, tuple[str, Relation, float, dict[str, Any]]] = {}
    first_by_fold: dict[str, str] = {}
    for f in ordered:
        original = first_by_fold.setdefault(f.folded, f.article_id)
        if original != f.article_id:
            found[f.article_id] = (original, "identical", 1.0, {"folded_text": "equal"})
    from datasketch import MinHashLSH  # type: ignore[import-untyped, unused-ignore]

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    rank = {f.article_id: i for i, f in enumerate(ordered)}
    shingle_sets: dict[str, set[str]] = {}
    for f in ordered:
        if f.article_id in found:
            continue
        text_shingles = f.shingles
        shingle_sets[f.article_id] = text_shingles
        signature = minhash(text_shingles)
        best: tuple[float, float, str] | None = None
        # LSH answers in hash order: candidates are taken earliest first, so that a tie goes
        # to the earlier article whatever the process's hash seed.
        for candidate in sorted(lsh.query(signature), key=rank.__getitem__):
            other = shingle_sets[candidate]
            score = containment(text_shingles, other)
            if score >= NEAR_DUPLICATE_CONTAINMENT and (best is None or score > best[0]):
                best = (score, jaccard(text_shingles, other), candidate)
        if best is not None:
            found[f.article_id] = (
                best[2],
                "near_duplicate",
                round(best[0], 4),
                {"shingle_containment": round(best[0], 4), "shingle_jaccard": round(best[1], 4)},
            )
        lsh.insert(f.article_id, signature)
    return found


def aligned_pairs(copy: Features, original: Features) -> tuple[float, list[dict[str, Any]]]:
    """Share of the copy's sentences aligned with one of the original's, and the pairs."""
    if len(copy.vectors) == 0 or len(original.vectors) == 0:
        return 0.0, []
    scores = copy.vectors @ original.vectors.T
    best = scores.argmax(axis=1)
    pairs = []
    for i, j in enumerate(best):
        cosine = float(scores[i, j])
        if cosine >= ALIGN_COSINE:
            pairs.append(
                {
                    "copy": copy.sentences[i],
                    "original": original.sentences[int(j)],
                    "cosine": round(cosine, 3),
                }
            )
    return len(pairs) / len(copy.vectors), pairs


def fingerprint_overlap(a: Features, b: Features) -> float | None:
    """Jaccard of figures, linked entities and dates together; None when either has none."""
    left = (
        {f"f:{x}" for x in a.figures} | {f"e:{x}" for x in a.entities} | {f"d:{x}" for x in a.dates}
    )
    right = (
        {f"f:{x}" for x in b.figures} | {f"e:{x}" for x in b.entities} | {f"d:{x}" for x in b.dates}
    )
    if not left or not right:
        return None
    return len(left & right) / len(left | right)


def aligned_copies(
    features: Sequence[Features], groups: Iterable[Sequence[str]], known: set[str]
) -> dict[str, tuple[str, Relation, float, dict[str, Any]]]:
    """Translations (across languages) and rewrites (within one) inside each group of ids."""
    by_id = {f.article_id: f for f in features}
    found: dict[str, tuple[str, Relation, float, dict[str, Any]]] = {}
    for group in groups:
        members = sorted((by_id[i] for i in group if i in by_id), key=order_key)
        candidates = [
            (original, copy)
            for original, copy in itertools.combinations(members, 2)
            if copy.article_id not in known and lead_similarity(original, copy) >= CANDIDATE_LEAD
        ]
        complete_vectors([f for pair in candidates for f in pair])
        for original, copy in candidates:
            share, pairs = aligned_pairs(copy, original)
            if share < ALIGNED_SHARE:
                continue
            overlap = fingerprint_overlap(copy, original)
            if overlap is not None and overlap < FINGERPRINT_MIN:
                continue
            relation: Relation = "translation" if copy.language != original.language else "rewrite"
            previous = found.get(copy.article_id)
            if previous is not None and previous[2] >= share:
                continue
            found[copy.article_id] = (
                original.article_id,
                relation,
                round(share, 4),
                {
                    "aligned_share": round(share, 4),
                    "fingerprint_overlap": None if overlap is None else round(overlap, 4),
                    "shared_figures": sorted(copy.figures & original.figures),
                    "pairs": pairs[:MAX_PAIRS_SHOWN],
                    "languages": [original.language, copy.language],
                },
            )
    return found


def resolve(direct: dict[str, tuple[str, Relation, float, dict[str, Any]]]) -> list[CopyLink]:
    """Each copy pointed at the earliest known original (copies of copies follow the chain)."""
    links = []
    for copy_id, (original, relation, similarity, found) in sorted(direct.items()):
        root, seen = original, {copy_id}
        while root in direct and root not in seen:
            seen.add(root)
            root = direct[root][0]
        evidence = found if root == original else {**found, "via": original}
        links.append(CopyLink(copy_id, root, relation, similarity, evidence))
    return links


def roots(links: Iterable[CopyLink]) -> dict[str, str]:
    """copy id → original id."""
    return {link.copy_id: link.copy_of for link in links}


def lead_similarity(a: Features, b: Features) -> float:
    return float(np.dot(a.lead, b.lead))
