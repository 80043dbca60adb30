"""Offsets in the cleaned text mapped back onto the gold text it was cleaned from.

Scorers feed gold texts through the real pipeline, whose clean stage folds whitespace,
drops invisible characters, recomposes accents (NFC) and may remove boilerplate lines. The
record's offsets then index the cleaned ``text``, while gold offsets index the original.
Cleaning only ever deletes or merges characters, never reorders them, so a greedy left to
right walk pairs almost every cleaned character with its source; where it loses the thread
(a removed line, a recomposed accent) it looks the rest of the line up further on.
"""

from __future__ import annotations

from typing import Final

__all__ = ["Alignment"]

# What normalize_text deletes outright (zero-width marks, BOM, soft hyphen).
_DROPPED: Final = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# Characters of the cleaned text looked up to resynchronise after a removed stretch: long
# enough that a hit is not a coincidence, short enough to stay within one edited line.
_PROBE_CHARS: Final = 24


class Alignment:
    """Maps spans of ``cleaned`` onto ``original`` (``None`` when nothing of it is there)."""

    def __init__(self, cleaned: str, original: str) -> None:
        self.cleaned = cleaned
        self.original = original
        self._map = _char_map(cleaned, original)

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The original extent of ``cleaned[start:end]``, from its first to its last mapped
        character; None for an empty span or one whose characters are all unmapped."""
        mapped = [self._map[i] for i in range(max(start, 0), min(end, len(self._map)))]
        positions = [p for p in mapped if p is not None]
        if not positions:
            return None
        return positions[0], positions[-1] + 1


def _char_map(cleaned: str, original: str) -> list[int | None]:
    """For each character of ``cleaned``, its index in ``original`` or None."""
    out: list[int | None] = [None] * len(cleaned)
    i = j = 0
    while i < len(cleaned):
        char = cleaned[i]
        if char.isspace():
            # One cleaned space or newline stands for a whole run of original whitespace.
            if j < len(original) and original[j].isspace():
                out[i] = j
                while j < len(original) and original[j].isspace():
                    j += 1
            i += 1
            continue
        k = _skip_dropped(original, j)
        if k < len(original) and original[k] == char:
            out[i] = k
            j = k + 1
            i += 1
            continue
        found = _resync(cleaned, original, i, j)
        if found is None:
            i += 1
        else:
            j = found
    return out


def _skip_dropped(original: str, j: int) -> int:
    while j < len(original) and (original[j].isspace() or original[j] in _DROPPED):
        j += 1
    return j


def _resync(cleaned: str, original: str, i: int, j: int) -> int | None:
    """Where the rest of the current cleaned line starts in ``original`` after ``j``."""
    probe = cleaned[i : i + _PROBE_CHARS].split("\n", 1)[0].rstrip()
    if not probe:
        return None
    found = original.find(probe, j)
    # The caller failed to match at ``j`` itself, so a usable hit lies strictly after it.
    return found if found > j else None
