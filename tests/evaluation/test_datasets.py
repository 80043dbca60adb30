"""Gold-data loaders: tiny files in each set's real format, then the real data when present.

The tiny-file tests write a few records in the published format to ``tmp_path`` so they run
anywhere; the ``gold`` tests read ``../shared/data`` (or ``$DOSSIER_SHARED_DATA``), check the
counts documented in its SOURCE.md files, and that every span indexes its text.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

import pytest

from dossier.evaluation.datasets import (
    CAMEO_QUAD_CLASSES,
    SHARED_DATA_ENV,
    GoldDataFormatError,
    GoldDataNotFoundError,
    default_root,
    load_case2021,
    load_conflibert_cameo,
    load_conflibert_ner,
    load_ecbplus,
    load_french_timebank,
    load_geoparsing,
    load_polnear,
    load_scrapinghub,
    load_sequoia_ner,
    load_trafilatura_fr_en,
)


class Spanning(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def texts(text: str, spans: Iterable[Spanning]) -> list[str]:
    return [text[span.start : span.end] for span in spans]


# ----------------------------------------------------------------------- paths, errors


def test_default_root_honours_the_environment_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(SHARED_DATA_ENV, str(tmp_path))
    assert default_root() == tmp_path


def test_default_root_is_shared_data_beside_the_repository(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(SHARED_DATA_ENV, raising=False)
    repository = Path(__file__).resolve().parents[2]
    assert default_root() == repository.parent / "shared" / "data"


def test_missing_data_raises_a_file_not_found_error_naming_the_path(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as caught:
        load_case2021(tmp_path)
    assert isinstance(caught.value, GoldDataNotFoundError)
    assert "case2021-task2-acled-snippets" in str(caught.value)
    assert "../shared/data" in str(caught.value)


def test_missing_file_inside_a_present_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "scrapinghub-article-extraction").mkdir()
    with pytest.raises(GoldDataNotFoundError, match=r"ground-truth\.json"):
        load_scrapinghub(tmp_path)


# --------------------------------------------------------------------------- Scrapinghub


def test_load_scrapinghub_reads_gzipped_html_and_gold_body(tmp_path: Path) -> None:
    folder = tmp_path / "scrapinghub-article-extraction"
    truth = {"abc": {"articleBody": "Gold body.", "url": "https://example.com/a"}}
    write(folder / "ground-truth.json", json.dumps(truth))
    write(folder / "html" / "abc.html.gz", gzip.compress("<p>Gold body.</p>é".encode()))

    [case] = load_scrapinghub(tmp_path)

    assert (case.case_id, case.url) == ("abc", "https://example.com/a")
    assert case.gold_text == "Gold body."
    assert case.html == "<p>Gold body.</p>é"


# --------------------------------------------------------------------------- trafilatura


def test_load_trafilatura_reads_snippets_and_language(tmp_path: Path) -> None:
    folder = tmp_path / "trafilatura-eval-fr-en"
    entry = {
        "file": "site.fr.page.html",
        "with": ["Le décret", "restructurant"],
        "without": ["En savoir plus"],
        "lang_guess": "fr",
        "source_path": "tests/cache/site.fr.page.html",
    }
    write(folder / "evaldata_fr_en.json", json.dumps({"https://site.fr/page": entry}))
    write(folder / "html" / "site.fr.page.html.gz", gzip.compress("<p>Le décret</p>".encode()))

    [case] = load_trafilatura_fr_en(tmp_path)

    assert (case.case_id, case.url, case.language) == ("site.fr.page", "https://site.fr/page", "fr")
    assert case.must_include == ("Le décret", "restructurant")
    assert case.must_exclude == ("En savoir plus",)
    assert case.gold_text is None


def test_trafilatura_page_in_declared_latin1_is_decoded(tmp_path: Path) -> None:
    folder = tmp_path / "trafilatura-eval-fr-en"
    entry = {"file": "old.html", "with": [], "without": [], "lang_guess": "fr"}
    write(folder / "evaldata_fr_en.json", json.dumps({"http://old": entry}))
    page = '<meta charset="ISO-8859-1"><p>Été</p>'.encode("latin-1")
    write(folder / "html" / "old.html.gz", gzip.compress(page))

    [case] = load_trafilatura_fr_en(tmp_path)

    assert "<p>Été</p>" in case.html


# ------------------------------------------------------------------------------ Sequoia

CONLLU_COLUMNS = (
    "# global.columns = ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC PARSEME:MWE"
    " FRSEMCOR:NOUN"
)


def conllu_row(conllu_id: str, form: str, mwe: str = "*") -> str:
    return "\t".join([conllu_id, form, "_", "_", "_", "_", "_", "_", "_", "_", mwe, "*"])


def write_sequoia(root: Path) -> None:
    rows = [
        conllu_row("1", "Le"),
        conllu_row("2", "maire"),
        conllu_row("3-4", "du"),
        conllu_row("3", "de"),
        conllu_row("4", "le"),
        conllu_row("5", "Mans", "1:PROPN|NE-LOC.final|_"),
        conllu_row("6", ","),
        conllu_row("7", "Jean", "2:PROPN|NE-PERS.final|_"),
        conllu_row("8", "Dupont", "2"),
        conllu_row("9", "a", "3:VERB|MWE|LEX"),
        conllu_row("10", "parlé", "3"),
        conllu_row("11", "à"),
        conllu_row("12", "Paris", "4:PROPN|NE-ORG.final|_;5:PROPN|NE-LOC.prim|_"),
        conllu_row("13", "."),
    ]
    header = [
        CONLLU_COLUMNS,
        "# sent_id = annodis.er_00001",
        "# split = test",
        "# text = Le maire du Mans, Jean Dupont a parlé à Paris.",
    ]
    content = "\n".join(header + rows) + "\n\n"
    write(
        root / "sequoia-estrepublicain-ner-fr" / "sequoia_annodis_er.parseme.frsemcor.conllu",
        content,
    )


def test_load_sequoia_aligns_surface_tokens_on_the_text(tmp_path: Path) -> None:
    write_sequoia(tmp_path)

    [sentence] = load_sequoia_ner(tmp_path)

    assert [token.text for token in sentence.tokens][:5] == ["Le", "maire", "du", "Mans", ","]
    assert texts(sentence.text, sentence.tokens) == [token.text for token in sentence.tokens]
    assert (sentence.sent_id, sentence.split) == ("annodis.er_00001", "test")


def test_load_sequoia_reads_named_entities_and_skips_mwes(tmp_path: Path) -> None:
    write_sequoia(tmp_path)

    [sentence] = load_sequoia_ner(tmp_path)

    found = [(e.text, e.label, e.reading) for e in sentence.entities]
    assert found == [
        ("Mans", "LOC", "final"),
        ("Jean Dupont", "PERS", "final"),
        ("Paris", "ORG", "final"),
        ("Paris", "LOC", "prim"),
    ]
    assert texts(sentence.text, sentence.entities) == [e.text for e in sentence.entities]


def test_sequoia_final_entities_keep_one_reading_per_mention(tmp_path: Path) -> None:
    write_sequoia(tmp_path)

    [sentence] = load_sequoia_ner(tmp_path)

    assert [e.label for e in sentence.final_entities()] == ["LOC", "PERS", "ORG"]


def test_sequoia_discontinuous_entity_keeps_its_fragments(tmp_path: Path) -> None:
    rows = [
        conllu_row("1", "Jeanine", "1:PROPN|NE-PERS.final|_"),
        conllu_row("2", "et"),
        conllu_row("3", "Willy", "2:PROPN|NE-PERS.final|_"),
        conllu_row("4", "Schaer", "1;2"),
    ]
    content = "\n".join(["# sent_id = s1", "# text = Jeanine et Willy Schaer", *rows]) + "\n"
    write(
        tmp_path / "sequoia-estrepublicain-ner-fr" / "sequoia_annodis_er.parseme.frsemcor.conllu",
        content,
    )

    [sentence] = load_sequoia_ner(tmp_path)

    jeanine, willy = sentence.entities
    assert jeanine.text == "Jeanine et Willy Schaer"
    assert jeanine.discontinuous
    assert texts(sentence.text, [_Span(*f) for f in jeanine.fragments]) == ["Jeanine", "Schaer"]
    assert (willy.text, willy.discontinuous) == ("Willy Schaer", False)


class _Span:
    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end


# ------------------------------------------------------------------------ French TimeBank

TML = """<?xml version='1.0' encoding='UTF-8'?>
<!-- licence header -->
<TimeML>
<DOCID>1999-05-27-0530d</DOCID>
<DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t1" type="DATE" value="1999-05-27" /></DCT>
<TEXT>
L'aviation est <EVENT eid="e1" class="OCCURRENCE">entrée</EVENT> en action \
<TIMEX3 tid="t2" type="DATE" value="1999-05-26" anchorTimeID="t1">hier</TIMEX3>, \
R&amp;D <SIGNAL sid="s1">depuis</SIGNAL> <TIMEX3 tid="t3" type="DURATION" value="P50Y">\
un demi-siècle</TIMEX3>.
<EVENT class="OCCURRENCE" eid="e8" eiid="ei10" pos="VERB" pred="BOMBARDER"/>
</TEXT>
<TLINK lid="l1" relType="BEFORE" relatedToTime="t1" timeID="t2" />
</TimeML>
"""


def test_load_french_timebank_strips_tags_and_keeps_timex_offsets(tmp_path: Path) -> None:
    write(tmp_path / "french-timebank-1.1" / "Data" / "1999-05-27-0530d.tml", TML)

    [document] = load_french_timebank(tmp_path)

    assert document.text == (
        "\nL'aviation est entrée en action hier, R&D depuis un demi-siècle.\n\n"
    )
    assert [(t.text, t.timex_type, t.value, t.tid) for t in document.timexes] == [
        ("hier", "DATE", "1999-05-26", "t2"),
        ("un demi-siècle", "DURATION", "P50Y", "t3"),
    ]
    assert texts(document.text, document.timexes) == ["hier", "un demi-siècle"]


def test_french_timebank_dct_is_the_creation_time_not_a_text_timex(tmp_path: Path) -> None:
    write(tmp_path / "french-timebank-1.1" / "Data" / "1999-05-27-0530d.tml", TML)

    [document] = load_french_timebank(tmp_path)

    assert (document.doc_id, document.dct) == ("1999-05-27-0530d", "1999-05-27")
    assert "t1" not in {timex.tid for timex in document.timexes}


def test_french_timebank_without_creation_time_is_a_format_error(tmp_path: Path) -> None:
    tml = TML.replace('functionInDocument="CREATION_TIME"', 'functionInDocument="NONE"')
    write(tmp_path / "french-timebank-1.1" / "Data" / "x.tml", tml)

    with pytest.raises(GoldDataFormatError, match="CREATION_TIME"):
        load_french_timebank(tmp_path)


# ---------------------------------------------------------------------------- geoparsing

GWN_XML = """<?xml version="1.0" ?>
<articles>
\t<article file="7">
\t\t<title>Title here</title>
\t\t<link>http://example.com/a</link>
\t\t<text>Protest in Paris, France.</text>
\t\t<toponyms>
\t\t\t<toponym>
\t\t\t\t<extractedName>Paris</extractedName>
\t\t\t\t<normalisedName>Paris</normalisedName>
\t\t\t\t<type>Literal</type>
\t\t\t\t<modifierType />
\t\t\t\t<nonLocational>No</nonLocational>
\t\t\t\t<start>11</start>
\t\t\t\t<end>16</end>
\t\t\t\t<geonamesID>2988507</geonamesID>
\t\t\t\t<latitude>48.85341</latitude>
\t\t\t\t<longitude>2.3488</longitude>
\t\t\t</toponym>
\t\t\t<toponym>
\t\t\t\t<extractedName>TITLE</extractedName>
\t\t\t\t<normalisedName />
\t\t\t\t<type>Non_Lit_Expression</type>
\t\t\t\t<modifierType />
\t\t\t\t<nonLocational>Yes</nonLocational>
\t\t\t\t<start>-10</start>
\t\t\t\t<end>-5</end>
\t\t\t</toponym>
\t\t</toponyms>
\t</article>
</articles>
"""

LGL_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="40450848">
    <title>Alexandria woman charged</title>
    <url>http://www.thetowntalk.com/a</url>
    <text><![CDATA[Fire in Alexandria & Rapides Parish.]]></text>
    <toponyms count="2">
      <toponym>
        <start>8</start>
        <end>18</end>
        <phrase>Alexandria</phrase>
        <gaztag geonameid="4314550">
          <name>Alexandria</name>
          <fclass>P</fclass>
          <fcode>PPL</fcode>
          <lat>31.3113</lat>
          <lon>-92.4451</lon>
          <country geonameid="6252001">United States</country>
        </gaztag>
      </toponym>
      <toponym>
        <start>21</start>
        <end>35</end>
        <phrase>Rapides Parish</phrase>
      </toponym>
    </toponyms>
  </article>
</articles>
"""


