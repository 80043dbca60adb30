"""Cue sites: the places where someone is said to speak, think or show something.

1. a cue verb with a reported clause: « X a déclaré que… », « Moscou nie avoir… »,
   "X said (that)…", "polls show…" — the clause is the verb's ``ccomp`` (an infinitive for
   speech and thought verbs), or, where the parse lost it, the words after "que"/"that";
2. an incise after a clause: « …, ont déclaré trois sources », "…, officials said", or
   between two parts of it: "And that, he added, assumes …";
3. a source phrase: « selon X, … », "according to X, …".
Each site has a content (the clause), a cue and a speaker phrase (its subject), found by
:func:`subject_of`: French inverts the subject of an incise (« a déclaré le porte-parole »),
hangs it on an auxiliary, or leaves it to a clitic (« a-t-il dit »); participles and
coordinated verbs take their head's subject.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from .view import ArticleView, Span, after_dateline, feature

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "SPOKEN",
    "Site",
    "clitic_after",
    "cue_span",
    "find_sites",
    "has_clause",
    "own_words",
    "paragraph_limit",
    "present_participle",
    "subject_of",
    "trim",
]

SPOKEN: Final = frozenset({"speech", "thought"})
_REPORTED: Final = frozenset({"speech", "thought", "evidence"})
# Words a site's clause needs outside quotation marks to be reported as an indirect quote
# as well; below this the quotation marks hold the whole clause.
MIN_OWN_WORDS: Final = 2
# How far back an English incise's subject may reach (", a senior official said").
_INCISE_SUBJECT_TOKENS: Final = 8
# Levels of coordinated or participial verbs climbed to find a subject.
_MAX_INHERIT_DEPTH: Final = 3
_CLAUSE_DEPS: Final = frozenset({"ccomp"})
_SUBJECT_DEPS: Final = frozenset({"nsubj"})
_PASSIVE_DEPS: Final = frozenset({"nsubj:pass", "nsubjpass", "aux:pass", "auxpass"})
_AGENT_DEPS: Final = frozenset({"obl:agent", "agent"})
_INHERITING_DEPS: Final = frozenset({"conj", "xcomp", "advcl", "acl"})
_CLAUSE_MARKERS: Final = frozenset(
    {"nsubj", "nsubj:pass", "nsubjpass", "expl", "mark", "aux", "cop"}
)
_FINITE_TAGS: Final = frozenset({"VBD", "VBZ", "VBP", "MD"})
_NOMINAL: Final = frozenset({"NOUN", "PROPN", "PRON"})
_SUBORDINATORS: Final = frozenset({"que", "qu'", "that"})
_RELATIVES: Final = frozenset({"qui", "que", "dont", "who", "which", "that"})
# ", mais …" ends a reported clause: the writer's own words follow.
_CONTRASTS: Final = frozenset({"mais", "but", "tandis", "whereas", "while"})


@dataclass(slots=True)
class Site:
    """A reported clause: its content, cue and speaker spans, and the cue verb's token.
    ``inherits``: the cue has no subject of its own and may take the latest speaker."""

    content: Span
    cue: Span
    verb: int
    speaker: Span | None
    inherits: bool


def find_sites(view: ArticleView) -> list[Site]:
    """Every cue site of the article, in text order (one per clause)."""
    sites: dict[Span, Site] = {}
    i = 0
    while i < len(view):
        if view.in_quote(i):
            i += 1
            continue
        length = view.according_to_at(i)
        if length:
            site = _according_site(view, i, length)
            i += length
        elif (cue := view.cue_at(i)) is not None:
            site = _clausal_site(view, i, cue.kinds, cue.length) or _incise_site(
                view, i, cue.kinds, cue.length
            )
            i += cue.length
        else:
            site = None
            i += 1
        if site is not None:
            sites.setdefault(site.content, site)
    return sorted(sites.values(), key=lambda s: s.content)


# ------------------------------------------------------------------ 1. reported clauses


def _clausal_site(view: ArticleView, v: int, kinds: frozenset[str], length: int) -> Site | None:
    if not kinds & _REPORTED:
        return None
    speaker, inherits = subject_of(view, v)
    content = _clause_content(view, v, kinds, length, speaker)
    if content is None or _word_count(view, content) < MIN_OWN_WORDS:
        return None
    return Site(content, cue_span(view, v, length), v, speaker, inherits)


def _clause_content(
    view: ArticleView, v: int, kinds: frozenset[str], length: int, speaker: Span | None
) -> Span | None:
    clause = _clause_child(view, v, kinds)
    if clause is None:
        return _that_clause(view, v + length)
    exclude = list(range(view.cue_start(v), v + length))
    if speaker is not None:
        exclude.extend(view.token_range(*speaker))
    content = view.subtree_span(clause, exclude=exclude)
    return _cut_at_contrast(view, content) if content is not None else None


def _is_clause(view: ArticleView, i: int) -> bool:
    """A ``ccomp`` that is a clause: it has a subject, a subordinator or a finite verb
    ("announced naval exercises, running into February" is not one)."""
    token = view.token(i)
    if "Fin" in feature(token, "VerbForm") or token.tag_ in _FINITE_TAGS:
        return True
    return any(c.dep_ in _CLAUSE_MARKERS for c in token.children)


def _clause_child(view: ArticleView, v: int, kinds: frozenset[str]) -> int | None:
    token = view.token(v)
    # French reports after the verb; a clause before it belongs to an incise (site 2).
    after_only = view.lex.language == "fr"
    for child in token.children:
        clausal = child.dep_ in _CLAUSE_DEPS and _is_clause(view, child.i)
        infinitive = child.dep_ == "xcomp" and bool(kinds & SPOKEN) and _infinitive(child)
        if not (clausal or infinitive) or not view.same_paragraph(v, child.i):
            continue
        if after_only and child.i < v:
            continue
        return int(child.i)
    return None


def _that_clause(view: ArticleView, j: int) -> Span | None:
    """« a déclaré hier qu'il … »: the clause after a subordinator that follows the cue
    (adverbs, time words and adjuncts skipped), to the end of its sentence."""
    if j >= len(view):
        return None
    limit = paragraph_limit(view, j)
    j = view.skip_adjuncts(j, limit)
    if j >= limit or view.clean[j] not in _SUBORDINATORS:
        return None
    end = j + 1
    while end < limit and not view.is_final(end):
        end += 1
    if end - 1 <= j:
        return None
    content = trim(view, j + 1, end - 1)
    return _cut_at_contrast(view, content) if content is not None else None


def _cut_at_contrast(view: ArticleView, content: Span) -> Span | None:
    """A reported clause stops before ", mais …" / ", but …" unless a new subordinator
    carries the report on (", mais que …")."""
    tokens = view.token_range(*content)
    for k in tokens:
        if (
            view.words[k] == ","
            and k + 1 < tokens.stop
            and view.clean[k + 1] in _CONTRASTS
            and (k + 2 >= tokens.stop or view.clean[k + 2] not in _SUBORDINATORS)
        ):
            return trim(view, tokens.start, k - 1)
    return content


def has_clause(view: ArticleView, v: int, length: int, *, adjacent: bool = False) -> bool:
    """Whether the cue at ``v`` reports a clause of its own (then it is no incise).
    ``adjacent``: only a clause that starts right after the verb counts (after an incise's
    subject, the parse may hang a relative clause on the verb)."""
    limit = paragraph_limit(view, v)
    j = view.skip_adjuncts(v + length, limit)
    if j < limit and view.clean[j] in _SUBORDINATORS:
        return True
    if not view.has_parse:
        return False
    cue = view.cue_at(v, lenient=True)
    clause = _clause_child(view, v, cue.kinds if cue is not None else frozenset())
    if clause is None:
        return False
    return not adjacent or v < view.token(clause).left_edge.i <= j


# ------------------------------------------------------------------ 2. incises


def _incise_site(view: ArticleView, v: int, kinds: frozenset[str], length: int) -> Site | None:
    """« …, ont déclaré trois sources », "…, officials said", "A, he added, B"."""
    if not kinds & SPOKEN or present_participle(view, v):
        return None  # « …, accusant X de … » is a new report, not an incise
    if has_clause(view, v, length):
        return None
    found = _incise_speaker(view, v, length)
    if found is None:
        return None
    speaker, comma = found
    content = _incise_content(view, comma, max(v + length - 1, view.token_at(speaker[1] - 1)))
    if content is None:
        return None
    return Site(content, cue_span(view, v, length), v, speaker, False)


def _incise_speaker(view: ArticleView, v: int, length: int) -> tuple[Span, int] | None:
    """The incise's speaker and the comma that opens the incise."""
    first = view.cue_start(v)
    comma = first - 1
    speaker = _clitic_before(view, v) or clitic_after(view, v + length - 1)
    if speaker is None and comma >= 0 and view.words[comma] != ",":
        # English order, ", officials said": the subject stands between comma and verb.
        # French puts it after the verb (« …, a dit X »).
        if view.lex.language == "fr" or any(
            c.dep_ in ("dobj", "obj") and c.i > v for c in view.token(v).children
        ):
            return None  # ", Russia urged the allies …": a clause of its own
        k = comma
        while k > max(-1, first - _INCISE_SUBJECT_TOKENS) and view.words[k] != ",":
            if view.is_punct(k) or view.is_verb(k) or view.in_quote(k):
                return None
            k -= 1
        if k < 0 or view.words[k] != ",":
            return None
        speaker, comma = view.span(k + 1, comma), k
    elif speaker is None:
        speaker = view.subject_after(v + length, paragraph_limit(view, v))
    if comma < 0 or view.words[comma] != "," or not view.same_paragraph(comma, v):
        return None
    if speaker is None or not view.plausible_speaker(speaker):
        return None
    return speaker, comma


