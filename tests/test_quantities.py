"""Quantities found in text, one rule per test, without a spaCy model (the lexicon only).

The sentences are written for these tests. Tests that need the parse are in
test_quantities_parsed.py (marked slow).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dossier.errors import DataFileError
from dossier.model import Quantity
from dossier.quantities.detect import QuantityFinder
from dossier.quantities.lexicon import load_lexicon
from dossier.quantities.stage import QuantityStage

FINDER = QuantityFinder()
NBSP, NNBSP = "\u00a0", "\u202f"


def find(text: str, language: str | None = "fr") -> list[Quantity]:
    found = FINDER.find(text, language)
    for q in found:
        assert text[q.start : q.end] == q.text, "offsets must index the text exactly"
    return found


def one(text: str, language: str | None = "fr") -> Quantity:
    found = find(text, language)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


def summary(q: Quantity) -> tuple[float | None, str | None, str, str]:
    return q.value, q.unit, q.kind, q.qualifier


# -- money -------------------------------------------------------------------------------


def test_quantities_money_scale_and_currency_words_in_french() -> None:
    q = one("Le fonds recevra 350 millions d’euros de la Commission.")
    assert summary(q) == (350e6, "EUR", "money", "exact")
    assert q.text == "350 millions d’euros"


def test_quantities_money_decimal_comma_before_milliard() -> None:
    q = one("Un prêt de 3,2 milliards de dollars a été accordé.")
    assert summary(q) == (3.2e9, "USD", "money", "exact")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bank lent $75m to the port.", (75e6, "USD")),
        ("The bank lent $75 million to the port.", (75e6, "USD")),
        ("The bank lent US$75 million to the port.", (75e6, "USD")),
        ("The bank lent €2.4bn to the port.", (2.4e9, "EUR")),
        ("The bank lent £600,000 to the port.", (600_000, "GBP")),
        ("The bank lent USD 12 million to the port.", (12e6, "USD")),
        ("The bank lent 75 million dollars to the port.", (75e6, "USD")),
    ],
)
def test_quantities_money_symbols_before_the_number(text: str, expected: tuple[float, str]) -> None:
    q = one(text, "en")
    assert (q.value, q.unit, q.kind) == (*expected, "money")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le contrat vaut 800 M$.", (800e6, "USD")),
        ("Le contrat vaut 1,8 Md€.", (1.8e9, "EUR")),
        (f"Le billet coûte 12{NNBSP}€.", (12, "EUR")),
        ("Le contrat vaut 40 millions USD.", (40e6, "USD")),
        ("Le contrat vaut 40 000 $ US.", (40_000, "USD")),
    ],
)
def test_quantities_money_symbols_after_the_number(text: str, expected: tuple[float, str]) -> None:
    q = one(text)
    assert (q.value, q.unit, q.kind) == (*expected, "money")


@pytest.mark.parametrize(
    ("text", "language", "code"),
    [
        ("Ottawa versera 30 millions de dollars canadiens.", "fr", "CAD"),
        ("Ottawa will pay 30 million Canadian dollars.", "en", "CAD"),
        ("Ottawa will pay C$30 million.", "en", "CAD"),
        ("Londres versera 30 millions de livres sterling.", "fr", "GBP"),
        ("London will pay 30 million pounds.", "en", "GBP"),
        ("Kiev versera 30 millions de hryvnias.", "fr", "UAH"),
        ("Moscou versera 30 millions de roubles.", "fr", "RUB"),
        ("Moscow will pay 30 million rubles.", "en", "RUB"),
        ("Pékin versera 30 millions de yuans.", "fr", "CNY"),
    ],
)
def test_quantities_money_currency_names_map_to_iso_4217(
    text: str, language: str, code: str
) -> None:
    assert one(text, language).unit == code


def test_quantities_money_with_and_without_a_scale() -> None:
    found = find("Il a reçu 40 millions de dollars, puis 15 000 dollars.")
    assert [(q.value, q.unit, q.text) for q in found] == [
        (40e6, "USD", "40 millions de dollars"),
        (15_000, "USD", "15 000 dollars"),
    ]


def test_quantities_money_abbreviation_m_needs_a_currency() -> None:
    assert one("The ridge is 300 m high.", "en").unit != "USD"


# -- percentages and measures ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        (f"L'inflation atteint 7,5{NBSP}%.", "fr", 7.5),
        ("L'inflation atteint 7,5 pour cent.", "fr", 7.5),
        ("Inflation reached 7.5 per cent.", "en", 7.5),
        ("Inflation reached 7.5%.", "en", 7.5),
    ],
)
def test_quantities_percent(text: str, language: str, value: float) -> None:
    assert summary(one(text, language)) == (value, "percent", "percent", "exact")


def test_quantities_percentage_points() -> None:
    q = one("Le taux a baissé de 2 points de pourcentage.")
    assert (q.unit, q.kind) == ("percentage points", "percent")


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Le convoi transporte 35 tonnes de farine.", "tonnes"),
        ("La colonne s'étend sur 60 km.", "kilometres"),
        ("La colonne s'étend sur 60km.", "kilometres"),
        ("Le pipeline livre 9 000 barils par jour.", "barrels"),
    ],
)
def test_quantities_measures(text: str, unit: str) -> None:
    q = one(text)
    assert (q.unit, q.kind) == (unit, "measure")


# -- counts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "unit"),
    [
        ("Le pays a mobilisé 2 500 soldats.", "fr", "troops"),
        ("L'armée a envoyé 900 militaires.", "fr", "troops"),
        ("The army sent 2,500 servicemen.", "en", "troops"),
        ("La flotte compte 35 navires de guerre.", "fr", "ships"),
        ("La flotte compte 35 bâtiments de guerre.", "fr", "ships"),
        ("The fleet has 35 vessels.", "en", "ships"),
        ("L'alliance déploie 12 avions de combat.", "fr", "aircraft"),
        ("The alliance deploys 12 fighter jets.", "en", "aircraft"),
        ("L'alliance déploie 4 hélicoptères.", "fr", "helicopters"),
        ("Le régiment aligne 40 chars.", "fr", "tanks"),
        ("The regiment fields 40 tanks.", "en", "tanks"),
        ("Ils ont tiré 17 missiles.", "fr", "missiles"),
        ("Ils ont abattu 23 drones.", "fr", "drones"),
        ("La commune compte 4 000 habitants.", "fr", "people"),
        ("Le bilan est de 14 morts.", "fr", "dead"),
        ("The toll rose to 14 killed.", "en", "dead"),
        ("On compte aussi 31 blessés.", "fr", "injured"),
        ("There were 31 wounded.", "en", "injured"),
        ("La police a fait 60 interpellations.", "fr", "arrested"),
        ("Le conflit a fait 8 000 déplacés.", "fr", "displaced"),
        ("Le camp accueille 8 000 réfugiés.", "fr", "refugees"),
        ("Près de la mairie, 3 000 manifestants.", "fr", "protesters"),
        ("Outside, 3,000 demonstrators gathered.", "en", "protesters"),
    ],
)
def test_quantities_counted_kinds(text: str, language: str, unit: str) -> None:
    q = one(text, language)
    assert (q.unit, q.kind) == (unit, "count")


def test_quantities_bare_number_is_other_without_a_parse() -> None:
    assert summary(one("Le score final était de 87.")) == (87, None, "other", "exact")


def test_quantities_buildings_are_not_ships() -> None:
    assert one("La frappe a détruit 6 bâtiments.").unit == "buildings"


# -- qualifiers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "qualifier"),
    [
        ("Plus de 300 soldats sont arrivés.", "fr", "more_than"),
        ("More than 300 soldiers arrived.", "en", "more_than"),
        ("Over 300 soldiers arrived.", "en", "more_than"),
        ("Moins de 300 soldats sont arrivés.", "fr", "less_than"),
        ("Fewer than 300 soldiers arrived.", "en", "less_than"),
        ("Less than 300 soldiers arrived.", "en", "less_than"),
        ("Environ 300 soldats sont arrivés.", "fr", "about"),
        ("Près de 300 soldats sont arrivés.", "fr", "about"),
        ("Quelque 300 soldats sont arrivés.", "fr", "about"),
        ("About 300 soldiers arrived.", "en", "about"),
        ("Around 300 soldiers arrived.", "en", "about"),
        ("Nearly 300 soldiers arrived.", "en", "about"),
        ("Some 300 soldiers arrived.", "en", "about"),
        ("Approximately 300 soldiers arrived.", "en", "about"),
        ("Jusqu'à 300 soldats pourraient arriver.", "fr", "up_to"),
        ("Up to 300 soldiers could arrive.", "en", "up_to"),
        ("Au moins 300 soldats sont arrivés.", "fr", "at_least"),
        ("At least 300 soldiers arrived.", "en", "at_least"),
        ("Il en faudrait 300 ou plus.", "fr", "at_least"),
    ],
)
def test_quantities_qualifiers(text: str, language: str, qualifier: str) -> None:
    q = one(text, language)
    assert (q.value, q.qualifier) == (300, qualifier)


def test_quantities_qualifier_is_part_of_the_text() -> None:
    assert one("Il a reçu plus de 300 lettres.").text.startswith("plus de 300")


def test_quantities_qualifier_with_elided_de() -> None:
    q = one("Plus d'un million de personnes ont fui.")
    assert summary(q) == (1e6, "people", "count", "more_than")


def test_quantities_qualifier_after_the_quantity() -> None:
    q = one("Il faudra 500 soldats au moins.")
    assert (q.qualifier, q.text) == ("at_least", "500 soldats au moins")


# -- ranges ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Entre 4 000 et 6 500 soldats sont attendus.", "fr"),
        ("Between 4,000 and 6,500 soldiers are expected.", "en"),
        ("Some 4,000-6,500 soldiers are expected.", "en"),
        ("De 4 000 à 6 500 soldats sont attendus.", "fr"),
        ("From 4,000 to 6,500 soldiers are expected.", "en"),
    ],
)
def test_quantities_ranges(text: str, language: str) -> None:
    q = one(text, language)
    assert (q.value, q.value_max, q.unit, q.qualifier) == (4000, 6500, "troops", "range")


def test_quantities_range_low_end_takes_the_scale_of_the_high_end() -> None:
    q = one("Le coût se situe entre 1 et 3 milliards d'euros.")
    assert (q.value, q.value_max, q.unit) == (1e9, 3e9, "EUR")


def test_quantities_range_text_includes_the_opening_word() -> None:
    assert one("Il a réuni entre 40 et 60 élus.").text.startswith("entre 40 et 60")


def test_quantities_two_units_joined_by_and_are_not_a_range() -> None:
    found = find("L'attaque a fait 9 morts et 25 blessés.")
    assert [(q.value, q.unit, q.qualifier) for q in found] == [
        (9, "dead", "exact"),
        (25, "injured", "exact"),
    ]


def test_quantities_numbers_joined_by_and_without_between_are_not_a_range() -> None:
    assert [q.qualifier for q in find("Les équipes 4 et 7 ont gagné.")] == ["exact", "exact"]


def test_quantities_numbers_joined_by_a_dash_without_a_range_are_a_code() -> None:
    assert find("The match ended 3-1.", "en") == []
    assert find("La loi 2019-828 a été votée.") == []


def test_quantities_hours_range_is_a_time() -> None:
    assert find("The office is open from 9 to 5 p.m.", "en") == []


def test_quantities_negative_number() -> None:
    q = one("Il a fait -12 degrés cette nuit.")
    assert (q.value, q.unit, q.text) == (-12, "degrees", "-12 degrés")


# -- round groups: about and vague ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Une centaine de manifestants étaient présents.", "fr", 100),
        ("Une douzaine de navires croisent au large.", "fr", 12),
        ("A dozen ships are off the coast.", "en", 12),
        ("Un millier de soldats sont arrivés.", "fr", 1000),
    ],
)
def test_quantities_singular_group_is_about(text: str, language: str, value: float) -> None:
    q = one(text, language)
    assert (q.value, q.qualifier) == (value, "about")


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Des centaines de manifestants ont défilé.", "fr", 100),
        ("Des milliers de manifestants ont défilé.", "fr", 1000),
        ("Des dizaines de milliers de manifestants ont défilé.", "fr", 10_000),
        ("Plusieurs milliers de manifestants ont défilé.", "fr", 1000),
        ("Quelques centaines de manifestants ont défilé.", "fr", 100),
        ("Hundreds of protesters marched.", "en", 100),
        ("Tens of thousands of protesters marched.", "en", 10_000),
        ("Hundreds of thousands of protesters marched.", "en", 100_000),
        ("Several hundred protesters marched.", "en", 100),
        ("A few thousand protesters marched.", "en", 1000),
    ],
)
def test_quantities_plural_group_is_vague_with_the_order_of_magnitude(
    text: str, language: str, value: float
) -> None:
    q = one(text, language)
    assert (q.value, q.unit, q.qualifier) == (value, "protesters", "vague")


def test_quantities_vague_money() -> None:
    q = one("The project will cost billions of dollars.", "en")
    assert summary(q) == (1e9, "USD", "money", "vague")


def test_quantities_bare_plural_group_needs_of() -> None:
    assert find("The judges' scores were high.", "en") == []


# -- spelled-out numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Trois soldats ont été blessés.", "fr", 3),
        ("Deux cents soldats sont arrivés.", "fr", 200),
        ("Quatre-vingt-dix soldats sont arrivés.", "fr", 90),
        ("Vingt et un soldats sont arrivés.", "fr", 21),
        ("Deux millions de personnes ont voté.", "fr", 2e6),
        ("Twenty-five soldiers arrived.", "en", 25),
        ("Two hundred and fifty soldiers arrived.", "en", 250),
        ("A hundred soldiers arrived.", "en", 100),
        ("A million people voted.", "en", 1e6),
    ],
)
def test_quantities_spelled_out_numbers(text: str, language: str, value: float) -> None:
    assert one(text, language).value == value


def test_quantities_and_a_half_after_a_scale() -> None:
    assert one("Un million et demi de personnes ont fui.").value == 1_500_000
    assert one("Il a reçu 2 milliards et demi d'euros.").value == 2.5e9
    assert one("They raised a billion and a half dollars.", "en").value == 1.5e9


def test_quantities_half_a_million() -> None:
    q = one("Half a million people fled.", "en")
    assert (q.value, q.text) == (500_000, "Half a million people")


def test_quantities_one_alone_is_an_article_not_a_count() -> None:
    assert find("Un soldat et une infirmière sont arrivés.") == []
    assert find("One of the soldiers arrived.", "en") == []


def test_quantities_small_spelled_number_after_definite_determiner_refers_back() -> None:
    assert find("Les deux pays ont signé.") == []
    assert find("The three leaders met.", "en") == []
    assert one("Les 2 pays ont signé.").value == 2  # digits report a figure


# -- not quantities --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Le traité a été signé en 1994."),
        ("en", "The treaty was signed in 1994."),
        ("fr", "La réunion du 14 mars a été reportée."),
        ("en", "The meeting of March 14 was delayed."),
        ("en", "The meeting of Mar. 14 was delayed."),
        ("fr", "La réunion de vendredi 14 a été reportée."),
        ("fr", "La mode des années 80 revient."),
        ("fr", "La réunion du 14/03/2023 a été reportée."),
        ("en", "The meeting of 2023-03-14 was delayed."),
        ("fr", "La séance commence à 9h30."),
        ("fr", "La séance commence à 9 h 30."),
        ("en", "The session starts at 14:30."),
        ("en", "The session starts at 3 p.m."),
        ("fr", "C'est la 3e réunion et le 1er accord."),
        ("en", "It is the 21st meeting."),
        ("fr", "Appelez le 01 45 67 89 10 ou le +33 6 12 34 56 78."),
        ("fr", "Le sommet du G20 a débattu du Covid-19."),
        ("fr", "Ils ont reçu des F-16 et un A400M."),
        ("fr", "La COP26 s'est tenue en Écosse."),
        ("fr", "L'article 5 du traité a été invoqué."),
        ("en", "The flight 752 crashed."),
        ("fr", "La visite a duré deux heures."),
        ("en", "The talks lasted 90 minutes."),
        ("fr", "Il a 45 ans."),
        ("en", "It was a 10-day visit."),
        ("fr", "Il l'a répété à deux reprises."),
        ("en", "Two-thirds of voters agreed."),
        ("fr", "Le décret n° 2022-301 est paru."),
    ],
)
def test_quantities_not_quantities(language: str, text: str) -> None:
    assert find(text, language) == [], text


def test_quantities_time_range_is_dropped_whole() -> None:
    assert find("The visit lasted 2-3 days.", "en") == []
    assert find("Le sommet a lieu les 21-22 juin.") == []


def test_quantities_days_listed_before_a_month_are_dates() -> None:
    assert find("Le sommet se tiendra les 4, 5 et 6 mai.") == []
    assert find("Le salon a lieu du 7 au 9 mars.") == []
    assert find("The summit runs on 4 and 5 May.", "en") == []


def test_quantities_grouped_number_is_not_a_phone() -> None:
    assert one("Ils étaient 1 250 000 à voter.").value == 1_250_000


def test_quantities_unknown_language_uses_english_conventions() -> None:
    found = find("Die Armee hat 2.500 Soldaten und $1.5bn.", None)
    assert [(q.value, q.unit) for q in found] == [(2500, None), (1.5e9, "USD")]


def test_quantities_offsets_index_the_text_exactly() -> None:
    text = f"« Selon l’ONU, plus de 12{NNBSP}000 réfugiés » — et 3,5{NBSP}% de hausse."
    found = find(text)
    assert [q.text for q in found] == [f"plus de 12{NNBSP}000 réfugiés", f"3,5{NBSP}%"]


# -- property tests: render amounts the ways reports write them, read them back --------------

FR_SCALES = {"million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9}
EN_SCALES = {"million": 10**6, "billion": 10**9, "m": 10**6, "bn": 10**9}
# Where the currency goes, and the code it gives.
FR_MONEY = {
    "{n} {s} de dollars": "USD",
    "{n} {s} d’euros": "EUR",
    "{n} {s} d'euros": "EUR",
    "{n} {s} de livres sterling": "GBP",
    "{n} {s} $": "USD",
    "{n} {s} €": "EUR",
    "{n} {s} USD": "USD",
}
EN_MONEY = {
    "${n}{g}{s}": "USD",
    "US${n}{g}{s}": "USD",
    "€{n}{g}{s}": "EUR",
    "£{n}{g}{s}": "GBP",
    "USD {n}{g}{s}": "USD",
    "{n}{g}{s} dollars": "USD",
    "{n}{g}{s} euros": "EUR",
}
# Thousands separators that cannot be read as the language's decimal mark.
MONEY_GROUPS = {"fr": [" ", NBSP, NNBSP, "."], "en": [",", " ", NBSP, NNBSP]}


def amount(whole: int, decimals: str, language: str, sep: str) -> tuple[str, float]:
    mark = "," if language == "fr" else "."
    number = f"{whole:,}".replace(",", sep) + (f"{mark}{decimals}" if decimals else "")
    return number, whole + (int(decimals) / 10 ** len(decimals) if decimals else 0)


@given(
    whole=st.integers(min_value=1, max_value=999_999),
    decimals=st.sampled_from(["", "5", "25", "75", "125"]),
    sep=st.sampled_from(MONEY_GROUPS["fr"]),
    scale=st.sampled_from(sorted(FR_SCALES)),
    form=st.sampled_from(sorted(FR_MONEY)),
)
def test_quantities_french_money_round_trip(
    whole: int, decimals: str, sep: str, scale: str, form: str
) -> None:
    number, value = amount(whole, decimals, "fr", sep)
    q = one("L'État a versé " + form.format(n=number, s=scale) + " au total.")
    assert q.value == pytest.approx(value * FR_SCALES[scale], rel=1e-12)
    assert (q.unit, q.kind) == (FR_MONEY[form], "money")


@given(
    whole=st.integers(min_value=1, max_value=999_999),
    decimals=st.sampled_from(["", "5", "25", "75", "125"]),
    sep=st.sampled_from(MONEY_GROUPS["en"]),
    scale=st.sampled_from(sorted(EN_SCALES)),
    form=st.sampled_from(sorted(EN_MONEY)),
)
def test_quantities_english_money_round_trip(
    whole: int, decimals: str, sep: str, scale: str, form: str
) -> None:
    number, value = amount(whole, decimals, "en", sep)
    glue = "" if len(scale) <= 2 else " "
    q = one("The state paid " + form.format(n=number, g=glue, s=scale) + " in total.", "en")
    assert q.value == pytest.approx(value * EN_SCALES[scale], rel=1e-12)
    assert (q.unit, q.kind) == (EN_MONEY[form], "money")


@given(
    whole=st.integers(min_value=1, max_value=10**9),
    language=st.sampled_from(["fr", "en"]),
    data=st.data(),
)
def test_quantities_money_without_scale_round_trip(
    whole: int, language: str, data: st.DataObject
) -> None:
    sep = data.draw(st.sampled_from(MONEY_GROUPS[language]))
    number, value = amount(whole, "", language, sep)
    text = f"Le lot a coûté {number} € hier." if language == "fr" else f"It cost ${number} today."
    q = one(text, language)
    assert (q.value, q.unit) == (value, "EUR" if language == "fr" else "USD")


@given(
    n=st.integers(min_value=2200, max_value=10**9),
    sep=st.sampled_from([" ", NBSP, NNBSP, ".", ","]),
    language=st.sampled_from(["fr", "en"]),
)
def test_quantities_grouped_counts_round_trip(n: int, sep: str, language: str) -> None:
    text = f"{n:,}".replace(",", sep)
    sentence = (
        f"Au total, {text} soldats sont arrivés."
        if language == "fr"
        else f"In all, {text} soldiers arrived."
    )
    q = one(sentence, language)
    assert (q.value, q.unit, q.text) == (n, "troops", q.text)
    assert q.text.startswith(text)


FR_UNITS = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]
FR_TEENS = ["dix", "onze", "douze", "treize", "quatorze", "quinze", "seize"]
FR_TENS = ["", "dix", "vingt", "trente", "quarante", "cinquante", "soixante"]


def french_below_100(n: int) -> str:
    if n < 10:
        return FR_UNITS[n]
    if n < 17:
        return FR_TEENS[n - 10]
    if n < 20:
        return "dix-" + FR_UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):  # soixante-dix, quatre-vingt-dix: 60 or 80 plus a teen
        base = "soixante" if tens == 7 else "quatre-vingt"
        rest = french_below_100(10 + unit)
        return f"{base} et {rest}" if n == 71 else f"{base}-{rest}"
    base = "quatre-vingt" if tens == 8 else FR_TENS[tens]
    if unit == 0:
        return "quatre-vingts" if tens == 8 else base
    return f"{base} et un" if unit == 1 and tens != 8 else f"{base}-{FR_UNITS[unit]}"


def french(n: int) -> str:
    """French spelling of 2 ≤ n < 1 000 000, traditional rules."""
    thousands, rest = divmod(n, 1000)
    parts = []
    if thousands:
        parts.append("mille" if thousands == 1 else f"{french_below_1000(thousands, True)} mille")
    if rest:
        parts.append(french_below_1000(rest, False))
    return " ".join(parts)


def french_below_1000(n: int, before_mille: bool) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        head = "cent" if hundreds == 1 else f"{FR_UNITS[hundreds]} cent"
        if hundreds > 1 and rest == 0 and not before_mille:
            head += "s"
        parts.append(head)
    if rest:
        parts.append(french_below_100(rest))
    return " ".join(parts)


EN_UNITS = [
    "",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def english_below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = [f"{EN_UNITS[hundreds]} hundred"] if hundreds else []
    if rest:
        tens, unit = divmod(rest, 10)
        words = EN_UNITS[rest] if rest < 20 else EN_TENS[tens] + (f"-{EN_UNITS[unit]}" * bool(unit))
        parts.append(("and " if hundreds else "") + words)
    return " ".join(parts)


def english(n: int) -> str:
    thousands, rest = divmod(n, 1000)
    parts = [f"{english_below_1000(thousands)} thousand"] if thousands else []
    if rest:
        parts.append(english_below_1000(rest))
    return " ".join(parts)


@given(n=st.integers(min_value=20, max_value=999_999))
def test_quantities_french_words_round_trip(n: int) -> None:
    q = one(f"Au total, {french(n)} soldats sont arrivés.")
    assert (q.value, q.unit) == (n, "troops"), french(n)


@given(n=st.integers(min_value=20, max_value=999_999))
def test_quantities_english_words_round_trip(n: int) -> None:
    q = one(f"In all, {english(n)} soldiers arrived.", "en")
    assert (q.value, q.unit) == (n, "troops"), english(n)


# -- the lexicon file ------------------------------------------------------------------------


def test_quantities_lexicon_is_loaded_once_per_process() -> None:
    assert load_lexicon() is load_lexicon()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("version: [1", "not valid YAML"),
        ("version: one\n", "version must be an integer"),
        ("version: 1\ncurrencies:\n  - code: usd\n", "not an ISO 4217 code"),
        (
            "version: 1\ncurrencies: []\nscales: []\nqualifiers:\n  fr:\n    before:\n"
            "      roughly: [environ]\n",
            "'roughly' is not one of",
        ),
        (
            "version: 1\ncurrencies: []\nscales: []\nunits:\n  - unit: troops\n    kind: count\n"
            "    words: {fr: [soldats]}\n  - unit: ships\n    kind: count\n"
            "    words: {fr: [soldats]}\n",
            "given two meanings",
        ),
        (
            "version: 1\ncurrencies: []\nscales: []\nunits:\n  - unit: troops\n"
            "    kind: army\n    words: {fr: [soldats]}\n",
            "kind must be one of",
        ),
    ],
)
def test_quantities_lexicon_errors_name_the_file(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match=problem) as info:
        load_lexicon(path)
    assert str(path) in str(info.value)


def test_quantities_lexicon_missing_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        load_lexicon(tmp_path / "absent.yaml")


def test_quantities_stage_reads_another_lexicon_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "version: 1\ncurrencies: []\nscales: []\n"
        "units:\n  - unit: lanterns\n    kind: count\n    words: {fr: [lampions]}\n",
        encoding="utf-8",
    )
    stage = QuantityStage(lexicon=str(path))
    found = stage.finder.find("On a allumé 40 lampions.", "fr")
    assert [(q.value, q.unit) for q in found] == [(40, "lanterns")]


def test_quantities_stage_declares_its_contract() -> None:
    assert QuantityStage.name == "quantities"
    assert QuantityStage.factory == "dossier.quantities.rules.v1"
    assert QuantityStage.requires == ("doc.text", "doc.language", "doc.spacy")
    assert QuantityStage.assigns == ("doc.quantities",)
