"""Small readings of the text around a match, shared by the builders."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .grammar import Context

SENTENCE_START = re.compile(r"(?:^|[.!?:;»\n]\s*|[«\"(]\s*)$")
LAST_WORD = re.compile(r"([\w'’-]+)\s*$")
# French "de"/"d'" just before a match, and just after it.
DE_BEFORE = re.compile(r"(?<![\w])(?:de\s+|d['’]\s*)$", re.IGNORECASE)
DE_AFTER = re.compile(r"^\s+d(?:e|['’])", re.IGNORECASE)


def group(m: re.Match[str], name: str) -> str | None:
    """A named group's text, or None when the group is absent or empty."""
    value = m.groupdict().get(name)
    return value if value else None


def text_before(ctx: Context, position: int, width: int = 40) -> str:
    return ctx.text[max(0, position - width) : position]


def last_word(text: str) -> str:
    found = LAST_WORD.search(text)
    return found.group(1).lower().replace("’", "'") if found else ""
