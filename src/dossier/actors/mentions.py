"""Candidate mentions: where the text names, or describes, an actor or a place.

Four sources, merged into one list of non-overlapping spans of ``doc.text``:

1. the **alias matcher**: an Aho-Corasick automaton over every name, alias and translation
   in the knowledge base, run on a case- and accent-folded copy of the text that keeps its
   length (so every hit is an offset of ``doc.text``). A hit counts only on word boundaries
   and when its case fits the name as the KB writes it: an acronym ("US", "OTAN") only in
   capitals, a capitalised name ("Alliance") only capitalised — the pronoun "us" and the
   noun "alliance" are not names. Names of three letters or less that are not acronyms
   ("Man", "Abe") count only where spaCy also sees a named entity;
2. spaCy's **named entities** (fr: PER, LOC, ORG, MISC; en: PERSON, GPE, LOC, FAC, ORG, NORP),
   trimmed of elided articles ("l'OTAN" → "OTAN"), of "the" and of civilities ("M.");
3. **nationality nouns** ("les Russes", "the Americans") and **glued words** of machine
   translation ("l'Ukrainebien", "Latviaand": a KB name followed by a stop word);
4. **role descriptions**: a title or descriptor of the KB ("président", "chef de la
   diplomatie", "porte-parole", "haut responsable", "counterpart") parsed with its
   nationality adjective or country ("le président américain", "Russian Foreign Minister"),
   its body ("un porte-parole du département d'État"), and the name in apposition ("le
   secrétaire d'État américain Antony Blinken"). Resolution is left to ``coref``.

Where an alias hit and a named entity overlap, the KB's span wins unless spaCy's is longer
and names something else ("Washington Post" is not Washington).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import ahocorasick

from ..kb import Entry, KnowledgeBase, normalize_alias
from ..places.resolve import part_word

Label = Literal["person", "place", "organization", "facility", "misc", "nationality"]

# spaCy labels → what they tell us about the referent.
NER_LABELS: dict[str, Label] = {
    "PER": "person",
    "PERSON": "person",
    "LOC": "place",
    "GPE": "place",
    "FAC": "facility",
    "ORG": "organization",
    "MISC": "misc",
    "NORP": "nationality",
}

# --- folding: a same-length copy of the text for the automaton ------------------------------

_APOSTROPHES = "’‘ʼ`´′ʻ"
_HYPHENS = "-‐‑‒–—−_"
_SPACE_LIKE = "\u00a0\u202f\u2009\n\t"


@cache
def _fold_char(ch: str) -> str:
    if ch in _APOSTROPHES:
        return "'"
    if ch in _HYPHENS or ch in _SPACE_LIKE:
        return " "
    base = unicodedata.normalize("NFD", ch)[0]
    lower = base.lower()
    return lower if len(lower) == 1 else ch


def fold(text: str) -> str:
    """Lower case, no accents, one apostrophe, hyphens as spaces — and the same length."""
    return "".join(_fold_char(ch) for ch in text)


# --- the alias matcher -------------------------------------------------------------------------

CaseRule = Literal["acronym", "capital", "any"]

_LOWER_ARTICLE = re.compile(r"^(?:the|le|la|les|l['’]\s*)\s*(?=\S)")
# Short names that are also common words or first names ("Man" is the Isle of Man, "Abe" a
# Japanese prime minister): an alias of this many letters or fewer, unless an acronym, needs
# spaCy to see a named entity exactly there.
SHORT_ALIAS = 3


def case_rule(name: str) -> CaseRule:
    letters = [c for c in name if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "acronym"
    if letters and letters[0].isupper():
        return "capital"
    return "any"


def case_fits(rule: CaseRule, span: str) -> bool:
    letters = [c for c in span if c.isalpha()]
    if not letters:
        return False
    if rule == "acronym":
        return all(c.isupper() for c in letters)
    if rule == "capital":
        return letters[0].isupper()
    return True


def _surface_forms(name: str) -> Iterator[str]:
    """The forms of a KB name to look for: itself without a lower-case article ("le Kremlin"
    → "Kremlin": mentions leave articles out), and the dotted form of a short acronym."""
    name = unicodedata.normalize("NFC", name.strip())
    stripped = _LOWER_ARTICLE.sub("", name, count=1)
    yield stripped
    letters = [c for c in stripped if c.isalpha()]
    if 2 <= len(letters) <= 4 and stripped.isalpha() and stripped.isupper():
        yield ".".join(stripped) + "."


@dataclass(frozen=True, slots=True)
class AliasHit:
    start: int
    end: int
    entries: tuple[str, ...]
    short: bool  # a short non-acronym name: needs a named entity at the same place


class AliasMatcher:
    """Every KB name as an Aho-Corasick pattern over folded text."""

    def __init__(self, kb: KnowledgeBase) -> None:
        table: dict[str, dict[str, set[CaseRule]]] = {}
        for entry in kb.entries.values():
            for name in entry.all_names():
                for form in _surface_forms(name):
                    key = fold(form)
                    if len(key.strip()) < 2:
                        continue
                    table.setdefault(key, {}).setdefault(entry.id, set()).add(case_rule(form))
        self._table = {
            key: tuple((entry_id, frozenset(rules)) for entry_id, rules in by_entry.items())
            for key, by_entry in table.items()
        }
        automaton = ahocorasick.Automaton()
        for key in self._table:
            automaton.add_word(key, key)
        automaton.make_automaton()
        self._automaton = automaton

    def __len__(self) -> int:
        return len(self._table)

    def find(self, text: str) -> list[AliasHit]:
        """Every word-bounded hit whose case fits, overlapping ones included."""
        folded = fold(text)
        hits: list[AliasHit] = []
        for last, key in self._automaton.iter(folded):
            start, end = last - len(key) + 1, last + 1
            if not _bounded(text, start, end):
                continue
            span = text[start:end]
            entries = tuple(
                entry_id
                for entry_id, rules in self._table[key]
                if any(case_fits(r, span) for r in rules)
            )
            if entries:
                letters = sum(c.isalpha() for c in span)
                short = letters <= SHORT_ALIAS and case_rule(span) != "acronym"
                hits.append(AliasHit(start, end, entries, short))
        return hits


def _bounded(text: str, start: int, end: int) -> bool:
    """No letter or digit glued on either side (an apostrophe or hyphen is a boundary)."""
    if start > 0 and text[start - 1].isalnum():
        return False
    return not (end < len(text) and text[end].isalnum())


@cache
def alias_matcher(kb: KnowledgeBase) -> AliasMatcher:
    """One matcher per knowledge base and process."""
    return AliasMatcher(kb)


# --- titles, descriptors and counterparts ----------------------------------------------------

COUNTERPART_WORDS: dict[str, tuple[str, ...]] = {
    "fr": ("homologue", "homologues"),
    "en": ("counterpart", "counterparts"),
}


@dataclass(frozen=True, slots=True)
class TitleHit:
    start: int
    end: int
    roles: tuple[str, ...]
    descriptors: tuple[str, ...]
    counterpart: bool


class TitleMatcher:
    """Role titles, descriptor terms and "counterpart" words of one language."""

    def __init__(self, kb: KnowledgeBase, language: str) -> None:
        keys: dict[str, tuple[set[str], set[str], bool]] = {}
        for role in kb.roles.values():
            for title in role.titles:
                if title.lang == language:
                    keys.setdefault(fold(title.text), (set(), set(), False))[0].add(role.id)
        for descriptor in kb.descriptors.values():
            for term in descriptor.terms:
                if term.lang == language:
                    keys.setdefault(fold(term.text), (set(), set(), False))[1].add(descriptor.id)
        for word in COUNTERPART_WORDS.get(language, ()):
            roles, descriptors, _ = keys.get(word, (set(), set(), False))
            keys[word] = (roles, descriptors, True)
        self._keys = {
            k: (tuple(sorted(r)), tuple(sorted(d)), c) for k, (r, d, c) in keys.items() if k.strip()
        }
        automaton = ahocorasick.Automaton()
        for key in self._keys:
            automaton.add_word(key, key)
        if self._keys:
            automaton.make_automaton()
        self._automaton = automaton

    def find(self, text: str) -> list[TitleHit]:
        """Word-bounded hits, the longest at each place (overlaps removed, leftmost first)."""
        if not self._keys:
            return []
        folded = fold(text)
        hits = []
        for last, key in self._automaton.iter(folded):
            start, end = last - len(key) + 1, last + 1
            if _bounded(text, start, end):
                roles, descriptors, counterpart = self._keys[key]
                hits.append(TitleHit(start, end, roles, descriptors, counterpart))
        return _longest_first(hits)

    def is_title(self, text: str) -> bool:
        return fold(text).strip() in self._keys


@cache
def title_matcher(kb: KnowledgeBase, language: str) -> TitleMatcher:
    return TitleMatcher(kb, language)


def _longest_first(hits: Iterable[TitleHit]) -> list[TitleHit]:
    chosen: list[TitleHit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(hit.end <= c.start or c.end <= hit.start for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


# --- mentions --------------------------------------------------------------------------------

Origin = Literal["alias", "ner", "demonym", "glued"]


@dataclass(slots=True)
class Mention:
    """A span that names something. ``entries`` are KB ids the alias matcher found there."""

    start: int
    end: int
    text: str
    origins: set[str] = field(default_factory=set)
    label: Label | None = None
    ner_label: str | None = None
    entries: tuple[str, ...] = ()

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(slots=True)
class RolePhrase:
    """A description of an actor by its role: "le président américain", "a senior US official".

    ``start``/``end`` cover the description without its determiner; ``name`` is the mention
    in apposition, when there is one. ``country`` comes from a nationality adjective or a
    state ("US", "de la Russie"); ``org`` from a body ("du Kremlin", "NATO").
    """

    start: int
    end: int
    text: str
    title_start: int
    title_end: int
    title_text: str
    roles: tuple[str, ...]
    descriptors: tuple[str, ...]
    counterpart: bool
    determiner: str | None = None
    country: str | None = None
    org: str | None = None
    name: Mention | None = None
    complement: Mention | None = None  # the state or body mention that completes the title
    former: bool = False
    plural: bool = False

    @property
    def definite(self) -> bool:
        return self.determiner in DEFINITE or self.determiner is None

    @property
    def possessive(self) -> bool:
        return self.determiner in POSSESSIVE


DEFINITE = frozenset({"le", "la", "l'", "les", "the", "du", "au", "aux", "des"})
INDEFINITE = frozenset({"un", "une", "a", "an", "des", "de", "d'"})
POSSESSIVE = frozenset({"son", "sa", "ses", "leur", "leurs", "his", "her", "their", "its"})
_DETERMINERS = DEFINITE | INDEFINITE | POSSESSIVE
# Modifiers that may sit between a determiner and a title, or before it in English.
_FORMER = frozenset({"ancien", "ancienne", "anciens", "anciennes", "ex", "former", "late"})
_GRADE = frozenset(
    {"senior", "top", "haut", "haute", "hauts", "hautes", "high", "ranking", "high-ranking",
     "high-level", "nouveau", "nouvelle", "new", "actuel", "actuelle", "current", "acting",
     "intérim", "then"}
)  # fmt: skip
_OF = frozenset({"de", "du", "des", "d'", "of"})
_MAX_NAME_TOKENS = 4
_NOMINAL = frozenset({"NOUN", "PROPN", "X"})
_ARTICLES = frozenset({"la", "le", "les", "l'", "the"})
_CIVILITIES = re.compile(
    r"^(?:M\.|MM\.|Mme|Mmes|Mlle|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Pr\.?|Sir|Lord|Dame)\s+"
)
_ELISION = re.compile(r"^(?:[lLdD]|[qQ]u|[jJ]usqu)['’]")
_EDGE_PUNCT = " \t\n,;:.!?«»\"“”()[]'’"


def trim_span(text: str, start: int, end: int, *, keep_final_dot: bool = False) -> tuple[int, int]:
    """A named-entity span without elided article, "the", civility or edge punctuation."""
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        if keep_final_dot and text[end - 1] == "." and end - start <= 6:
            break
        end -= 1
    if text[start:end].endswith(("'s", "’s")) and end - start > 3:
        end -= 2  # "Boone County’s": the possessive is not part of the name
    span = text[start:end]
    elided = _ELISION.match(span)
    if elided and end - start > elided.end():
        start += elided.end()
        span = text[start:end]
    for pattern in (_CIVILITIES, re.compile(r"^(?:the|The)\s+")):
        found = pattern.match(span)
        if found and end - start > found.end():
            start += found.end()
            span = text[start:end]
    return start, end


def ner_mentions(parse: Any, text: str, kb: KnowledgeBase) -> list[Mention]:
    """spaCy's entities of the labels we use, trimmed, as mentions of ``text``.

    A nationality word spaCy calls a place or a person (« l'Allemande Annalena Baerbock »)
    is relabelled a nationality; a one-word entity spaCy itself tags as an adjective
    ("Central and Eastern European") is dropped.
    """
    found = []
    for ent in parse.ents:
        label = NER_LABELS.get(ent.label_)
        if label is None:
            continue
        if len(ent) == 1 and ent[0].pos_ == "ADJ" and label != "nationality":
            continue
        start, end = trim_span(text, ent.start_char, ent.end_char, keep_final_dot=True)
        start = _skip_lowercase_words(text, start, end, person=label == "person")
        if end - start < 2 or not any(c.isalpha() for c in text[start:end]):
            continue
        if label == "person" and not _has_name_word(text[start:end]):
            continue  # « Le maire », "The President": spaCy's person without a name
        if not any(c.isupper() for c in text[start:end]):
            continue  # "état": spaCy's lower-case entities are noise
        if parse.vocab[text[start:end].lower()].is_stop:
            continue  # « Les » as LOC at a sentence start
        if label != "nationality" and _is_demonym(text[start:end], kb):
            label = "nationality"
        found.append(Mention(start, end, text[start:end], {"ner"}, label, ent.label_))
    return found


# Lower-case words spaCy takes into a name's span: prepositions before a place ("de Metz"),
# anything before a person's name (« nancéien invita Pablo »), a determiner before a title
# (« Le maire »).
_FUNCTION_WORDS = frozenset(
    {"de", "du", "des", "d'", "à", "au", "aux", "en", "of", "in", "at", "le", "la", "les"}
)
_WORD = re.compile(r"\S+\s*")


def _has_name_word(span: str) -> bool:
    """A capitalised word that is not an article: what any name has."""
    return any(
        w[:1].isupper()
        and w.lower() not in ("le", "la", "les", "l'", "the", "un", "une", "a", "an")
        for w in span.split()
    )


def _skip_lowercase_words(text: str, start: int, end: int, *, person: bool) -> int:
    """The start of a span past the lower-case words spaCy put before the name."""
    position = start
    while position < end:
        word = _WORD.match(text, position)
        if word is None:
            break
        token = word.group().strip()
        if token[:1].isupper() or token[:1].isdigit():
            break
        if not person and token.lower() not in _FUNCTION_WORDS:
            break
        position = word.end()
    if position >= end:
        return start
    if person and text[position:end].split(maxsplit=1)[0].lower() in ("le", "la", "les", "the"):
        return end  # « Le maire »: a title, no name — the caller drops the empty span
    return position


def _is_demonym(word: str, kb: KnowledgeBase) -> bool:
    return any(e.kind == "state" and word in e.all_demonyms() for e in kb.lookup(word))


def demonym_mentions(parse: Any, text: str, kb: KnowledgeBase) -> list[Mention]:
    """Capitalised plural nationality nouns: « les Russes », "the Americans"."""
    found = []
    for token in parse:
        word = token.text
        if not word[:1].isupper() or not word.endswith("s") or len(word) < 4:
            continue
        if token.i > 0 and token.nbor(-1).lower_ not in ("les", "des", "aux", "the", "many"):
            continue
        states = [e for e in kb.lookup(word) if e.kind == "state" and word in e.all_demonyms()]
        if states:
            found.append(
                Mention(
                    token.idx,
                    token.idx + len(word),
                    word,
                    {"demonym"},
                    "nationality",
                    None,
                    (states[0].id,),
                )
            )
    return found


# Below this many letters a KB name inside a glued word is more likely chance than a name.
_GLUED_MIN = 4


def glued_mentions(parse: Any, text: str, kb: KnowledgeBase, language: str | None) -> list[Mention]:
    """KB names glued to the next word by careless machine translation.

    "l'Ukrainebien" → "Ukraine", "Latviaand" → "Latvia": a capitalised token that neither the
    KB nor the language model knows, made of a state's or place's name in the article's
    language and a word the model knows (a stop word, or a lower-case word with a vector).
    """
    vocab = parse.vocab
    has_vectors = bool(vocab.vectors.shape[0]) if vocab.vectors is not None else False
    found = []
    for token in parse:
        word = token.text
        if not word[:1].isupper() or len(word) < _GLUED_MIN + 2 or kb.lookup(word):
            continue
        if has_vectors and vocab[word].has_vector:
            continue
        for cut in range(len(word) - 2, _GLUED_MIN - 1, -1):
            head, tail = word[:cut], word[cut:]
            lexeme = vocab[tail]
            if not tail.islower() or not (lexeme.is_stop or (has_vectors and lexeme.has_vector)):
                continue
            entries = [
                e
                for e in kb.lookup(head, demonyms=False)
                if e.kind in ("state", "place") and _named_in(e, head, language)
            ]
            if entries:
                found.append(
                    Mention(
                        token.idx,
                        token.idx + cut,
                        head,
                        {"glued"},
                        "place",
                        None,
                        tuple(e.id for e in entries),
                    )
                )
                break
    return found


def _named_in(entry: Entry, name: str, language: str | None) -> bool:
    """True when ``name`` is the entry's name in ``language`` (or its English name or alias)."""
    key = normalize_alias(name)
    names = [entry.name, *entry.aliases, *(entry.names_in(language) if language else ())]
    return any(normalize_alias(n) == key for n in names)


def merge_mentions(
    text: str,
    alias_hits: Sequence[AliasHit],
    ner: Sequence[Mention],
    extra: Sequence[Mention],
    titles: Sequence[TitleHit],
    *,
    kb: KnowledgeBase,
    known_place: Callable[[str], bool],
) -> list[Mention]:
    """One list of mentions (see the module docstring for who wins where they overlap).

    ``known_place`` says whether the gazetteer knows a name: spaCy's "New Mexico" around the
    KB's "Mexico" is kept when it does, dropped for the KB's name when it does not. Overlaps
    remain only where a place is nested in an organisation's name.
    """
    merger = _Merger(text, kb, known_place, _select_aliases(text, alias_hits, ner))
    title_spans = [(t.start, t.end) for t in titles]
    for mention in ner:
        # A nationality noun or a glued name is read better by its own rule than by spaCy
        # (« Américains » as LOC, « l'Ukrainebien » as PER).
        if any(x.overlaps(mention.start, mention.end) for x in extra):
            continue
        trimmed = _out_of_titles(text, mention, title_spans)
        if trimmed is not None:
            merger.add(trimmed)
    merged = merger.aliases + merger.chosen
    for mention in extra:
        if not any(m.overlaps(mention.start, mention.end) for m in merged):
            merged.append(mention)
    # An alias hit entirely inside a longer title is the title's word.
    merged = [m for m in merged if not (m.origins == {"alias"} and _inside_title(m, titles))]
    return sorted(merged, key=lambda m: (m.start, -m.length))


def _select_aliases(
    text: str, alias_hits: Sequence[AliasHit], ner: Sequence[Mention]
) -> list[Mention]:
    """The longest alias hits that do not overlap (short names only where spaCy agrees)."""
    aliases: list[Mention] = []
    for hit in sorted(alias_hits, key=lambda h: (-(h.end - h.start), h.start)):
        if any(a.overlaps(hit.start, hit.end) for a in aliases):
            continue
        if hit.short and not any(n.start == hit.start and n.end == hit.end for n in ner):
            continue
        span = text[hit.start : hit.end]
        aliases.append(Mention(hit.start, hit.end, span, {"alias"}, None, None, hit.entries))
    return aliases


def _inside_title(mention: Mention, titles: Sequence[TitleHit]) -> bool:
    return any(
        t.start <= mention.start and mention.end <= t.end and (t.end - t.start) > mention.length
        for t in titles
    )


def _out_of_titles(
    text: str, mention: Mention, title_spans: Sequence[tuple[int, int]]
) -> Mention | None:
    """A named entity without the title it starts with ("Secretary of State Antony
    Blinken"); None when it is all title (spaCy's "État" in « secrétaire d'État ») or when
    only a lower-case word is left (« britannique » of « Premier ministre britannique »)."""
    start, end = mention.start, mention.end
    for t_start, t_end in title_spans:
        if t_start <= start < t_end < end:
            start, end = trim_span(text, t_end, end)
    if any(t_start <= start and end <= t_end for t_start, t_end in title_spans):
        return None
    if (start, end) == (mention.start, mention.end):
        return mention
    if not text[start:end][:1].isupper():
        return None
    return Mention(start, end, text[start:end], mention.origins, mention.label, mention.ner_label)


class _Merger:
    """Decides, for each spaCy entity, between its extent and the KB names inside it."""

    def __init__(
        self,
        text: str,
        kb: KnowledgeBase,
        known_place: Callable[[str], bool],
        aliases: list[Mention],
    ) -> None:
        self.text = text
        self.kb = kb
        self.known_place = known_place
        self.aliases = aliases
        self.chosen: list[Mention] = []

    def add(self, mention: Mention) -> None:
        start, end = mention.start, mention.end
        inside = [a for a in self.aliases if a.overlaps(start, end)]
        same = [a for a in inside if (a.start, a.end) == (start, end)]
        if same:
            same[0].origins.add("ner")
            same[0].label, same[0].ner_label = mention.label, mention.ner_label
        elif not inside:
            self.chosen.append(mention)
        elif all(start <= a.start and a.end <= end for a in inside):
            self._around(mention, inside)
        # else: partly over a KB name, whose extent wins

    def _around(self, mention: Mention, inside: list[Mention]) -> None:
        """spaCy's entity holds KB names: keep which?"""
        kb, text = self.kb, self.text
        if len(inside) == 1 and _only_modifiers(text, mention.start, mention.end, inside[0], kb):
            # "American State Department": the KB's body, with spaCy's extent.
            keep = inside[0]
            keep.start, keep.end, keep.text = mention.start, mention.end, mention.text
            keep.origins.add("ner")
            keep.label, keep.ner_label = mention.label, mention.ner_label
            return
        if mention.label == "person" and _surname_like_a_state(mention, inside, text, kb):
            for alias in inside:  # "Andrew Jordan", "Denzel Washington": a person's surname
                self.aliases.remove(alias)
            self.chosen.append(mention)
            return
        if mention.label == "person" and not _person_alias(inside, kb):
            return  # "Kiev Javelin" as a person: the KB's "Kiev" is surer than spaCy
        if mention.label == "person" and _surname_alias(inside, mention.end, kb):
            # "Joseph R. Biden Jr." around the alias "Biden": spaCy's extent, KB's entry.
            mention.entries = inside[-1].entries
            mention.origins.add("alias")
        elif not kb.lookup(mention.text) and mention.label in ("organization", "misc", "facility"):
            # "Kentucky State Police", « Université de Genève »: the body is spaCy's, the
            # place inside its name a mention of its own (the gold sets nest them too); other
            # names go ("Union" in « Union nationale des … » is no EU).
            for alias in inside:
                if _is_place_alias(alias, kb):
                    alias.origins.add("nested")
                    _widen_to_known(alias, mention, text, self.known_place)
                else:
                    self.aliases.remove(alias)
            self.chosen.append(mention)
            return
        elif (
            not kb.lookup(mention.text)
            and mention.label == "place"
            and not self.known_place(mention.text)
        ):
            return  # spaCy's extent is a guess no gazetteer confirms: keep the KB's names
        for alias in inside:
            self.aliases.remove(alias)
        self.chosen.append(mention)


_MODIFIER_WORDS = frozenset({"the", "le", "la", "les", "l'", "of", "de", "du", "des", "d'"})


def _only_modifiers(text: str, start: int, end: int, alias: Mention, kb: KnowledgeBase) -> bool:
    """True when the words of ``text[start:end]`` outside ``alias`` are nationality words or
    articles of an organisation's name ("American State Department")."""
    if not any((e := kb.get(i)) is not None and e.kind == "organization" for i in alias.entries):
        return False
    rest = (text[start : alias.start] + " " + text[alias.end : end]).split()
    return bool(rest) and all(w.lower() in _MODIFIER_WORDS or _is_demonym(w, kb) for w in rest)


# Capitalised words next to a KB place name that may make it another place: "New London",
# "Niger Delta".
_WORD_BEFORE = re.compile(r"([A-Z][\w.'’-]*)\s+$")
_WORD_AFTER = re.compile(r"\s+([A-Z][\w.'’-]*)")


def _widen_to_known(
    alias: Mention, outer: Mention, text: str, known: Callable[[str], bool]
) -> None:
    """A KB place inside an organisation's name becomes the longer place name around it, when
    the gazetteer knows it: "New London" in "New London Police Department" is no London, the
    "Niger Delta" of the "Niger Delta Development Commission" no Niger. Up to two words on
    either side, inside the organisation's name."""
    spans = []
    start = alias.start
    for _ in range(2):
        before = _WORD_BEFORE.search(text, outer.start, start)
        if before is None:
            break
        start = before.start(1)
        spans.append((start, alias.end))
    end = alias.end
    for _ in range(2):
        after = _WORD_AFTER.match(text, end, outer.end)
        if after is None or part_word(after.group(1)):
            break  # "Dublin City Council" is Dublin's council, not Dublin City's
        end = after.end(1)
        spans.append((alias.start, end))
    for start, end in sorted(spans, key=lambda s: s[0] - s[1]):  # the longest first
        if known(text[start:end]):
            alias.start, alias.end, alias.text = start, end, text[start:end]
            alias.entries, alias.label = (), "place"
            return


# A given name, maybe with initials: "Andrew ", "Michael J. ".
_GIVEN_NAME = re.compile(r"[A-Z][a-z]+(?:\s+[A-Z]\.)*\s+$")


def _surname_like_a_state(
    mention: Mention, inside: Sequence[Mention], text: str, kb: KnowledgeBase
) -> bool:
    """spaCy's person whose last word is a KB place after a given name: "Andrew Jordan" is a
    racing driver, not Jordan. Not a place first ("Kiev Javelin"), nor a KB name before it."""
    if len(inside) != 1 or inside[0].end != mention.end or not _is_place_alias(inside[0], kb):
        return False
    before = text[mention.start : inside[0].start]
    return _GIVEN_NAME.fullmatch(before) is not None and not kb.lookup(before.strip())


def _is_place_alias(alias: Mention, kb: KnowledgeBase) -> bool:
    return any((e := kb.get(i)) is not None and e.kind in ("state", "place") for i in alias.entries)


def _person_alias(inside: Sequence[Mention], kb: KnowledgeBase) -> bool:
    return any(
        (e := kb.get(i)) is not None and e.kind == "person" for m in inside for i in m.entries
    )


def _surname_alias(inside: Sequence[Mention], end: int, kb: KnowledgeBase) -> bool:
    last = inside[-1]
    if len(inside) != 1 or end - last.end > 4:
        return False
    return any((e := kb.get(i)) is not None and e.kind == "person" for i in last.entries)


# --- role phrases ---------------------------------------------------------------------------


class _Tokens:
    """Token boundaries and the mentions starting and ending at each token.

    ``parse.text`` is never read: spaCy rebuilds it from every token at each access.
    """

    def __init__(self, parse: Any, mentions: Sequence[Mention], text: str = "") -> None:
        self.parse = parse
        self.text = text
        bounds = _bounds(parse)
        self.starts, self.ends = bounds
        self.by_start: dict[int, Mention] = {}
        self.by_end: dict[int, Mention] = {}
        for mention in mentions:
            first = self.token_at(mention.start)
            last = self.token_at(mention.end - 1)
            if first is not None and last is not None:
                self.by_start[first] = mention
                self.by_end[last] = mention

    def token_at(self, char: int) -> int | None:
        from bisect import bisect_right

        i = bisect_right(self.starts, char) - 1
        if i >= 0 and char < self.ends[i]:
            return i
        return None

    def __len__(self) -> int:
        return len(self.starts)


_BOUNDS: dict[int, tuple[Any, tuple[list[int], list[int]]]] = {}


def _bounds(parse: Any) -> tuple[list[int], list[int]]:
    """Token starts and ends of a parse, computed once per parse (the last few are kept)."""
    cached = _BOUNDS.get(id(parse))
    if cached is not None and cached[0] is parse:
        return cached[1]
    starts = [t.idx for t in parse]
    ends = [t.idx + len(t) for t in parse]
    if len(_BOUNDS) > 8:
        _BOUNDS.clear()
    _BOUNDS[id(parse)] = (parse, (starts, ends))
    return starts, ends


def _entries_of(mention: Mention, kb: KnowledgeBase) -> list[Entry]:
    ids = mention.entries or tuple(e.id for e in kb.lookup(mention.text, demonyms=False))
    return [e for i in ids if (e := kb.get(i)) is not None]


def _affiliation_of(mention: Mention, kb: KnowledgeBase) -> tuple[str | None, str | None]:
    """(country, org) a mention of a state, body or seat of power stands for in a title."""
    for entry in _entries_of(mention, kb):
        if entry.kind == "state":
            return entry.id, None
        if entry.kind in ("organization", "group"):
            return entry.country, entry.id
        if entry.kind == "place" and entry.seat_of:
            body = kb.get(entry.seat_of[0])
            return entry.country, body.id if body else None
        if entry.kind == "place" and entry.capital_of:
            return entry.capital_of, None
    return None, None


def _is_person_mention(mention: Mention, kb: KnowledgeBase) -> bool:
    if mention.label == "person":
        return True
    return any(e.kind == "person" for e in _entries_of(mention, kb))


def _demonym_state(word: str, kb: KnowledgeBase, language: str) -> str | None:
    """The state of a nationality adjective: "américain", "Russian"."""
    if language == "fr" and word[:1].isupper():
        return None  # French adjectives are lower case; « Russes » is a noun
    for entry in kb.lookup(word):
        if entry.kind == "state" and word in entry.all_demonyms():
            return entry.id
    return None


def role_phrases(
    parse: Any,
    text: str,
    titles: Sequence[TitleHit],
    mentions: Sequence[Mention],
    *,
    kb: KnowledgeBase,
    language: str,
) -> list[RolePhrase]:
    """Each title hit extended into its description: modifiers, country, body, name."""
    tokens = _Tokens(parse, mentions, text)
    matcher = title_matcher(kb, language)
    mention_spans = [(m.start, m.end) for m in mentions]
    phrases = []
    for hit in titles:
        if any(s <= hit.start and hit.end <= e for s, e in mention_spans):
            continue  # inside a KB name: « ministère russe de la Défense » is an organ
        first = tokens.token_at(hit.start)
        last = tokens.token_at(hit.end - 1)
        if first is None or last is None:
            continue
        if parse[last].pos_ not in _NOMINAL:
            continue  # « intervention militaire »: an adjective, not the military
        phrase = RolePhrase(
            start=hit.start,
            end=hit.end,
            text="",
            title_start=hit.start,
            title_end=hit.end,
            title_text=text[hit.start : hit.end],
            roles=hit.roles,
            descriptors=hit.descriptors,
            counterpart=hit.counterpart,
        )
        left = _extend_left(phrase, first, tokens, kb, language)
        right = _extend_right(phrase, last + 1, tokens, kb=kb, language=language, matcher=matcher)
        _apposition(phrase, left, right, tokens, kb)
        if phrase.country is None and phrase.org is None:
            phrase.country = _only_country(phrase.title_text, kb, language)
        head = parse[last]
        phrase.plural = head.morph.get("Number") == ["Plur"] or head.tag_ in ("NNS", "NNPS")
        phrase.text = text[phrase.start : phrase.end]
        phrases.append(phrase)
    return phrases


@cache
def _only_country(title: str, kb: KnowledgeBase, language: str) -> str | None:
    """The one country a title is restricted to, when every role it names is: "Secretary
    of State" is American; « secrétaire d'État » is not (France has them too)."""
    key = normalize_alias(title)
    countries: set[str] = set()
    for role in kb.roles.values():
        for t in role.titles:
            if t.lang == language and normalize_alias(t.text) == key:
                if t.countries and _case_differs(t.text, title):
                    # « président du conseil » (général, municipal) is not Italy's
                    # « président du Conseil »: the restricted title must be written as such.
                    return None
                if not t.countries:
                    return None
                countries.update(t.countries)
    return countries.pop() if len(countries) == 1 else None


def _case_differs(written: str, seen: str) -> bool:
    a = [w[:1] for w in written.split()]
    b = [w[:1] for w in seen.replace("’", "'").split()]
    return len(a) == len(b) and any(x.isupper() != y.isupper() for x, y in zip(a, b, strict=True))


def strip_articles(
    mentions: Sequence[Mention], text: str, named_with_article: Callable[[str], bool]
) -> None:
    """« La France », "The Netherlands": a capitalised article spaCy kept before a name is
    left out of the mention, unless the article belongs to the name (Le Mans, La Haye)."""
    for m in mentions:
        if m.label not in ("place", "organization", "misc"):
            continue
        head = re.match(r"^(?:Le|La|Les|The)\s+(?=\S)", m.text)
        if head is None or named_with_article(m.text):
            continue
        m.start += head.end()
        m.text = text[m.start : m.end]


def drop_common_words(
    mentions: Sequence[Mention], parse: Any, known: Callable[[str], bool]
) -> list[Mention]:
    """spaCy entities of one word its own tagger calls a common word (« Vendredi », « État »,
    « Baptisées ») that neither the KB nor the gazetteer knows."""
    tokens = _Tokens(parse, ())
    kept = []
    for m in mentions:
        if m.origins == {"ner"}:
            first, last = tokens.token_at(m.start), tokens.token_at(m.end - 1)
            one_word = first is not None and first == last
            if one_word and parse[first].pos_ != "PROPN" and not known(m.text):
                continue
        kept.append(m)
    return kept


_HEAD_NOUN = re.compile(
    r"^\w[\w-]*(?:\s\w+)?\s(?:de|du|des|d'|d’|of)\s(?:la\s|l'|l’|the\s)?", re.UNICODE
)


# The word after a name that makes it a county ("Guernsey County" is in Ohio, not the
# Channel Island; "Avoyelles Parish", "Readington Township").
_COUNTY_WORD = re.compile(r"[ \u00a0]+(?:County|Parish|Borough|Township)\b")


def extend_to_counties(
    mentions: Sequence[Mention], text: str, known: Callable[[str], bool]
) -> None:
    """A KB name followed by "County" (or Parish, Borough, Township) becomes the county's
    name when the gazetteer knows the longer name; it then names a place, not the KB entry."""
    for m in mentions:
        if "alias" not in m.origins:
            continue
        tail = _COUNTY_WORD.match(text, m.end)
        if tail is None or any(
            o.overlaps(m.end, tail.end()) and not (o.start <= m.start and tail.end() <= o.end)
            for o in mentions
            if o is not m
        ):
            continue  # the word belongs to another name ("Guernsey County Sheriff" is one)
        longer = text[m.start : tail.end()]
        if known(longer):
            m.end, m.text, m.entries = tail.end(), longer, ()
            m.label = "place"


def narrow_place_heads(mentions: Sequence[Mention], known: Callable[[str], bool]) -> None:
    """« port de Chabahar », "province of Idlib": a lower-case noun before a place name
    spaCy took into the entity; the mention becomes the name when the gazetteer knows it."""
    for m in mentions:
        if m.origins != {"ner"} or m.label not in ("place", "facility") or not m.text[:1].islower():
            continue
        if known(m.text):
            continue
        head = _HEAD_NOUN.match(m.text)
        if head is not None and known(m.text[head.end() :]):
            m.start += head.end()
            m.text = m.text[head.end() :]


# Prepositions after which a name is where something happens: spaCy's ORG "Edmonton" in
# "in Red Deer and Edmonton" is the city.
LOCATIVE = frozenset(
    {"in", "at", "near", "from", "to", "into", "across", "outside", "inside", "around",
     "throughout", "towards", "toward", "through", "via", "à", "au", "aux", "en", "dans",
     "près", "vers", "depuis", "jusqu'à"}
)  # fmt: skip


def _locative(token: Any) -> bool:
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in LOCATIVE:
        return True
    return any(c.dep_ == "case" and c.lower_ in LOCATIVE for c in token.children)


def relabel_places(
    mentions: Sequence[Mention], parse: Any, known_place: Callable[[str], bool], kb: KnowledgeBase
) -> None:
    """spaCy labels that the place's context contradicts: "in Edmonton" tagged ORG, "Aleppo"
    tagged as a nationality. Only names a gazetteer knows and the KB does not hold."""
    place_tokens: set[int] = set()
    tokens = _Tokens(parse, ())
    for m in mentions:
        if m.label == "place" or m.entries:
            first = tokens.token_at(m.start)
            if first is not None:
                place_tokens.add(first)
    for m in mentions:
        if m.origins != {"ner"} or m.label not in ("organization", "misc", "nationality"):
            continue
        if not known_place(m.text) or kb.lookup(m.text):
            continue
        if m.label == "nationality":
            m.label = "place"  # "Aleppo" is no nationality, and the gazetteer knows it
            continue
        span = parse.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        conj = root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children)
        related = {t.i for t in root.conjuncts}
        if (
            _locative(root)
            or any(_locative(t) for t in root.conjuncts)
            or (conj and related & place_tokens)
        ):
            m.label = "place"


