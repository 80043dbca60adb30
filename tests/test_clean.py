from __future__ import annotations

import random
from pathlib import Path

import pytest

from dossier.clean.boilerplate import is_tagline, load_rules, split_boilerplate
from dossier.clean.decode import decode_bytes
from dossier.clean.metadata import dateline_date, split_title
from dossier.clean.normalize import nlp_view, normalize_text
from dossier.clean.stage import CleanStage
from dossier.doc import Doc, RawArticle
from dossier.errors import DataFileError, NoArticleError, UndecodableInputError

from .conftest import EXAMPLES

BODY_FR = [
    "Le ministre des Affaires étrangères a reçu mardi son homologue polonais à Paris.",
    "Les deux hommes ont évoqué la situation à la frontière orientale de l'Union européenne.",
    "« Nous restons unis », a déclaré le ministre à l'issue de l'entretien.",
]


def clean(text: str | bytes, **meta: str) -> Doc:
    data = text.encode("utf-8") if isinstance(text, str) else text
    doc = Doc(raw=RawArticle(data=data, source="<test>", **meta))  # type: ignore[arg-type]
    return CleanStage()(doc)


def test_normalize_folds_spaces_line_breaks_and_invisible_characters() -> None:
    assert normalize_text("  Un\u200b  mot\t\tici \r\n\r\n\u2028Deux ") == "Un mot ici\nDeux"


def test_normalize_composes_accents_to_nfc() -> None:
    assert normalize_text("Ge\u0301ne\u0300ve") == "Génève"


def test_nlp_view_straightens_elisions_and_keeps_length() -> None:
    text = "l’OTAN et aujourd’hui « 10\u202f000 » ’citation’"
    view = nlp_view(text)
    assert len(view) == len(text)
    assert view.startswith("l'OTAN et aujourd'hui")
    assert "’citation’" in view  # a quotation mark is not an elision


def test_decode_reads_latin1_and_utf16_and_utf8_with_bom() -> None:
    text = "Sergueï Lavrov à Genève : « été »"
    assert decode_bytes(text.encode("cp1252"), "t")[0] == text
    assert decode_bytes(text.encode("utf-16"), "t")[0] == text
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode(), "t")[0] == text


def test_decode_refuses_bytes_that_are_no_text() -> None:
    rng = random.Random(7)
    noise = bytes(rng.randrange(0x80, 0x100) for _ in range(3000))
    with pytest.raises(UndecodableInputError, match="UTF-8"):
        decode_bytes(noise, "noise.txt")


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        (
            "Suivez Le Petit Courrier sur Google Actualités pour ne rien manquer",
            "follow-google-news",
        ),
        ("Follow The Daily Planet on Google News", "follow-google-news"),
        ("Abonnez-vous à notre newsletter quotidienne", "newsletter"),
        ("Sign up for our morning newsletter", "newsletter"),
        ("Lire aussi : Les agriculteurs bloquent l'autoroute A7", "read-also"),
        ("Read more: Five things to know about the summit", "read-also"),
        ("Partager sur Facebook", "share-block"),
        ("Share this article", "share-block"),
        ("© 2022 Le Petit Courrier. Tous droits réservés.", "copyright"),
        ("Copyright 2021 Daily Planet, all rights reserved", "copyright"),
        ("Photo : Jean Dupont / Le Petit Courrier", "photo-credit"),
        ("Publicité", "advertisement"),
        ("Cliquez ici", "continue-reading"),
    ],
)
def test_boilerplate_anywhere_rule_removes_the_line_wherever_it_stands(
    line: str, rule: str
) -> None:
    body, removed = split_boilerplate([BODY_FR[0], line, *BODY_FR[1:]], "fr")
    assert body == BODY_FR
    assert [r.rule for r in removed] == [rule]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("EN DIRECT – Tempête Ciara : suivez l'évolution de la situation", "teaser"),
        ("LIVE UPDATES: Storm closes schools across the region", "teaser"),
        ("Avec Agence Presse Continentale", "credit"),
        ("Rejoignez-nous sur Telegram et Instagram", "promo"),
        ("Coffee lover. Web fanatic. Travel guru. Bacon expert.", "tagline"),
        ("« Passionné de cinéma. Amateur de vin. Lecteur. »", "tagline"),
        ("SPORTS : le club local s'impose en finale", "teaser"),
        ("Subscribe to get the best of the week delivered to your inbox, every Sunday.", "promo"),
    ],
)
def test_boilerplate_tail_signal_removes_lines_after_the_report(line: str, reason: str) -> None:
    body, removed = split_boilerplate([*BODY_FR, line], "fr")
    assert body == BODY_FR
    assert [r.reason for r in removed] == [reason]