def _incise_content(view: ArticleView, comma: int, last: int) -> Span | None:
    """The clause an incise reports: before its comma, and after it when the incise sits
    between two parts of one clause."""
    before = range(_report_start(view, comma), comma)
    body = [k for k in before if not view.is_punct(k)]
    content = trim(view, before.start, comma - 1) if body else None
    if content is None:
        return None
    rest = _parenthetical_rest(view, last, paragraph_limit(view, last))
    clause_before = any(view.is_verb(k) or view.in_quote(k) for k in body)
    # After a full clause, the words past the incise carry it on only with a verb of their
    # own; otherwise they describe the speaker (« …, porte-parole des manœuvres »).
    if (
        rest is not None
        and clause_before
        and not any(view.is_verb(k) for k in view.token_range(view.starts[last + 1], rest))
    ):
        rest = None
    if rest is None:
        return content if clause_before else None  # an apposition or a list, no clause
    return content[0], rest


def _parenthetical_rest(view: ArticleView, last: int, limit: int) -> int | None:
    """Where the clause ends when it goes on after the incise ("A, he added, B."), or None
    when the sentence ends with the incise or goes on with something else (", adding that
    …", ", who …")."""
    j = view.skip_adjuncts(last + 1, limit)
    if j >= limit or view.words[j] != ",":
        return None
    following = j + 1
    if following >= limit or view.is_punct(following) or view.is_mark(following):
        return None
    if (
        view.token(following).tag_ in ("VBG", "VBN", "WP", "WDT")
        or present_participle(view, following)
        or view.clean[following] in _RELATIVES
    ):
        return None
    end = following
    while end < limit and not (view.is_final(end) and not view.in_quote(end)):
        end += 1
    if end - following < MIN_OWN_WORDS:
        return None
    trimmed = trim(view, following, end - 1)
    return trimmed[1] if trimmed is not None else None