def test_load_geoparsing_gwn_reads_coordinates_and_type(tmp_path: Path) -> None:
    write(tmp_path / "geoparsing-gwn-lgl-trnews" / "GeoWebNews_GWN.xml", GWN_XML)

    [document] = load_geoparsing(tmp_path, "GWN")

    [paris] = document.toponyms
    assert (document.doc_id, document.title, document.url) == (
        "7",
        "Title here",
        "http://example.com/a",
    )
    assert (paris.name, paris.lat, paris.lon, paris.geonames_id) == (
        "Paris",
        48.85341,
        2.3488,
        2988507,
    )
    assert (paris.toponym_type, paris.non_locational) == ("Literal", False)
    assert texts(document.text, document.toponyms) == ["Paris"]


def test_geoparsing_keeps_negative_offsets_apart_as_unaligned(tmp_path: Path) -> None:
    write(tmp_path / "geoparsing-gwn-lgl-trnews" / "GeoWebNews_GWN.xml", GWN_XML)

    [document] = load_geoparsing(tmp_path, "GWN")

    [title] = document.unaligned
    assert (title.name, title.start, title.lat, title.non_locational) == ("TITLE", -10, None, True)


def test_load_geoparsing_lgl_reads_gazetteer_tags(tmp_path: Path) -> None:
    write(tmp_path / "geoparsing-gwn-lgl-trnews" / "LGL.xml", LGL_XML)

    [document] = load_geoparsing(tmp_path, "LGL")

    alexandria, parish = document.toponyms
    assert document.text == "Fire in Alexandria & Rapides Parish."
    assert (alexandria.geonames_id, alexandria.country, alexandria.feature_code) == (
        4314550,
        "United States",
        "PPL",
    )
    assert (parish.name, parish.lat, parish.geonames_id) == ("Rapides Parish", None, None)
    assert not parish.repaired
    assert texts(document.text, document.toponyms) == ["Alexandria", "Rapides Parish"]


