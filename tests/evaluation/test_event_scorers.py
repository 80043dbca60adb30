"""Event scorers (ConfliBERT quad class and actors, CASE 2021 via PLOVER → ACLED) on tiny
gold files, with records built by hand and scores computed by hand."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from dossier.errors import DataFileError
from dossier.evaluation.acled import (
    NO_EVENT,
    UNMAPPED,
    load_acled_rules,
    parse_acled_rules,
    predicted_label,
    run_case2021,
)
from dossier.evaluation.analysis import GoldText
from dossier.evaluation.cameo import run_conflibert
from dossier.model import Article, Entity, Event, Evidence, Mention, Party


class Fixed:
    """An ``analyse`` that returns the given records, in order."""

    def __init__(self, records: Sequence[Article | None]) -> None:
        self.records = list(records)

    def __call__(self, texts: Sequence[GoldText]) -> list[Article | None]:
        return self.records[: len(texts)]


def event(
    kind: str,
    *,
    mode: str | None = None,
    confidence: float = 0.8,
    actors: Sequence[Party] = (),
    recipients: Sequence[Party] = (),
) -> Event:
    return Event(
        id=f"e-{kind}",
        type=kind,
        mode=mode,
        status="asserted",
        actors=list(actors),
        recipients=list(recipients),
        evidence=[Evidence(sentence="s", start=0, end=1)],
        confidence=confidence,
    )


def record(text: str, events: Sequence[Event], entities: Sequence[Entity] = ()) -> Article:
    return Article(id="x", language="en", text=text, events=list(events), entities=list(entities))


# ---------------------------------------------------------------------------- ConfliBERT

CLASS_ROWS = [
    ("Russia attacked Ukraine.", 4),
    ("France and Germany agreed.", 1),
    ("He said nothing.", 0),
]
NER_BLOCKS = [
    ["Russia B-S", "attacked O", "Ukraine B-T", ". O"],
    ["France B-R", "and O", "Germany B-R", "agreed O", ". O"],
    ["He O", "said O", "nothing O", ". O"],
]


def write_conflibert(root: Path) -> None:
    folder = root / "conflibert-cameo-sentences"
    folder.mkdir(parents=True)
    rows = "".join(f"{text}\t{label}\r\n" for text, label in CLASS_ROWS)
    (folder / "cameo_class_test.tsv").write_text(rows, encoding="utf-8", newline="")
    blocks = "\n\n".join("\n".join(block) for block in NER_BLOCKS) + "\n"
    (folder / "cameo_ner_test.txt").write_text(blocks, encoding="utf-8")


def test_conflibert_scores_quad_class_and_actor_spans(tmp_path: Path) -> None:
    write_conflibert(tmp_path)
    russia = Entity(
        id="Q159", name="Russia", kind="state", mentions=[Mention(start=0, end=6, text="Russia")]
    )
    records = [
        # ASSAULT (quad 4): source by linked entity, target by name.
        record(
            CLASS_ROWS[0][0],
            [
                event(
                    "ASSAULT",
                    actors=[Party(entity="Q159", name="Russia")],
                    recipients=[Party(name="Ukraine")],
                )
            ],
            [russia],
        ),
        # The more confident event is the main one: AGREE (quad 1), not CONSULT.
        record(
            CLASS_ROWS[1][0],
            [
                event("CONSULT", confidence=0.4),
                event(
                    "AGREE",
                    confidence=0.9,
                    actors=[Party(name="France")],
                    recipients=[Party(name="Germany")],
                ),
            ],
        ),
        # Not a PLOVER type: scored as the always-wrong class -1, never as "neutral".
        record(CLASS_ROWS[2][0], [event("STATEMENT")]),
    ]

    scores = run_conflibert(tmp_path, analyse=Fixed(records))

    # Quad: gold 4, 1, 0 against 4, 1, -1; per-class F1 1, 1, 0, 0 over four classes.
    assert scores["quad_accuracy"] == pytest.approx(2 / 3)
    assert scores["quad_macro_f1"] == pytest.approx(0.5)
    # Reciprocal gold actors (France, Germany) are both sources and targets: 3 gold each,
    # 2 predicted each, all right.
    assert (scores["source_precision"], scores["source_recall"]) == (1.0, pytest.approx(2 / 3))
    assert scores["target_f1"] == pytest.approx(0.8)


def test_conflibert_sentence_without_event_is_class_zero(tmp_path: Path) -> None:
    write_conflibert(tmp_path)

    scores = run_conflibert(tmp_path, limit=3, analyse=Fixed([None, None, record("x", [])]))

    assert scores["quad_accuracy"] == pytest.approx(1 / 3)  # only "He said nothing." is right
    assert scores["source_recall"] == 0.0


# ----------------------------------------------------------------------------- CASE 2021

SNIPPETS = [
    ("a", "Troops shelled the town.", "ART_MISS_ATTACK"),
    ("b", "Protesters marched.", "PEACE_PROTEST"),
    ("c", "An earthquake hit.", "NATURAL_DISASTER"),
    ("d", "Ministers met.", "DIPLO"),
    ("e", "Gunmen kidnapped two.", "ABDUCT_DISSAP"),
]


def write_case2021(root: Path) -> None:
    folder = root / "case2021-task2-acled-snippets"
    folder.mkdir(parents=True)
    lines = ["id\tEventSnippet\tSubType", *("\t".join(row) for row in SNIPPETS)]
    (folder / "test_set_final_release_with_labels.tsv").write_text(
        "\n".join(lines) + "\n", encoding="utf-8"
    )


def test_case2021_weighted_f1_per_subtask(tmp_path: Path) -> None:
    write_case2021(tmp_path)
    records = [
        record("a", [event("ASSAULT", mode="heavy-weapons")]),  # ART_MISS_ATTACK, right
        record("b", [event("PROTEST", mode="demo")]),  # PEACE_PROTEST, right
        record("c", []),  # NO_EVENT for a natural disaster: wrong
        record("d", [event("CONSULT")]),  # DIPLO, right
        record("e", [event("THREATEN")]),  # OTHER for an abduction: wrong
    ]

    scores = run_case2021(tmp_path, analyse=Fixed(records))

    # Sub-task 1 keeps a, b, e: F1 1, 1, 0 with one gold each.
    assert scores["subtask1_weighted_f1"] == pytest.approx(2 / 3)
    assert scores["subtask2_weighted_f1"] == pytest.approx(2 / 4)  # adds c
    assert scores["subtask3_weighted_f1"] == pytest.approx(3 / 5)  # adds d
    assert scores["accuracy"] == pytest.approx(3 / 5)
    # Seven labels seen (5 gold + OTHER + NO_EVENT), three with F1 1.
    assert scores["macro_f1"] == pytest.approx(3 / 7)


@pytest.mark.parametrize(
    ("made", "label"),
    [
        (event("ASSAULT"), "ARMED_CLASH"),
        (event("ASSAULT", recipients=[Party(name="villagers", sector="CVL")]), "ATTACK"),
        (event("ASSAULT", mode="abduct"), "ABDUCT_DISSAP"),
        (event("FIGHT", mode="drone"), "AIR_STRIKE"),  # retired name read as ASSAULT
        (event("COERCE", mode="seize", actors=[Party(name="rebels", sector="REB")]),
         "NON_STATE_ACTOR_OVERTAKES_TER"),
        (event("COERCE", mode="seize"), "DISR_WEAP"),
        (event("PROTEST", mode="riot"), "VIOL_DEMONSTR"),
        (event("RETREAT", mode="ceasefire"), "AGREEMENT"),
        (event("MOBILIZE"), "CHANGE_TO_GROUP_ACT"),
        (event("ACCUSE", mode="allege"), "ATTRIB"),
        (event("NOT_A_TYPE"), UNMAPPED),
    ],
)  # fmt: skip
def test_builtin_plover_to_acled_rules_map_events(made: Event, label: str) -> None:
    assert predicted_label(record("t", [made]), load_acled_rules()) == label


def test_article_without_events_is_no_event() -> None:
    assert predicted_label(record("t", []), load_acled_rules()) == NO_EVENT


def test_first_matching_rule_wins() -> None:
    rules = parse_acled_rules(
        "version: 1\nrules:\n"
        "  - {type: ASSAULT, mode: aerial, label: AIR_STRIKE}\n"
        "  - {type: ASSAULT, label: ARMED_CLASH}\n"
    )

    assert predicted_label(record("t", [event("ASSAULT", mode="Aerial")]), rules) == "AIR_STRIKE"


@pytest.mark.parametrize(
    ("rule", "complaint"),
    [
        ("{type: ATTACK, label: ARMED_CLASH}", "not a PLOVER type"),
        ("{type: ASSAULT, label: BATTLE}", "not a CASE 2021 label"),
        ("{type: ASSAULT, label: ARMED_CLASH, weapon: gun}", "unknown keys"),
        ("{type: ASSAULT, mode: {a: b}, label: ARMED_CLASH}", "list of strings"),
    ],
)
def test_mapping_file_errors_name_the_rule_and_the_problem(rule: str, complaint: str) -> None:
    with pytest.raises(DataFileError, match=rf"rule 1: .*{complaint}"):
        parse_acled_rules(f"version: 1\nrules:\n  - {rule}\n", "mapping.yaml")


def test_mapping_file_unmapped_labels_must_be_case_labels() -> None:
    with pytest.raises(DataFileError, match="not CASE labels"):
        parse_acled_rules("version: 1\nrules: []\nunmapped:\n  BATTLE: no\n")