def conjoined_places(
    mentions: Sequence[Mention], parse: Any, text: str, known_place: Callable[[str], bool]
) -> list[Mention]:
    """Names in a list with a place that spaCy left unlabelled ("Red Deer, Innisfail and
    Edmonton"): a proper noun (with its compound words) conjoined with a place mention."""
    tokens = _Tokens(parse, ())
    covered = [(m.start, m.end) for m in mentions]
    found: list[Mention] = []
    for m in mentions:
        if m.label != "place":
            continue
        span = parse.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for token in span.root.conjuncts:
            if token.pos_ != "PROPN" or not token.text[:1].isupper():
                continue
            left = token
            while (
                left.i > 0
                and parse[left.i - 1].dep_ == "compound"
                and parse[left.i - 1].head is token
            ):
                left = parse[left.i - 1]
            start, end = left.idx, token.idx + len(token.text)
            if any(s < end and start < e for s, e in covered):
                continue
            name = text[start:end]
            if known_place(name):
                covered.append((start, end))
                found.append(Mention(start, end, name, {"conj"}, "place"))
    del tokens
    return found


def nested_places(
    mentions: Sequence[Mention], parse: Any, text: str, notable_place: Callable[[str], bool]
) -> list[Mention]:
    """Places inside the name of an organisation the KB does not know: "Kentucky" in
    "Kentucky State Police", « Genève » in « Université de Genève ». Only notable places
    (states, provinces, large cities; ``notable_place``) count: small-town names are also
    common words ("Golden State Warriors")."""
    found: list[Mention] = []
    taken = [(m.start, m.end) for m in mentions if "nested" in m.origins]
    for m in mentions:
        if m.origins != {"ner"} or m.label not in ("organization", "misc", "facility"):
            continue
        span = parse.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) < 2:
            continue
        words = [t for t in span if t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN", "ADJ")]
        i = 0
        while i < len(words):
            best = None
            for j in range(min(len(words), i + 3), i, -1):
                run = words[i:j]
                if run[-1].i - run[0].i != len(run) - 1:
                    continue
                start, end = run[0].idx, run[-1].idx + len(run[-1].text)
                if (start, end) == (m.start, m.end):
                    continue
                if notable_place(text[start:end]):
                    best = (start, end, j)
                    break
            if best is None:
                i += 1
                continue
            start, end, i = best
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                found.append(Mention(start, end, text[start:end], {"nested"}, "place"))
    return found


def drop_inside_titles(mentions: Sequence[Mention], phrases: Sequence[RolePhrase]) -> list[Mention]:
    """spaCy entities cut out of a title ("russe des Affaires" in « ministre russe des
    Affaires étrangères »): the description, not a name."""
    return [
        m
        for m in mentions
        if m.origins != {"ner"}
        or not any(p.title_start < m.end and m.start < p.title_end for p in phrases)
    ]


def _extend_left(
    phrase: RolePhrase, first: int, tokens: _Tokens, kb: KnowledgeBase, language: str
) -> int:
    """Walk left over modifiers to the determiner; return the first token of the phrase
    (the determiner included)."""
    parse = tokens.parse
    k = first - 1
    while k >= 0:
        token = parse[k]
        lower = token.lower_
        if lower in _FORMER:
            phrase.former = True
        elif lower in _GRADE or token.text in ("-", "‑"):
            pass
        elif language == "en" and (state := _demonym_state(token.text, kb, language)):
            phrase.country = phrase.country or state
        elif language == "en" and (
            k in tokens.by_end or (lower == "'s" and k - 1 in tokens.by_end)
        ):
            mention = tokens.by_end[k if k in tokens.by_end else k - 1]
            country, org = _affiliation_of(mention, kb)
            if country is None and org is None:
                break
            phrase.country = phrase.country or country
            phrase.org = phrase.org or org
            phrase.complement = phrase.complement or mention
            first_of_mention = tokens.token_at(mention.start)
            k = k if first_of_mention is None else first_of_mention
        elif lower in _DETERMINERS:
            phrase.determiner = lower
            phrase.start = min(phrase.start, tokens.starts[k + 1])
            return k
        else:
            break
        phrase.start = tokens.starts[k]
        k -= 1
    return k + 1


def _extend_right(
    phrase: RolePhrase,
    k: int,
    tokens: _Tokens,
    *,
    kb: KnowledgeBase,
    language: str,
    matcher: TitleMatcher,
) -> int:
    """Walk right over nationality adjectives, title complements and bodies; return the
    first token after the description."""
    parse = tokens.parse
    text = tokens.text
    while k < len(tokens):
        token = parse[k]
        lower = token.lower_
        state = _demonym_state(token.text, kb, language) if language != "en" else None
        if state is not None:
            phrase.country = phrase.country or state
            phrase.end = tokens.ends[k]
            k += 1
            continue
        if lower in _OF:
            # A longer title across the adjective: « ministre [russe] de la Défense ».
            best = None
            for j in range(k + 1, min(k + 6, len(tokens))):
                candidate = (
                    text[phrase.title_start : phrase.title_end]
                    + " "
                    + text[tokens.starts[k] : tokens.ends[j]]
                )
                if matcher.is_title(candidate) or kb.lookup_title(candidate):
                    best = j
            if best is not None:
                extended = (
                    text[phrase.title_start : phrase.title_end]
                    + " "
                    + text[tokens.starts[k] : tokens.ends[best]]
                )
                roles = tuple(r.id for r in kb.lookup_title(extended))
                if roles:
                    phrase.roles = roles
                    phrase.title_text = extended
                phrase.end = phrase.title_end = tokens.ends[best]
                k = best + 1
                continue
            j = k + 1
            if j < len(tokens) and parse[j].lower_ in _ARTICLES:
                j += 1
            mention = tokens.by_start.get(j)
            if mention is not None and not _is_person_mention(mention, kb):
                country, org = _affiliation_of(mention, kb)
                if country or org:
                    phrase.country = phrase.country or country
                    phrase.org = phrase.org or org
                    phrase.complement = phrase.complement or mention
                    phrase.end = mention.end
                    k = (tokens.token_at(mention.end - 1) or k) + 1
                    continue
            break
        break
    return k


def _apposition(
    phrase: RolePhrase, left: int, right: int, tokens: _Tokens, kb: KnowledgeBase
) -> None:
    """The name the description is apposed to: right after it (with or without a comma),
    or before it, separated by a comma ("Antony Blinken, the US secretary of state")."""
    parse = tokens.parse
    for j in (right, right + 1):
        mention = tokens.by_start.get(j)
        if mention is None:
            continue
        if j == right + 1 and parse[right].text != ",":
            continue
        if _is_person_mention(mention, kb):
            phrase.name = mention
            return
    if left >= 2 and parse[left - 1].text == ",":
        mention = tokens.by_end.get(left - 2)
        if mention is not None and _is_person_mention(mention, kb):
            phrase.name = mention
            return
    # « le député hongrois Gábor Keresztesi »: capitalised proper nouns right after a title
    # are a name even where spaCy saw no entity.
    j = right
    while j < len(tokens) and j - right < _MAX_NAME_TOKENS:
        token = parse[j]
        if token.pos_ != "PROPN" or not token.text[:1].isupper() or j in tokens.by_start:
            break
        j += 1
    if j - right >= 1 and (phrase.roles or phrase.descriptors):
        start, end = tokens.starts[right], tokens.ends[j - 1]
        phrase.name = Mention(start, end, tokens.text[start:end], {"apposition"}, "person")