def test_boilerplate_foreign_language_tail_line_is_removed_but_not_in_the_body() -> None:
    english = "This story was updated to include comments from the ministry spokesman."
    body, removed = split_boilerplate([*BODY_FR, english], "fr")
    assert body == BODY_FR and removed[0].reason == "language-switch"
    body, removed = split_boilerplate([BODY_FR[0], english, *BODY_FR[1:]], "fr")
    assert removed == []


def test_boilerplate_tail_walk_stops_at_the_first_report_line() -> None:
    teaser = "EN DIRECT – Tempête Ciara : suivez l'évolution de la situation"
    body, removed = split_boilerplate([BODY_FR[0], teaser, *BODY_FR[1:]], "fr")
    assert teaser in body and removed == []


def test_boilerplate_tagline_signal_needs_self_descriptions() -> None:
    nouns = load_rules().tagline_nouns
    assert is_tagline("Tea evangelist. Podcast listener. Map collector.", nouns)
    assert not is_tagline("Il pleut. Le vent souffle. Les routes sont fermées.", nouns)


def test_boilerplate_rule_file_errors_name_the_file_and_the_rule(tmp_path: Path) -> None:
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules:\n  - id: x\n    reason: nonsense\n    where: tail\n    pattern: a\n")
    with pytest.raises(DataFileError, match=r"rules.yaml: rule x: reason must be"):
        load_rules(bad)


def test_clean_text_offsets_index_the_cleaned_text() -> None:
    doc = clean(
        "Titre court\n\n  Premier   paragraphe du texte, assez long.  \nSecond paragraphe.\n"
    )
    assert doc.title == "Titre court"
    assert doc.text == "Premier paragraphe du texte, assez long.\nSecond paragraphe."
    assert len(doc.nlp_text) == len(doc.text)


def test_clean_title_is_not_taken_from_a_first_sentence() -> None:
    title, lines = split_title(
        ["Le ministre est arrivé à Kyiv mardi.", "Il a rencontré son homologue."]
    )
    assert title is None and len(lines) == 2


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("GENÈVE, 21 janvier 2022 (Agence X) – Les deux ministres…", "2022-01-21"),
        ("Kyiv, le 1er février 2022 – Le président…", "2022-02-01"),
        ("WASHINGTON, Jan. 21, 2022 (Wire) — The secretary…", "2022-01-21"),
        ("LONDON, 3 March 2022 - The minister…", "2022-03-03"),
        ("WASHINGTON, Jan. 21 (Wire) — no year, no date", None),
        ("Le 21 janvier 2022, les ministres se sont vus.", None),
    ],
)
def test_clean_dateline_gives_the_publication_date(line: str, expected: str | None) -> None:
    assert dateline_date(line) == expected


def test_clean_html_page_without_article_is_a_clear_error() -> None:
    with pytest.raises(NoArticleError, match="no article text"):
        clean(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", content_type="html")


def test_clean_html_example_keeps_the_report_and_drops_navigation_and_footer() -> None:
    page = (EXAMPLES / "naval_drills_en.html").read_bytes()
    doc = clean(page, content_type="html")
    assert doc.published == "2022-01-20" and doc.author and doc.title
    assert "140 warships" in doc.text
    for chrome in ("cookies", "Subscribe", "All rights reserved", "Related stories"):
        assert chrome not in doc.text


def test_clean_example_with_spam_tail_loses_exactly_its_three_tail_lines() -> None:
    text = (EXAMPLES / "baltic_weapons_en_translated_copy.txt").read_text(encoding="utf-8")
    doc = clean(text)
    lines = [line for line in text.splitlines() if line.strip()]
    assert [r.text for r in doc.removed] == lines[-3:]
    assert doc.text.split("\n") == lines[1:-3]  # the title line is metadata


def test_clean_seed_article_removes_the_three_tail_lines_and_keeps_every_sentence(
    seed_article: Path,
) -> None:
    text = seed_article.read_text(encoding="utf-8")
    doc = clean(text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert [r.text for r in doc.removed] == lines[-3:]
    assert doc.text.split("\n") == lines[:-3]
