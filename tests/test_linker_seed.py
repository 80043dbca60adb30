"""The example article we were given, read in place (../shared/seed), through the linker.

Nothing of the article is copied here: the test checks which entities come out and how
they are coded, not its sentences.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.actors.stage import LinkerStage
from dossier.doc import Doc, RawArticle
from dossier.pipeline import Pipeline

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_doc(seed_article: Path) -> Doc:
    from dossier.clean.stage import CleanStage
    from dossier.nlp.stages import LanguageStage, SpacyStage

    pipeline = Pipeline([CleanStage(), LanguageStage(), SpacyStage(), LinkerStage()])
    doc = pipeline(RawArticle(data=seed_article.read_bytes(), source=str(seed_article)))
    assert doc.error is None
    return doc


def _ids(doc: Doc) -> set[str]:
    return {e.id for e in doc.entities}


@pytest.mark.parametrize(
    "ident",
    [
        "person:antony-blinken",
        "person:sergey-lavrov",
        "person:joe-biden",
        "person:vladimir-putin",
        "person:boris-johnson",
        "org:nato",
        "gov:usa:state-department",
        "gov:rus:mod",
        "place:geneva",
        "place:berlin",
        "place:kyiv",
        "GEO",
        "LTU",
        "LVA",
        "EST",
        "IRN",
        "CHN",
        "RUS/GOV",
        "USA/GOV",
    ],
)
def test_seed_links_the_actors_and_places_of_the_story(seed_doc: Doc, ident: str) -> None:
    assert ident in _ids(seed_doc)


def test_seed_capitals_acting_are_governments(seed_doc: Doc) -> None:
    russia = next(e for e in seed_doc.entities if e.id == "RUS/GOV")
    said = {m.text for m in russia.mentions}
    assert {"Moscou", "Kremlin"} <= said
    assert (russia.kind, russia.code, russia.sector) == ("state", "RUS", "GOV")
    usa = next(e for e in seed_doc.entities if e.id == "USA/GOV")
    assert "Washington" in {m.text for m in usa.mentions}


def test_seed_people_are_coded_by_their_offices(seed_doc: Doc) -> None:
    coded = {e.id: (e.code, e.sector) for e in seed_doc.entities if e.kind == "person"}
    assert coded["person:antony-blinken"] == ("USA", "GOV")
    assert coded["person:sergey-lavrov"] == ("RUS", "GOV")


def test_seed_mentions_index_the_cleaned_text(seed_doc: Doc) -> None:
    for entity in seed_doc.entities:
        for mention in entity.mentions:
            assert seed_doc.text[mention.start : mention.end] == mention.text


def test_seed_removed_tagline_gives_no_entity(seed_doc: Doc) -> None:
    removed = " ".join(r.text for r in seed_doc.removed)
    assert removed, "the cleaning stage removed nothing"
    names = {m.text for e in seed_doc.entities for m in e.mentions}
    # Every name that only the removed lines contain stays out of the entities.
    only_removed = {w.strip("«»“”.,:;") for w in removed.split()} - set(seed_doc.text.split())
    assert not names & only_removed
