"""The one key function for alias look-ups: how "l’Élysée" and "elysee" become the same key.

Steps, in order (each documented because the linker must apply the same function to spans):
1. Unicode NFKD, then combining marks dropped and NFC re-applied: "Élysée" → "Elysee",
   "Київ" keeps its letters (only the marks go: "й" → "и" on both sides of the look-up).
2. casefold ("Straße" → "strasse", "ΑΘΗΝΑ" → "αθηνα").
3. Apostrophes (’ ‘ ʼ ` ´ ′) → "'"; hyphens and dashes (‐ ‑ ‒ – — −) and "-" → space;
   dots inside abbreviations removed ("U.S." → "us"); other punctuation at the edges and
   quotes «» “” dropped.
4. A leading elided French article ("l'", "d'") is removed, then one leading article
   ("le", "la", "les", "the") when something remains after it.
5. Whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata

# Apostrophes → "'", hyphens, dashes and underscores → space, in one pass.
_FOLD_PUNCT = str.maketrans({**{c: "'" for c in "’‘ʼ`´′ʻ"}, **{c: " " for c in "-‐‑‒–—−_"}})
_DOTS = re.compile(r"(?<=\w)\.(?=\w|\s|$)")
_EDGE = re.compile(r"^[\s\"«»“”„‚'.,;:!?()\[\]]+|[\s\"«»“”„‚'.,;:!?()\[\]]+$")
_ELIDED = re.compile(r"^(?:l|d)'\s*")
_ARTICLE = re.compile(r"^(?:le|la|les|the)\s+")
_SPACES = re.compile(r"\s+")


def strip_marks(text: str) -> str:
    """Remove combining marks (accents, diacritics) and recompose."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", kept)


def normalize_alias(text: str) -> str:
    """The look-up key of a name or a text span (see the module docstring for the steps)."""
    key = text if text.isascii() else strip_marks(text)
    key = key.casefold().translate(_FOLD_PUNCT)
    if "." in key:
        key = _DOTS.sub("", key)
    key = _SPACES.sub(" ", key)
    key = _EDGE.sub("", key)
    stripped = _ELIDED.sub("", key)
    if stripped:
        key = stripped
    stripped = _ARTICLE.sub("", key)
    if stripped:
        key = stripped
    return key.strip()


def starts_with_article(text: str) -> bool:
    """True when :func:`normalize_alias` drops a leading article of ``text`` ("La Union",
    "l'Élysée"): the key then also matches the name written without it."""
    key = _EDGE.sub("", text.casefold().translate(_FOLD_PUNCT))
    return bool(_ELIDED.match(key) or _ARTICLE.match(key))


# Spelling folds shared by French, English and German transliterations of Cyrillic, Arabic and
# other names, applied to both sides of a look-up. One left-to-right pass over alternatives
# (longest first where they overlap), then doubled letters, then a final mute "e".
_FOLDS: dict[str, str] = {
    "tsch": "sh", "tch": "sh", "sch": "sh", "ch": "sh",  # Klitschko/Klitchko, Choïgou/Shoigu
    "kh": "h",  # Zakharova/Zaharova
    "dzh": "j", "zh": "j", "dj": "j",  # Zhirinovsky/Jirinovski
    "x": "ks",  # Olexiy/Oleksiy
    "ph": "f",
    "ew": "u",  # Newland/Nuland
    "w": "v",  # Wolodymyr, Medvedew
    "gue": "ge", "gui": "gi",  # Sergueï, Guerassimov
    "ou": "u",  # Poutine, Loukachenko
    "y": "i",  # Zelensky/Zelenski, Sergey/Sergei
}  # fmt: skip
_FOLD_RE = re.compile(r"\bye|" + "|".join(sorted(_FOLDS, key=len, reverse=True)))
_DOUBLE = re.compile(r"(\w)\1+")  # Raïssi/Raisi, Zelenskyy, Oleksii
_MUTE_E = re.compile(r"(?<=\w{3})e\b")  # Poutine/Putin, Salmane/Salman


def _fold(match: re.Match[str]) -> str:
    text = match.group(0)
    return "e" if text == "ye" else _FOLDS[text]  # "ye" only matches at a word's start


def skeleton(key: str) -> str:
    """A coarser key for transliteration variants: "poutine" and "putin" → "putin".

    Applied to keys already passed through :func:`normalize_alias`. Used only as a second
    chance after the exact key, never to build the collision report.
    """
    key = _FOLD_RE.sub(_fold, key)
    key = _DOUBLE.sub(r"\1", key)
    return _MUTE_E.sub("", key)
