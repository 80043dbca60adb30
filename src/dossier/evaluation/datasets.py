"""Readers for the public gold data sets in ``../shared/data``, one function per set.

The data is never copied into the repository (two sets carry no licence at all), so every
loader takes the data folder as ``root`` and falls back to :func:`default_root`. Each returns
frozen records whose character offsets index the record's own ``text`` exactly
(``text[start:end] == span.text``), because every scorer downstream compares offsets.

Formats were read from each folder's ``SOURCE.md`` and upstream README, and checked against
the files; where the files disagree with the documentation the loader follows the files and
says so in its docstring. Malformed input raises :class:`GoldDataFormatError` naming the file;
a missing folder or file raises :class:`GoldDataNotFoundError` (also a ``FileNotFoundError``).
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import tarfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

__all__ = [
    "CAMEO_QUAD_CLASSES",
    "SHARED_DATA_ENV",
    "AcledSnippet",
    "ActorSentence",
    "ActorSpan",
    "Attribution",
    "AttributionAnnotation",
    "AttributionDocument",
    "CameoSentence",
    "EcbDocument",
    "EcbSentence",
    "ExtractionCase",
    "GeoDocument",
    "GoldDataFormatError",
    "GoldDataNotFoundError",
    "NamedEntity",
    "NerSentence",
    "TextSpan",
    "Timex",
    "TimexDocument",
    "Token",
    "Toponym",
    "default_root",
    "load_case2021",
    "load_conflibert_cameo",
    "load_conflibert_ner",
    "load_ecbplus",
    "load_french_timebank",
    "load_geoparsing",
    "load_polnear",
    "load_scrapinghub",
    "load_sequoia_ner",
    "load_trafilatura_fr_en",
]

SHARED_DATA_ENV: Final = "DOSSIER_SHARED_DATA"
"""Environment variable that overrides where the gold data lives (CI, other checkouts)."""

Split = Literal["train", "test"]
GeoCorpus = Literal["GWN", "LGL", "TR"]


# --------------------------------------------------------------------------------- errors


class GoldDataNotFoundError(FileNotFoundError):
    """A gold data folder or file is absent: say where it was looked for and how to point to it."""

    def __init__(self, path: Path) -> None:
        message = (
            f"gold data not found: {path}. The evaluation data lives in ../shared/data next to "
            f"the repository (never inside it); set {SHARED_DATA_ENV} to its location."
        )
        super().__init__(message)
        self.path = path

    def __str__(self) -> str:  # OSError would print "[Errno None] None"
        return str(self.args[0])


class GoldDataFormatError(ValueError):
    """A gold file does not have the documented format; names the file and what was found."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem} (see SOURCE.md in that folder for the format)")
        self.path = path


