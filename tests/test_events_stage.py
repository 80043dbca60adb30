"""Event stage on parsed text: one test per lexicon family, argument rule and status cue,
in French and English. The sentences are written for these tests (public figures and
states in invented sentences). Loads spaCy models and the linker, hence slow.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dossier.actors.stage import LinkerStage
from dossier.clean.stage import CleanStage
from dossier.doc import Doc, RawArticle
from dossier.events.explain import EXTRAS_KEY, explain
from dossier.events.stage import EventStage
from dossier.model import Event
from dossier.nlp.stages import LanguageStage, SpacyStage
from dossier.pipeline import Pipeline
from dossier.quantities.stage import QuantityStage
from dossier.quotes.stage import QuoteStage
from dossier.temporal.stage import TimeStage

pytestmark = pytest.mark.slow

Run = Callable[..., Doc]


@pytest.fixture(scope="module")
def run() -> Run:
    pipeline = Pipeline(
        [CleanStage(), LanguageStage(), SpacyStage(), TimeStage(), QuantityStage(),
         QuoteStage(), LinkerStage(), EventStage()]
    )  # fmt: skip

    def analyse(text: str, language: str, published: str = "2022-01-21") -> Doc:
        raw = RawArticle(text.encode(), "<test>", language=language, title="", published=published)
        doc = pipeline(raw)
        assert doc.error is None
        assert not [w for w in doc.warnings if "events" in w], doc.warnings
        return doc

    return analyse


def only(doc: Doc, type_: str) -> Event:
    found = [e for e in doc.events if e.type == type_]
    assert len(found) == 1, [(e.type, e.status) for e in doc.events]
    return found[0]


def codes(parties: list[object]) -> list[tuple[str | None, str | None]]:
    return [(getattr(p, "code", None), getattr(p, "sector", None)) for p in parties]


def actor_codes(event: Event) -> set[str | None]:
    return {p.code for p in event.actors}


def recipient_codes(event: Event) -> set[str | None]:
    return {p.code for p in event.recipients}


# ------------------------------------------------------------------ the stage


def test_events_stage_declares_name_factory_requires_and_assigns() -> None:
    assert EventStage.name == "events"
    assert EventStage.factory == "dossier.events.rules.v1"
    assert EventStage.assigns == ("doc.events",)
    assert set(EventStage.requires) == {
        "doc.text", "doc.language", "doc.spacy", "doc.entities", "doc.times", "doc.quantities",
        "doc.quotes",
    }  # fmt: skip


def test_events_stage_in_wrong_order_fails_at_construction() -> None:
    from dossier.errors import MissingRequirementError

    with pytest.raises(MissingRequirementError, match=r"doc\.entities"):
        Pipeline([CleanStage(), LanguageStage(), SpacyStage(), TimeStage(), QuantityStage(),
                  EventStage()])  # fmt: skip


def test_events_stage_language_without_lexicon_warns_and_extracts_nothing(run: Run) -> None:
    pipeline = Pipeline(
        [CleanStage(), LanguageStage(), SpacyStage(), TimeStage(), QuantityStage(),
         QuoteStage(), LinkerStage(), EventStage()]
    )  # fmt: skip
    doc = pipeline(RawArticle("Rusland viel Oekraïne aan.".encode(), "<t>", language="nl",
                              title=""))  # fmt: skip
    assert doc.events == []
    assert any("no event lexicon for language 'nl'" in w for w in doc.warnings)


# ------------------------------------------------------------------ families (16 types × 2 languages)

FAMILIES = [
    ("fr", "Le président français s'est entretenu jeudi avec le chancelier allemand.",
     "CONSULT", "FRA", "DEU"),
    ("en", "The French president met the German chancellor on Thursday.",
     "CONSULT", "FRA", "DEU"),
    ("fr", "La Pologne a promis de fournir une aide humanitaire à l'Ukraine.",
     "AGREE", "POL", "UKR"),
    ("en", "Poland pledged to send humanitarian aid to Ukraine.", "AGREE", "POL", "UKR"),
    ("fr", "Le Premier ministre britannique a salué la décision de l'Allemagne.",
     "SUPPORT", "GBR", "DEU"),
    ("en", "The British prime minister praised Germany's decision.", "SUPPORT", "GBR", "DEU"),
    ("fr", "La Turquie a présenté ses excuses à la Russie.", "CONCEDE", "TUR", "RUS"),
    ("en", "Turkey apologized to Russia.", "CONCEDE", "TUR", "RUS"),
    ("fr", "La Chine et la Russie ont mené des manœuvres navales conjointes dans le golfe d'Oman.",
     "COOPERATE", "CHN", None),
    ("en", "China and Russia held joint naval exercises in the Gulf of Oman.",
     "COOPERATE", "CHN", None),
    ("fr", "Le Japon a débloqué 100 millions de dollars d'aide pour le Bangladesh.",
     "AID", "JPN", "BGD"),
    ("en", "Japan provided $100 million in aid to Bangladesh.", "AID", "JPN", "BGD"),
    ("fr", "Les derniers soldats français ont quitté le Mali dimanche.", "RETREAT", "FRA", "MLI"),
    ("en", "The last French troops withdrew from Mali on Sunday.", "RETREAT", "FRA", "MLI"),
    ("fr", "L'Iran exige des garanties de la part des États-Unis.", "REQUEST", "IRN", None),
    ("en", "Iran demanded guarantees from the United States.", "REQUEST", "IRN", None),
    ("fr", "La Turquie a accusé la Grèce de provocations.", "ACCUSE", "TUR", "GRC"),
    ("en", "Turkey accused Greece of provocations.", "ACCUSE", "TUR", "GRC"),
    ("fr", "La Hongrie a rejeté la proposition de la Commission européenne.",
     "REJECT", "HUN", "EUR"),
    ("en", "Hungary rejected the proposal of the European Commission.", "REJECT", "HUN", "EUR"),
    ("fr", "La Corée du Nord a menacé les États-Unis de représailles.",
     "THREATEN", "PRK", "USA"),
    ("en", "North Korea threatened the United States with retaliation.",
     "THREATEN", "PRK", "USA"),
    ("fr", "Des milliers de manifestants ont défilé samedi à Minsk contre le président biélorusse.",
     "PROTEST", None, "BLR"),
    ("en", "Thousands of protesters marched in Minsk against the Belarusian president on Saturday.",
     "PROTEST", None, "BLR"),
    ("fr", "L'Union européenne a imposé des sanctions à la Biélorussie.", "SANCTION", "EUR", "BLR"),
    ("en", "The European Union imposed sanctions on Belarus.", "SANCTION", "EUR", "BLR"),
    ("fr", "La Russie a massé 100 000 soldats à la frontière ukrainienne.", "MOBILIZE", "RUS", None),
    ("en", "Russia massed 100,000 troops near the Ukrainian border.", "MOBILIZE", "RUS", None),
    ("fr", "La police biélorusse a arrêté des dizaines de manifestants à Minsk.",
     "COERCE", "BLR", None),
    ("en", "Belarusian police arrested dozens of protesters in Minsk.", "COERCE", "BLR", None),
    ("fr", "L'armée russe a bombardé la ville ukrainienne de Kharkiv.", "ASSAULT", "RUS", None),
    ("en", "The Israeli army shelled the Gaza Strip on Tuesday.", "ASSAULT", "ISR", None),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "type_", "actor", "recipient"), FAMILIES)
def test_events_family_sentence_gives_its_plover_type_and_parties(
    run: Run, language: str, text: str, *, type_: str, actor: str | None, recipient: str | None
) -> None:
    event = only(run(text, language), type_)
    assert event.status == "asserted"
    if actor is not None:
        assert actor in actor_codes(event)
    if recipient is not None:
        assert recipient in recipient_codes(event)


# ------------------------------------------------------------------ argument rules


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "fr",
            "Les négociations entre le ministre turc et son homologue grec ont eu lieu à Ankara.",
        ),
        (
            "en",
            "Talks between the Turkish minister and his Greek counterpart took place in Ankara.",
        ),
    ],
)
def test_events_between_x_and_y_gives_actor_and_recipient(
    run: Run, language: str, text: str
) -> None:
    event = only(run(text, language), "CONSULT")
    assert codes(event.actors) == [("TUR", "GOV")]
    assert codes(event.recipients) == [("GRC", "GOV")]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Le Canada a livré des missiles antichars à la Lituanie."),
        ("en", "Canada delivered anti-tank missiles to Lithuania."),
    ],
)
def test_events_to_phrase_of_a_transfer_is_the_recipient(
    run: Run, language: str, text: str
) -> None:
    event = only(run(text, language), "AID")
    assert actor_codes(event) == {"CAN"}
    assert recipient_codes(event) == {"LTU"}


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "Le Mali a été attaqué par des rebelles touareg."),
     ("en", "Mali was attacked by Tuareg rebels.")],
)  # fmt: skip
def test_events_passive_agent_is_the_actor_subject_the_recipient(
    run: Run, language: str, text: str
) -> None:
    event = only(run(text, language), "ASSAULT")
    assert codes(event.actors) == [(None, "REB")]
    assert recipient_codes(event) == {"MLI"}


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "La France et l'Allemagne se sont rencontrées à Paris."),
     ("en", "France and Germany met in Paris.")],
)  # fmt: skip
def test_events_joint_subject_of_a_meeting_splits_into_actor_and_recipient(
    run: Run, language: str, text: str
) -> None:
    event = only(run(text, language), "CONSULT")
    assert actor_codes(event) == {"FRA"}
    assert recipient_codes(event) == {"DEU"}


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "L'Estonie, la Lettonie et la Lituanie ont condamné la Biélorussie."),
     ("en", "Estonia, Latvia and Lithuania condemned Belarus.")],
)  # fmt: skip
def test_events_coordinated_parties_are_listed(run: Run, language: str, text: str) -> None:
    event = only(run(text, language), "ACCUSE")
    assert actor_codes(event) == {"EST", "LVA", "LTU"}
    assert recipient_codes(event) == {"BLR"}


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "Un haut responsable américain a critiqué la Chine."),
     ("en", "A senior American official criticized China.")],
)  # fmt: skip
def test_events_unnamed_described_actor_takes_demonym_country(
    run: Run, language: str, text: str
) -> None:
    event = only(run(text, language), "ACCUSE")
    assert codes(event.actors) == [("USA", "GOV")]


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "Les troupes russes ont attaqué la ville ukrainienne de Kharkiv."),
     ("en", "Russian troops attacked the Ukrainian city of Kharkiv.")],
)  # fmt: skip
def test_events_demonym_troops_are_the_state_military(run: Run, language: str, text: str) -> None:
    event = only(run(text, language), "ASSAULT")
    assert codes(event.actors) == [("RUS", "MIL")]


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "Washington redoute une éventuelle invasion russe de l'Ukraine."),
     ("en", "Washington fears a possible Russian invasion of Ukraine.")],
)  # fmt: skip
def test_events_demonym_adjective_of_a_noun_trigger_is_its_actor(
    run: Run, language: str, text: str
) -> None:
    event = only(run(text, language), "ASSAULT")
    assert actor_codes(event) == {"RUS"}
    assert recipient_codes(event) == {"UKR"}


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "Le Département d'État a autorisé l'Estonie à envoyer des armes à l'Ukraine."),
     ("en", "The State Department authorized Estonia to send weapons to Ukraine.")],
)  # fmt: skip
def test_events_object_of_authorise_does_the_authorised_act(
    run: Run, language: str, text: str
) -> None:
    doc = run(text, language)
    agree = only(doc, "AGREE")
    assert actor_codes(agree) == {"USA"}
    assert recipient_codes(agree) == {"EST"}
    aid = only(doc, "AID")
    assert actor_codes(aid) == {"EST"}
    assert recipient_codes(aid) == {"UKR"}
    assert aid.status == "planned"


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "« S'il envahit l'Ukraine, la Russie paiera un lourd tribut », a déclaré Joe Biden."),
     ("en", '"If Russia invades Ukraine, it will pay a heavy price," Joe Biden said.')],
)  # fmt: skip
def test_events_threat_idiom_speaker_is_actor_and_payer_recipient(
    run: Run, language: str, text: str
) -> None:
    doc = run(text, language)
    threat = only(doc, "THREATEN")
    assert codes(threat.actors) == [("USA", "GOV")]
    assert recipient_codes(threat) == {"RUS"}
    assert threat.status == "conditional"
    linked = [q for q in doc.quotes if q.event == threat.id]
    assert linked, [(q.text, q.event) for q in doc.quotes]


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "« Nous livrerons des armes à l'Ukraine », a déclaré le ministre britannique de la Défense."),
     ("en", '"We will send weapons to Ukraine," the British defence minister said.')],
)  # fmt: skip
def test_events_first_person_in_a_quote_is_the_speaker_side(
    run: Run, language: str, text: str
) -> None:
    doc = run(text, language)
    # An announced aid is a promise: PLOVER's AGREE.
    event = only(doc, "AGREE")
    assert actor_codes(event) == {"GBR"}
    assert recipient_codes(event) == {"UKR"}
    assert event.status == "planned"


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "Emmanuel Macron a rencontré Olaf Scholz à Paris. Il a ensuite critiqué la Chine."),
     ("en", "Emmanuel Macron met Olaf Scholz in Paris. He later criticized China.")],
)  # fmt: skip
def test_events_pronoun_subject_takes_the_previous_subject(
    run: Run, language: str, text: str
) -> None:
    event = only(run(text, language), "ACCUSE")
    assert actor_codes(event) == {"FRA"}


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "Le président français s'est entretenu jeudi à Berlin avec le chancelier allemand."),
     ("en", "The French president met the German chancellor in Berlin on Thursday.")],
)  # fmt: skip
def test_events_location_and_date_attached_to_the_trigger(
    run: Run, language: str, text: str
) -> None:
    event = only(run(text, language), "CONSULT")
    assert event.location is not None
    assert event.location.name == "Berlin"
    assert (event.date, event.date_precision) == ("2022-01-20", "day")


def test_events_without_date_in_clause_take_publication_date_as_unknown(run: Run) -> None:
    event = only(run("Turkey apologized to Russia.", "en"), "CONCEDE")
    assert (event.date, event.date_precision) == ("2022-01-21", "unknown")


@pytest.mark.parametrize(
    ("language", "text", "value", "unit"),
    [("fr", "Le Japon a débloqué 100 millions de dollars d'aide pour le Bangladesh.", 1e8, "USD"),
     ("en", "Russia massed 100,000 troops near the Ukrainian border.", 1e5, "troops")],
)  # fmt: skip
def test_events_figures_bound_to_the_event(
    run: Run, language: str, text: str, value: float, unit: str
) -> None:
    event = run(text, language).events[0]
    assert [(q.value, q.unit) for q in event.quantities] == [(value, unit)]


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "Un incendie a tué dix personnes à Lagos."), ("en", "A fire killed ten people in Lagos.")],
)  # fmt: skip
def test_events_non_agent_cause_is_no_assault(run: Run, language: str, text: str) -> None:
    assert run(text, language).events == []


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "Les sangliers ont attaqué les vignes du village."),
     ("en", "The wild boars attacked the vineyards of the village.")],
)  # fmt: skip
def test_events_trigger_without_political_party_is_not_emitted(
    run: Run, language: str, text: str
) -> None:
    doc = run(text, language)
    assert doc.events == []
    assert "NOT EMITTED" in explain(doc.extras[EXTRAS_KEY])


# ------------------------------------------------------------------ status cues

STATUSES = [
    ("fr", "La Russie n'a pas envoyé de troupes en Biélorussie.", "MOBILIZE", "negated"),
    ("en", "Russia did not send troops to Belarus.", "MOBILIZE", "negated"),
    ("fr", "La Chine enverra des navires de guerre en mer Rouge.", "MOBILIZE", "planned"),
    ("en", "China will send warships to the Red Sea.", "MOBILIZE", "planned"),
    ("fr", "La Turquie va déployer des soldats en Libye.", "MOBILIZE", "planned"),
    ("en", "Turkey is going to deploy soldiers in Libya.", "MOBILIZE", "planned"),
    ("fr", "Moscou prévoit des exercices navals en Méditerranée.", "MOBILIZE", "planned"),
    ("en", "Moscow plans to hold naval exercises in the Mediterranean.", "MOBILIZE", "planned"),
    ("fr", "Selon l'agence Reuters, l'armée russe aurait bombardé Kharkiv.", "ASSAULT", "reported"),
    ("en", "According to Reuters, the Russian army shelled Kharkiv.", "ASSAULT", "reported"),
    ("fr", "L'Ukraine a déclaré que la Russie avait bombardé Kharkiv.", "ASSAULT", "reported"),
    ("en", "Ukraine said that Russia had shelled Kharkiv.", "ASSAULT", "reported"),
    ("fr", "La Russie a déclaré que ses troupes se retiraient de la frontière.",
     "RETREAT", "asserted"),
    ("fr", "Le Kremlin a démenti toute attaque contre l'Ukraine.", "ASSAULT", "denied"),
    ("en", "The Kremlin denied that it had attacked Ukraine.", "ASSAULT", "denied"),
    ("fr", "Si la Russie attaque l'Ukraine, l'Union européenne imposera des sanctions.",
     "SANCTION", "conditional"),
    ("en", "If Russia attacks Ukraine, the European Union will impose sanctions.",
     "SANCTION", "conditional"),
    ("fr", "Si la Russie attaque l'Ukraine, l'Union européenne imposera des sanctions.",
     "ASSAULT", "hypothetical"),
    ("en", "Should Russia invade Ukraine, the United States will impose sanctions.",
     "SANCTION", "conditional"),
    ("fr", "En cas d'attaque russe, l'Otan renforcera ses troupes en Pologne.",
     "ASSAULT", "hypothetical"),
    ("fr", "Washington redoute une éventuelle invasion russe de l'Ukraine.",
     "ASSAULT", "hypothetical"),
    ("en", "Washington fears a possible Russian invasion of Ukraine.", "ASSAULT", "hypothetical"),
    ("fr", "La Russie pourrait envahir l'Ukraine.", "ASSAULT", "hypothetical"),
    ("en", "Russia could invade Ukraine.", "ASSAULT", "hypothetical"),
    ("fr", "La Chine va-t-elle envahir Taïwan ?", "ASSAULT", "hypothetical"),
    ("en", "Will China invade Taiwan?", "ASSAULT", "hypothetical"),
    ("fr", "La Russie avait annexé la Crimée en 2014.", "COERCE", "historical"),
    ("en", "Russia annexed Crimea in 2014.", "COERCE", "historical"),
    ("fr", "Washington avait fourni 450 millions de dollars d'aide à Kiev avant que les troupes "
     "russes ne se déplacent.", "AID", "historical"),
    ("en", "Washington had provided $450 million of aid to Kyiv before the Russian troops moved.",
     "AID", "historical"),
    ("en", "Serbia refused to withdraw its troops from the border.", "RETREAT", "negated"),
    ("fr", "La Chine n'a pas l'intention d'envahir Taïwan, a assuré le porte-parole.",
     "ASSAULT", "negated"),
    ("en", "Beijing has no plans to invade Taiwan, the spokesman said.", "ASSAULT", "negated"),
    ("en", "Beijing does not plan to invade Taiwan.", "ASSAULT", "negated"),
    ("fr", "Le chancelier a prévenu que toute incursion entraînerait une réponse ferme et unie "
     "de l'Union européenne.", "THREATEN", "conditional"),
    ("en", "The chancellor warned that any incursion would be met with a swift and severe "
     "response from the European Union.", "THREATEN", "conditional"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "type_", "status"), STATUSES)
def test_events_status_cue(run: Run, language: str, text: str, type_: str, status: str) -> None:
    assert only(run(text, language), type_).status == status


def test_events_no_cue_means_asserted(run: Run) -> None:
    assert only(run("Turkey apologized to Russia.", "en"), "CONCEDE").status == "asserted"


def test_events_expletive_ne_is_no_negation(run: Run) -> None:
    doc = run("Washington avait fourni une aide à Kiev avant que les troupes russes ne se "
              "déplacent.", "fr")  # fmt: skip
    assert only(doc, "MOBILIZE").status != "negated"


# ------------------------------------------------------------------ trace and records


def test_events_trace_kept_in_extras_and_rendered(run: Run) -> None:
    doc = run("Japan provided $100 million in aid to Bangladesh.", "en")
    text = explain(doc.extras[EXTRAS_KEY])
    assert "trigger 'provided'" in text
    assert "AID" in text
    assert "EMITTED as ev:" in text


def test_events_ids_are_stable_across_runs(run: Run) -> None:
    text = "Japan provided $100 million in aid to Bangladesh."
    assert [e.id for e in run(text, "en").events] == [e.id for e in run(text, "en").events]


def test_events_confidence_in_unit_interval_and_evidence_offsets_index_text(run: Run) -> None:
    doc = run("Russia massed 100,000 troops near the Ukrainian border. Moscow denied any plan "
              "to invade Ukraine.", "en")  # fmt: skip
    for event in doc.events:
        assert 0.0 <= event.confidence <= 1.0
        for evidence in event.evidence:
            assert doc.text[evidence.start : evidence.end] == evidence.sentence
            assert evidence.trigger_start is not None and evidence.trigger_end is not None
            assert doc.text[evidence.trigger_start : evidence.trigger_end] == evidence.trigger


def test_events_record_validates_against_schema(
    run: Run, validate_record: Callable[..., None]
) -> None:
    doc = run("China and Russia held joint naval exercises in the Gulf of Oman.", "en")
    validate_record(doc.to_article().model_dump(mode="json"))


def test_events_holder_of_an_intention_is_the_actor(run: Run) -> None:
    event = only(run("La Chine n'a pas l'intention d'envahir Taïwan.", "fr"), "ASSAULT")
    assert actor_codes(event) == {"CHN"}


def test_events_title_before_an_apposed_name_is_that_person(run: Run) -> None:
    # The parser hangs the name on « diplomatie »; the title still names him.
    doc = run("Le chef de la diplomatie russe Sergueï Lavrov a rencontré vendredi Antony "
              "Blinken à Genève.", "fr")  # fmt: skip
    event = only(doc, "CONSULT")
    assert [p.entity for p in event.actors] == ["person:sergey-lavrov"]
    assert [p.entity for p in event.recipients] == ["person:antony-blinken"]
