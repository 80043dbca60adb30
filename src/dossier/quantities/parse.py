"""Numbers as news reports write them, read without a model.

Digits: French and English group thousands with a space (also U+00A0 or the narrow U+202F),
a comma or a dot ("10 000", "10,000", "10.000"), and mark decimals with a comma or a dot
("1,5", "1.5"). Mixed forms read as one expects: "1.234,5" and "1,234.5" are both 1234.5.

One ambiguity is left: a single comma or dot followed by exactly three digits ("1,500",
"1.500"). It is read as a thousands separator, unless it is the language's decimal mark
(French ",", English ".") and a scale follows ("1,500 milliard" is 1.5 billion) or the integer
part is 0 ("0,125"). News reports do not give three decimals on a plain count, while
"10,000 soldats" in a translated French text and "10.000 troops" in a translated English one
are common, so this reading is right far more often than the strict one.

Words: spelled-out numbers add up and multiply as usual ("deux cent mille",
"two hundred and fifty thousand"); see ``words_value``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

# Characters that group thousands or mark decimals; the spaces only ever group.
SPACES = " \u00a0\u202f\u2009"
NUMERAL_PATTERN = r"\d+(?:[ \u00a0\u202f\u2009.,]\d+)*"
_NUMERAL = re.compile(NUMERAL_PATTERN)
_SPLIT = re.compile(r"([ \u00a0\u202f\u2009.,])")
DECIMAL_MARKS: dict[str, str] = {"fr": ",", "en": "."}
_DEFAULT_DECIMAL_MARK = "."  # languages we have no convention for read like English


@dataclass(frozen=True)
class Numeral:
    """A number written in digits: its value and how it was written."""

    value: Decimal
    length: int  # characters read from the start of the text
    grouped: bool  # thousands were separated ("10 000", "10,000")
    fraction: bool  # a decimal part was read ("1,5")


def decimal_mark(language: str | None) -> str:
    return DECIMAL_MARKS.get(language or "", _DEFAULT_DECIMAL_MARK)


def parse_numeral(
    text: str, *, language: str | None = None, scaled: bool = False
) -> Numeral | None:
    """Read the number written in digits at the start of ``text``; None when there is none.

    ``scaled`` says a scale word follows ("1,500 milliard"), which settles the one ambiguous
    form (see the module docstring). When the separators do not make one number ("21 2022",
    "01 23 45"), the longest prefix that does is read and ``length`` says where it ends.
    """
    match = _NUMERAL.match(text)
    if match is None:
        return None
    parts = _SPLIT.split(match.group())
    groups, seps = parts[0::2], parts[1::2]
    mark = decimal_mark(language)
    for last in range(len(groups) - 1, -1, -1):
        read = _read(groups[: last + 1], seps[:last], mark, scaled)
        if read is not None:
            value, grouped, fraction = read
            length = sum(map(len, groups[: last + 1])) + last
            return Numeral(value, length, grouped, fraction)
    return None  # unreachable: one group of digits always reads


def _sep_class(sep: str) -> str:
    return "space" if sep in SPACES else sep


def _grouping_ok(groups: Sequence[str], seps: Sequence[str]) -> bool:
    """Thousands grouping: one kind of separator, 1-3 leading digits, then groups of three."""
    if not seps:
        return True
    classes = {_sep_class(s) for s in seps}
    return (
        len(classes) == 1
        and 1 <= len(groups[0]) <= 3
        and not groups[0].startswith("0")
        and all(len(g) == 3 for g in groups[1:])
    )


def _read(
    groups: Sequence[str], seps: Sequence[str], mark: str, scaled: bool
) -> tuple[Decimal, bool, bool] | None:
    if not seps:
        return Decimal(groups[0]), False, False
    last = seps[-1]
    as_grouping = _grouping_ok(groups, seps)
    if as_grouping and len(seps) == 1 and last == mark and (scaled or groups[0] == "0"):
        as_grouping = False  # "1,500 milliard", "0.125": the language's decimal mark
    if as_grouping:
        return Decimal("".join(groups)), True, False
    if last in ",." and (
        len(seps) == 1
        or (_grouping_ok(groups[:-1], seps[:-1]) and _sep_class(seps[0]) != _sep_class(last))
    ):
        whole = "".join(groups[:-1])
        return Decimal(f"{whole}.{groups[-1]}"), len(seps) > 1, True
    if groups[0].startswith("0") and len(seps) == 1 and last == mark:
        return Decimal(f"{groups[0]}.{groups[1]}"), False, True
    return None


class WordNumberError(ValueError):
    """Spelled-out words that do not make one number."""


def words_value(
    words: Sequence[str],
    *,
    values: Mapping[str, int],
    hundreds: Collection[str],
    scales: Mapping[str, Decimal],
    articles: Collection[str] = (),
) -> tuple[Decimal, int]:
    """The value of the longest prefix of ``words`` that makes one number, and its length.

    ``words`` are lowercased; connectors ("et", "and") must already be removed. Values add up
    when each is smaller than the last digit place filled ("vingt" + "cinq", "soixante" +
    "dix", "quatre-vingt" + "dix" + "neuf"); a hundreds word multiplies what comes before by
    100; a scale multiplies everything before it since the last larger scale ("deux cent
    mille", "two million three hundred thousand"). An article is 1, only before a hundreds
    word or a scale ("un million", "a hundred"). Raises ``WordNumberError`` when even the
    first word is not a number.
    """
    total = Decimal(0)  # the part already closed by a scale
    current = 0  # below the last scale
    last_scale: Decimal | None = None
    used = 0
    for i, word in enumerate(words):
        if word in values:
            if not _adds_up(current, values[word]):
                break
            current += values[word]
        elif word in articles and current == 0 and _next_multiplies(words, i, hundreds, scales):
            current = 1  # "a hundred", "a million"
        elif word in hundreds:
            if current >= 100:
                break
            current = (current or 1) * 100
        elif word in scales:
            scale = scales[word]
            if last_scale is not None and scale >= last_scale:
                break
            total += (current or 1) * scale
            current = 0
            last_scale = scale
        else:
            break
        used = i + 1
    if used == 0:
        raise WordNumberError(f"{' '.join(words)!r} does not start with a number word")
    return total + current, used


def _next_multiplies(
    words: Sequence[str], i: int, hundreds: Collection[str], scales: Mapping[str, Decimal]
) -> bool:
    return i + 1 < len(words) and (words[i + 1] in hundreds or words[i + 1] in scales)


def _adds_up(current: int, value: int) -> bool:
    """Whether ``value`` continues the number ``current`` ("vingt" then "cinq")."""
    if current == 0:
        return True
    below_hundred = current % 100
    if value < 10:
        return below_hundred % 10 == 0
    if value < 20:
        # French counts 70 and 90 as 60 + 10 and 80 + 10: "soixante-dix", "quatre-vingt-dix"
        return below_hundred in (0, 60, 80)
    return below_hundred == 0