def test_geoparsing_repairs_drifted_offsets(tmp_path: Path) -> None:
    drifted = LGL_XML.replace("<start>8</start>", "<start>10</start>").replace(
        "<end>18</end>", "<end>20</end>"
    )
    write(tmp_path / "geoparsing-gwn-lgl-trnews" / "TR-News.xml", drifted)

    [document] = load_geoparsing(tmp_path, "TR")

    alexandria = document.toponyms[0]
    assert (alexandria.start, alexandria.end, alexandria.repaired) == (8, 18, True)
    assert not document.toponyms[1].repaired


def test_geoparsing_rejects_an_unknown_corpus(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="WikToR"):
        load_geoparsing(tmp_path, "WikToR")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- ConfliBERT

CLASS_TSV = (
    "U.S. chief Colin Powell said NATO would need to remain strong.\t0\r\n"
    "Jordan and Britain have agreed to hold exercises.\t1\r\n"
)
NER_TXT = """U.S. B-S
chief I-S
Colin I-S
Powell I-S
said O
NATO B-T
would O
need O
to O
remain O
strong O
. O

Jordan B-R
and I-R
Britain I-R
have O
agreed O
to O
hold O
exercises O
. O

US B-T
President I-S
spoke O
"""


def write_conflibert(root: Path) -> None:
    folder = root / "conflibert-cameo-sentences"
    write(folder / "cameo_class_test.tsv", CLASS_TSV)
    write(folder / "cameo_ner_test.txt", NER_TXT)


