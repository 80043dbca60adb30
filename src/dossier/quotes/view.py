"""The article as the quote rules read it: tokens with offsets, paragraphs, sentences,
which tokens lie inside a quotation, which tokens are speech cues, and the extent of the
noun phrase that names a speaker.

spaCy's sentences and trees are taken with care: the French model lets a sentence run over a
paragraph break and splits sentences at quotation marks, so sentences here are spaCy's cut
at every line break and with the fragments made only of punctuation joined to the next one,
and every walk in a tree stops at its paragraph's edge. Machine-translated text glues
punctuation to words (``».a expliqué``): cue tests read a token without its leading
punctuation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from .cues import CueKind, CueLexicon, SpeakerTables, normalize_word, split_words
from .marks import QuotedSpan

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Token

__all__ = ["ArticleView", "Cue", "Span", "after_dateline", "feature"]

Span = tuple[int, int]
"""Character offsets, half open, into the article's text."""

# Auxiliaries that build the compound tenses of cue verbs ("a déclaré", "has said"). spaCy
# tags them AUX, except when machine translation glued them to punctuation (".a").
_AUXILIARIES: Final = {
    "fr": frozenset(
        {"a", "avait", "ont", "avaient", "aurait", "auraient", "aura", "auront", "ai", "eut"}
        | {"est", "était", "sont", "étaient", "sera", "serait"}
    ),
    "en": frozenset(
        {"has", "have", "had", "is", "was", "were", "are", "will", "would", "did", "does", "do"}
        | {"'s", "’s", "'d", "’d", "be", "been", "being"}
    ),
}
# French inverted subject clitics: "a-t-il dit", "poursuit-elle".
_CLITIC: Final = re.compile(r"^-?(?:t-)?(il|elle|ils|elles|on)$")
_EPENTHETIC: Final = frozenset({"-t", "-t-"})
_LEADING_PUNCT: Final = re.compile(r"^[^\w'’-]+")
# Words that keep a prepositional phrase going: « la télévision d’État », "of the".
_OF: Final = frozenset({"de", "d'", "du", "des", "of", "the"})
# Dependents that open a clause of their own: the phrase naming a speaker stops there
# ("a spokesman who declined …", "a statement saying …").
_CLAUSAL_DEPS: Final = frozenset(
    {"acl:relcl", "relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis"}
)
# « selon qui », « selon lesquelles »: a relative clause, not a source phrase.
_RELATIVES: Final = frozenset(
    {"qui", "que", "quoi", "lequel", "laquelle", "lesquels", "lesquelles", "whom", "which"}
)
_OPEN_MARKS: Final = frozenset('«“„‘‹"')
_CLOSE_MARKS: Final = frozenset('»”’›"“')
_MARKS: Final = _OPEN_MARKS | _CLOSE_MARKS
_FINAL: Final = frozenset({".", "!", "?", ";", "…"})
_PERSON_LABELS: Final = frozenset({"PER", "PERSON"})
_TIME_LABELS: Final = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL"})
_NAME_LABELS: Final = frozenset({"PER", "PERSON", "ORG", "LOC", "GPE", "NORP", "FAC", "MISC"})


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue found at a token: its kinds and how many tokens it takes (multi-word cues)."""

    kinds: frozenset[CueKind]
    length: int


class ArticleView:
    """Read-only helpers over one article's text and parse, built once per article."""

    def __init__(
        self,
        text: str,
        parsed: SpacyDoc,
        lexicon: CueLexicon,
        tables: SpeakerTables,
        quotes: Sequence[QuotedSpan],
    ) -> None:
        self.text = text
        self.doc = parsed
        self.lex = lexicon
        self.tables = tables
        self.quotes = list(quotes)
        self.has_parse = bool(parsed.has_annotation("DEP"))
        self.auxiliaries = _AUXILIARIES.get(lexicon.language, frozenset())
        # One pass over the tokens: spaCy builds a Python object for each one it hands out.
        pairs = [(token.idx, token.text) for token in parsed]
        self.starts = [start for start, _ in pairs]
        self.words = [normalize_word(text) for _, text in pairs]
        self.clean = [_LEADING_PUNCT.sub("", w) for w in self.words]
        self.paragraphs = _paragraphs(text)
        self._paragraph_starts = [start for start, _ in self.paragraphs]
        self.sentences = self._sentences()
        self._sentence_starts = [start for start, _ in self.sentences]
        # Index of the quotation whose content holds each token (-1: outside quotations).
        self.quote_of = [-1] * len(parsed)
        for number, quote in enumerate(self.quotes):
            for i in self.token_range(quote.start, quote.end):
                self.quote_of[i] = number
        self._cues: dict[tuple[int, bool], Cue | None] = {}
        ents = list(parsed.ents)  # spaCy rebuilds the tuple on every access
        self.person_tokens = {
            i for ent in ents if ent.label_ in _PERSON_LABELS for i in range(ent.start, ent.end)
        }
        self.named_tokens = {
            i for ent in ents if ent.label_ in _NAME_LABELS for i in range(ent.start, ent.end)
        }

    # ------------------------------------------------------------------ positions

    def __len__(self) -> int:
        return len(self.starts)

    def token(self, i: int) -> Token:
        return self.doc[i]

    def end_of(self, i: int) -> int:
        token = self.doc[i]
        return int(token.idx + len(token.text))

    def token_at(self, char: int) -> int:
        """Index of the token that contains (or is the last to start before) ``char``."""
        return max(0, bisect_right(self.starts, char) - 1)

    def token_range(self, start: int, end: int) -> range:
        """Indices of the tokens that start inside ``[start, end)``."""
        first = bisect_right(self.starts, start - 1)
        last = bisect_right(self.starts, end - 1)
        return range(first, last)

    def paragraph(self, char: int) -> Span:
        return self.paragraphs[max(0, bisect_right(self._paragraph_starts, char) - 1)]

    def sentence_index(self, char: int) -> int:
        return max(0, bisect_right(self._sentence_starts, char) - 1)

    def same_paragraph(self, i: int, j: int) -> bool:
        return self.paragraph(self.starts[i]) == self.paragraph(self.starts[j])

    def span(self, first: int, last: int) -> Span:
        """Characters from token ``first`` to token ``last`` included, leading glue removed."""
        start = self.starts[first]
        start += len(self.words[first]) - len(self.clean[first]) if self.clean[first] else 0
        return start, self.end_of(last)

    def clause_start(self, i: int) -> int:
        """First token of the sentence holding token ``i``, by punctuation: back to a
        sentence-final mark outside quotations, or to the paragraph start. (spaCy's
        sentences split "Le Royaume | -Uni" and at quotation marks.)"""
        para_start = self.token_at(self.paragraph(self.starts[i])[0])
        if self.starts[para_start] < self.paragraph(self.starts[i])[0]:
            para_start += 1
        k = i - 1
        while k >= para_start:
            if self.is_final(k) and not self.in_quote(k) and self.words[k] != ";":
                return k + 1
            k -= 1
        return para_start

    def in_quote(self, i: int) -> bool:
        return self.quote_of[i] >= 0

    def _sentences(self) -> list[Span]:
        """spaCy's sentences cut at line breaks, punctuation-only fragments joined forward."""
        cuts: set[int] = {0}
        if self.doc.has_annotation("SENT_START"):
            cuts.update(sent.start_char for sent in self.doc.sents)
        cuts.update(start for start, _ in self.paragraphs)
        bounds = sorted(c for c in cuts if c < len(self.text))
        spans: list[Span] = []
        pending: int | None = None
        for number, start in enumerate(bounds):
            end = bounds[number + 1] if number + 1 < len(bounds) else len(self.text)
            _, para_end = self.paragraph(start)
            end = min(end, para_end)
            begin = start if pending is None else pending
            piece = self.text[start:end]
            if not any(ch.isalnum() for ch in piece) and end < para_end:
                pending = begin  # «, » or a lone dot: part of the next sentence
                continue
            pending = None
            spans.append((begin, end))
        return spans or [(0, len(self.text))]

    # ------------------------------------------------------------------ cues

    def cue_at(self, i: int, *, lenient: bool = False) -> Cue | None:
        """The cue starting at token ``i``. ``lenient`` accepts a verb form whatever its tag,
        for positions where only a verb can stand (right after a closing quotation mark)."""
        key = (i, lenient)
        if key not in self._cues:
            self._cues[key] = self._cue_at(i, lenient)
        return self._cues[key]

    def _cue_at(self, i: int, lenient: bool) -> Cue | None:
        if self.in_quote(i):
            return None
        length = self.lex.multiword.match(self.clean, i)
        if length > 1:
            return Cue(self.lex.phrases[tuple(self.clean[i : i + length])], length)
        token = self.doc[i]
        word = self.clean[i]
        verbal = token.pos_ in ("VERB", "AUX") and not self._adjectival(i)
        kinds = self.lex.forms.get(word)
        loose = (
            lenient
            and token.pos_ not in ("PUNCT", "DET", "ADP")
            and not self._adjectival(i)
            # "the charges", « les annonces »: a noun after a determiner is a noun.
            and not (i > 0 and token.pos_ == "NOUN" and self.doc[i - 1].pos_ == "DET")
        )
        if kinds and (verbal or loose):
            return Cue(kinds, 1)
        lemma_kinds = self.lex.lemmas.get(normalize_word(token.lemma_))
        if lemma_kinds and verbal:
            return Cue(lemma_kinds, 1)
        return None

    def _adjectival(self, i: int) -> bool:
        """A past participle modifying a noun (« une réponse écrite », "a report released
        Tuesday") describes a thing; it reports no speech. Naming verbs keep it (« baptisé »)."""
        token = self.doc[i]
        if not self.has_parse or token.dep_ not in ("acl", "amod"):
            return False
        if self.lex.forms.get(self.clean[i], frozenset()) & {"naming"}:
            return False
        participle = token.tag_ == "VBN" or (
            "Part" in feature(token, "VerbForm") and "Past" in feature(token, "Tense")
        )
        if not participle or any(c.dep_.startswith("aux") for c in token.children):
            return False
        # An auxiliary the parse did not attach (glued: "».a précisé") still makes a tense.
        return not (i > 0 and self.is_aux(i - 1))

    def according_to_at(self, i: int) -> int:
        """Length of a "selon"/"according to" phrase starting at token ``i`` (0: none).
        « selon qui », « selon lesquelles » open a relative clause, not a source."""
        n = self.lex.according_to.match(self.clean, i)
        if n and i + n < len(self.clean) and self.clean[i + n] in _RELATIVES:
            return 0
        return n

    def is_aux(self, i: int) -> bool:
        token = self.doc[i]
        return self.clean[i] in self.auxiliaries or (
            token.pos_ == "AUX" and normalize_word(token.lemma_) in ("avoir", "être", "have", "be")
        )

    def clitic(self, i: int) -> str | None:
        """The subject pronoun of a French inverted clitic token ("-il", "-t-elle")."""
        match = _CLITIC.match(self.words[i]) if self.words[i].startswith("-") else None
        return match.group(1) if match else None

    def is_epenthetic(self, i: int) -> bool:
        return self.words[i] in _EPENTHETIC

    def scare_marked(self, mark: int) -> bool:
        """Whether the words right before the token at ``mark`` say "so-called"."""
        for n in range(1, 4):
            start = mark - n
            if start < 0:
                break
            # Read the text, not the tokens: spaCy splits "so-called" into three.
            phrase = split_words(self.text[self.starts[start] : self.starts[mark]])
            if phrase in self.lex.scare_markers:
                return True
        return False

    def time_phrase_at(self, i: int) -> int:
        return self.lex.time_words.match(self.clean, i)

    def is_punct(self, i: int) -> bool:
        token = self.doc[i]
        return bool(token.is_punct or token.is_space) and not self.clean[i]

    def is_mark(self, i: int) -> bool:
        return any(ch in _MARKS for ch in self.doc[i].text)

    def is_final(self, i: int) -> bool:
        return any(ch in _FINAL for ch in self.doc[i].text) and not self.clean[i]

    def is_verb(self, i: int) -> bool:
        return self.doc[i].pos_ in ("VERB", "AUX")

    def cue_start(self, v: int) -> int:
        """First token of the cue at ``v`` with its auxiliaries and clitics ("a-t-il dit")."""
        first = v
        j = v - 1
        while j >= 0 and (self.is_aux(j) or self.clitic(j) or self.is_epenthetic(j)):
            if not self.same_paragraph(j, v):
                break
            first = j
            j -= 1
        return first

    # ------------------------------------------------------------------ speakers

    def subject_after(self, i: int, limit: int) -> Span | None:
        """The noun phrase of an inverted subject that starts at or after token ``i``
        ("a déclaré à la télévision d'État le porte-parole …"), adjuncts skipped."""
        j = self.skip_adjuncts(i, limit)
        if j >= limit or not self._can_open_phrase(j):
            return None
        phrase = self.phrase_from(j, limit)
        following = bisect_right(self.starts, phrase[1] - 1)
        if following < limit and self.is_verb(following):
            return None  # "said Kyiv was …": the subject of a reported clause
        return phrase

    def phrase_from(self, j: int, limit: int) -> Span:
        """The speaker phrase that starts at token ``j``: up to a stopper or punctuation; a
        person's name after a comma is kept as an apposition ("le porte-parole, X")."""
        k = j + 1
        while k < limit and not self._ends_phrase(k):
            k += 1
        end = k - 1
        if k + 1 < limit and self.words[k] == "," and k + 1 in self.person_tokens:
            end = k + 1
            while end + 1 < limit and end + 1 in self.person_tokens:
                end += 1
        return self.span(j, end)

    def subject_phrase(self, head: int) -> Span:
        """The extent of the subject whose head token is ``head``: its subtree without
        relative clauses, cut at a comma unless a person's name stands in apposition."""
        token = self.doc[head]
        para = self.paragraph(token.idx)
        left = max(token.left_edge.i, self.token_at(para[0]))
        right = min(token.right_edge.i, self.token_at(max(para[0], para[1] - 1)))
        start = head
        for j in range(head - 1, left - 1, -1):
            if self.is_punct(j) or self.in_quote(j):
                break
            start = j
        end = head
        j = head + 1
        while j <= right:
            if self.in_quote(j) or self.doc[j].dep_ in _CLAUSAL_DEPS or self._verb_in_phrase(j):
                break
            if self.is_punct(j):
                if self.words[j] == "," and j + 1 <= right and j + 1 in self.person_tokens:
                    j += 1
                    while j <= right and j in self.person_tokens:
                        end = j
                        j += 1
                break
            if self.words[j] in ("who", "which", "that", "qui", "dont", "lequel", "laquelle"):
                break
            end = j
            j += 1
        return self.span(start, end)

    def plausible_speaker(self, span: Span) -> bool:
        """Whether a phrase can name who speaks: a name, a pronoun, a role or a source."""
        tokens = self.token_range(*span)
        if any(
            i in self.named_tokens
            or (self.doc[i].pos_ == "PROPN" and self.doc[i].ent_type_ not in _TIME_LABELS)
            for i in tokens
        ):
            return True
        words = [self.clean[i] for i in tokens]
        if any(
            w in self.lex.pronouns or self.clitic(i) for w, i in zip(words, tokens, strict=True)
        ):
            return True
        return self.tables.roles_and_sectors.contains_any(
            words
        ) or self.lex.speaker_nouns.contains_any(words)

    def skip_adjuncts(self, j: int, limit: int) -> int:
        """The first token at or after ``j`` past time words, adverbs and adjuncts."""
        while j < limit:
            n = self.time_phrase_at(j)
            if n:
                j += n
                continue
            token = self.doc[j]
            if token.pos_ == "ADV" and self.clean[j] not in self.lex.determiners:
                j += 1
                continue
            if self.clean[j] in self.lex.prepositions:
                j = self._skip_prepositional(j + 1, limit)
                continue
            break
        return j

    def _skip_prepositional(self, j: int, limit: int) -> int:
        if j < limit and self.clean[j] in self.lex.determiners:
            j += 1
        previous_lower = False
        while j < limit:
            word = self.clean[j]
            text = self.doc[j].text
            if self.is_punct(j) or self.is_mark(j):
                break
            if word in self.lex.determiners and word not in _OF:
                break
            if self.doc[j].pos_ == "NUM":
                break
            if text[:1].isupper() and previous_lower and self.words[j - 1] not in _OF:
                break
            previous_lower = text[:1].islower()
            j += 1
        return j

    def _can_open_phrase(self, j: int) -> bool:
        token = self.doc[j]
        if self.is_punct(j) or self.is_mark(j) or self.in_quote(j):
            return False
        if self.clean[j] in self.lex.stoppers and self.clean[j] not in self.lex.determiners:
            return False
        return token.pos_ in ("DET", "NUM", "PROPN", "NOUN", "ADJ", "PRON", "X") or (
            j in self.named_tokens or self.clean[j] in self.lex.determiners
        )

    def _verb_in_phrase(self, k: int) -> bool:
        """A verb ends a speaker phrase ("a statement saying …"), except a French past
        participle that describes the speaker (« un responsable interrogé par l'APC »)."""
        token = self.doc[k]
        if token.pos_ not in ("VERB", "AUX"):
            return False
        if self.lex.language == "fr":
            forms = feature(token, "VerbForm")
            return not ("Part" in forms and "Past" in feature(token, "Tense"))
        return True

    def _ends_phrase(self, k: int) -> bool:
        if self.is_punct(k) or self.is_mark(k) or self.in_quote(k):
            return self.words[k] != "-"
        word = self.clean[k]
        if word in self.lex.stoppers:
            return True
        if self.time_phrase_at(k):
            return True
        token = self.doc[k]
        if self._verb_in_phrase(k):
            return True
        return token.tag_ in ("VBD", "VBZ", "VBP", "MD")

    # ------------------------------------------------------------------ trees

    def ancestors(self, i: int) -> Iterator[int]:
        """The heads above token ``i`` within its paragraph, nearest first."""
        token = self.doc[i]
        para = self.paragraph(token.idx)
        seen = {i}
        while token.head.i not in seen:
            token = token.head
            if not para[0] <= token.idx < para[1]:
                return
            seen.add(token.i)
            yield token.i

    def subtree_span(self, head: int, *, exclude: Sequence[int] = ()) -> Span | None:
        """Characters covered by the subtree of ``head`` inside its paragraph, with
        leading subordinators ("que", "that"), edge punctuation and marks trimmed."""
        token = self.doc[head]
        para = self.paragraph(token.idx)
        members = sorted(
            t.i for t in token.subtree if para[0] <= t.idx < para[1] and t.i not in exclude
        )
        if not members:
            return None
        # Keep the contiguous run around the head: a parse that reaches across the cue verb
        # or the speaker must not swallow them.
        first = last = head
        index = members.index(head) if head in members else 0
        for k in range(index - 1, -1, -1):
            if members[k] != first - 1:
                break
            first = members[k]
        for k in range(index + 1, len(members)):
            if members[k] != last + 1:
                break
            last = members[k]
        while first < last and (
            self.is_punct(first)
            or self.is_mark(first)
            or (self.doc[first].dep_ == "mark" and self.doc[first].pos_ == "SCONJ")
        ):
            first += 1
        while last > first and (self.is_punct(last) or self.is_mark(last)):
            last -= 1
        if first > last or (first == last and self.is_punct(first)):
            return None
        return self.span(first, last)


_DATELINE: Final = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ .'’-]{2,}\b.{0,90}?\s[–—-]{1,2}\s")


def after_dateline(text: str, start: int, end: int) -> int:
    """Past a dateline opening the paragraph ("BRUSSELS — ", "KIEV, 22 janvier 2022
    (Agence) – "): it says where the report comes from, not what anyone said."""
    match = _DATELINE.match(text, start, end)
    return match.end() if match else start


def feature(token: Token, name: str) -> list[str]:
    """A morphological feature's values ("VerbForm" → ["Part"]), empty when absent."""
    return list(token.morph.get(name, []))


def _paragraphs(text: str) -> list[Span]:
    spans: list[Span] = []
    offset = 0
    for line in text.split("\n"):
        spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans
