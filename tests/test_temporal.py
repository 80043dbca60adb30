"""The TIME stage's grammar, one behaviour per test, without a parse (fast).

Sentences are written for these tests. The publication date is Wednesday 15 March 2023
unless a test says otherwise; rules that need the verb's tense are in
test_temporal_tense.py, which loads spaCy.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.temporal import find_times
from dossier.temporal.mention import Timex

PUBLISHED = "2023-03-15"  # a Wednesday, in ISO week 11, before summer time


def times(text: str, language: str = "fr", published: str | None = PUBLISHED) -> list[Timex]:
    found = find_times(text, language, published=published).timexes
    for timex in found:
        assert text[timex.start : timex.end] == timex.text
    return found


def one(text: str, language: str = "fr", published: str | None = PUBLISHED) -> Timex:
    found = times(text, language, published)
    assert len(found) == 1, [(t.text, t.value) for t in found]
    return found[0]


def values(text: str, language: str = "fr", published: str | None = PUBLISHED) -> list[str]:
    return [str(t.value) for t in times(text, language, published)]


# ------------------------------------------------------------------------ absolute dates


def test_temporal_french_full_date_includes_its_article() -> None:
    timex = one("Le traité a été signé le 21 janvier 2022 à Lisbonne.")
    assert (timex.text, timex.value, timex.precision, timex.type) == (
        "le 21 janvier 2022",
        "2022-01-21",
        "day",
        "DATE",
    )


def test_temporal_french_first_of_month_ordinal() -> None:
    assert one("La loi entrera en vigueur le 1er février 2024.").value == "2024-02-01"


def test_temporal_english_month_day_year() -> None:
    timex = one("The accord was signed on January 21, 2022, in Lisbon.", "en")
    assert (timex.text, timex.value) == ("January 21, 2022", "2022-01-21")


def test_temporal_english_day_month_year() -> None:
    assert one("Voting closes on 3 April 2024.", "en").value == "2024-04-03"


def test_temporal_english_abbreviated_month() -> None:
    timex = one("Parliament adjourned on Jan. 21, 2022.", "en")
    assert (timex.text, timex.value) == ("Jan. 21, 2022", "2022-01-21")


def test_temporal_numeric_day_month_year_in_french() -> None:
    assert one("Le décret du 21/01/2022 fixe les règles.").value == "2022-01-21"


def test_temporal_iso_date() -> None:
    assert one("Report filed 2022-01-21 by the agency.", "en").value == "2022-01-21"


def test_temporal_impossible_date_is_not_a_date() -> None:
    assert times("Le score final était de 31/02/2022 points.") == []


def test_temporal_yearless_date_takes_the_nearest_year_without_tense() -> None:
    assert one("Le sommet du 2 avril.").value == "2023-04-02"


def test_temporal_last_explicit_direction_goes_back() -> None:
    assert one("Le vote du 20 mars dernier.").value == "2022-03-20"


def test_temporal_next_explicit_direction_goes_forward() -> None:
    assert one("Le vote de juin prochain.").value == "2023-06"


# ------------------------------------------------------------------------------ years


def test_temporal_year_after_a_preposition() -> None:
    timex = one("La Crimée a été annexée en 2014.")
    assert (timex.text, timex.value, timex.precision) == ("2014", "2014", "year")


def test_temporal_spaced_thousands_are_not_years() -> None:
    assert times("Plus de 10 000 soldats et 2 000 blindés sont massés.") == []


def test_temporal_number_without_a_cue_is_not_a_year() -> None:
    assert times("Il a reçu 1998 voix au premier tour.") == []


def test_temporal_english_year_range_is_two_timeml_years() -> None:
    timex = one("The 2014-2016 drought hit farmers.", "en")
    assert (timex.value, timex.value_end) == ("2014", "2016")
    assert [part.text for part in timex.timeml()] == ["2014", "2016"]


def test_temporal_decade_and_century() -> None:
    assert values("Dans les années 1990, puis au XIXe siècle.") == ["199X", "18XX"]


def test_temporal_two_digit_decade_is_last_century() -> None:
    assert one("The fashion of the '60s returned.", "en").value == "196X"


# ------------------------------------------------------------------------- relative days


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("aujourd'hui", "2023-03-15"),
        ("hier", "2023-03-14"),
        ("avant-hier", "2023-03-13"),
        ("demain", "2023-03-16"),
        ("après-demain", "2023-03-17"),
    ],
)
def test_temporal_french_relative_days(word: str, value: str) -> None:
    assert one(f"Le ministre parle {word} devant les députés.").value == value


@pytest.mark.parametrize(
    ("word", "value"),
    [("today", "2023-03-15"), ("yesterday", "2023-03-14"), ("tomorrow", "2023-03-16")],
)
def test_temporal_english_relative_days(word: str, value: str) -> None:
    assert one(f"The minister speaks {word} in parliament.", "en").value == value


def test_temporal_typographic_apostrophe() -> None:
    assert one("La séance d’aujourd’hui est publique.").value == "2023-03-15"


def test_temporal_detached_today_means_nowadays() -> None:
    assert one("Aujourd'hui, la ville a bien changé.").value == "PRESENT_REF"


def test_temporal_tonight_and_this_evening() -> None:
    assert one("Le match a lieu ce soir.").value == "2023-03-15TEV"
    assert one("The vote is tonight.", "en").value == "2023-03-15TNI"


def test_temporal_relative_day_with_part_of_day() -> None:
    timex = one("Il est arrivé hier matin.")
    assert (timex.value, timex.precision, timex.type) == ("2023-03-14TMO", "part-of-day", "TIME")


def test_temporal_day_after_the_story_date() -> None:
    found = times("La réunion du 2 mars a échoué ; le lendemain, les talks ont repris.")
    assert [t.value for t in found] == ["2023-03-02", "2023-03-03"]


# ------------------------------------------------------------------------ relative units


@pytest.mark.parametrize(
    ("phrase", "value", "precision"),
    [
        ("la semaine dernière", "2023-W10", "week"),
        ("la semaine prochaine", "2023-W12", "week"),
        ("cette semaine", "2023-W11", "week"),
        ("le mois dernier", "2023-02", "month"),
        ("le mois prochain", "2023-04", "month"),
        ("l'année dernière", "2022", "year"),
        ("l'an prochain", "2024", "year"),
        ("cette année", "2023", "year"),
    ],
)
def test_temporal_french_relative_units(phrase: str, value: str, precision: str) -> None:
    timex = one(f"Les prix ont bougé {phrase}.")
    assert (timex.text, timex.value, timex.precision) == (phrase, value, precision)


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("last month", "2023-02"), ("next week", "2023-W12"), ("this year", "2023")],
)
def test_temporal_english_relative_units(phrase: str, value: str) -> None:
    assert one(f"Prices moved {phrase}.", "en").value == value


def test_temporal_days_ago_in_french() -> None:
    timex = one("L'usine a fermé il y a trois jours.")
    assert (timex.text, timex.value) == ("il y a trois jours", "2023-03-12")


def test_temporal_weeks_ago_in_english() -> None:
    assert one("The plant closed two weeks ago.", "en").value == "2023-03-01"


def test_temporal_years_ago_have_year_precision() -> None:
    assert one("Le pont s'est effondré il y a dix ans.").value == "2013"


def test_temporal_in_three_days() -> None:
    assert one("Le verdict tombera dans trois jours.").value == "2023-03-18"


def test_temporal_later_counts_from_the_story_date() -> None:
    found = times("The strike began on March 2. Two days later, talks resumed.", "en")
    assert [t.value for t in found] == ["2023-03-02", "2023-03-04"]
    assert [p.text for p in found[1].timeml()] == ["Two days"]  # TimeML: "later" is a signal


# ------------------------------------------------------------------------ parts of day


def test_temporal_weekday_evening_without_a_verb_is_the_nearest() -> None:
    assert one("Manifestation mardi soir.").value == "2023-03-14TEV"


def test_temporal_night_between_two_days() -> None:
    timex = one("Des tirs ont été entendus dans la nuit de lundi à mardi.")
    assert (timex.text, timex.value) == ("la nuit de lundi à mardi", "2023-03-13TNI")


# ------------------------------------------------------------------------- clock times


def test_temporal_clock_time_with_named_city_zone() -> None:
    timex = one("La séance commencera à 10h30 heure de Moscou.")
    assert (timex.text, timex.value, timex.type) == (
        "10h30 heure de Moscou",
        "2023-03-15T10:30+03:00",
        "TIME",
    )


def test_temporal_clock_time_gmt() -> None:
    assert one("Trading halted at 14:05 GMT.", "en").value == "2023-03-15T14:05+00:00"


def test_temporal_clock_time_pm_with_city_time() -> None:
    timex = one("The sirens sounded at 3 p.m. Kyiv time.", "en")
    assert (timex.value, timex.precision) == ("2023-03-15T15:00+02:00", "hour")


def test_temporal_national_adjective_follows_summer_time() -> None:
    winter = one("Ouverture à 12h00 heure grecque.", published="2023-01-10")
    summer = one("Ouverture à 12h00 heure grecque.", published="2023-07-10")
    assert (winter.value, summer.value) == ("2023-01-10T12:00+02:00", "2023-07-10T12:00+03:00")


def test_temporal_local_time_is_the_zone_of_the_place_named_before() -> None:
    found = times("Les ministres se retrouvent à Genève. La séance s'ouvre à 9 h heure locale.")
    assert found[-1].value == "2023-03-15T09:00+01:00"


def test_temporal_local_time_of_an_unknown_place_keeps_no_offset() -> None:
    assert one("La séance s'ouvre à 9 h heure locale.").value == "2023-03-15T09:00"


def test_temporal_clock_time_takes_the_day_just_named() -> None:
    found = times("Le vote aura lieu le 20 mars à 18 h.")
    assert [t.value for t in found] == ["2023-03-20", "2023-03-20T18:00"]


def test_temporal_clock_time_followed_by_its_day_is_one_expression() -> None:
    timex = one("L'incendie a pris vers 4 h, hier, dans un entrepôt.")
    assert (timex.text, timex.value, timex.mod) == ("vers 4 h, hier", "2023-03-14T04:00", "APPROX")


def test_temporal_spelled_hours_after_a_is_a_clock_time() -> None:
    assert one("Rendez-vous à deux heures.").value == "2023-03-15T02:00"


def test_temporal_spelled_hours_alone_is_a_duration() -> None:
    assert one("La réunion a duré deux heures.").value == "PT2H"


# ------------------------------------------------------------------------------ ranges


def test_temporal_french_day_range_shares_the_month() -> None:
    timex = one("Le festival se tient du 10 au 12 avril.")
    assert (timex.value, timex.value_end, timex.precision) == ("2023-04-10", "2023-04-12", "range")
    assert [(p.text, p.value) for p in timex.timeml()] == [
        ("10", "2023-04-10"),
        ("12 avril", "2023-04-12"),
    ]


def test_temporal_english_weekday_range_runs_forward() -> None:
    timex = one("Talks are held between Monday and Wednesday.", "en")
    assert (timex.value, timex.value_end) == ("2023-03-13", "2023-03-15")


def test_temporal_french_list_of_days_gives_one_expression_each() -> None:
    found = times("Les tours auront lieu les 6 et 13 avril.")
    assert [(t.text, t.value) for t in found] == [
        ("les 6", "2023-04-06"),
        ("13 avril", "2023-04-13"),
    ]


def test_temporal_months_joined_by_and_are_two_months() -> None:
    assert values("Des manœuvres en janvier et février 2024.") == ["2024-01", "2024-02"]


def test_temporal_duration_range() -> None:
    timex = one("L'audience doit durer entre deux heures et deux heures et demie.")
    assert (timex.value, timex.value_end, timex.type) == ("PT2H", "PT2H30M", "DURATION")


def test_temporal_from_now_until() -> None:
    timex = one("Le texte doit passer d'ici la fin de l'année.")
    assert (timex.value, timex.value_end) == ("2023-03-15", "2023")
    assert timex.parts[1].mod == "END"


# ------------------------------------------------------------------------ fuzzy periods


@pytest.mark.parametrize(
    ("phrase", "value", "mod"),
    [
        ("fin 2021", "2021", "END"),
        ("début 2022", "2022", "START"),
        ("la fin de l'année dernière", "2022", "END"),
        ("mi-janvier", "2023-01", "MID"),
        ("début octobre 2022", "2022-10", "START"),
    ],
)
def test_temporal_french_fuzzy_periods_keep_the_period_with_a_mod(
    phrase: str, value: str, mod: str
) -> None:
    timex = one(f"Les stocks ont baissé {phrase}.")
    assert (timex.text, timex.value, timex.mod) == (phrase, value, mod)


@pytest.mark.parametrize(
    ("phrase", "value", "mod"),
    [("late 2021", "2021", "END"), ("early next week", "2023-W12", "START")],
)
def test_temporal_english_fuzzy_periods(phrase: str, value: str, mod: str) -> None:
    timex = one(f"Stocks fell {phrase}.", "en")
    assert (timex.text, timex.value, timex.mod) == (phrase, value, mod)


def test_temporal_end_of_year_as_a_kind_is_not_a_date() -> None:
    assert times("Ils préparent la fête de fin d'année.") == []


# -------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Le siège a duré trois jours.", "fr", "P3D"),
        ("The hearing lasted 90 minutes.", "en", "PT90M"),
        ("Il a attendu deux heures et demie.", "fr", "PT2H30M"),
        ("Le chantier prendra un an et demi.", "fr", "P1Y6M"),
        ("Les combats durent depuis plusieurs semaines.", "fr", "PXW"),
        ("He served a 5-year term.", "en", "P5Y"),
        ("Le record tient en 30,4 secondes.", "fr", "PT30.4S"),
    ],
)
def test_temporal_durations(text: str, language: str, value: str) -> None:
    timex = one(text, language)
    assert (timex.value, timex.type, timex.precision) == (value, "DURATION", "duration")


def test_temporal_approximate_duration_keeps_its_qualifier() -> None:
    timex = one("L'entretien a duré environ une heure.")
    assert (timex.text, timex.value, timex.mod) == ("environ une heure", "PT1H", "APPROX")


def test_temporal_ages_are_not_durations() -> None:
    text = "Jean Martin, 45 ans, et une femme âgée de 38 ans ont été blessés."
    assert times(text) == []
    assert times("A 15-year-old boy and a man aged 40 were hurt.", "en") == []


def test_temporal_having_years_is_an_age_but_there_are_years_ago_is_not() -> None:
    assert times("Le sénateur a 62 ans.") == []
    assert one("Le traité a été signé il y a 62 ans.").value == "1961"


def test_temporal_ordinal_second_is_not_a_duration() -> None:
    assert times("Il a voté une seconde fois.") == []


# ------------------------------------------------------------------ signals, sets, refs


def test_temporal_since_gives_the_date_an_on_or_after_mod() -> None:
    timex = one("Le pont est fermé depuis le 3 mars.")
    assert (timex.text, timex.value, timex.mod) == ("le 3 mars", "2023-03-03", "ON_OR_AFTER")


def test_temporal_since_a_duration_is_a_duration() -> None:
    assert one("Le pont est fermé depuis trois mois.").value == "P3M"


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Le marché se tient chaque lundi.", "fr", "XXXX-WXX-1"),
        ("Le bilan est publié tous les ans.", "fr", "P1Y"),
        ("The board meets every week.", "en", "P1W"),
        ("Le musée ouvre le mercredi.", "fr", "XXXX-WXX-3"),
    ],
)
def test_temporal_recurring_times_are_sets(text: str, language: str, value: str) -> None:
    timex = one(text, language)
    assert (timex.value, timex.type) == (value, "SET")


def test_temporal_present_reference() -> None:
    timex = one("Le pays traverse actuellement une crise.")
    assert (timex.value, timex.precision, timex.type) == ("PRESENT_REF", "instant", "TIME")


# ------------------------------------------------------------ seasons, quarters, feasts


def test_temporal_last_summer() -> None:
    assert one("La sécheresse de l'été dernier.").value == "2022-SU"


def test_temporal_this_winter_in_march_is_the_winter_begun_in_december() -> None:
    assert one("Les pluies de cet hiver.").value == "2022-WI"


def test_temporal_generic_season() -> None:
    assert one("Le col est fermé en hiver.").value == "XXXX-WI"


def test_temporal_participle_ete_is_not_summer() -> None:
    assert times("Le projet a été adopté.") == []


def test_temporal_quarter() -> None:
    timex = one("Les ventes du premier trimestre 2022 ont chuté.")
    assert (timex.value, timex.precision) == ("2022-Q1", "quarter")


def test_temporal_easter_is_computed() -> None:
    assert one("The shop closes at Easter 2024.", "en").value == "2024-03-31"


# ---------------------------------------------------------------------------- anchor


def test_temporal_without_publication_date_anchors_on_a_full_date_in_the_text() -> None:
    result = find_times("Paris, le 3 mai 2021. Le conseil s'est réuni hier.", "fr")
    assert [t.value for t in result.timexes] == ["2021-05-03", "2021-05-02"]
    assert result.anchor == dt.date(2021, 5, 3)
    assert any("anchored on 2021-05-03" in w for w in result.warnings)


def test_temporal_without_any_anchor_relative_values_stay_empty() -> None:
    result = find_times("Le conseil s'est réuni hier et se réunira en 2025.", "fr")
    assert [t.value for t in result.timexes] == [None, "2025"]
    assert any("left without a value" in w for w in result.warnings)


def test_temporal_datetime_publication_is_read_as_its_date() -> None:
    assert one("Il est parti hier.", published="2023-03-15T23:10:00+01:00").value == "2023-03-14"


# ----------------------------------------------------------------------- properties

_FR_MONTHS = [
    *("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août"),
    *("septembre", "octobre", "novembre", "décembre"),
]
_EN_MONTHS = [
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
]


def _render(day: dt.date, style: int) -> tuple[str, str]:
    """One date written in one of the usual French or English formats, and its language."""
    fr_day = "1er" if day.day == 1 else str(day.day)
    en_month = _EN_MONTHS[day.month - 1]
    renderings = [
        (f"le {fr_day} {_FR_MONTHS[day.month - 1]} {day.year}", "fr"),
        (f"{day.day:02d}/{day.month:02d}/{day.year}", "fr"),
        (f"{en_month} {day.day}, {day.year}", "en"),
        (f"{day.day} {en_month} {day.year}", "en"),
        (day.isoformat(), "en"),
    ]
    return renderings[style]


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
    style=st.integers(min_value=0, max_value=4),
)
def test_temporal_rendered_dates_parse_back(day: dt.date, style: int) -> None:
    written, language = _render(day, style)
    lead = "La décision date du " if language == "fr" else "The decision is dated "
    timex = one(f"{lead}{written}.", language)
    assert (timex.value, timex.precision) == (day.isoformat(), "day")
    assert written.endswith(timex.text)


@settings(max_examples=100, deadline=None)
@given(
    amount=st.integers(min_value=2, max_value=99),
    unit=st.sampled_from(
        [("jours", "P{}D"), ("semaines", "P{}W"), ("mois", "P{}M"), ("minutes", "PT{}M")]
    ),
)
def test_temporal_rendered_durations_parse_back(amount: int, unit: tuple[str, str]) -> None:
    word, template = unit
    assert one(f"Les travaux ont duré {amount} {word}.").value == template.format(amount)