def test_load_conflibert_cameo_reads_sentence_and_quad_class(tmp_path: Path) -> None:
    write_conflibert(tmp_path)

    first, second = load_conflibert_cameo(tmp_path, "test")

    assert first.text == "U.S. chief Colin Powell said NATO would need to remain strong."
    assert (first.label, first.label_name) == (0, "neutral")
    assert (second.label, second.label_name) == (1, "verbal cooperation")


def test_cameo_quad_classes_cover_the_five_labels() -> None:
    assert sorted(CAMEO_QUAD_CLASSES) == [0, 1, 2, 3, 4]


def test_conflibert_cameo_rejects_an_unknown_label(tmp_path: Path) -> None:
    write(tmp_path / "conflibert-cameo-sentences" / "cameo_class_train.tsv", "A sentence.\t7\r\n")

    with pytest.raises(GoldDataFormatError, match="row 1"):
        load_conflibert_cameo(tmp_path, "train")


def test_load_conflibert_ner_decodes_source_target_and_reciprocal(tmp_path: Path) -> None:
    write_conflibert(tmp_path)

    powell, jordan, _ = load_conflibert_ner(tmp_path, "test")

    assert [(a.text, a.role) for a in powell.actors] == [
        ("U.S. chief Colin Powell", "S"),
        ("NATO", "T"),
    ]
    assert [(a.text, a.role) for a in jordan.actors] == [("Jordan and Britain", "R")]


