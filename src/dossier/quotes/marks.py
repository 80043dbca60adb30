"""Quotation marks paired into quoted spans, repairing the typography news text breaks.

Pure string work, no parse: it runs on ``doc.text`` and every offset indexes it.

Marks and their families: « » (and ‹ ›) in French, “ ” and „ “ in English and German,
‘ ’ nested in English, straight " anywhere. Whether a mark opens or closes is read from the
mark itself where it is unambiguous and otherwise from what it touches, as CommonMark does
for emphasis: a mark glued to the following word and not to the preceding one opens.

Repairs, for the broken typography of scraped and machine-translated text:
- a closing mark with nothing open (« A. » B. » — the second opener was lost) closes a
  quotation that starts at the beginning of its sentence, or just after the previous
  quotation of the paragraph;
- an opening mark of the family already open, just after a sentence end (« A. « B »),
  reopens: the first quotation ends before it and the second continues it;
- a quotation still open at the end of a paragraph continues into the next paragraph when
  that one starts with an opening mark of the same family (the convention for quotations
  over several paragraphs), and otherwise ends with its paragraph.
Quotation marks inside another quotation give nested spans (``depth`` > 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["QuotedSpan", "Repair", "find_quotes"]

Repair = Literal["no_open", "no_close", "reopened"]

# Marks that only ever open or only ever close, with the family they belong to.
_OPENERS: Final = {"«": "«", "‹": "‹", "„": "“", "‚": "‘"}
_CLOSERS: Final = {"»": "«", "›": "‹"}
_CONTEXTUAL: Final = frozenset('“”‘’"')
_ALL_MARKS: Final = frozenset(_OPENERS) | frozenset(_CLOSERS) | _CONTEXTUAL
# What may stand right before an opening mark glued to its word: "(“", "—“".
_OPEN_CONTEXT: Final = frozenset('([{—–-/«“‘"')
# What may stand right after a closing mark glued to its word: "”,", "».".
_CLOSE_CONTEXT: Final = frozenset('.,;:!?)]}…»”’"')
_SENTENCE_END: Final = frozenset(".?!…")
# A sentence boundary inside a paragraph: final punctuation, closing marks, space, then a
# capital, a digit or an opening mark. Used to find where an orphan quotation starts.
_BOUNDARY: Final = re.compile(r"[.?!…][»”’\"›)]*\s+(?=[«“\"‘„A-ZÀ-ÖØ-Þ0-9])")
_TRAILING: Final = " \t\u00a0\u202f\u2009,"


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """One quotation: ``text[start:end]`` is its content, without marks or edge spaces.

    ``open_at``/``close_at`` are the indices of its marks, None where a repair stands in
    for a missing mark. ``continues`` is true when it carries on the quotation before it
    (a new paragraph or a reopened mark). A trailing comma inside the marks ("…,”") is
    punctuation of the sentence, not of the quotation, and is left out.
    """

    start: int
    end: int
    open_at: int | None
    close_at: int | None
    family: str
    depth: int = 0
    repair: Repair | None = None
    continues: bool = False

    @property
    def outer_start(self) -> int:
        """Where the quotation starts with its opening mark."""
        return self.open_at if self.open_at is not None else self.start

    @property
    def outer_end(self) -> int:
        """Where the quotation ends with its closing mark."""
        return self.close_at + 1 if self.close_at is not None else self.end


@dataclass(slots=True)
class _Open:
    family: str
    at: int
    mark: str
    continues: bool
    depth: int = 0


def find_quotes(text: str) -> list[QuotedSpan]:
    """Every quotation of ``text``, outer ones and nested ones, sorted by position."""
    spans: list[QuotedSpan] = []
    carried: str | None = None  # family continued from the previous paragraph
    offset = 0
    for line in text.split("\n"):
        end = offset + len(line)
        carried = _paragraph(text, offset, end, carried, spans)
        offset = end + 1
    spans.sort(key=lambda s: (s.start, s.depth))
    return spans


def _paragraph(
    text: str, start: int, end: int, carried: str | None, spans: list[QuotedSpan]
) -> str | None:
    """Pair the marks of one paragraph; return the family that continues into the next."""
    stack: list[_Open] = []
    floor = start  # orphan closers never reach back before this point
    first_mark = True
    for i in range(start, end):
        char = text[i]
        if char not in _ALL_MARKS:
            continue
        role = _role(text, i, start, end, stack)
        if role == "open":
            family = _family(char)
            continues = first_mark and carried == family and _only_space(text, start, i)
            top = stack[-1] if stack else None
            if top is not None and top.family == family and _after_sentence_end(text, i, start):
                stack.pop()
                spans.append(_span(text, top, i, None, "reopened"))
                floor = i
                continues = True
            elif top is not None and family == '"' and top.family == '"':
                # Straight quotes do not nest: a second opener means the first was not closed.
                stack.pop()
                spans.append(_span(text, top, i, None, "no_close"))
            stack.append(_Open(family, i, char, continues, depth=len(stack)))
        elif role == "close":
            family = _family(char)
            index = next(
                (k for k in range(len(stack) - 1, -1, -1) if stack[k].family == family), None
            )
            if index is None:
                orphan_start = _orphan_start(text, i, floor)
                if orphan_start < i:
                    content_start, content_end = _trim(text, orphan_start, i)
                    if content_start < content_end:
                        spans.append(
                            QuotedSpan(
                                content_start,
                                content_end,
                                None,
                                i,
                                family,
                                depth=len(stack),
                                repair="no_open",
                            )
                        )
            else:
                # Inner quotations left open when their outer one closes are dropped: their
                # words stay in the outer quotation's content.
                del stack[index + 1 :]
                opened = stack.pop()
                spans.append(_span(text, opened, i, i, None))
            if not stack:
                floor = i + 1
        first_mark = False
    return _close_paragraph(text, end, stack, spans)


def _close_paragraph(
    text: str, end: int, stack: list[_Open], spans: list[QuotedSpan]
) -> str | None:
    """Close what is still open at a paragraph's end; say which family continues."""
    if not stack:
        return None
    outer = stack[0]
    next_start = end + 1
    following = text[next_start:].lstrip(" \t\u00a0\u202f")
    continued = (
        bool(following)
        and following[0] in _ALL_MARKS
        and (
            _OPENERS.get(following[0], following[0] if following[0] in '“"‘' else "")
            == outer.family
        )
    )
    spans.append(_span(text, outer, end, None, None if continued else "no_close"))
    return outer.family if continued else None


