"""Trigger matching: lexicon entries found on the lemmas of spaCy's parse.

One pass over the tokens of each sentence looks every token's lemma and surface form up in
the lexicon's index (a dict), so the cost grows with the text, not with the lexicon. A
multiword pattern is anchored on its first required word; its other words must follow in
the written order, within :data:`WINDOW` tokens of the anchor, each tied to a word already
matched, either in the dependency tree (head, dependent, grandparent or sibling) or by
standing next to it — the tree catches determiners and adjectives in between ("a massé
environ 100 000 soldats"), adjacency the parses that split "feu vert" wrongly. Words
joined by hyphens without spaces ("green-lighted", "cessez-le-feu") are also looked up as
one word. Where matches overlap, the one with more required words wins
("hold talks" over "talks"), then the one with an object condition, then file order.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.attrs import IS_TITLE, IS_UPPER, LEMMA, LOWER
from spacy.strings import hash_string  # type: ignore[attr-defined]

from .lexicon import DEFAULT_POS, Entry, Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Span, Token

__all__ = [
    "WINDOW",
    "TriggerMatch",
    "find_triggers",
    "object_heads",
    "subject_heads",
    "token_keys",
]

# How far (in tokens) the other words of a pattern may stand from its anchor. Six covers a
# verb and its object with a determiner, an adjective and a number between them
# ("a massé environ 100 000 soldats"), measured on the example articles; further, unrelated
# words of the same sentence start to match.
WINDOW = 6

_CONTENT = frozenset({"NOUN", "VERB", "ADJ", "PROPN"})
OBJECT_DEPS = frozenset({"obj", "dobj", "nsubj:pass", "nsubjpass", "dative", "attr", "oprd"})
_NMOD_DEPS = frozenset({"nmod", "prep", "pobj", "obl", "obl:arg", "compound", "conj", "appos"})


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """A lexicon entry found in the text. ``head`` is the syntactic head of the matched words
    (the token the event's arguments hang from); offsets index ``doc.text``."""

    entry: Entry
    head: int
    tokens: tuple[int, ...]
    start: int
    end: int
    sentence: int
    lemma: str  # the head's lemma, lower-cased

    @property
    def text_span(self) -> tuple[int, int]:
        return self.start, self.end


class _KeyCache:
    """Token keys of the document being processed, computed once per token: the rules ask
    for them tens of thousands of times per article. One document at a time (the stage
    processes them in turn), held by reference so an id is never reused for another."""

    doc: SpacyDoc | None = None
    keys: list[tuple[str, ...] | None] = []  # noqa: RUF012 - reset per document below


def token_keys(token: Token) -> tuple[str, ...]:
    """The forms a lexicon word may take: the lemma and the lower-cased word."""
    doc = token.doc
    if _KeyCache.doc is not doc:
        _KeyCache.doc = doc
        _KeyCache.keys = [None] * len(doc)
    found = _KeyCache.keys[token.i]
    if found is None:
        lemma = token.lemma_.lower()
        lower = token.lower_
        found = (lemma,) if lemma == lower else (lemma, lower)
        _KeyCache.keys[token.i] = found
    return found


def _hyphen_compounds(sent: Span) -> list[tuple[str, tuple[int, ...]]]:
    """Hyphen-joined words as one key each: "green-lighted" → "green-light"."""
    found: list[tuple[str, tuple[int, ...]]] = []
    tokens = list(sent)
    i = 0
    while i < len(tokens) - 2:
        first = tokens[i]
        if first.whitespace_ or tokens[i + 1].text != "-" or tokens[i + 1].whitespace_:
            i += 1
            continue
        j = i
        parts = [first.lower_]
        while (
            j + 2 < len(tokens)
            and tokens[j + 1].text == "-"
            and not tokens[j].whitespace_
            and not tokens[j + 1].whitespace_
        ):
            j += 2
            parts.append(tokens[j].lower_)
        last = tokens[j]
        indices = tuple(t.i for t in tokens[i : j + 1])
        found.append(("-".join(parts), indices))
        found.append(("-".join([*parts[:-1], last.lemma_.lower()]), indices))
        i = j + 1
    return found


def _connected(doc: SpacyDoc, candidate: Token, used: Iterable[int]) -> bool:
    for index in used:
        other = doc[index]
        if abs(candidate.i - index) <= 2:
            return True
        if candidate.head.i == index or other.head.i == candidate.i:
            return True
        if candidate.head.head.i == index or other.head.head.i == candidate.i:
            return True
        if candidate.head.i == other.head.i and candidate.head.i != candidate.i:
            return True
    return False


def _match_pattern(
    doc: SpacyDoc, sent: Span, entry: Entry, anchor_tokens: tuple[int, ...]
) -> tuple[int, ...] | None:
    used = list(anchor_tokens)
    low = max(sent.start, anchor_tokens[-1] - WINDOW)
    high = min(sent.end, anchor_tokens[-1] + WINDOW + 1)
    # Words are matched in the order written: words before the anchor leftwards from it,
    # words after it rightwards.
    first, last = anchor_tokens[0], anchor_tokens[-1]
    for position, item in enumerate(entry.items):
        if position == entry.anchor:
            continue
        before = position < entry.anchor
        left = range(first - 1, low - 1, -1)
        right = range(last + 1, high)
        in_order = set(left if before else right)
        found = _find_item(doc, item.words, [*left, *right] if before else [*right, *left],
                           in_order, used)  # fmt: skip
        if found is None:
            if not item.optional:
                return None
            continue
        used.append(found)
        first, last = (found, last) if before else (first, found)
    return tuple(sorted(used))


def _find_item(
    doc: SpacyDoc,
    words: frozenset[str],
    candidates: Sequence[int],
    in_order: set[int],
    used: list[int],
) -> int | None:
    for i in candidates:
        token = doc[i]
        if i in used or not any(k in words for k in token_keys(token)):
            continue
        if i in in_order and _connected(doc, token, used):
            return i
        # Out of order only when linked head to dependent, between content words: "une
        # enveloppe … approuvée" is "approuver une enveloppe"; "to protest" stays out of
        # "protest to".
        if token.pos_ in _CONTENT and any(
            (token.head.i == j or doc[j].head.i == i) and doc[j].pos_ in _CONTENT for j in used
        ):
            return i
    return None


def _syntactic_head(doc: SpacyDoc, indices: Sequence[int]) -> Token:
    """The matched word whose head lies outside the match; verbs, then nouns, first."""
    inside = set(indices)
    tops = [doc[i] for i in indices if doc[i].head.i not in inside or doc[i].head.i == i]
    if not tops:
        tops = [doc[i] for i in indices]
    rank = {"VERB": 0, "NOUN": 1, "PROPN": 2, "ADJ": 3}
    return min(tops, key=lambda t: (rank.get(t.pos_, 4), t.i))


def _pos_ok(entry: Entry, head: Token) -> bool:
    if head.pos_ not in entry.pos:
        return False
    # An adjective triggers by default only as a participle ("déployés", "deployed"):
    # adjectives proper ("militaire") are not events.
    return not (
        head.pos_ == "ADJ"
        and entry.pos is DEFAULT_POS
        and "Part" not in head.morph.get("VerbForm", [])
    )


def subject_heads(head: Token) -> list[Token]:
    """The tokens a subject condition looks at: the subject (not a passive one), and what
    it quantifies ("des milliers de soldats"), or the noun a participle modifies."""
    firsts = [c for c in head.children if c.dep_ in ("nsubj", "csubj")]
    if head.dep_ in ("acl", "amod", "acl:relcl", "relcl") and head.pos_ in ("VERB", "ADJ"):
        firsts.append(head.head)
    out: list[Token] = []
    frontier = [t for f in firsts for t in (f, *f.conjuncts)]
    for _depth in range(3):
        nxt: list[Token] = []
        for token in frontier:
            if token in out:
                continue
            out.append(token)
            nxt.extend(
                c for c in token.children if c.dep_ in _NMOD_DEPS and c.pos_ in ("NOUN", "PROPN")
            )
        frontier = nxt
    return out


def object_heads(head: Token) -> list[Token]:
    """The tokens an object condition looks at: the trigger's objects (the passive subject
    included), a noun trigger's "of/de" complement, the noun a participle modifies, and
    their conjuncts; then, down to two levels, what they quantify ("dizaines de milliers
    de soldats", "tens of thousands of troops") or compound with."""
    firsts: list[Token] = []
    for child in head.children:
        if child.dep_ in OBJECT_DEPS:
            firsts.append(child)
        elif child.dep_ in ("nmod", "prep", "obl", "obl:arg", "obl:mod"):
            if child.dep_ == "prep":
                firsts.extend(c for c in child.children if c.dep_ == "pobj")
            else:
                firsts.append(child)
    if head.dep_ in ("acl", "amod") and head.pos_ in ("VERB", "ADJ"):
        firsts.append(head.head)
    out: list[Token] = []
    frontier = [t for f in firsts for t in (f, *f.conjuncts)]
    for _depth in range(3):
        nxt: list[Token] = []
        for token in frontier:
            if token in out:
                continue
            out.append(token)
            for child in token.children:
                if child.dep_ in _NMOD_DEPS and child.pos_ in ("NOUN", "PROPN", "ADP"):
                    nxt.append(child)
        frontier = nxt
    return out


_HASHES: dict[int, tuple[Lexicon, np.ndarray[Any, np.dtype[np.uint64]]]] = {}


def _index_hashes(lexicon: Lexicon) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """spaCy's hashes of the lexicon's anchor words, once per lexicon (held with it, so
    that its id is not reused while cached)."""
    cached = _HASHES.get(id(lexicon))
    if cached is None or cached[0] is not lexicon:
        hashes = np.array(sorted({hash_string(word) for word in lexicon.index}), dtype=np.uint64)
        cached = (lexicon, hashes)
        _HASHES[id(lexicon)] = cached
    return cached[1]


def _candidate_positions(sdoc: SpacyDoc, lexicon: Lexicon) -> list[int]:
    """Tokens whose lemma or lower-cased form is a lexicon word, found on spaCy's arrays
    (hashes) so that Python only visits the few that may trigger; a lemma spaCy left
    capitalised ("Attaque" at the start of a title) is lower-cased one by one."""
    if len(sdoc) == 0:
        return []
    array = sdoc.to_array([LEMMA, LOWER, IS_TITLE, IS_UPPER])
    wanted = _index_hashes(lexicon)
    found = np.isin(array[:, 0], wanted) | np.isin(array[:, 1], wanted)
    positions = set(np.flatnonzero(found).tolist())
    capitalised = np.flatnonzero((array[:, 2] != 0) | (array[:, 3] != 0)).tolist()
    for i in capitalised:
        lemma = sdoc[i].lemma_.lower()
        if i not in positions and lemma in lexicon.index:
            positions.add(i)
    return sorted(positions)


def find_triggers(
    sdoc: SpacyDoc,
    lexicon: Lexicon,
    objects_ok: Callable[[Entry, Token], bool],
) -> list[TriggerMatch]:
    """Every trigger of the document, in text order, overlaps resolved (see module doc).

    ``objects_ok(entry, head)`` decides an entry's object and subject conditions; the
    caller gives it, since "@party" and "@money" need the linker's entities and the
    quantities.
    """
    matches: list[TriggerMatch] = []
    hits = _candidate_positions(sdoc, lexicon)
    for number, sent in enumerate(sdoc.sents):
        lookups: list[tuple[str, tuple[int, ...]]] = []
        for i in hits[bisect.bisect_left(hits, sent.start) : bisect.bisect_left(hits, sent.end)]:
            token = sdoc[i]
            if not (token.is_punct or token.is_space):
                lookups.extend((key, (i,)) for key in token_keys(token))
        if "-" in sent.text:
            lookups.extend(_hyphen_compounds(sent))
        candidates = _sentence_matches(
            sdoc, sent, number, lookups, lexicon=lexicon, objects_ok=objects_ok
        )
        candidates.sort(
            key=lambda m: (
                -m.entry.required,
                not (m.entry.objects or m.entry.subjects),
                m.entry.number,
            )
        )
        taken: set[int] = set()
        heads: set[int] = set()
        for match in candidates:
            if taken.intersection(match.tokens) or match.head in heads:
                continue
            taken.update(match.tokens)
            heads.add(match.head)
            matches.append(match)
    matches.sort(key=lambda m: (m.start, m.end))
    return matches


def _sentence_matches(
    sdoc: SpacyDoc,
    sent: Span,
    number: int,
    lookups: Sequence[tuple[str, tuple[int, ...]]],
    *,
    lexicon: Lexicon,
    objects_ok: Callable[[Entry, Token], bool],
) -> list[TriggerMatch]:
    """Every entry that matches in one sentence, overlaps not yet resolved."""
    candidates: list[TriggerMatch] = []
    seen: set[tuple[int, tuple[int, ...]]] = set()
    for key, anchor_tokens in lookups:
        for entry in lexicon.index.get(key, ()):
            if (entry.number, anchor_tokens) in seen:
                continue
            seen.add((entry.number, anchor_tokens))
            indices = (
                _match_pattern(sdoc, sent, entry, anchor_tokens)
                if len(entry.items) > 1
                else anchor_tokens
            )
            if indices is None:
                continue
            head = _syntactic_head(sdoc, indices)
            if not _pos_ok(entry, head):
                continue
            if (entry.objects or entry.subjects) and not objects_ok(entry, head):
                continue
            last = sdoc[indices[-1]]
            candidates.append(
                TriggerMatch(
                    entry,
                    head.i,
                    indices,
                    sdoc[indices[0]].idx,
                    last.idx + len(last),
                    number,
                    head.lemma_.lower(),
                )
            )
    return candidates