def test_conflibert_ner_uses_the_class_file_text_when_it_matches(tmp_path: Path) -> None:
    write_conflibert(tmp_path)

    powell, _, unmatched = load_conflibert_ner(tmp_path, "test")

    assert powell.text_from_class_file
    assert powell.text.endswith("remain strong.")  # no space before the full stop
    assert not unmatched.text_from_class_file
    assert unmatched.text == "US President spoke"
    assert texts(powell.text, powell.tokens) == [token.text for token in powell.tokens]


def test_conflibert_ner_starts_a_new_span_on_a_role_change(tmp_path: Path) -> None:
    write_conflibert(tmp_path)

    *_, unmatched = load_conflibert_ner(tmp_path, "test")

    assert [(a.text, a.role) for a in unmatched.actors] == [("US", "T"), ("President", "S")]


def test_conflibert_rejects_an_unknown_split(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="split"):
        load_conflibert_cameo(tmp_path, "dev")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- CASE 2021


def test_load_case2021_reads_snippets_with_quotes_verbatim(tmp_path: Path) -> None:
    content = (
        "id\tEventSnippet\tSubType\n"
        '1\tWarplanes pounded "the village" of Kashkash\tAIR_STRIKE\n'
        "2\tCases rise again in Punjab\tNATURAL_DISASTER\n"
    )
    write(
        tmp_path / "case2021-task2-acled-snippets" / "test_set_final_release_with_labels.tsv",
        content,
    )

    first, second = load_case2021(tmp_path)

    assert (first.snippet_id, first.text, first.label) == (
        "1",
        'Warplanes pounded "the village" of Kashkash',
        "AIR_STRIKE",
    )
    assert second.label == "NATURAL_DISASTER"