# ------------------------------------------------------------------ 3. source phrases


def _according_site(view: ArticleView, i: int, length: int) -> Site | None:
    """« Selon X, … » / "…, according to X": X says what the rest of the sentence says."""
    limit = paragraph_limit(view, i)
    source = view.phrase_from(i + length, limit) if i + length < limit else None
    if source is None or not view.plausible_speaker(source):
        return None
    begin = _report_start(view, i)
    end = begin
    while end < limit and not (view.is_final(end) and not view.in_quote(end)):
        end += 1
    before = [k for k in range(begin, end) if k < i and not view.is_punct(k)]
    after = [k for k in range(begin, end) if view.starts[k] >= source[1] and not view.is_punct(k)]
    # A leading conjunction ("Mais selon X") does not make the phrase mid-sentence.
    if len(before) <= 1 and after:
        content = trim(view, after[0], after[-1])
    elif before:
        content = trim(view, before[0], before[-1] if len(after) < 3 else after[-1])
    else:
        return None
    if content is None or _word_count(view, content) < MIN_OWN_WORDS:
        return None
    return Site(content, view.span(i, i + length - 1), i, source, False)


# ------------------------------------------------------------------ subjects


def subject_of(view: ArticleView, v: int, depth: int = 0) -> tuple[Span | None, bool]:
    """The speaker phrase of the cue verb at ``v``, and whether, lacking one, the verb may
    take the latest speaker (a participle or a coordinated verb: « …, ajoutant que … »)."""
    clitic = _clitic_before(view, v) or clitic_after(view, v)
    if clitic is not None:
        return clitic, False
    inverted = _inverted_subject(view, v)
    if inverted is not None:
        return inverted, False
    found = _dependent_subject(view, v)
    if found is not None:
        return found
    before = _subject_before(view, v)
    if before is not None:
        return before, False
    return _inherited_subject(view, v, depth)


