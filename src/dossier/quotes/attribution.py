"""Who says what: each quotation's cue and speaker, then the quotes of the article.

Cue sites (:mod:`.sites`) are found first. Each outermost quotation then takes the first
of these that applies:
a. an incise inside it: « Nous, a-t-il dit, resterons »;
b. an incise right after its closing mark: « … », a déclaré X / "…," X said;
c. the innermost site whose clause holds it (a partial quote inside reported speech);
d. the cue verb above it in the parse (« qualifié de « … » », "called it “…”"), or one
   right before its opening mark ("X said: “…”");
e. a colon after a clause whose subject can speak (« X a rectifié : « … » »);
f. continuity: quotations side by side share their speaker; otherwise a direct quotation
   takes the latest speaker of its paragraph (of the paragraph before, when it opens its
   own), otherwise a cue at the start of the next sentence.
A quotation none of these reaches is a term, a scare quote or a title when it sits inside
a sentence (partial) or has no verb, and is dropped; so is one a naming verb governs
(« baptisées « … » », "dubbed “…”"). A site's clause is an *indirect* quote unless
quotation marks already hold it.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Final, Literal

from .marks import QuotedSpan
from .sites import (
    MIN_OWN_WORDS,
    SPOKEN,
    Site,
    clitic_after,
    cue_span,
    find_sites,
    has_clause,
    own_words,
    paragraph_limit,
    subject_of,
)
from .view import ArticleView, Span, after_dateline

__all__ = ["Attribution", "Kind", "attribute"]

Kind = Literal["direct", "partial", "indirect"]

# Tokens looked at after a closing mark for an incise ("», a déclaré vendredi à la
# télévision d'État le porte-parole …", "…," Lisa Monaco, an adviser on …, said), and
# before an opening mark for the verb that introduces it ("told reporters: “…”").
_INCISE_WINDOW: Final = 20
_INTRO_WINDOW: Final = 5
# An incise inside a quotation is short: « A, a-t-il dit, B » (commas this close at most).
_INNER_INCISE_TOKENS: Final = 9
# A cue at the start of the next sentence speaks for a quotation without its own cue only
# when it comes within this many tokens of that start ("« … » Il a ensuite ajouté …").
_NEXT_SENTENCE_WINDOW: Final = 6
_SUBJECT_DEPS: Final = frozenset({"nsubj"})
_OPENING: Final = frozenset('«“„‘‹"')
# Reflexive and negative clitics before an incise verb (« se réjouit l'élue »).
_REFLEXIVES: Final = frozenset({"se", "s'", "ne", "n'", "lui", "leur"})
_STOPS: Final = frozenset({";", ":"})
_RELATIVES: Final = frozenset({"that", "which", "who", "qui", "que", "qu'", "dont", "as"})
_OBJECTS: Final = frozenset({"obj", "dobj", "nsubj", "nsubj:pass", "nsubjpass", "pobj"})


@dataclass(slots=True)
class Attribution:
    """One quote as found: content offsets, kind, and the spans of its cue and speaker.

    ``inherited`` is true when the speaker was taken from the context (an adjacent
    quotation, the latest speaker) rather than from the quote's own cue.
    """

    start: int
    end: int
    kind: Kind
    cue: Span | None = None
    speaker: Span | None = None
    inherited: bool = False


@dataclass(slots=True)
class _Quoted:
    quote: QuotedSpan
    kind: Kind
    cue: Span | None = None
    speaker: Span | None = None
    title: bool = False
    inherited: bool = False
    site: Site | None = field(default=None, repr=False)


def attribute(view: ArticleView) -> list[Attribution]:
    """Every quote of the article, direct, partial and indirect, in text order."""
    sites = find_sites(view) if view.has_parse else []
    quoted = [_attribute_quote(view, quote, sites) for quote in view.quotes]
    _share_with_neighbours(view, quoted)
    _carry_latest_speaker(view, quoted, sites)
    found: list[Attribution] = []
    for item in quoted:
        if item.speaker is None and item.site is not None and item.site.speaker is not None:
            item.speaker, item.inherited = item.site.speaker, True
        if item.title or (
            item.cue is None and item.speaker is None and not _stands_alone(view, item)
        ):
            continue
        quote = item.quote
        found.append(
            Attribution(quote.start, quote.end, item.kind, item.cue, item.speaker, item.inherited)
        )
    for site in sites:
        if own_words(view, site.content) >= MIN_OWN_WORDS:
            start, end = _balanced(view, site.content)
            found.append(Attribution(start, end, "indirect", site.cue, site.speaker, site.inherits))
    found.sort(key=lambda a: (a.start, -a.end))
    return found


# ------------------------------------------------------------------------ one quotation


def _attribute_quote(view: ArticleView, quote: QuotedSpan, sites: list[Site]) -> _Quoted:
    item = _Quoted(quote, _kind(view, quote))
    walked = _governing_cue(view, quote)
    opening = bisect_left(view.starts, quote.outer_start)
    if (walked is not None and _is_title(view, walked)) or view.scare_marked(opening):
        item.title = True
        return item
    found = _incise_inside(view, quote) or _incise_after(view, quote)
    if found is not None:
        item.cue, item.speaker = found
        return item
    site = _innermost_site(quote, sites)
    if site is not None:
        item.cue, item.speaker, item.site = site.cue, site.speaker, site
        item.inherited = site.inherits
        return item
    verb = walked if walked is not None else _cue_before(view, quote)
    if verb is not None and _is_title(view, verb):
        item.title = True
        return item
    if verb is not None:
        cue = view.cue_at(verb, lenient=True)
        item.cue = cue_span(view, verb, cue.length if cue is not None else 1)
        item.speaker, _ = subject_of(view, verb)
        return item
    colon = _colon_intro(view, quote)
    if colon is not None:
        item.cue, item.speaker = colon
    return item


def _kind(view: ArticleView, quote: QuotedSpan) -> Kind:
    """Direct when the quotation stands as a sentence of its own, partial inside one."""
    if quote.continues:
        return "direct"
    first = bisect_left(view.starts, quote.outer_start)
    start = view.starts[view.clause_start(first)] if first < len(view) else quote.outer_start
    para_start, para_end = view.paragraph(quote.outer_start)
    start = max(start, after_dateline(view.text, para_start, para_end))
    before = view.text[start : quote.outer_start].rstrip()
    if not before or before[-1] in ':—–»”".!?' or not any(ch.isalnum() for ch in before):
        return "direct"
    if before[-1] == "," and view.text[quote.start : quote.start + 1].isupper():
        return "direct"  # "X said, “We …”"
    return "partial"


def _governing_cue(view: ArticleView, quote: QuotedSpan) -> int | None:
    """The first cue verb above the quotation in the parse. A verb of saying governs what
    it quotes; a verb of thinking governs a quoted judgement (« a jugé « dangereux » »)
    but not a quoted object of its thought (« redoutent une « opération éclair » »)."""
    if not view.has_parse:
        return None
    inside = set(view.token_range(quote.start, quote.end))
    for root in sorted(i for i in inside if view.token(i).head.i not in inside):
        below = root
        for above in view.ancestors(root):
            if above in inside:
                below = above
                continue
            if view.in_quote(above):
                break
            cue = view.cue_at(above)
            if cue is not None:
                token = view.token(below)
                thought_object = (
                    "speech" not in cue.kinds
                    and token.dep_ in _OBJECTS
                    and token.pos_ in ("NOUN", "PROPN", "PRON")
                )
                return None if thought_object else above
            below = above
    return None


def _is_title(view: ArticleView, verb: int) -> bool:
    """A naming verb without a subject of its own governs a title: « baptisées « … » »."""
    cue = view.cue_at(verb)
    if cue is None or "naming" not in cue.kinds:
        return False
    has_subject = any(c.dep_ in _SUBJECT_DEPS for c in view.token(verb).children)
    return not has_subject or not cue.kinds & SPOKEN


def _incise_inside(view: ArticleView, quote: QuotedSpan) -> tuple[Span, Span | None] | None:
    """« Nous resterons, a-t-il dit, fermes »: an incise between commas in the quotation."""
    tokens = view.token_range(quote.start, quote.end)
    for comma in tokens:
        if view.words[comma] != ",":
            continue
        stop = min(comma + _INNER_INCISE_TOKENS, tokens.stop)
        closing = next((k for k in range(comma + 2, stop) if view.words[k] == ","), None)
        if closing is None:
            continue
        segment = range(comma + 1, closing)
        verbs = [k for k in segment if view.lex.forms.get(view.clean[k], frozenset()) & SPOKEN]
        clitics = [k for k in segment if view.clitic(k)]
        if len(verbs) != 1 or not clitics:
            continue
        v = verbs[0]
        if any(view.is_verb(k) and k != v and not view.is_aux(k) for k in segment):
            continue
        return cue_span(view, v, 1), view.span(clitics[0], clitics[0])
    return None


def _incise_after(view: ArticleView, quote: QuotedSpan) -> tuple[Span, Span | None] | None:
    """« … », a déclaré le porte-parole / "…," Trump told reporters / "…," said X."""
    first = _incise_start(view, quote) if quote.close_at is not None else None
    if first is None:
        return None
    limit = paragraph_limit(view, first)
    for k in range(first, min(first + _INCISE_WINDOW, limit)):
        if k > first and _ends_incise_window(view, k):
            return None
        cue = view.cue_at(k, lenient=True)
        if cue is not None and cue.kinds & SPOKEN:
            if has_clause(view, k, cue.length, adjacent=True):
                return None  # « … », expliquant que …: a new report, not an incise
            return cue_span(view, k, cue.length), _incise_subject(view, first, k, cue.length)
        if view.is_verb(k) and not view.is_aux(k) and not view.clitic(k):
            return None
    return None


def _incise_start(view: ArticleView, quote: QuotedSpan) -> int | None:
    """The first word after a closing mark, if it may open an incise."""
    i = bisect_left(view.starts, quote.outer_end)
    if i >= len(view):
        return None
    limit = paragraph_limit(view, i - 1 if i > 0 else i)
    stopped = False
    while i < limit and view.is_punct(i) and not view.is_mark(i):
        stopped = stopped or view.is_final(i)
        i += 1
    if i >= limit:
        return None
    if stopped and not view.token(i).text[:1].islower():
        return None  # « … ». Il … : a new sentence, not an incise
    token = view.token(i)
    if token.pos_ in ("CCONJ", "SCONJ") or view.clean[i] in _RELATIVES:
        return None  # "… “phony polls” that he claimed", "“X” and called …": no incise
    return i


def _ends_incise_window(view: ArticleView, k: int) -> bool:
    if view.is_mark(k) and any(ch in _OPENING for ch in view.token(k).text):
        return True  # another quotation
    if view.is_final(k) or view.words[k] in _STOPS:
        return True
    # French puts the verb first (« », a déclaré X, porte-parole …): a comma before it
    # means no incise; English allows "…," Lisa Monaco, an adviser on …, said.
    return view.words[k] == "," and view.lex.language == "fr"


def _incise_subject(view: ArticleView, first: int, v: int, length: int) -> Span | None:
    clitic = next((view.span(j, j) for j in range(first, v) if view.clitic(j)), None)
    clitic = clitic or clitic_after(view, v + length - 1)
    if clitic is not None:
        return clitic
    before = [
        k
        for k in range(first, view.cue_start(v))
        if not (
            view.is_punct(k)
            or view.is_aux(k)
            or view.token(k).pos_ == "ADV"
            or view.clean[k] in _REFLEXIVES
        )
    ]
    if before:
        return view.span(before[0], before[-1])
    if view.has_parse:
        subject = next(
            (c.i for c in view.token(v).children if c.dep_ in _SUBJECT_DEPS and c.i > v), None
        )
        if subject is not None and not view.in_quote(subject):
            return view.subject_phrase(subject)
    return view.subject_after(v + length, paragraph_limit(view, v))


def _innermost_site(quote: QuotedSpan, sites: list[Site]) -> Site | None:
    holding = [s for s in sites if s.content[0] <= quote.start and quote.end <= s.content[1] + 1]
    return min(holding, key=lambda s: s.content[1] - s.content[0], default=None)


def _cue_before(view: ArticleView, quote: QuotedSpan) -> int | None:
    """ "X said: “…”", « X a déclaré : « … » »: a cue just before the opening mark."""
    if quote.open_at is None:
        return None
    k = bisect_left(view.starts, quote.outer_start) - 1
    para_start, _ = view.paragraph(quote.outer_start)
    while k >= 0 and view.starts[k] >= para_start and view.is_punct(k):
        k -= 1
    for j in range(k, max(-1, k - _INTRO_WINDOW), -1):
        if view.starts[j] < para_start or view.is_final(j) or view.in_quote(j):
            return None
        cue = view.cue_at(j)
        if cue is not None and "speech" in cue.kinds:
            return j
        if view.is_verb(j) and not view.is_aux(j):
            return None
    return None


def _colon_intro(view: ArticleView, quote: QuotedSpan) -> tuple[Span, Span] | None:
    """« Le président a rectifié le tir : si …, « c'est une invasion » »: a colon after a
    clause whose subject can speak introduces what it says."""
    if not view.has_parse:
        return None
    first = bisect_left(view.starts, quote.outer_start)
    tokens = range(view.clause_start(min(first, len(view) - 1)), first)
    colon = next((k for k in reversed(tokens) if view.words[k] == ":"), None)
    if colon is None or any(view.is_final(k) or view.in_quote(k) for k in tokens if k > colon):
        return None
    clause = set(range(tokens.start, colon))
    main = next(
        (
            k
            for k in sorted(clause)
            if view.is_verb(k) and (view.token(k).head.i not in clause or view.token(k).head.i == k)
        ),
        None,
    )
    if main is None:
        return None
    speaker, _ = subject_of(view, main)
    if speaker is None or not view.plausible_speaker(speaker):
        return None
    return cue_span(view, main, 1), speaker


# ------------------------------------------------------------------------ continuity


def _share_with_neighbours(view: ArticleView, quoted: list[_Quoted]) -> None:
    """Quotations side by side, or one continuing another, share one attribution:
    « A. « B », a déclaré X — A takes X from B (walked backwards so chains carry)."""
    for number in range(len(quoted) - 2, -1, -1):
        item, following = quoted[number], quoted[number + 1]
        if item.speaker is not None or item.cue is not None or item.title or following.title:
            continue
        if following.speaker is None and following.cue is None:
            continue
        gap = view.text[item.quote.outer_end : following.quote.outer_start]
        if following.quote.continues or not any(ch.isalnum() for ch in gap):
            item.cue, item.speaker, item.inherited = following.cue, following.speaker, True


@dataclass(slots=True)
class _Latest:
    paragraph: int
    speaker: Span
    cue: Span | None


def _carry_latest_speaker(view: ArticleView, quoted: list[_Quoted], sites: list[Site]) -> None:
    """A direct quotation or a participle without a speaker takes the latest one before it
    in its paragraph, or in the paragraph before when it opens its own; failing that, a
    cue at the start of the next sentence. Partial quotations never do: a term in
    quotation marks is not speech unless a cue governs it."""
    events: list[tuple[int, int, _Quoted | Site]] = [
        (q.quote.outer_start, 0, q) for q in quoted if not q.title
    ]
    events.extend((view.starts[s.verb], 1, s) for s in sites)
    events.sort(key=lambda e: (e[0], e[1]))
    latest: _Latest | None = None
    previous: _Quoted | None = None
    for position, _, event in events:
        paragraph, _ = view.paragraph(position)
        if isinstance(event, Site):
            if event.speaker is None and event.inherits and _reachable(view, latest, position):
                event.speaker = latest.speaker if latest is not None else None
            if event.speaker is not None:
                latest = _Latest(paragraph, event.speaker, event.cue)
            continue
        if event.speaker is None and event.site is not None:
            event.speaker = event.site.speaker
        if event.speaker is None and event.kind == "direct":
            _inherit(view, event, previous, latest, sites)
        if event.speaker is not None:
            latest = _Latest(paragraph, event.speaker, event.cue)
        previous = event


def _inherit(
    view: ArticleView,
    item: _Quoted,
    previous: _Quoted | None,
    latest: _Latest | None,
    sites: list[Site],
) -> None:
    source: tuple[Span | None, Span | None] | None = None
    if item.quote.continues and previous is not None and previous.speaker is not None:
        source = (previous.speaker, previous.cue)
    elif latest is not None and _reachable(view, latest, item.quote.outer_start):
        source = (latest.speaker, latest.cue if item.cue is None else item.cue)
    elif item.cue is None:
        source = _next_sentence_cue(view, item.quote, sites)
    if source is not None and source[0] is not None:
        item.speaker, item.cue, item.inherited = source[0], source[1], True


def _reachable(view: ArticleView, latest: _Latest | None, position: int) -> bool:
    """The latest speaker carries over within a paragraph, and into the next one only for
    an item that opens it."""
    if latest is None:
        return False
    paragraph, _ = view.paragraph(position)
    if latest.paragraph == paragraph:
        return True
    previous, _ = view.paragraph(max(0, paragraph - 1))
    return latest.paragraph == previous and not view.text[paragraph:position].strip()


def _next_sentence_cue(
    view: ArticleView, quote: QuotedSpan, sites: list[Site]
) -> tuple[Span | None, Span | None] | None:
    sentence = view.sentence_index(max(quote.start, quote.end - 1))
    if sentence + 1 >= len(view.sentences):
        return None
    start, end = view.sentences[sentence + 1]
    if view.paragraph(start) != view.paragraph(quote.outer_start):
        return None
    window = view.token_range(start, end)[:_NEXT_SENTENCE_WINDOW]
    for site in sites:
        if site.verb in window and site.speaker is not None:
            return site.speaker, site.cue
    return None


# ------------------------------------------------------------------------ helpers


def _stands_alone(view: ArticleView, item: _Quoted) -> bool:
    """A sentence in quotation marks with a verb is speech even when no one is named;
    a partial one, or one without a verb, is a term, a name or a title."""
    if item.kind != "direct":
        return False
    return any(view.is_verb(k) for k in view.token_range(item.quote.start, item.quote.end))


def _balanced(view: ArticleView, span: Span) -> Span:
    """A clause cut inside a quotation takes the rest of it, marks included: a reported
    clause never shows half a pair of quotation marks."""
    start, end = span
    for quote in view.quotes:
        if start <= quote.outer_start < end < quote.outer_end:
            end = quote.outer_end
        if quote.outer_start < start < quote.outer_end <= end:
            start = quote.outer_start
    return start, end