# -------------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A stretch of a record's text: ``text == owner.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Token:
    """One surface token with its offsets in the sentence text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class ExtractionCase:
    """One HTML page with its gold main text (Scrapinghub) or gold snippets (trafilatura).

    ``gold_text`` is Scrapinghub's ``articleBody``; ``must_include``/``must_exclude`` are
    trafilatura's ``with``/``without`` snippets (``with`` is a Python keyword).
    """

    case_id: str
    url: str
    html: str
    gold_text: str | None
    language: str | None
    must_include: tuple[str, ...] = ()
    must_exclude: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NamedEntity:
    """A PARSEME-FR named entity. ``reading`` is ``final`` (the type in context) or ``prim``.

    A metonymic mention carries two annotations over the same tokens: ``prim`` is the
    entity's inherent type, ``final`` its type in context (``Paris`` = LOC.prim +
    ORG.final when it stands for the French government). Every entity has exactly one
    ``final`` reading, so NER scoring normally uses :meth:`NerSentence.final_entities`.
    ``start``/``end`` cover the first to the last token; for the three discontinuous
    entities of the corpus ``fragments`` lists the contiguous pieces.
    """

    start: int
    end: int
    text: str
    label: str
    reading: Literal["final", "prim"]
    fragments: tuple[tuple[int, int], ...]

    @property
    def discontinuous(self) -> bool:
        """True when the entity skips tokens (e.g. ``Jeanine [et Willy] Schaer``)."""
        return len(self.fragments) > 1


@dataclass(frozen=True, slots=True)
class NerSentence:
    """A Sequoia sentence (Est Républicain) with tokens and gold named entities."""

    sent_id: str
    split: str
    text: str
    tokens: tuple[Token, ...]
    entities: tuple[NamedEntity, ...]

    def final_entities(self) -> tuple[NamedEntity, ...]:
        """The entities with their in-context type: one per mention, the usual NER gold."""
        return tuple(entity for entity in self.entities if entity.reading == "final")


@dataclass(frozen=True, slots=True)
class Timex:
    """A TIMEX3 in the tag-stripped text, with its ISO-TimeML type and normalised value."""

    start: int
    end: int
    text: str
    tid: str
    timex_type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimexDocument:
    """A French TimeBank article: DCT value, tag-free text and its in-text TIMEX3s."""

    doc_id: str
    dct: str
    text: str
    timexes: tuple[Timex, ...]


@dataclass(frozen=True, slots=True)
class Toponym:
    """A gold toponym; coordinates and GeoNames id are absent where the corpus gives none.

    ``name`` is the surface string (``text[start:end]``). ``resolved_name`` is GWN's
    ``normalisedName`` or LGL/TR's gazetteer ``name``. ``toponym_type`` and
    ``non_locational`` exist in GeoWebNews only; ``country`` and ``feature_code`` in
    LGL/TR-News only. ``repaired`` marks offsets that were shifted onto the nearest
    occurrence of ``name`` because the file's offsets had drifted (TR-News).
    """

    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    geonames_id: int | None
    resolved_name: str | None = None
    country: str | None = None
    feature_code: str | None = None
    toponym_type: str | None = None
    non_locational: bool | None = None
    repaired: bool = False


@dataclass(frozen=True, slots=True)
class GeoDocument:
    """One geoparsing article. ``unaligned`` keeps gold toponyms whose offsets do not point
    into ``text`` at all (GeoWebNews has five, with negative offsets into the title); they
    are kept, not dropped, but cannot be scored as text spans."""

    corpus: GeoCorpus
    doc_id: str
    title: str
    url: str
    text: str
    toponyms: tuple[Toponym, ...]
    unaligned: tuple[Toponym, ...] = ()


@dataclass(frozen=True, slots=True)
class CameoSentence:
    """A CAMEO-coded sentence with its quad class (see :data:`CAMEO_QUAD_CLASSES`)."""

    index: int
    text: str
    label: int

    @property
    def label_name(self) -> str:
        """The quad-class name for ``label``."""
        return CAMEO_QUAD_CLASSES[self.label]


@dataclass(frozen=True, slots=True)
class ActorSpan:
    """A source (``S``), target (``T``) or reciprocal (``R``) actor span of a CAMEO event."""

    start: int
    end: int
    text: str
    role: Literal["S", "T", "R"]


@dataclass(frozen=True, slots=True)
class ActorSentence:
    """A ConfliBERT ``cameo_ner`` sentence: tokens, their BIO tags and the decoded spans.

    ``text_from_class_file`` is true when the tokens were aligned onto the untokenised
    sentence of the matching ``cameo_class`` file; otherwise ``text`` is the tokens joined
    by single spaces.
    """

    index: int
    text: str
    tokens: tuple[Token, ...]
    tags: tuple[str, ...]
    actors: tuple[ActorSpan, ...]
    text_from_class_file: bool


@dataclass(frozen=True, slots=True)
class AcledSnippet:
    """A CASE 2021 task 2 snippet with its gold event sub-type label."""

    snippet_id: str
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class Attribution:
    """One PolNeAR attribution relation (brat ``E`` line).

    Each role holds one span per brat fragment: a discontinuous content (``799 829;909 969``)
    becomes two spans, and ``Content2`` spans are added to ``contents``. ``has_source`` is
    false for the ``Attribution-no-source`` relations, which have no ``Source`` role.
    """

    attribution_id: str
    has_source: bool
    sources: tuple[TextSpan, ...]
    cues: tuple[TextSpan, ...]
    contents: tuple[TextSpan, ...]


@dataclass(frozen=True, slots=True)
class AttributionAnnotation:
    """The attributions one annotator (``_xxxx`` file suffix) found in one article."""

    annotator: str
    attributions: tuple[Attribution, ...]


@dataclass(frozen=True, slots=True)
class AttributionDocument:
    """A PolNeAR article with every annotator's attributions, sorted by annotator id."""

    article_id: str
    text: str
    annotations: tuple[AttributionAnnotation, ...]

    @property
    def attributions(self) -> tuple[Attribution, ...]:
        """The gold attributions: the first annotator's by id.

        82 of the 84 test articles have one annotator; the two agreement articles have six,
        and taking the lowest id is a fixed, documented choice rather than a merge.
        """
        return self.annotations[0].attributions


@dataclass(frozen=True, slots=True)
class EcbSentence:
    """A sentence of an ECB+ document: its number in the XML and its offsets in ``text``."""

    number: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class EcbDocument:
    """An ECB+ document. ``subtopic`` is ``ecb`` or ``ecbplus``: the two seminal events of a
    topic, so ``(topic, subtopic)`` is the gold story cluster. ``text`` is the tokens joined
    by spaces, one sentence per line (the corpus ships tokens, not raw text)."""

    doc_id: str
    topic: int
    subtopic: Literal["ecb", "ecbplus"]
    text: str
    sentences: tuple[EcbSentence, ...]

    @property
    def cluster(self) -> str:
        """The gold story-cluster key, e.g. ``"3ecbplus"``."""
        return f"{self.topic}{self.subtopic}"


# --------------------------------------------------------------------------------- paths