def _span(
    text: str, opened: _Open, end: int, close_at: int | None, repair: Repair | None
) -> QuotedSpan:
    start, stop = _trim(text, opened.at + 1, end)
    return QuotedSpan(
        start,
        max(start, stop),
        opened.at,
        close_at,
        opened.family,
        depth=opened.depth,
        repair=repair,
        continues=opened.continues,
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\u00a0\u202f\u2009":
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return start, end


def _role(
    text: str, i: int, para_start: int, para_end: int, stack: list[_Open]
) -> Literal["open", "close"] | None:
    char = text[i]
    before = text[i - 1] if i > para_start else " "
    after = text[i + 1] if i + 1 < para_end else " "
    # Glued to the next word (it opens) / to the previous word (it closes).
    left = not after.isspace() and after not in _CLOSE_CONTEXT
    right = not before.isspace() and before not in _OPEN_CONTEXT
    families = {o.family for o in stack}
    if char in "«‹»›":
        # A guillemet pointing the wrong way at the end of a clause closes (« A «, b);
        # French sets spaces inside guillemets, so what precedes it does not tell.
        wrong_way = char in families and _rest_is_end(text, i + 1, para_end)
        return "close" if char in "»›" or wrong_way else "open"
    if char in "„‚":
        return "open" if char == "„" or (left and not right) else None
    if char in "“”":
        return _double_role(char, left, right, stack)
    if char == "’" and before.isalnum() and after.isalnum():
        return None  # an apostrophe: don’t, l’OTAN
    if char in "‘’":
        return _single_role(char, left, right, families)
    return _straight_role(left, right, families)


def _double_role(
    char: str, left: bool, right: bool, stack: list[_Open]
) -> Literal["open", "close"] | None:
    """“ opens, ” closes; German closes „ with “, and broken text turns either round."""
    low = next((o for o in reversed(stack) if o.family == "“"), None)
    if char == "“":
        closes = low is not None and (low.mark == "„" or (right and not left))
        return "close" if closes else "open"
    if low is not None:
        return "close"
    return "open" if left and not right else "close"


def _single_role(
    char: str, left: bool, right: bool, families: set[str]
) -> Literal["open", "close"] | None:
    """‘ ’ nest in English quotations; they close only what they opened."""
    if char == "‘" and left and not right:
        return "open"
    return "close" if "‘" in families and right else None


def _straight_role(left: bool, right: bool, families: set[str]) -> Literal["open", "close"]:
    """A straight quote opens or closes by what it touches, else by what is open."""
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    return "close" if '"' in families else "open"


def _family(char: str) -> str:
    if char in _OPENERS:
        return _OPENERS[char]
    if char in _CLOSERS:
        return _CLOSERS[char]
    if char in "“”":
        return "“"
    if char in "‘’":
        return "‘"
    return '"'


def _rest_is_end(text: str, i: int, para_end: int) -> bool:
    """Only spaces, then clause punctuation or the paragraph's end, follow position ``i``."""
    while i < para_end and text[i] in " \t\u00a0\u202f":
        i += 1
    return i >= para_end or text[i] in ",.;:!?)"


def _only_space(text: str, start: int, end: int) -> bool:
    return not text[start:end].strip()


def _after_sentence_end(text: str, i: int, para_start: int) -> bool:
    """Whether the mark at ``i`` follows a sentence end (or opens the paragraph)."""
    j = i - 1
    while j >= para_start and text[j] in " \t\u00a0\u202f":
        j -= 1
    return j < para_start or text[j] in _SENTENCE_END


def _orphan_start(text: str, close_at: int, floor: int) -> int:
    """Where a quotation closed at ``close_at`` without an opening mark begins."""
    j = close_at
    while j > floor and text[j - 1] in " \t\u00a0\u202f":
        j -= 1
    last = None
    for match in _BOUNDARY.finditer(text, floor, j):
        last = match
    return last.end() if last is not None else floor