def test_case2021_without_the_header_is_a_format_error(tmp_path: Path) -> None:
    write(
        tmp_path / "case2021-task2-acled-snippets" / "test_set_final_release_with_labels.tsv",
        "1\tA snippet\tARREST\n",
    )

    with pytest.raises(GoldDataFormatError, match="header"):
        load_case2021(tmp_path)


# ------------------------------------------------------------------------------ PolNeAR

POLNEAR_TEXT = 'Critics said the bank "was wrong" and, he added, "it failed". Known as RT.'


def write_polnear(root: Path) -> None:
    folder = root / "polnear-attribution-test"
    write(folder / "text" / "nyt_2016-10-17_bank.txt", POLNEAR_TEXT)
    first = (
        "\n".join(
            [
                "T1\tSource 0 7\tCritics",
                "T2\tCue 8 12\tsaid",
                'T3\tContent 13 33;49 60\tthe bank "was wrong" "it failed"',
                "T4\tAttribution 8 12\tsaid",
                "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
                "T5\tCue 62 70\tKnown as",
                "T6\tContent 71 73\tRT",
                "T7\tAttribution-no-source 62 70\tKnown as",
                "E2\tAttribution-no-source:T7 Content:T6 Cue:T5",
                "T8\tSource 39 41\the",
                "T9\tCue 42 47\tadded",
                "T10\tAttribution 42 47\tadded",
                "E3\tAttribution:T10 Source:T8 Cue:T9 Content:T3 Content2:T6",
                "T11\tDiscuss 0 7\tCritics",
            ]
        )
        + "\n"
    )
    second = (
        "T1\tSource 0 7\tCritics\nT2\tCue 8 12\tsaid\nT3\tContent 13 33\t"
        'the bank "was wrong"\nT4\tAttribution 8 12\tsaid\n'
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    )
    write(folder / "attributions" / "nyt_2016-10-17_bank_ef2d.ann", second)
    write(folder / "attributions" / "nyt_2016-10-17_bank_4b22.ann", first)


def test_load_polnear_reads_source_cue_and_discontinuous_content(tmp_path: Path) -> None:
    write_polnear(tmp_path)

    [document] = load_polnear(tmp_path)

    critics = document.attributions[0]
    assert [s.text for s in critics.sources] == ["Critics"]
    assert [s.text for s in critics.cues] == ["said"]
    assert [s.text for s in critics.contents] == ['the bank "was wrong"', '"it failed"']
    spans = critics.sources + critics.cues + critics.contents
    assert texts(document.text, spans) == [span.text for span in spans]


def test_polnear_attribution_without_source(tmp_path: Path) -> None:
    write_polnear(tmp_path)

    [document] = load_polnear(tmp_path)

    known_as = document.attributions[1]
    assert (known_as.has_source, known_as.sources) == (False, ())
    assert [s.text for s in known_as.cues] == ["Known as"]


def test_polnear_second_content_joins_contents(tmp_path: Path) -> None:
    write_polnear(tmp_path)

    [document] = load_polnear(tmp_path)

    added = document.attributions[2]
    assert [s.text for s in added.contents] == ['the bank "was wrong"', '"it failed"', "RT"]
    assert [s.text for s in added.sources] == ["he"]


def test_polnear_keeps_every_annotator_and_takes_the_first_as_gold(tmp_path: Path) -> None:
    write_polnear(tmp_path)

    [document] = load_polnear(tmp_path)

    assert document.article_id == "nyt_2016-10-17_bank"
    assert [a.annotator for a in document.annotations] == ["4b22", "ef2d"]
    assert document.attributions == document.annotations[0].attributions
    assert len(document.annotations[1].attributions) == 1


