"""Unicode and whitespace normalisation.

The output ``text`` keeps the article's own typography (« », ’, non-breaking spaces) after
NFC and whitespace folding. spaCy, however, splits French elisions only on a straight
apostrophe, so stages that parse read ``nlp_view(text)``: the same string with a few
characters swapped one for one. Because the swap preserves length, every offset found on
the view indexes ``text`` exactly.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\f\v\u2000-\u200a\u205f\u3000]+")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")

# One-for-one swaps for the parser's view. Apostrophe-like marks between letters are
# elisions (l’OTAN, aujourd’hui, don’t); NBSPs become spaces so tokenisers see a boundary.
_APOSTROPHES = "\u2019\u02bc\u2018\u00b4`"
_ELISION = re.compile(rf"(?<=\w)[{_APOSTROPHES}](?=\w)")
_NLP_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})


def normalize_text(text: str) -> str:
    """NFC, no invisible characters, one space between words, one newline between paragraphs."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _LINE_BREAKS.sub("\n", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def nlp_view(text: str) -> str:
    """The parser's copy of ``text``: same length, elision apostrophes straightened."""
    view = _ELISION.sub("'", text).translate(_NLP_SPACES)
    assert len(view) == len(text), "nlp_view must preserve length"
    return view
