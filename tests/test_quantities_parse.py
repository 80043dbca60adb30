"""Numbers in digits and in words, read without a model (dossier.quantities.parse)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dossier.quantities.lexicon import load_lexicon
from dossier.quantities.parse import WordNumberError, parse_numeral, words_value

NBSP, NNBSP, THIN = "\u00a0", "\u202f", "\u2009"


def value(text: str, language: str | None = None, *, scaled: bool = False) -> Decimal:
    numeral = parse_numeral(text, language=language, scaled=scaled)
    assert numeral is not None
    return numeral.value


@pytest.mark.parametrize("space", [" ", NBSP, NNBSP, THIN])
def test_quantities_parse_spaces_group_thousands(space: str) -> None:
    assert value(f"12{space}500") == 12500
    assert value(f"3{space}000{space}000", "fr") == 3_000_000


def test_quantities_parse_commas_and_dots_group_thousands_in_both_languages() -> None:
    assert value("25,000", "en") == value("25,000", "fr") == 25000
    assert value("25.000", "fr") == value("25.000", "en") == 25000
    assert value("4,250,000", "en") == value("4.250.000", "fr") == 4_250_000


def test_quantities_parse_decimals_with_either_mark() -> None:
    assert value("3,7", "fr") == value("3.7", "en") == Decimal("3.7")
    assert value("3,7", "en") == Decimal("3.7")  # a comma before one digit cannot group


def test_quantities_parse_mixed_grouping_and_decimal_marks() -> None:
    assert value("2.345,75", "fr") == value("2,345.75", "en") == Decimal("2345.75")
    assert value(f"2{NBSP}345,75", "fr") == Decimal("2345.75")


def test_quantities_parse_three_decimals_only_before_a_scale_or_after_zero() -> None:
    assert value("2,750", "fr") == 2750
    assert value("2,750", "fr", scaled=True) == Decimal("2.75")
    assert value("2.750", "en", scaled=True) == Decimal("2.75")
    assert value("2.750", "fr", scaled=True) == 2750  # the dot groups in French
    assert value("0,375", "fr") == Decimal("0.375")


def test_quantities_parse_reads_the_longest_prefix_that_is_one_number() -> None:
    numeral = parse_numeral("17 2023")
    assert numeral is not None
    assert (numeral.value, numeral.length) == (17, 2)
    numeral = parse_numeral("06 12 34 56 78")
    assert numeral is not None
    assert numeral.length == 2


def test_quantities_parse_reports_how_the_number_was_written() -> None:
    numeral = parse_numeral("48,000")
    assert numeral is not None
    assert numeral.grouped and not numeral.fraction
    numeral = parse_numeral("1987")
    assert numeral is not None
    assert not numeral.grouped and not numeral.fraction and numeral.length == 4


def test_quantities_parse_returns_none_without_digits() -> None:
    assert parse_numeral("soldats") is None


# -- spelled-out numbers ----------------------------------------------------------------


def spelled(words: list[str], language: str) -> tuple[Decimal, int]:
    """``words`` as the finder passes them: lexicon keys, connectors left out."""
    w = load_lexicon().words(language)
    return words_value(
        words, values=w.values, hundreds=w.hundreds, scales=w.scales, articles=w.articles
    )


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["sept"], 7),
        (["soixante", "onze"], 71),
        (["quatre vingt", "dix", "neuf"], 99),
        (["deux", "cents"], 200),
        (["deux", "cent", "trois", "mille"], 203_000),
        (["mille", "trois", "cents"], 1300),
        (["trois", "millions", "cinq", "cent", "mille"], 3_500_000),
    ],
)
def test_quantities_parse_french_words(words: list[str], expected: int) -> None:
    assert spelled(words, "fr") == (expected, len(words))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["forty", "two"], 42),
        (["nineteen", "hundred"], 1900),
        (["three", "hundred", "fifty", "thousand"], 350_000),
        (["a", "hundred"], 100),
        (["one", "million"], 1_000_000),
    ],
)
def test_quantities_parse_english_words(words: list[str], expected: int) -> None:
    assert spelled(words, "en") == (expected, len(words))


def test_quantities_parse_words_stop_where_a_second_number_starts() -> None:
    assert spelled(["cinq", "six"], "fr") == (5, 1)
    assert spelled(["twenty", "thirty"], "en") == (20, 1)
    assert spelled(["mille", "millions"], "fr") == (1000, 1)


def test_quantities_parse_words_refuse_a_non_number() -> None:
    with pytest.raises(WordNumberError):
        spelled(["soldats"], "fr")


# -- property tests: render a number the ways reports do, read it back -------------------

GROUPINGS = {"fr": [" ", NBSP, NNBSP, THIN, "."], "en": [",", " ", NBSP]}


def grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@given(n=st.integers(min_value=0, max_value=10**15), data=st.data())
def test_quantities_parse_grouped_integers_round_trip(n: int, data: st.DataObject) -> None:
    language = data.draw(st.sampled_from(["fr", "en"]))
    sep = data.draw(st.sampled_from(GROUPINGS[language]))
    text = grouped(n, sep)
    numeral = parse_numeral(text, language=language)
    assert numeral is not None
    assert (numeral.value, numeral.length) == (n, len(text))


@given(
    whole=st.integers(min_value=0, max_value=10**9),
    fraction=st.integers(min_value=0, max_value=999_999).map(str),
    data=st.data(),
)
def test_quantities_parse_decimals_round_trip(
    whole: int, fraction: str, data: st.DataObject
) -> None:
    language = data.draw(st.sampled_from(["fr", "en"]))
    mark = "," if language == "fr" else "."
    sep = data.draw(st.sampled_from([s for s in GROUPINGS[language] if s != mark]))
    # three decimals read as a decimal only before a scale (see the parse module)
    scaled = len(fraction) == 3 or data.draw(st.booleans())
    text = f"{grouped(whole, sep)}{mark}{fraction}"
    assert value(text, language, scaled=scaled) == Decimal(f"{whole}.{fraction}")