def test_polnear_offsets_that_disagree_with_the_text_are_a_format_error(tmp_path: Path) -> None:
    folder = tmp_path / "polnear-attribution-test"
    write(folder / "text" / "a.txt", "Someone said so.")
    write(folder / "attributions" / "a_4b22.ann", "T1\tSource 0 4\tSomeone\n")

    with pytest.raises(GoldDataFormatError, match="T1"):
        load_polnear(tmp_path)


# ---------------------------------------------------------------------------------- ECB+


def ecb_xml(name: str, sentences: list[list[str]]) -> bytes:
    tokens = []
    t_id = 1
    for number, words in enumerate(sentences):
        for position, word in enumerate(words):
            tokens.append(
                f'<token t_id="{t_id}" sentence="{number}" number="{position}">{word}</token>'
            )
            t_id += 1
    body = "\n".join(tokens)
    return (
        f'<Document doc_name="{name}" doc_id="DOC1">\n{body}\n'
        "<Markables/>\n<Relations/>\n</Document>\n"
    ).encode()


def write_ecbplus(root: Path) -> None:
    archive_bytes = io.BytesIO()
    members = {
        "ECB+/1/1_10ecbplus.xml": ecb_xml("1_10ecbplus.xml", [["Star", "in", "rehab", "."]]),
        "ECB+/1/1_2ecb.xml": ecb_xml("1_2ecb.xml", [["Tara", "Reid"], ["She", "left", "."]]),
        "ECB+/1/1_9ecbplus.xml": ecb_xml("1_9ecbplus.xml", [["Lohan", "&amp;", "co"]]),
    }
    with tarfile.open(fileobj=archive_bytes, mode="w:xz") as archive:
        archive.addfile(tarfile.TarInfo("ECB+/1"), None)
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    write(root / "ecbplus-event-coref" / "ECBplus_xml.tar.xz", archive_bytes.getvalue())


def test_load_ecbplus_reads_the_archive_without_extracting(tmp_path: Path) -> None:
    write_ecbplus(tmp_path)

    documents = load_ecbplus(tmp_path)

    assert [d.doc_id for d in documents] == ["1_2ecb", "1_9ecbplus", "1_10ecbplus"]
    assert [(d.topic, d.subtopic, d.cluster) for d in documents][:2] == [
        (1, "ecb", "1ecb"),
        (1, "ecbplus", "1ecbplus"),
    ]
    assert list(tmp_path.joinpath("ecbplus-event-coref").iterdir()) == [
        tmp_path / "ecbplus-event-coref" / "ECBplus_xml.tar.xz"
    ]


def test_ecbplus_text_is_one_sentence_per_line(tmp_path: Path) -> None:
    write_ecbplus(tmp_path)

    reid = load_ecbplus(tmp_path)[0]

    assert reid.text == "Tara Reid\nShe left ."
    assert texts(reid.text, [_Span(s.start, s.end) for s in reid.sentences]) == [
        "Tara Reid",
        "She left .",
    ]
    assert [s.number for s in reid.sentences] == [0, 1]


# ------------------------------------------------------------------ the real gold data


@pytest.mark.gold
def test_gold_scrapinghub_has_181_pages(shared_data: Path) -> None:
    cases = load_scrapinghub(shared_data)
    assert len(cases) == 181
    assert all(case.html and case.gold_text for case in cases)


@pytest.mark.gold
def test_gold_trafilatura_has_68_french_and_181_english_pages(shared_data: Path) -> None:
    cases = load_trafilatura_fr_en(shared_data)
    assert Counter(case.language for case in cases) == {"fr": 68, "en": 181}
    assert all(case.html and case.must_include for case in cases)


@pytest.mark.gold
def test_gold_sequoia_has_524_sentences_and_554_entity_readings(shared_data: Path) -> None:
    sentences = load_sequoia_ner(shared_data)
    assert Counter(s.split for s in sentences) == {"train": 382, "dev": 74, "test": 68}
    entities = [e for s in sentences for e in s.entities]
    labels = Counter(e.label for e in entities)
    assert labels == {"LOC": 234, "PERS": 167, "ORG": 131, "EVE": 13, "PROD": 9}
    assert sum(len(s.final_entities()) for s in sentences) == 519
    assert all(texts(s.text, s.entities) == [e.text for e in s.entities] for s in sentences)


