"""Bytes → str for plain-text inputs in any encoding."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

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
    best = from_bytes(data).best()
    if best is None or best.chaos > _MAX_CHAOS:
        raise UndecodableInputError(
            source,
            "the bytes are not valid UTF-8 and no other encoding decodes them as readable text",
            "re-save the file as UTF-8, or check that it is really a text file",
        )
    return str(best), best.encoding
