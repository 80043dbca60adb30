"""Linker pieces that need no spaCy: folding, the alias matcher, helpers, explain."""

from __future__ import annotations

from dossier.actors import entity_at, party_for
from dossier.actors.explain import explain
from dossier.actors.mentions import alias_matcher, case_fits, case_rule, fold, trim_span
from dossier.actors.stage import LinkerTrace, MentionTrace
from dossier.doc import Doc, RawArticle
from dossier.kb import load_kb
from dossier.model import Entity, Mention


def _doc(text: str, entities: list[Entity] | None = None) -> Doc:
    doc = Doc(raw=RawArticle(data=text.encode(), source="test"), text=text)
    doc.entities = entities or []
    return doc


def _hits(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(text[h.start : h.end], h.entries) for h in alias_matcher(load_kb()).find(text)]


def test_fold_keeps_length_and_folds_case_accents_apostrophes() -> None:
    text = "L’Élysée et la Maison-Blanche"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "l'elysee et la maison blanche"


def test_case_rule_acronym_needs_capitals() -> None:
    assert case_rule("US") == "acronym"
    assert case_fits("acronym", "US")
    assert not case_fits("acronym", "us")
    assert not case_fits("acronym", "Us")


def test_alias_matcher_finds_kb_names_on_word_boundaries() -> None:
    found = _hits("Les délégués de la Lituanie et de l’OTAN se sont réunis à Vilnius.")
    assert ("Lituanie", ("LTU",)) in found
    assert ("OTAN", ("org:nato",)) in found
    assert ("Vilnius", ("place:vilnius",)) in found


def test_alias_matcher_ignores_the_pronoun_us() -> None:
    found = _hits("Let us hope that the talks with the US go well for all of us.")
    assert [text for text, _ in found if text.lower() == "us"] == ["US"]


def test_alias_matcher_ignores_names_glued_to_letters() -> None:
    assert not any(text == "Iran" for text, _ in _hits("The Iranians and Iranian officials"))


def test_alias_matcher_matches_dotted_acronym() -> None:
    assert ("U.S.", ("USA",)) in _hits("The U.S. embassy reopened.")


def test_trim_span_drops_elided_article_and_possessive() -> None:
    text = "contre l'OTAN et Boone County’s sheriff"
    start = text.index("l'OTAN")
    begin, end = trim_span(text, start, start + len("l'OTAN"))
    assert text[begin:end] == "OTAN"
    start = text.index("Boone")
    begin, end = trim_span(text, start, start + len("Boone County’s"))
    assert text[begin:end] == "Boone County"


def _entity(ident: str, kind: str, spans: list[tuple[int, int]], text: str) -> Entity:
    return Entity(
        id=ident,
        name=ident,
        kind=kind,  # type: ignore[arg-type]
        country="USA",
        code="USA",
        sector="GOV",
        mentions=[Mention(start=s, end=e, text=text[s:e]) for s, e in spans],
    )


def test_entity_at_prefers_the_mention_overlapping_most() -> None:
    text = "a senior US official said"
    usa = _entity("USA", "state", [(9, 11)], text)
    government = _entity("USA/GOV", "state", [(2, 20)], text)
    doc = _doc(text, [usa, government])
    assert entity_at(doc, 2, 20) is government
    assert entity_at(doc, 9, 11) is usa
    assert entity_at(doc, 21, 25) is None


def test_party_for_copies_the_coding() -> None:
    text = "Moscou nie"
    entity = _entity("RUS/GOV", "state", [(0, 6)], text)
    party = party_for(entity)
    assert (party.entity, party.code, party.sector) == ("RUS/GOV", "USA", "GOV")


def test_explain_renders_each_mention_with_its_reason() -> None:
    doc = _doc("Moscou nie")
    trace = LinkerTrace("2022-01-21", "published")
    trace.mentions.append(
        MentionTrace(
            0,
            6,
            "Moscou",
            "alias+ner",
            "place",
            "RUS/GOV",
            "Russia (government)",
            "metonymy",
            "'Moscou' is the agent of its clause",
        )
    )
    doc.extras["linker"] = trace
    rendered = explain(doc)
    assert "[0:6] 'Moscou'" in rendered
    assert "RUS/GOV (Russia (government)) by metonymy" in rendered
    assert "agent of its clause" in rendered


def test_explain_says_when_the_linker_has_not_run() -> None:
    assert "has not run" in explain(_doc("rien"))