@pytest.mark.gold
def test_gold_french_timebank_has_108_documents_and_533_timex3(shared_data: Path) -> None:
    documents = load_french_timebank(shared_data)
    assert len(documents) == 108
    in_text = sum(len(d.timexes) for d in documents)
    assert in_text + len(documents) == 533  # the README counts each DCT as a TIMEX3
    assert all(d.dct for d in documents)
    assert all(texts(d.text, d.timexes) == [t.text for t in d.timexes] for d in documents)


@pytest.mark.gold
@pytest.mark.parametrize(
    ("corpus", "articles", "toponyms"), [("GWN", 200, 6612), ("LGL", 588, 5088), ("TR", 118, 1319)]
)
def test_gold_geoparsing_counts_and_offsets(
    shared_data: Path, corpus: str, articles: int, toponyms: int
) -> None:
    documents = load_geoparsing(shared_data, corpus)  # type: ignore[arg-type]
    assert len(documents) == articles
    assert sum(len(d.toponyms) + len(d.unaligned) for d in documents) == toponyms
    assert all(texts(d.text, d.toponyms) == [t.name for t in d.toponyms] for d in documents)


@pytest.mark.gold
def test_gold_conflibert_cameo_has_1349_train_and_451_test(shared_data: Path) -> None:
    train = load_conflibert_cameo(shared_data, "train")
    test = load_conflibert_cameo(shared_data, "test")
    assert (len(train), len(test)) == (1349, 451)
    labels = Counter(s.label for s in train + test)
    assert labels == {0: 296, 1: 328, 2: 360, 3: 487, 4: 329}


@pytest.mark.gold
def test_gold_conflibert_ner_test_follows_the_class_file(shared_data: Path) -> None:
    sentences = load_conflibert_ner(shared_data, "test")
    classes = load_conflibert_cameo(shared_data, "test")
    assert len(sentences) == 451
    assert [s.text for s in sentences] == [c.text for c in classes]
    assert all(texts(s.text, s.actors) == [a.text for a in s.actors] for s in sentences)


@pytest.mark.gold
def test_gold_conflibert_ner_train_is_not_the_class_file(shared_data: Path) -> None:
    sentences = load_conflibert_ner(shared_data, "train")
    assert len(sentences) == 1153
    assert sum(s.text_from_class_file for s in sentences) == 922
    assert all(texts(s.text, s.actors) == [a.text for a in s.actors] for s in sentences)


@pytest.mark.gold
def test_gold_case2021_has_1019_snippets_in_30_types(shared_data: Path) -> None:
    snippets = load_case2021(shared_data)
    assert len(snippets) == 1019
    assert len({s.label for s in snippets}) == 30
    assert len({s.snippet_id for s in snippets}) == 1019


@pytest.mark.gold
def test_gold_polnear_has_84_articles_and_94_annotation_files(shared_data: Path) -> None:
    documents = load_polnear(shared_data)
    assert len(documents) == 84
    assert sum(len(d.annotations) for d in documents) == 94
    spans = [
        (d.text, span)
        for d in documents
        for annotation in d.annotations
        for attribution in annotation.attributions
        for span in attribution.sources + attribution.cues + attribution.contents
    ]
    assert all(text[span.start : span.end] == span.text for text, span in spans)


@pytest.mark.gold
def test_gold_ecbplus_has_982_documents_in_43_topics(shared_data: Path) -> None:
    documents = load_ecbplus(shared_data)
    assert Counter(d.subtopic for d in documents) == {"ecb": 480, "ecbplus": 502}
    assert len({d.topic for d in documents}) == 43
    assert len({d.cluster for d in documents}) == 86