def _subject_before(view: ArticleView, v: int) -> Span | None:
    """The noun phrase right before the verb, when the parse lost the subject (spaCy's
    French trees reach across paragraph breaks): « un responsable interrogé par l'APC a
    indiqué »."""
    if view.lex.language != "fr":
        return None
    first = view.cue_start(v)
    para_start = view.token_at(view.paragraph(view.starts[v])[0])
    k = first - 1
    while k >= max(para_start, first - _INCISE_SUBJECT_TOKENS):
        token = view.token(k)
        if (
            (view.is_punct(k) and view.words[k] not in ("-", "'"))
            or view.is_mark(k)
            or view.in_quote(k)
            or token.pos_ in ("CCONJ", "SCONJ", "ADV")
            or view.clean[k] in _RELATIVES
            or (token.pos_ in ("VERB", "AUX") and "Part" not in feature(token, "VerbForm"))
        ):
            break
        k -= 1
    if k + 1 >= first:
        return None
    span = view.span(k + 1, first - 1)
    return span if view.plausible_speaker(span) else None


def _inverted_subject(view: ArticleView, v: int) -> Span | None:
    """French inverts the subject of an incise (« …, a déclaré le porte-parole ») and often
    of a plain report; English only right after a quotation ("…," said X)."""
    if view.lex.language != "fr":
        return None  # English parses its inverted subjects ("said X": nsubj)
    comma = _incise_comma(view, v)
    if comma is None and _nominal_subject(view, v):
        return None
    if present_participle(view, v):
        return None
    after = view.subject_after(v + 1, paragraph_limit(view, v))
    return after if after is not None and view.plausible_speaker(after) else None


def _dependent_subject(view: ArticleView, v: int) -> tuple[Span | None, bool] | None:
    """The subject in the parse; None when there is none, (None, False) when the verb is
    passive or impersonal and no one is named."""
    passive = False
    for child in _dependents(view, v):
        if view.in_quote(child.i) or not view.same_paragraph(child.i, v):
            continue
        if child.dep_ in _SUBJECT_DEPS:
            if view.words[child.i] in ("it", "il") and _impersonal(view, v):
                return None, False
            relative = _relative_antecedent(view, child.i, v)
            return view.subject_phrase(relative if relative is not None else child.i), False
        passive = passive or child.dep_ in _PASSIVE_DEPS
    if not passive:
        return None
    for child in view.token(v).children:
        if child.dep_ in _AGENT_DEPS:  # "it was announced by the ministry"
            noun = next((g.i for g in child.children if g.pos_ in _NOMINAL), child.i)
            return view.subject_phrase(noun), False
    return None, False


def _inherited_subject(view: ArticleView, v: int, depth: int) -> tuple[Span | None, bool]:
    """A participle or a coordinated verb speaks for its head's subject."""
    token = view.token(v)
    head = token.head
    if token.dep_ not in _INHERITING_DEPS or head.i == v or not view.same_paragraph(head.i, v):
        return None, present_participle(view, v)
    if view.in_quote(head.i):
        return None, True
    if token.dep_ == "acl" and head.pos_ in _NOMINAL:  # « trois sources …, ajoutant que »
        return _author(view, head.i) or view.subject_phrase(head.i), False
    if head.pos_ in ("VERB", "AUX", "ADJ", "NOUN") and depth < _MAX_INHERIT_DEPTH:
        found, _ = subject_of(view, head.i, depth + 1)
        if found is not None:
            return found, False
    return None, True


def _author(view: ArticleView, noun: int) -> Span | None:
    """ "Fallon issued a statement saying …": the participle hangs on a thing someone
    produced; whoever produced it speaks."""
    token = view.token(noun)
    if token.dep_ not in ("obj", "dobj") or token.head.pos_ not in ("VERB", "AUX"):
        return None
    subject = next((c.i for c in token.head.children if c.dep_ in _SUBJECT_DEPS), None)
    if subject is None or view.in_quote(subject):
        return None
    span = view.subject_phrase(subject)
    return span if view.plausible_speaker(span) else None


def _incise_comma(view: ArticleView, v: int) -> int | None:
    """The comma or closing mark right before an incise cue (« …, a déclaré X »)."""
    first = view.cue_start(v)
    k = first - 1
    while k >= 0 and k > v - 4 and (view.time_phrase_at(k) or view.token(k).pos_ == "ADV"):
        k -= 1
    if k >= 0 and (view.words[k] == "," or (view.is_mark(k) and not view.clean[k])):
        return k
    # Machine translation glues the mark to the auxiliary: "».a expliqué".
    if view.words[first] != view.clean[first] and view.words[first][:1] in ".,»”":
        return first
    return None