def default_root() -> Path:
    """The gold data folder: ``$DOSSIER_SHARED_DATA`` or ``../shared/data`` beside the repo."""
    override = os.environ.get(SHARED_DATA_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[3].parent / "shared" / "data"


def _dataset_dir(root: Path | None, name: str) -> Path:
    """The folder of one data set, or a clear error when it is not there."""
    folder = (root if root is not None else default_root()) / name
    if not folder.is_dir():
        raise GoldDataNotFoundError(folder)
    return folder


def _require(path: Path) -> Path:
    """``path`` itself, or a clear error when the file is missing."""
    if not path.is_file():
        raise GoldDataNotFoundError(path)
    return path


def _read_text(path: Path) -> str:
    """UTF-8 text with line endings kept as stored, since offsets count every character."""
    with _require(path).open(encoding="utf-8", newline="") as handle:
        return handle.read()


def _read_json(path: Path) -> object:
    with _require(path).open(encoding="utf-8") as handle:
        return json.load(handle)


def _parse_xml(path: Path) -> ET.Element:
    try:
        return ET.parse(_require(path)).getroot()
    except ET.ParseError as error:
        raise GoldDataFormatError(path, f"not well-formed XML ({error})") from error


# ----------------------------------------------------------------- HTML extraction sets

_CHARSET = re.compile(rb"""charset=["']?([A-Za-z0-9_.:-]+)""")


def _decode_html(raw: bytes) -> str:
    """Decode a page as UTF-8, else as its declared charset, else as cp1252.

    All 181 Scrapinghub pages are UTF-8; two trafilatura pages are not (one ISO-8859-1,
    one declaring UTF-8 with stray bytes), hence the fallbacks with replacement.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(raw[:4096])
    encoding = declared.group(1).decode("ascii") if declared else "cp1252"
    try:
        return raw.decode(encoding, errors="replace")
    except LookupError:
        return raw.decode("cp1252", errors="replace")


def _read_html(path: Path) -> str:
    """Read an ``.html`` or gzip'd ``.html.gz`` page into text."""
    raw = _require(path).read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return _decode_html(raw)


def _html_path(folder: Path, name: str) -> Path:
    """The page file, gzip'd (as stored here) or plain (as upstream)."""
    gzipped = folder / f"{name}.gz"
    return gzipped if gzipped.is_file() else folder / name


def load_scrapinghub(root: Path | None = None) -> list[ExtractionCase]:
    """The 181 pages of the Scrapinghub article-extraction benchmark with gold ``articleBody``.

    ``ground-truth.json`` maps the sha256 item id to ``{"articleBody", "url"}``; the page is
    ``html/<id>.html.gz``. Score with :func:`dossier.evaluation.metrics.token_shingle_prf`.
    """
    folder = _dataset_dir(root, "scrapinghub-article-extraction")
    truth_path = folder / "ground-truth.json"
    truth = _read_json(truth_path)
    if not isinstance(truth, dict):
        raise GoldDataFormatError(truth_path, "expected an object mapping item id to entry")
    return [_scrapinghub_case(folder, item_id, entry) for item_id, entry in truth.items()]


def _scrapinghub_case(folder: Path, item_id: str, entry: Mapping[str, str]) -> ExtractionCase:
    html = _read_html(_html_path(folder / "html", f"{item_id}.html"))
    return ExtractionCase(
        case_id=item_id,
        url=entry.get("url", ""),
        html=html,
        gold_text=entry.get("articleBody", ""),
        language=None,
    )


def load_trafilatura_fr_en(root: Path | None = None) -> list[ExtractionCase]:
    """The 249 French/English pages of trafilatura's evaluation set with gold snippets.

    ``evaldata_fr_en.json`` maps URL to ``{"file", "with", "without", "lang_guess", ...}``.
    ``language`` is the selection's stop-word guess, not a verified label: at least one
    Italian page (parcoabruzzo.it) is tagged ``en``.
    """
    folder = _dataset_dir(root, "trafilatura-eval-fr-en")
    data_path = folder / "evaldata_fr_en.json"
    data = _read_json(data_path)
    if not isinstance(data, dict):
        raise GoldDataFormatError(data_path, "expected an object mapping URL to entry")
    return [_trafilatura_case(folder, url, entry) for url, entry in data.items()]


def _trafilatura_case(folder: Path, url: str, entry: Mapping[str, object]) -> ExtractionCase:
    file_name = str(entry["file"])
    return ExtractionCase(
        case_id=file_name.removesuffix(".html"),
        url=url,
        html=_read_html(_html_path(folder / "html", file_name)),
        gold_text=None,
        language=str(entry.get("lang_guess") or "") or None,
        must_include=_strings(entry.get("with")),
        must_exclude=_strings(entry.get("without")),
    )


def _strings(value: object) -> tuple[str, ...]:
    """A JSON list of strings as a tuple; anything else is empty."""
    if not isinstance(value, list):
        return ()
    return tuple(str(item) for item in value)


# ------------------------------------------------------------------------ Sequoia NER

_NE_LABEL = re.compile(r"NE-([A-Z]+)\.(final|prim)")


def load_sequoia_ner(root: Path | None = None) -> list[NerSentence]:
    """The 524 Est Républicain sentences of Sequoia with PARSEME-FR named entities.

    Column 11 (PARSEME:MWE) holds the expressions: the first token carries
    ``n:POS|NE-<TYPE>.<final|prim>|_``, later tokens of the same expression just ``n``,
    several expressions on one token are joined by ``;``; ``MWE`` labels in the same column
    are multiword expressions, not entities, and are skipped. The file has no
    ``SpaceAfter`` marks, so surface tokens (range tokens such as ``du`` instead of their
    words ``de le``) are aligned onto the ``# text`` line to get character offsets.
    """
    folder = _dataset_dir(root, "sequoia-estrepublicain-ner-fr")
    path = folder / "sequoia_annodis_er.parseme.frsemcor.conllu"
    return [_ner_sentence(path, block) for block in _blank_line_blocks(_read_text(path))]


def _blank_line_blocks(content: str) -> Iterator[list[str]]:
    """Groups of non-empty lines separated by blank lines (CoNLL sentences)."""
    block: list[str] = []
    for line in content.splitlines():
        if line.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def _ner_sentence(path: Path, lines: list[str]) -> NerSentence:
    meta = _conllu_comments(lines)
    if "text" not in meta or "sent_id" not in meta:
        raise GoldDataFormatError(path, f"sentence without '# sent_id'/'# text': {lines[0]!r}")
    text = meta["text"]
    rows = [line.split("\t") for line in lines if not line.startswith("#")]
    tokens, token_of_word = _align_surface_tokens(path, text, rows)
    entities = _sequoia_entities(text, rows, tokens, token_of_word)
    return NerSentence(meta["sent_id"], meta.get("split", ""), text, tokens, entities)


def _conllu_comments(lines: list[str]) -> dict[str, str]:
    """``# key = value`` comment lines of a CoNLL-U sentence."""
    comments: dict[str, str] = {}
    for line in lines:
        if line.startswith("# ") and " = " in line:
            key, value = line[2:].split(" = ", 1)
            comments[key.strip()] = value
    return comments


def _align_surface_tokens(
    path: Path, text: str, rows: list[list[str]]
) -> tuple[tuple[Token, ...], dict[int, int]]:
    """Surface tokens with offsets in ``text``, and which token each word id belongs to."""
    tokens: list[Token] = []
    token_of_word: dict[int, int] = {}
    cursor = 0
    covered_until = 0
    for row in rows:
        word_ids = _surface_word_ids(row[0], covered_until)
        if not word_ids:
            continue
        covered_until = max(covered_until, word_ids[-1])
        start = _find_token(text, row[1], cursor)
        if start < 0:
            raise GoldDataFormatError(path, f"token {row[1]!r} not found in {text!r}")
        cursor = start + len(row[1])
        for word_id in word_ids:
            token_of_word[word_id] = len(tokens)
        tokens.append(Token(start, cursor, row[1]))
    return tuple(tokens), token_of_word


def _surface_word_ids(conllu_id: str, covered_until: int) -> list[int]:
    """Word ids a CoNLL-U row stands for on the surface; empty for empty nodes and words
    already covered by a range token."""
    if "." in conllu_id:
        return []
    if "-" in conllu_id:
        first, last = conllu_id.split("-")
        return list(range(int(first), int(last) + 1))
    word_id = int(conllu_id)
    return [] if word_id <= covered_until else [word_id]


def _find_token(text: str, form: str, cursor: int) -> int:
    """Start of ``form`` at ``cursor`` after optional whitespace, or -1."""
    while cursor < len(text) and text[cursor].isspace():
        cursor += 1
    return cursor if text.startswith(form, cursor) else -1


def _sequoia_entities(
    text: str,
    rows: list[list[str]],
    tokens: tuple[Token, ...],
    token_of_word: Mapping[int, int],
) -> tuple[NamedEntity, ...]:
    """Named entities from column 11, as character spans over the surface tokens."""
    labels, members = _parseme_expressions(rows)
    entities = []
    for number, label in labels.items():
        match = _NE_LABEL.search(label)
        if match is None:
            continue
        token_ids = sorted({token_of_word[word] for word in members[number]})
        fragments = _token_runs(token_ids, tokens)
        start, end = fragments[0][0], fragments[-1][1]
        reading: Literal["final", "prim"] = "final" if match.group(2) == "final" else "prim"
        entities.append(
            NamedEntity(start, end, text[start:end], match.group(1), reading, fragments)
        )
    return tuple(sorted(entities, key=lambda entity: (entity.start, entity.end)))


def _parseme_expressions(rows: list[list[str]]) -> tuple[dict[str, str], dict[str, list[int]]]:
    """Label and member word ids of every expression numbered in the PARSEME:MWE column."""
    labels: dict[str, str] = {}
    members: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if not row[0].isdigit() or len(row) < 11 or row[10] in ("*", "_"):
            continue
        for part in row[10].split(";"):
            number, _, label = part.partition(":")
            if label:
                labels[number] = label
            members[number].append(int(row[0]))
    return labels, members


def _token_runs(token_ids: list[int], tokens: tuple[Token, ...]) -> tuple[tuple[int, int], ...]:
    """Character extents of each run of consecutive token indices."""
    runs: list[list[int]] = []
    for token_id in token_ids:
        if runs and token_id == runs[-1][-1] + 1:
            runs[-1].append(token_id)
        else:
            runs.append([token_id])
    return tuple((tokens[run[0]].start, tokens[run[-1]].end) for run in runs)


# --------------------------------------------------------------------- French TimeBank


def load_french_timebank(root: Path | None = None) -> list[TimexDocument]:
    """The 108 French TimeBank 1.1 articles with their in-text TIMEX3 (425 in all).

    The corpus's 533 TIMEX3 are 425 in ``<TEXT>`` plus the 108 document creation times, each
    a ``<TIMEX3 functionInDocument="CREATION_TIME">`` inside ``<DCT>``; the DCT is returned
    as ``dct`` (its ``value``) and is not one of ``timexes``, as in TempEval scoring. The
    text is ``<TEXT>`` with every tag removed and XML entities decoded.
    """
    folder = _dataset_dir(root, "french-timebank-1.1")
    data = folder / "Data"
    if not data.is_dir():
        raise GoldDataNotFoundError(data)
    return [_timebank_document(path) for path in sorted(data.glob("*.tml"))]


def _timebank_document(path: Path) -> TimexDocument:
    root = _parse_xml(path)
    text_element = root.find("TEXT")
    if text_element is None:
        raise GoldDataFormatError(path, "no <TEXT> element")
    parts: list[str] = []
    found: list[tuple[ET.Element, int, int]] = []
    _flatten_timeml(text_element, parts, found, 0)
    text = "".join(parts)
    timexes = tuple(
        _timex(element, text, start, end)
        for element, start, end in found
        if element.tag == "TIMEX3"
    )
    doc_id = (root.findtext("DOCID") or path.stem).strip()
    return TimexDocument(doc_id, _creation_time(path, root), text, timexes)


def _flatten_timeml(
    node: ET.Element, parts: list[str], found: list[tuple[ET.Element, int, int]], offset: int
) -> int:
    """Append the text under ``node`` to ``parts``, recording each descendant's extent."""
    offset = _append(parts, node.text, offset)
    for child in node:
        start = offset
        offset = _flatten_timeml(child, parts, found, offset)
        found.append((child, start, offset))
        offset = _append(parts, child.tail, offset)
    return offset


def _append(parts: list[str], piece: str | None, offset: int) -> int:
    if not piece:
        return offset
    parts.append(piece)
    return offset + len(piece)


def _timex(element: ET.Element, text: str, start: int, end: int) -> Timex:
    return Timex(
        start=start,
        end=end,
        text=text[start:end],
        tid=element.get("tid", ""),
        timex_type=element.get("type", ""),
        value=element.get("value", ""),
    )


def _creation_time(path: Path, root: ET.Element) -> str:
    """The value of the one TIMEX3 whose ``functionInDocument`` is ``CREATION_TIME``."""
    values = [
        element.get("value", "")
        for element in root.iter("TIMEX3")
        if element.get("functionInDocument") == "CREATION_TIME"
    ]
    if len(values) != 1:
        raise GoldDataFormatError(path, f"expected one CREATION_TIME TIMEX3, found {len(values)}")
    return values[0]


# ---------------------------------------------------------------------------- geoparsing

_GEO_FILES: Final[Mapping[str, str]] = {
    "GWN": "GeoWebNews_GWN.xml",
    "LGL": "LGL.xml",
    "TR": "TR-News.xml",
}

_DRIFT_WINDOW: Final = 25
"""How far (characters) a toponym may be moved to repair drifted offsets. Set by TR-News,
where 117 of 1,319 offsets are 1 to 10 characters early; GeoWebNews and LGL need none."""


def load_geoparsing(root: Path | None = None, corpus: GeoCorpus = "GWN") -> list[GeoDocument]:
    """GeoWebNews (200), LGL (588) or TR-News (118) articles with gold toponyms.

    Offsets in the files are mostly right, but TR-News has drifted ones (repaired onto the
    nearest occurrence of the phrase, ``repaired=True``) and GeoWebNews five with negative
    offsets (kept in ``unaligned``). Toponyms without a GeoNames entry (GWN: 4,011 of 6,612;
    LGL: 626 of 5,088; TR: 44 of 1,319) have ``lat``/``lon``/``geonames_id`` set to None.
    """
    if corpus not in _GEO_FILES:
        raise ValueError(f"corpus must be one of {sorted(_GEO_FILES)}, got {corpus!r}")
    folder = _dataset_dir(root, "geoparsing-gwn-lgl-trnews")
    path = folder / _GEO_FILES[corpus]
    return [_geo_document(corpus, article) for article in _parse_xml(path).iter("article")]


def _geo_document(corpus: GeoCorpus, article: ET.Element) -> GeoDocument:
    text = article.findtext("text") or ""
    parse = _gwn_toponym if corpus == "GWN" else _gazetteer_toponym
    aligned: list[Toponym] = []
    unaligned: list[Toponym] = []
    for element in article.iter("toponym"):
        toponym = parse(element)
        fixed = _align_toponym(text, toponym)
        if fixed is None:
            unaligned.append(toponym)
        else:
            aligned.append(fixed)
    return GeoDocument(
        corpus=corpus,
        doc_id=article.get("file") or article.get("docid") or "",
        title=(article.findtext("title") or "").strip(),
        url=(article.findtext("link") or article.findtext("url") or "").strip(),
        text=text,
        toponyms=tuple(aligned),
        unaligned=tuple(unaligned),
    )


def _gwn_toponym(element: ET.Element) -> Toponym:
    """A GeoWebNews ``<toponym>``: flat children, empty elements for absent values."""
    return Toponym(
        start=int(_child_text(element, "start") or 0),
        end=int(_child_text(element, "end") or 0),
        name=element.findtext("extractedName") or "",
        lat=_optional_float(_child_text(element, "latitude")),
        lon=_optional_float(_child_text(element, "longitude")),
        geonames_id=_optional_int(_child_text(element, "geonamesID")),
        resolved_name=_child_text(element, "normalisedName"),
        toponym_type=_child_text(element, "type"),
        non_locational=_child_text(element, "nonLocational") == "Yes",
    )


def _gazetteer_toponym(element: ET.Element) -> Toponym:
    """An LGL / TR-News ``<toponym>``: the resolution lives in ``<gaztag geonameid>``."""
    gaztag = element.find("gaztag")
    return Toponym(
        start=int(_child_text(element, "start") or 0),
        end=int(_child_text(element, "end") or 0),
        name=element.findtext("phrase") or "",
        lat=_optional_float(_child_text(gaztag, "lat")),
        lon=_optional_float(_child_text(gaztag, "lon")),
        geonames_id=_optional_int(gaztag.get("geonameid") if gaztag is not None else None),
        resolved_name=_child_text(gaztag, "name"),
        country=_child_text(gaztag, "country"),
        feature_code=_child_text(gaztag, "fcode"),
    )


def _child_text(element: ET.Element | None, tag: str) -> str | None:
    """Stripped text of a child element; None when the element or its text is absent."""
    if element is None:
        return None
    value = element.findtext(tag)
    if value is None:
        return None
    return value.strip() or None


def _optional_float(value: str | None) -> float | None:
    return float(value) if value else None


def _optional_int(value: str | None) -> int | None:
    return int(value) if value else None


def _align_toponym(text: str, toponym: Toponym) -> Toponym | None:
    """The toponym with offsets that index ``text``; None when no repair is credible."""
    start, name = toponym.start, toponym.name
    if start >= 0 and text[start : toponym.end] == name:
        return toponym
    if start < 0 or not name:
        return None
    nearest = _nearest_occurrence(text, name, start)
    if nearest is None:
        return None
    return _replace_offsets(toponym, nearest, nearest + len(name))


def _nearest_occurrence(text: str, needle: str, around: int) -> int | None:
    """Start of the occurrence of ``needle`` closest to ``around`` within the drift window."""
    low = max(0, around - _DRIFT_WINDOW)
    window = text[low : around + _DRIFT_WINDOW + len(needle)]
    starts = [low + match.start() for match in re.finditer(re.escape(needle), window)]
    return min(starts, key=lambda start: abs(start - around)) if starts else None


def _replace_offsets(toponym: Toponym, start: int, end: int) -> Toponym:
    return Toponym(
        start=start,
        end=end,
        name=toponym.name,
        lat=toponym.lat,
        lon=toponym.lon,
        geonames_id=toponym.geonames_id,
        resolved_name=toponym.resolved_name,
        country=toponym.country,
        feature_code=toponym.feature_code,
        toponym_type=toponym.toponym_type,
        non_locational=toponym.non_locational,
        repaired=True,
    )


# ---------------------------------------------------------------------------- ConfliBERT

CAMEO_QUAD_CLASSES: Final[Mapping[int, str]] = {
    0: "neutral",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
"""The ``cameo_class`` labels. Neither ConfliBERT nor its source paper's data readme documents
them; this is the PHOENIX ``quad_class`` convention (0 = neutral: CAMEO 01-02 statements and
appeals; 1 = CAMEO 03-05; 2 = 06-08; 3 = 09-13 and 16; 4 = 14-15, 17-20), and the sentences
bear it out: 0 "said it is skeptical", "appealing for funds"; 1 "agreed", "pledged", "met";
2 "provided $1.7 billion in humanitarian assistance", "deployment of peacekeepers";
3 "rejected", "condemned", "reneged"; 4 "air strikes", "detain", "suicide bomber"."""

_ACTOR_TAGS: Final = frozenset({"O", "B-S", "I-S", "B-T", "I-T", "B-R", "I-R"})


def load_conflibert_cameo(root: Path | None = None, split: Split = "test") -> list[CameoSentence]:
    """ConfliBERT's CAMEO quad-class sentences (1,349 train / 451 test).

    ``cameo_class_<split>.tsv`` is ``sentence<TAB>label`` with CRLF line ends and no header
    or quoting; ``label`` is 0-4, named in :data:`CAMEO_QUAD_CLASSES`.
    """
    split = _check_split(split)
    folder = _dataset_dir(root, "conflibert-cameo-sentences")
    path = _require(folder / f"cameo_class_{split}.tsv")
    return [_cameo_sentence(path, index, row) for index, row in enumerate(_tsv_rows(path))]


def _check_split(split: str) -> Split:
    """``split`` itself if it is one the data has; callers may pass any string at runtime."""
    if split == "train":
        return "train"
    if split == "test":
        return "test"
    raise ValueError(f"split must be 'train' or 'test', got {split!r}")


def _tsv_rows(path: Path) -> list[list[str]]:
    """Tab-separated rows, quotes taken literally (snippets contain ``"``)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if row]


def _cameo_sentence(path: Path, index: int, row: list[str]) -> CameoSentence:
    if len(row) != 2 or not row[1].strip().isdigit() or int(row[1]) not in CAMEO_QUAD_CLASSES:
        raise GoldDataFormatError(path, f"row {index + 1}: expected 'sentence<TAB>0-4': {row!r}")
    return CameoSentence(index, row[0], int(row[1]))


def load_conflibert_ner(root: Path | None = None, split: Split = "test") -> list[ActorSentence]:
    """ConfliBERT's source/target actor spans (1,153 train / 451 test sentences).

    ``cameo_ner_<split>.txt`` has one ``token tag`` per line and a blank line between
    sentences. Besides the documented ``B-S/I-S`` (source) and ``B-T/I-T`` (target) there is
    an undocumented ``B-R/I-R``, used for reciprocal actors ("X and Y agreed ..."). Decoding is
    lenient as in conlleval: an ``I-`` tag whose role differs from the open span starts a new
    span (three such ``B-T I-S`` slips occur in train).

    The test file is in the same order as ``cameo_class_test.tsv``, so sentence text comes
    from there. The train file is not: it has 1,153 sentences against 1,349, and only 922
    of them occur in ``cameo_class_train.tsv``; those take the class file's text, the rest
    are tokens joined by spaces.
    """
    split = _check_split(split)
    folder = _dataset_dir(root, "conflibert-cameo-sentences")
    path = _require(folder / f"cameo_ner_{split}.txt")
    originals = [row[0] for row in _tsv_rows(_require(folder / f"cameo_class_{split}.tsv"))]
    lookup = {_squeeze(sentence): sentence for sentence in originals}
    blocks = _blank_line_blocks(_read_text(path))
    return [
        _actor_sentence(path, index, block, originals, lookup) for index, block in enumerate(blocks)
    ]


def _squeeze(text: str) -> str:
    """``text`` without whitespace: equal for a sentence and its tokens."""
    return "".join(text.split())


def _actor_sentence(
    path: Path,
    index: int,
    lines: list[str],
    originals: Sequence[str],
    lookup: Mapping[str, str],
) -> ActorSentence:
    pairs = [_token_and_tag(path, line) for line in lines]
    forms = [form for form, _ in pairs]
    tags = tuple(tag for _, tag in pairs)
    original = _original_sentence(forms, index, originals, lookup)
    located = _tokens_in(original, forms) if original is not None else None
    text = original if original is not None and located is not None else " ".join(forms)
    tokens = located if located is not None else _tokens_in(text, forms)
    if tokens is None:
        raise GoldDataFormatError(path, f"sentence {index + 1}: tokens cannot be placed")
    actors = _bio_spans(text, tokens, tags)
    return ActorSentence(index, text, tokens, tags, actors, located is not None)


def _token_and_tag(path: Path, line: str) -> tuple[str, str]:
    form, _, tag = line.rpartition(" ")
    if not form or tag not in _ACTOR_TAGS:
        raise GoldDataFormatError(path, f"expected 'token tag' with a S/T/R BIO tag: {line!r}")
    return form, tag


def _original_sentence(
    forms: list[str], index: int, originals: Sequence[str], lookup: Mapping[str, str]
) -> str | None:
    """The untokenised sentence these tokens came from, same position first."""
    squeezed = "".join(forms)
    if index < len(originals) and _squeeze(originals[index]) == squeezed:
        return originals[index]
    return lookup.get(squeezed)


def _tokens_in(text: str, forms: list[str]) -> tuple[Token, ...] | None:
    """The tokens placed in ``text`` in order, whitespace between them; None if they are not."""
    tokens = []
    cursor = 0
    for form in forms:
        start = _find_token(text, form, cursor)
        if start < 0:
            return None
        cursor = start + len(form)
        tokens.append(Token(start, cursor, form))
    return tuple(tokens)


def _bio_spans(
    text: str, tokens: tuple[Token, ...], tags: tuple[str, ...]
) -> tuple[ActorSpan, ...]:
    """Actor spans from BIO tags (``I-`` of another role opens a new span)."""
    runs: list[tuple[str, int, int]] = []
    for position, tag in enumerate(tags):
        role = tag[2:]
        if tag == "O":
            continue
        if tag.startswith("I-") and runs and runs[-1][0] == role and runs[-1][2] == position - 1:
            runs[-1] = (role, runs[-1][1], position)
        else:
            runs.append((role, position, position))
    return tuple(_actor_span(text, tokens, run) for run in runs)


def _actor_span(text: str, tokens: tuple[Token, ...], run: tuple[str, int, int]) -> ActorSpan:
    role, first, last = run
    start, end = tokens[first].start, tokens[last].end
    return ActorSpan(start, end, text[start:end], _role(role))


def _role(role: str) -> Literal["S", "T", "R"]:
    if role == "S":
        return "S"
    if role == "T":
        return "T"
    return "R"


# ------------------------------------------------------------------------- CASE 2021


def load_case2021(root: Path | None = None) -> list[AcledSnippet]:
    """The 1,019 CASE 2021 task 2 test snippets with their gold sub-type.

    TSV with header ``id EventSnippet SubType``. The labels are the short codes of
    ``note_on_event_types.txt`` (``PEACE_PROTEST``, ``DIPLO``, ...), 30 in all: 25 ACLED
    sub-types (``OTHER`` included) and the five "unseen" ``ORG_CRIME``,
    ``NATURAL_DISASTER``, ``MAN_MADE_DISASTER``, ``DIPLO``, ``ATTRIB``.
    """
    folder = _dataset_dir(root, "case2021-task2-acled-snippets")
    path = _require(folder / "test_set_final_release_with_labels.tsv")
    rows = _tsv_rows(path)
    if not rows or rows[0] != ["id", "EventSnippet", "SubType"]:
        raise GoldDataFormatError(path, "expected header 'id<TAB>EventSnippet<TAB>SubType'")
    return [_acled_snippet(path, row) for row in rows[1:]]


def _acled_snippet(path: Path, row: list[str]) -> AcledSnippet:
    if len(row) != 3:
        raise GoldDataFormatError(path, f"expected 3 columns, got {len(row)}: {row!r}")
    return AcledSnippet(snippet_id=row[0], text=row[1], label=row[2])


# ---------------------------------------------------------------------------- PolNeAR

_ROLE_NUMBER = re.compile(r"\d+$")


def load_polnear(root: Path | None = None) -> list[AttributionDocument]:
    """The 84 PolNeAR test articles with their attributions (94 annotation files).

    Annotations are brat standoff, ``attributions/<article>_<annotator>.ann`` over
    ``text/<article>.txt``. ``T`` lines are typed spans (``Source``, ``Cue``, ``Content``,
    the trigger ``Attribution`` or ``Attribution-no-source`` on the cue's span, and the
    annotators' workflow flags ``Discuss``/``Discard``, which are not attributions and are
    not loaded); offsets may be discontinuous, ``start end;start end``. ``E`` lines tie one
    attribution: ``Attribution:T4 Content:T3 Cue:T2 Source:T1`` (``Content2`` for a second
    content); one ``Source`` span may serve several attributions.
    """
    folder = _dataset_dir(root, "polnear-attribution-test")
    texts_dir, annotations_dir = folder / "text", folder / "attributions"
    for needed in (texts_dir, annotations_dir):
        if not needed.is_dir():
            raise GoldDataNotFoundError(needed)
    by_article = _annotation_files(annotations_dir)
    return [
        _attribution_document(texts_dir / f"{article}.txt", article, files)
        for article, files in sorted(by_article.items())
    ]


def _annotation_files(folder: Path) -> dict[str, list[tuple[str, Path]]]:
    """Annotation files grouped by article, each with its annotator id, sorted by id."""
    grouped: dict[str, list[tuple[str, Path]]] = defaultdict(list)
    for path in sorted(folder.glob("*.ann")):
        article, _, annotator = path.stem.rpartition("_")
        grouped[article].append((annotator, path))
    return dict(grouped)


def _attribution_document(
    text_path: Path, article: str, files: list[tuple[str, Path]]
) -> AttributionDocument:
    text = _read_text(text_path)
    annotations = tuple(
        AttributionAnnotation(annotator, _brat_attributions(path, text))
        for annotator, path in files
    )
    return AttributionDocument(article, text, annotations)


def _brat_attributions(path: Path, text: str) -> tuple[Attribution, ...]:
    spans: dict[str, tuple[str, tuple[TextSpan, ...]]] = {}
    events: list[tuple[str, list[str]]] = []
    for line in _read_text(path).splitlines():
        fields = line.split("\t")
        if line.startswith("T"):
            spans[fields[0]] = _brat_span(path, text, fields)
        elif line.startswith("E"):
            events.append((fields[0], fields[1].split()))
    return tuple(_attribution(path, event_id, args, spans) for event_id, args in events)


def _brat_span(path: Path, text: str, fields: list[str]) -> tuple[str, tuple[TextSpan, ...]]:
    """``(type, fragments)`` of a brat ``T`` line, checked against the article text."""
    kind, _, offsets = fields[1].partition(" ")
    fragments = []
    for piece in offsets.split(";"):
        start, end = (int(value) for value in piece.split())
        fragments.append(TextSpan(start, end, text[start:end]))
    if len(fields) > 2 and " ".join(span.text for span in fragments) != fields[2]:
        raise GoldDataFormatError(path, f"{fields[0]} offsets do not match its text {fields[2]!r}")
    return kind, tuple(fragments)


def _attribution(
    path: Path,
    event_id: str,
    args: list[str],
    spans: Mapping[str, tuple[str, tuple[TextSpan, ...]]],
) -> Attribution:
    roles: dict[str, list[TextSpan]] = defaultdict(list)
    has_source = True
    for arg in args:
        role, _, span_id = arg.partition(":")
        if span_id not in spans:
            raise GoldDataFormatError(path, f"{event_id} refers to unknown span {span_id}")
        if role.startswith("Attribution"):
            has_source = role != "Attribution-no-source"
            continue
        roles[_ROLE_NUMBER.sub("", role)].extend(spans[span_id][1])
    return Attribution(
        attribution_id=event_id,
        has_source=has_source,
        sources=_by_offset(roles["Source"]),
        cues=_by_offset(roles["Cue"]),
        contents=_by_offset(roles["Content"]),
    )


def _by_offset(spans: Iterable[TextSpan]) -> tuple[TextSpan, ...]:
    return tuple(sorted(spans, key=lambda span: (span.start, span.end)))


# ------------------------------------------------------------------------------ ECB+

_ECB_MEMBER = re.compile(r"(?:.*/)?(\d+)_(\d+)(ecbplus|ecb)\.xml")


def load_ecbplus(root: Path | None = None) -> list[EcbDocument]:
    """The 982 ECB+ documents (480 ``ecb`` + 502 ``ecbplus``, 43 topics) as token text.

    Read straight from ``ECBplus_xml.tar.xz`` (members ``ECB+/<topic>/<topic>_<n><half>.xml``)
    without extracting. Documents are CROMER XML: ``<token t_id sentence number>`` elements
    and stand-off mentions; only the tokens are read here.
    """
    folder = _dataset_dir(root, "ecbplus-event-coref")
    path = _require(folder / "ECBplus_xml.tar.xz")
    keyed: list[tuple[tuple[int, str, int], EcbDocument]] = []
    with tarfile.open(path, "r:xz") as archive:
        for member in archive:
            match = _ECB_MEMBER.fullmatch(member.name)
            if member.isfile() and match:
                document = _ecb_document(path, archive, member, match)
                order = (document.topic, document.subtopic, int(match.group(2)))
                keyed.append((order, document))
    return [document for _, document in sorted(keyed, key=lambda pair: pair[0])]


def _ecb_document(
    path: Path, archive: tarfile.TarFile, member: tarfile.TarInfo, match: re.Match[str]
) -> EcbDocument:
    handle = archive.extractfile(member)
    if handle is None:
        raise GoldDataFormatError(path, f"cannot read {member.name}")
    with handle:
        root = ET.fromstring(handle.read())
    text, sentences = _ecb_text(root)
    subtopic: Literal["ecb", "ecbplus"] = "ecbplus" if match.group(3) == "ecbplus" else "ecb"
    doc_id = f"{match.group(1)}_{match.group(2)}{match.group(3)}"
    return EcbDocument(doc_id, int(match.group(1)), subtopic, text, sentences)


def _ecb_text(root: ET.Element) -> tuple[str, tuple[EcbSentence, ...]]:
    """Tokens joined by spaces, one sentence per line, with each sentence's extent."""
    words: dict[int, list[str]] = defaultdict(list)
    for token in root.iter("token"):
        words[int(token.get("sentence", "0"))].append(token.text or "")
    lines: list[str] = []
    sentences: list[EcbSentence] = []
    offset = 0
    for number in sorted(words):
        line = " ".join(words[number])
        sentences.append(EcbSentence(number, offset, offset + len(line)))
        lines.append(line)
        offset += len(line) + 1
    return "\n".join(lines), tuple(sentences)
