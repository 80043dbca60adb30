"""Bytes → str for plain-text inputs in any encoding."""

from __future__ import annotations

import codecs

from charset_normalizer import CharsetMatch, from_bytes

from ..errors import UndecodableInputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# charset-normalizer's "chaos" (mess) ratio above which a guess is garbage rather than text.
# 0.2 is its own default threshold for accepting a decoding; we keep it.
_MAX_CHAOS = 0.2


# On short texts several single-byte code pages decode equally well; Windows-1252 is the
# most common non-UTF-8 encoding for French and English news (and what WHATWG decodes
# "latin-1" labels as), so it wins ties.
_TIE_PREFERENCE = ("cp1252", "iso8859_15", "latin_1")
_TIE = 0.01


def _prefer_western(matches: list[CharsetMatch]) -> CharsetMatch | None:
    if not matches:
        return None
    best = matches[0]
    tied = [m for m in matches if m.chaos <= best.chaos + _TIE and m.coherence >= best.coherence]
    for encoding in _TIE_PREFERENCE:
        for match in tied:
            if match.encoding == encoding:
                return match
    return best


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> tuple[str, str]:
    """Return the text and the encoding used. UTF-8 first: it is right for most news today."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    if declared:
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data))
    best = _prefer_western(matches)
    if best is None or best.chaos > _MAX_CHAOS:
        raise UndecodableInputError(
            source,
            "the bytes are not valid UTF-8 and no other encoding decodes them as readable text",
            "re-save the file as UTF-8, or check that it is really a text file",
        )
    return str(best), best.encoding