def _dependents(view: ArticleView, v: int) -> list[Token]:
    """The verb's dependents and its auxiliaries': spaCy's French model sometimes hangs
    the subject on the auxiliary (« Il a … démenti »)."""
    token = view.token(v)
    found = list(token.children)
    for child in token.children:
        if child.dep_.startswith("aux"):
            found.extend(child.children)
    for j in range(view.cue_start(v), v):
        if view.token(j).head.i == v:
            found.extend(g for g in view.token(j).children if g not in found)
    return found


def _nominal_subject(view: ArticleView, v: int) -> bool:
    return any(c.dep_ in _SUBJECT_DEPS for c in _dependents(view, v))


def _relative_antecedent(view: ArticleView, subject: int, v: int) -> int | None:
    """« Peskov, qui accuse … », "a spokesperson, who did not want …": the subject is the
    noun the relative clause hangs on."""
    if view.words[subject] not in ("qui", "who", "which", "that"):
        return None
    token = view.token(v)
    while token.dep_ not in ("acl:relcl", "relcl") and token.head.i != token.i:
        if token.dep_ not in ("conj", "xcomp"):
            return None
        token = token.head
    head = token.head
    return int(head.i) if head.i != token.i and head.pos_ in _NOMINAL else None


def _impersonal(view: ArticleView, v: int) -> bool:
    """« il a été annoncé que », "it was said that": the subject is no one."""
    return any(c.dep_ in _PASSIVE_DEPS for c in _dependents(view, v))


def present_participle(view: ArticleView, v: int) -> bool:
    """« ajoutant », "adding": a participle that reports for another verb's subject."""
    token = view.token(v)
    if token.tag_ == "VBG":
        return True
    participle = "Part" in feature(token, "VerbForm") and "Pres" in feature(token, "Tense")
    return participle or (view.lex.language == "fr" and view.words[v].endswith("ant"))


def _infinitive(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX"):
        return False
    return "Inf" in feature(token, "VerbForm") or token.tag_ == "VB"


def _clitic_before(view: ArticleView, v: int) -> Span | None:
    """« a-t-il dit »: the clitic between the auxiliary and the participle."""
    return next((view.span(j, j) for j in range(view.cue_start(v), v) if view.clitic(j)), None)


def clitic_after(view: ArticleView, v: int) -> Span | None:
    """« poursuit-il », « répond-elle », « dit-t-il »: the clitic after the verb."""
    for j in (v + 1, v + 2):
        if j >= len(view):
            return None
        if view.clitic(j):
            return view.span(j, j)
        if not view.is_epenthetic(j):
            return None
    return None


# ------------------------------------------------------------------ helpers


def own_words(view: ArticleView, span: Span) -> int:
    """Words of ``span`` outside quotation marks."""
    return sum(
        1 for k in view.token_range(*span) if view.clean[k][:1].isalnum() and not view.in_quote(k)
    )


def _word_count(view: ArticleView, span: Span) -> int:
    return sum(1 for k in view.token_range(*span) if view.clean[k][:1].isalnum())


def cue_span(view: ArticleView, v: int, length: int) -> Span:
    """The cue with its auxiliaries and clitics: « a-t-il dit », "has said"."""
    return view.span(view.cue_start(v), v + length - 1)


def trim(view: ArticleView, first: int, last: int) -> Span | None:
    """Tokens ``first`` to ``last`` without edge punctuation (quotation marks kept)."""
    while first <= last and view.is_punct(first) and not view.is_mark(first):
        first += 1
    while last >= first and view.is_punct(last) and not view.is_mark(last):
        last -= 1
    return view.span(first, last) if first <= last else None


def _report_start(view: ArticleView, i: int) -> int:
    """First token of the sentence holding token ``i``, past a dateline."""
    first = view.clause_start(i)
    if first >= len(view):
        return first
    para_start, para_end = view.paragraph(view.starts[first])
    if view.starts[first] <= para_start:
        skipped = after_dateline(view.text, para_start, para_end)
        if skipped > para_start:
            return bisect_left(view.starts, skipped)
    return first


def paragraph_limit(view: ArticleView, i: int) -> int:
    """Index of the first token after token ``i``'s paragraph."""
    _, end = view.paragraph(view.starts[i])
    return bisect_left(view.starts, end)
