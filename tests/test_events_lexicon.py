"""Event lexicons: the built-in files load, and the validator names the file and the entry
of every problem. No spaCy model is loaded."""

from __future__ import annotations

import pytest

from dossier.errors import DataFileError
from dossier.events.lexicon import BLOCK, CUE_KEYS, lexicon_languages, load_lexicon, parse_lexicon
from dossier.events.ontology import load_ontology

MINIMAL = """
version: 1
language: en
fillers: [a, the]
elisions: {"s'": se}
frames:
  act_on: {subj: actor, obj: recipient}
defaults: {frame: act_on}
triggers:
{triggers}
"""


def lexicon(triggers: str, name: str = "test.yaml") -> object:
    return parse_lexicon(MINIMAL.replace("{triggers}", triggers), name)


def problem(triggers: str) -> str:
    with pytest.raises(DataFileError) as error:
        lexicon(triggers)
    return str(error.value)


def test_events_lexicon_builtin_languages_are_french_and_english() -> None:
    assert {"fr", "en"} <= set(lexicon_languages())


@pytest.mark.parametrize("language", ["fr", "en"])
def test_events_lexicon_builtin_file_loads_and_validates(language: str) -> None:
    loaded = load_lexicon(language)
    assert loaded is not None
    assert loaded.language == language
    assert len(loaded.entries) > 300


@pytest.mark.parametrize("language", ["fr", "en"])
def test_events_lexicon_builtin_covers_all_sixteen_plover_types(language: str) -> None:
    loaded = load_lexicon(language)
    assert loaded is not None
    types = {e.type for e in loaded.entries} - {BLOCK}
    assert types == set(load_ontology().types)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_events_lexicon_builtin_defines_every_status_cue_list(language: str) -> None:
    loaded = load_lexicon(language)
    assert loaded is not None
    status_cues = {"negation", "reporting", "denial", "condition", "fear", "planning"}
    assert status_cues <= set(loaded.cues)
    assert set(loaded.cues) <= CUE_KEYS


def test_events_lexicon_unknown_language_has_no_lexicon() -> None:
    assert load_lexicon("xx") is None


def test_events_lexicon_pattern_splits_elided_clitics() -> None:
    loaded = lexicon('  - {pattern: "s\'entretenir avec", type: CONSULT}')
    entry = loaded.entries[0]  # type: ignore[attr-defined]
    assert [sorted(item.words) for item in entry.items] == [["se"], ["entretenir"], ["avec"]]


def test_events_lexicon_pattern_drops_fillers_and_reads_optionals_and_alternatives() -> None:
    loaded = lexicon('  - {pattern: "pay a (heavy|high) price", type: THREATEN}')
    entry = loaded.entries[0]  # type: ignore[attr-defined]
    assert [sorted(i.words) for i in entry.items] == [["pay"], ["heavy", "high"], ["price"]]
    assert [i.optional for i in entry.items] == [False, True, False]
    assert entry.required == 2


def test_events_lexicon_index_is_keyed_by_the_anchor_word() -> None:
    loaded = lexicon('  - {pattern: "(the) hold talks", type: CONSULT}')
    assert set(loaded.index) == {"hold"}  # type: ignore[attr-defined]


def test_events_lexicon_rejects_unknown_type_naming_file_and_entry() -> None:
    message = problem("  - {lemma: meet, type: MEET}")
    assert "test.yaml" in message
    assert "trigger 1 ('meet')" in message
    assert "PLOVER type" in message


def test_events_lexicon_rejects_a_mode_of_another_type() -> None:
    assert "not a mode of CONSULT" in problem("  - {lemma: meet, type: CONSULT, mode: aerial}")


def test_events_lexicon_rejects_lemma_with_spaces() -> None:
    assert "write several words as a 'pattern'" in problem("  - {lemma: hold talks, type: CONSULT}")


def test_events_lexicon_rejects_unknown_frame() -> None:
    assert "unknown frame 'meeting'" in problem("  - {lemma: meet, type: CONSULT, frame: meeting}")


def test_events_lexicon_rejects_unknown_slot() -> None:
    assert "slot 'target'" in problem("  - {lemma: meet, type: CONSULT, roles: {with: target}}")


def test_events_lexicon_rejects_strength_out_of_range() -> None:
    assert "strength" in problem("  - {lemma: meet, type: CONSULT, strength: 2}")


def test_events_lexicon_rejects_unknown_class_reference() -> None:
    assert "unknown class @troops" in problem(
        '  - {lemma: send, type: MOBILIZE, object: "@troops"}'
    )


def test_events_lexicon_rejects_unknown_entry_key() -> None:
    assert "unknown keys ['verb']" in problem("  - {lemma: meet, type: CONSULT, verb: true}")


def test_events_lexicon_accepts_block_entries() -> None:
    loaded = lexicon('  - {pattern: "decline comment", type: none}')
    assert loaded.entries[0].type == BLOCK  # type: ignore[attr-defined]


def test_events_lexicon_rejects_unknown_cue_list() -> None:
    text = (
        MINIMAL.replace("{triggers}", "  - {lemma: meet, type: CONSULT}") + "cues: {maybe: [x]}\n"
    )
    with pytest.raises(DataFileError, match="unknown cue lists"):
        parse_lexicon(text, "test.yaml")


def test_events_lexicon_rejects_actor_with_unknown_sector() -> None:
    text = (
        MINIMAL.replace("{triggers}", "  - {lemma: meet, type: CONSULT}") + "actors: {ally: XYZ}\n"
    )
    with pytest.raises(DataFileError, match="not a PLOVER sector"):
        parse_lexicon(text, "test.yaml")


def test_events_lexicon_rejects_non_yaml() -> None:
    with pytest.raises(DataFileError, match="not valid YAML"):
        parse_lexicon("version: [1", "broken.yaml")
