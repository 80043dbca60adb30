"""Alignment of cleaned-text offsets onto the gold text: by hand, then over real gold texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dossier.clean.normalize import normalize_text
from dossier.evaluation.alignment import Alignment
from dossier.evaluation.datasets import load_geoparsing, load_polnear


def mapped(original: str, cleaned: str, word: str) -> str | None:
    start = cleaned.index(word)
    extent = Alignment(cleaned, original).span(start, start + len(word))
    return original[extent[0] : extent[1]] if extent else None


def test_alignment_identity_maps_spans_onto_themselves() -> None:
    assert Alignment("Jean Dupont", "Jean Dupont").span(5, 11) == (5, 11)


def test_alignment_survives_folded_whitespace_and_blank_lines() -> None:
    original = "  Le  maire\r\n\r\n\tdu Mans  parle.\n"
    cleaned = normalize_text(original)

    assert cleaned == "Le maire\ndu Mans parle."
    assert mapped(original, cleaned, "du Mans") == "du Mans"
    assert mapped(original, cleaned, "maire\ndu") == "maire\r\n\r\n\tdu"


def test_alignment_skips_invisible_characters() -> None:
    original = "Mos\u00adcou et Kiev\u200b."
    cleaned = normalize_text(original)

    assert mapped(original, cleaned, "Moscou") == "Mos\u00adcou"


def test_alignment_resynchronises_after_a_removed_line() -> None:
    original = "First line.\nSuivez-nous sur Google Actualités\nParis, France."
    cleaned = "First line.\nParis, France."

    assert mapped(original, cleaned, "Paris") == "Paris"


def test_alignment_of_a_recomposed_accent_keeps_its_neighbours() -> None:
    original = "Ele\u0301na Petrova"  # e + combining acute, NFC makes it one character
    cleaned = normalize_text(original)

    assert mapped(original, cleaned, "Petrova") == "Petrova"


def test_alignment_of_characters_not_in_the_original_is_none() -> None:
    assert Alignment("xyz", "abc").span(0, 3) is None


@pytest.mark.gold
def test_alignment_maps_every_cleaned_word_of_real_gold_texts(shared_data: Path) -> None:
    originals = [d.text for d in load_polnear(shared_data)[:30]]
    originals += [d.text for d in load_geoparsing(shared_data, "TR")[:30]]
    wrong = []
    for original in originals:
        cleaned = normalize_text(original)
        alignment = Alignment(cleaned, original)
        for word in re.finditer(r"\S+", cleaned):
            extent = alignment.span(word.start(), word.end())
            if extent is None or original[extent[0] : extent[1]] != word.group():
                wrong.append(word.group())
    assert not wrong, wrong[:10]
