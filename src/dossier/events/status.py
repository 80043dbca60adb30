"""The status of an event mention: asserted, reported, denied, negated, planned,
conditional, hypothetical or historical.

Cues are read from the parse, their words from the lexicon's ``cues`` (data, not code):

- the event's own clause — the trigger verb, or for a noun trigger the support verb that
  carries it ("lancer une offensive") or the occurrence verb it is the subject of ("les
  négociations débuteront"): negation ("ne … pas", "not", "sans", a negative determiner on
  its object), future (French ``Tense=Fut``, « aller » + infinitive, "will", "going to"),
  modals ("pouvoir", "could", "may" → hypothetical; "devoir", "must", "be due to" →
  planned), the conditional mood (``Mood=Cnd``, "would": after a reporting verb the future
  of the past → planned; with a condition → conditional; otherwise → hypothetical), and
  the past perfect with a background cue ("avant que", "before", "déjà", "already") →
  historical. A noun trigger that is the subject or object of a conditional or modal
  predicate takes its irrealis ("une invasion serait un désastre").
- the noun's own modifiers: speculation (« éventuelle », « imminente », "possible") →
  hypothetical; planning ("prochaine", "planned", "upcoming") → planned; a negative
  determiner ("aucune attaque", "no talks") → negated.
- the clauses that govern it, climbing the tree (not across coordination): denial verbs
  (« nier », « démentir », "deny", "dismiss claims") → denied; fear and speculation
  (« craindre », « inquiétudes », "feared", "concerns about") → hypothetical; planning
  (« prévoir », "plans to", "scheduled", and permission: « autoriser X à ») → planned;
  claims ("allege") → reported; a reporting verb or « selon » / "according to" whose source
  is not one of the event's actors → reported (a party announcing its own action asserts
  it). Modals and the future pass down only through infinitive complements ("could decide
  to invade").
- conditions: a « si » / "if" / "unless" / « en cas de » / "should Russia invade" clause
  on the trigger makes the event the condition (hypothetical); one on a clause above it
  makes it conditional. « si » after « demander » / "ask" is "whether", not a condition.
- dates: an event dated (from its clause) well before publication is historical; one
  dated after it is planned.

When cues conflict the strongest wins, in the order of :data:`PRECEDENCE`: a denial of a
plan to attack is a denied attack. Speech-act triggers whose frame has a speaker ("he will
pay a heavy price") keep their tense out of the status: the threat is made now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model import EventStatus, Party
from .arguments import (
    OBJ_DEPS,
    SUBJ_DEPS,
    DocContext,
    PartyResolver,
    coordination_head,
    governor,
    is_passive,
)
from .lexicon import Lexicon
from .triggers import token_keys

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["HISTORICAL_DAYS", "PRECEDENCE", "StatusQuery", "StatusResult", "event_status"]

PRECEDENCE: tuple[EventStatus, ...] = (
    "denied",
    "negated",
    "conditional",
    "hypothetical",
    "planned",
    "historical",
    "reported",
    "asserted",
)

# An event dated this many days or more before publication is background (historical).
# A quarter: "last month" stays news (the $200M of aid approved in December, in articles of
# late January 2022), "earlier in 2021", "in 2014" are background — set on the example
# articles and the seed, where every dated background event is older than 150 days and
# every current one younger than 40. Coarse dates are compared by their middle (a TimeML
# START/END modifier moves it to that end of the period).
HISTORICAL_DAYS = 90

# How far up the tree governing clauses are read for cues (denial, fear, reporting…).
# Six steps reach the reporting verb over a noun inside a complement inside an infinitive
# ("Moscou nie avoir un plan d'attaque" is 3); more only wanders into other clauses.
MAX_CLIMB = 6

# How sure each kind of cue makes us of the status, for confidence.py: explicit lexical
# cues (a denial verb, « selon », « si ») rarely mislead; tense and mood more often (the
# French conditional is future-in-the-past, hearsay or hypothesis). Judged on the seed and
# example articles' statuses, which were read by hand (see the report in the stage docs).
CERTAINTY = {
    "lexical": 0.95,
    "grammar": 0.85,
    "date": 0.8,
    "default": 0.9,
}


@dataclass
class StatusResult:
    status: EventStatus
    cues: list[str] = field(default_factory=list)
    certainty: float = 0.9
    source: Party | None = None
    # Planned because someone said so (future, modal, planning verb), not because it is
    # permitted or dated later: an announcement, which PLOVER codes as a promise.
    announced: bool = False
    # Asserted by a past tense rather than by the absence of any cue.
    explicit: bool = False


@dataclass
class _Found:
    status: EventStatus
    why: str
    kind: str


def _keys(token: Token) -> tuple[str, ...]:
    return token_keys(token)


def _has(token: Token, words: frozenset[str]) -> bool:
    return any(k in words for k in _keys(token))


@lru_cache(maxsize=64)
def _last_words(phrases: frozenset[str]) -> frozenset[str]:
    return frozenset(p.split()[-1].replace("d'", "de").strip("'") for p in phrases) | frozenset(
        p.split()[-1] for p in phrases
    )


def _phrase_before(token: Token, phrases: frozenset[str], width: int = 3) -> str | None:
    """A multiword cue ending right before ``token`` ("en cas de", "in case of")."""
    doc = token.doc
    if token.i == 0 or not phrases:
        return None
    previous = doc[token.i - 1].lower_
    last = _last_words(phrases)
    if previous not in last and previous.strip("'") not in last and previous + "'" not in last:
        return None
    for size in range(1, width + 1):
        start = token.i - size
        if start < 0:
            break
        words = " ".join(t.lower_ for t in doc[start : token.i])
        if words.replace("d' ", "d'").replace(" '", "'") in phrases:
            return words
    return None


def _negated(verb: Token, lexicon: Lexicon) -> str | None:
    negation = lexicon.cue("negation")
    with_ne = lexicon.cue("negation_with_ne")
    has_ne = any(_has(c, lexicon.cue("ne")) for c in verb.children)
    for child in verb.children:
        if child.dep_ == "neg" or (
            child.dep_ in ("advmod", "fixed", "advmod:neg") and _has(child, negation)
        ):
            return child.text
        if has_ne and child.dep_ in ("advmod", "obj", "nsubj", "dobj") and _has(child, with_ne):
            return child.text
        if child.dep_ in OBJ_DEPS | {"nsubj:pass", "nsubjpass", "obl:arg"}:
            for det in child.children:
                if det.dep_ in ("det", "neg") and _has(det, lexicon.cue("negative_determiners")):
                    return det.text
    # "sans attaquer", "without meeting": the preposition governs the verb.
    for child in verb.children:
        if child.dep_ in ("mark", "case") and _has(child, lexicon.cue("negation")):
            return child.text
    if verb.dep_ == "pcomp" and _has(verb.head, lexicon.cue("negation")):
        return verb.head.text
    return None


def _future(verb: Token, lexicon: Lexicon) -> str | None:
    if "Fut" in verb.morph.get("Tense", []) and "Ind" in (verb.morph.get("Mood", []) or ["Ind"]):
        return verb.text
    # The parser sometimes tags a future as a present (« livrerons »): its ending says it,
    # on a verb whose lemma carries the stem.
    lower = verb.lower_
    plausible = "Past" not in verb.morph.get("Tense", []) and verb.pos_ in ("VERB", "AUX")
    for ending in lexicon.cue("future_endings") if plausible else ():
        stem = lower[: -len(ending)]
        if lower.endswith(ending) and len(stem) > 2 and verb.lemma_.lower().startswith(stem):
            return verb.text
    for child in verb.children:
        if child.dep_ in ("aux", "aux:tense") and (
            _has(child, lexicon.cue("future_aux")) or "Fut" in child.morph.get("Tense", [])
        ):
            return child.text
    # « va envoyer », "is going to send": the motion verb governs the infinitive.
    gov = verb.head
    infinitive = "Inf" in verb.morph.get("VerbForm", []) or verb.tag_ == "VB"
    going = gov.i != verb.i and _has(gov, lexicon.cue("going_to"))
    if verb.dep_ in ("xcomp", "ccomp") and going and infinitive:
        return gov.text
    return None


def _conditional_mood(verb: Token, lexicon: Lexicon) -> str | None:
    if "Cnd" in verb.morph.get("Mood", []):
        return verb.text
    for child in verb.children:
        if child.dep_ in ("aux", "aux:tense", "aux:pass", "cop") and (
            "Cnd" in child.morph.get("Mood", []) or _has(child, lexicon.cue("future_in_past"))
        ):
            return child.text
    return None


def _modal(verb: Token, lexicon: Lexicon) -> _Found | None:
    for child in verb.children:
        if child.dep_ in ("aux", "aux:tense"):
            if _has(child, lexicon.cue("modal_hypothetical")):
                return _Found("hypothetical", f"modal '{child.text}'", "grammar")
            if _has(child, lexicon.cue("modal_planned")):
                return _Found("planned", f"modal '{child.text}'", "grammar")
    gov = verb.head
    if verb.dep_ in ("xcomp", "ccomp") and gov.i != verb.i and gov.pos_ in ("VERB", "AUX"):
        if _has(gov, lexicon.cue("modal_hypothetical")):
            return _Found("hypothetical", f"modal '{gov.text}'", "grammar")
        if _has(gov, lexicon.cue("modal_planned")):
            return _Found("planned", f"modal '{gov.text}'", "grammar")
    return None


def _past(verb: Token) -> bool:
    """A past tense: simple past, or a compound past with a participle ("a déployé")."""
    if "Past" in verb.morph.get("Tense", []) and "Fin" in verb.morph.get("VerbForm", []):
        return True
    if verb.tag_ in ("VBD",):
        return True
    return "Part" in verb.morph.get("VerbForm", []) and any(
        c.dep_ in ("aux", "aux:tense") and c.lemma_ in ("avoir", "être", "have")
        for c in verb.children
    )


def _pluperfect(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ in ("aux", "aux:tense") and (
            ("Imp" in child.morph.get("Tense", []) and child.lemma_ in ("avoir", "être"))
            or (child.lower_ == "had" and verb.tag_ == "VBN")
        ):
            return True
    return False


def _condition_marker(clause: Token, lexicon: Lexicon) -> str | None:
    """The condition word of a clause headed by ``clause`` ("si", "if", "en cas de"), or of
    an inverted "should/were/had" clause; None for "si" meaning "whether"."""
    for child in clause.children:
        if child.dep_ == "mark" and _has(child, lexicon.cue("condition")):
            gov = clause.head
            if clause.dep_ in ("ccomp", "obj", "dobj", "csubj") and _has(
                gov, lexicon.cue("whether_verbs")
            ):
                return None
            return child.text
        if child.dep_ in ("case", "fixed", "prep") or child.dep_ == "mark":
            phrase = _phrase_before(clause, lexicon.cue("condition_phrases"))
            if phrase is not None:
                return phrase
    phrase = _phrase_before(clause.left_edge, lexicon.cue("condition_phrases"))
    if phrase is not None and clause.pos_ in ("NOUN", "PROPN"):
        return phrase
    if clause.dep_ in ("advcl", "ccomp") and clause.i < clause.head.i:
        for child in clause.children:
            if (
                child.dep_ in ("aux", "auxpass")
                and child.i < clause.i
                and _has(child, lexicon.cue("condition_inversion"))
                and any(s.dep_ in SUBJ_DEPS and s.i > child.i for s in clause.children)
            ):
                return child.text
    return None


def _speculation(noun: Token, lexicon: Lexicon) -> str | None:
    for child in noun.children:
        if child.dep_ in ("amod", "advmod", "nmod", "acl", "compound") and _has(
            child, lexicon.cue("speculation")
        ):
            return child.text
    return None


def _planned_modifier(noun: Token, lexicon: Lexicon) -> str | None:
    for child in noun.children:
        if child.dep_ in ("amod", "acl", "nmod", "compound") and _has(
            child, lexicon.cue("planned_modifiers")
        ):
            return child.text
    return None


def _attribution(head: Token, clause: set[int], lexicon: Lexicon) -> Token | None:
    """« selon X », "according to X", « d'après X » attached to the event's clauses."""
    cue = lexicon.cue("attribution")
    sent = head.sent
    for token in (t for t in sent if t.lower_ in cue or t.lemma_.lower() in cue):
        if token.lower_ == "après" and (
            token.i == 0 or token.doc[token.i - 1].lower_ not in ("d'", "d’")
        ):
            continue
        current = token
        for _ in range(4):
            if current.i in clause:
                return token
            if current.head.i == current.i:
                break
            current = current.head
    return None


def _attribution_source(token: Token) -> Token | None:
    for child in token.children:
        if child.pos_ in ("NOUN", "PROPN"):
            return child
        for grandchild in child.children:
            if grandchild.dep_ == "pobj":
                return grandchild
    if token.head.pos_ in ("NOUN", "PROPN") and token.dep_ == "case":
        return token.head
    return None


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJ_DEPS:
            return child
    if is_passive(verb):
        for child in verb.children:
            if child.dep_ == "obl:agent":
                return child
            if child.dep_ == "agent":
                for p in child.children:
                    return p
    return None


def _same_side(source: Party | None, actors: list[Party]) -> bool:
    if source is None:
        return False
    codes = {a.code for a in actors if a.code} | {a.entity for a in actors if a.entity}
    return bool(codes & {source.code, source.entity} - {None})


def _date_status(
    date: str | None, precision: str, mod: str | None, published: str | None
) -> _Found | None:
    if not date or not published or precision == "unknown":
        return None
    try:
        pub = dt.date.fromisoformat(published[:10])
    except ValueError:
        return None
    low, high = _period(date, precision)
    if low is None or high is None:
        return None
    if mod == "START":
        point = low
    elif mod == "END":
        point = high
    else:
        point = low + (high - low) / 2
    if (pub - point).days >= HISTORICAL_DAYS:
        return _Found(
            "historical", f"dated {date}, {HISTORICAL_DAYS}+ days before publication", "date"
        )
    if low > pub:
        return _Found("planned", f"dated {date}, after publication", "date")
    return None


def _period(date: str, precision: str) -> tuple[dt.date | None, dt.date | None]:
    try:
        if len(date) >= 10:
            day = dt.date.fromisoformat(date[:10])
            return day, day
        if len(date) == 7:
            first = dt.date(int(date[:4]), int(date[5:7]), 1)
            nxt = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        if len(date) == 4 and date.isdigit():
            return dt.date(int(date), 1, 1), dt.date(int(date), 12, 31)
    except ValueError:
        return None, None
    return None, None


@dataclass(frozen=True)
class StatusQuery:
    """What the status of one mention depends on, beyond the document."""

    head: Token
    chain: tuple[Token, ...]  # the support chain of a noun trigger (arguments.support_chain)
    actors: tuple[Party, ...]
    verbal: bool  # a speech act (verbal quad): not "reported" by the one who says it
    speech_frame: bool  # the trigger is the content of a threat ("he will pay a price")
    date: str | None = None
    date_precision: str = "unknown"
    date_mod: str | None = None


_CLAUSE_CHILDREN = frozenset({"advcl", "xcomp", "obl", "obl:mod", "nmod", "prep", "ccomp"})


class _Reader:
    """Reads the cues of one mention, family by family (see the module docstring)."""

    def __init__(self, query: StatusQuery, ctx: DocContext, resolver: PartyResolver) -> None:
        self.q = query
        self.ctx = ctx
        self.lexicon = ctx.lexicon
        self.resolver = resolver
        self.found: list[_Found] = []
        self.moods: list[str] = []  # conditional moods, read once reporting is known
        self.path: list[Token] = []
        self.reporter: Token | None = None
        head = query.head
        self.is_noun = head.pos_ in ("NOUN", "PROPN")
        verbs = [t for t in query.chain if t.pos_ in ("VERB", "AUX")]
        # The first verb carries a noun's own clause ("n'a pas lancé d'offensive"); verbs
        # above it ("nie avoir un plan d'attaque") govern it like any clause.
        self.own: Token | None = verbs[0] if self.is_noun and verbs else None
        if not self.is_noun:
            self.own = head

    def read(self) -> StatusResult:
        self._chain_and_question()
        if self.is_noun:
            self._noun_cues()
        self._own_clause()
        self._conditions()
        self._climb()
        source, attributed, in_quote = self._source()
        resolved = self._moods(attributed, in_quote)
        return self._result(resolved, source)

    def _add(self, status: EventStatus, why: str, kind: str) -> None:
        self.found.append(_Found(status, why, kind))

    def _chain_and_question(self) -> None:
        # Every word of the support chain governs the noun: « prévoit des exercices »
        # (planned), « nie tout projet d'invasion » (denied).
        for token in self.q.chain:
            self.found.extend(_lexical_governor(token, self.lexicon, infinitive=True))
        if self.q.head.sent.text.rstrip().rstrip("»«\"' ").endswith("?"):
            self._add("hypothetical", "a question", "lexical")

    def _noun_cues(self) -> None:
        lexicon = self.lexicon
        head = self.q.head
        for token in (head, *[t for t in self.q.chain if t.pos_ in ("NOUN", "PROPN")]):
            cue = _speculation(token, lexicon)
            if cue:
                self._add("hypothetical", f"speculation '{cue}'", "lexical")
            cue = _planned_modifier(token, lexicon)
            if cue:
                self._add("planned", f"planned '{cue}'", "lexical")
        for child in head.children:
            if child.dep_ in ("det", "neg") and _has(child, lexicon.cue("negative_determiners")):
                self._add("negated", f"negative determiner '{child.text}'", "lexical")
        # A noun that is the subject or object of a conditional or modal predicate shares
        # its irrealis: « une invasion serait un désastre », "an attack could trigger…".
        predicate = head.head if head.dep_ != "pobj" else head.head.head
        argument = head.dep_ in SUBJ_DEPS | OBJ_DEPS | {"nsubj:pass", "nsubjpass", "pobj"}
        if self.own is not None or predicate.i == head.i or not argument:
            return
        if predicate.pos_ not in ("VERB", "AUX", "ADJ", "NOUN"):
            return
        mood = _conditional_mood(predicate, lexicon)
        modal = _modal(predicate, lexicon)
        if mood:
            self._add("hypothetical", f"conditional predicate '{mood}'", "grammar")
        elif modal is not None and modal.status == "hypothetical":
            self.found.append(modal)

    def _own_clause(self) -> None:
        lexicon = self.lexicon
        own = self.own
        surface = _surface_cues(own or self.q.head, list(self.q.chain), lexicon)
        self.found.extend(surface)
        if own is None:
            return
        negation = _negated(own, lexicon)
        if negation and not any(f.status == "negated" for f in surface):
            self._add("negated", f"negation '{negation}'", "lexical")
        if not self.q.speech_frame:
            future = _future(own, lexicon)
            if future:
                self._add("planned", f"future '{future}'", "grammar")
            modal = _modal(own, lexicon)
            if modal is not None:
                self.found.append(modal)
            mood = _conditional_mood(own, lexicon)
            if mood:
                self.moods.append(f"conditional mood '{mood}'")
        background = _background(own, lexicon) if _pluperfect(own) else None
        if background:
            self._add("historical", f"past perfect + '{background}'", "lexical")

    def _clause_heads(self) -> list[Token]:
        heads = [self.q.head, *self.q.chain]
        if self.own is not None and self.own not in heads:
            heads.append(self.own)
        return heads

    def _conditions(self) -> None:
        """On the event's own clause a condition makes it the condition (hypothetical);
        under its clause it makes it the consequence ("he will pay if he invades")."""
        heads = self._clause_heads()
        for token in heads:
            marker = _condition_marker(token, self.lexicon)
            if marker:
                status: EventStatus = "conditional" if self.q.speech_frame else "hypothetical"
                self._add(status, f"condition '{marker}' on the event", "lexical")
                break
        for token in heads:
            for child in token.children:
                marker = _child_condition(child, self.lexicon)
                if marker:
                    self._add("conditional", f"condition '{marker}' on its consequence", "lexical")

    def _climb(self) -> None:
        """Governing clauses, up the tree (coordinated nouns share their governor)."""
        lexicon = self.lexicon
        current = self.q.chain[-1] if self.q.chain else self.q.head
        infinitive_chain = True
        for _step in range(MAX_CLIMB):
            child = current
            if current.dep_ in ("conj", "appos") and current.pos_ in ("NOUN", "PROPN"):
                current = coordination_head(current)
            elif current.dep_ in ("conj", "parataxis", "ROOT") or current.head.i == current.i:
                break
            else:
                current = governor(current) or current.head
            self.path.append(current)
            step_infinitive = _infinitive_step(child)
            infinitive_chain = infinitive_chain and step_infinitive
            for sibling in current.children:
                marker = None if sibling.i == child.i else _child_condition(sibling, lexicon)
                if marker:
                    self._add("conditional", f"condition '{marker}' on '{current.text}'", "lexical")
            # A parse that hangs the consequence under the condition clause (« S'il envahit
            # …, la Russie paiera »): the event still depends on that condition.
            marker = (
                _condition_marker(current, lexicon) if current.pos_ in ("VERB", "AUX") else None
            )
            if marker:
                self._add("conditional", f"condition '{marker}' governing it", "lexical")
            quantifier = _quantified_subject(current, lexicon)
            if quantifier:
                self._add("conditional", f"'{quantifier}' subject of '{current.text}'", "lexical")
            self.found.extend(_lexical_governor(current, lexicon, infinitive=step_infinitive))
            self._governing_words(current, infinitive_chain)

    def _governing_words(self, current: Token, infinitive_chain: bool) -> None:
        lexicon = self.lexicon
        verbal = current.pos_ in ("VERB", "AUX")
        if _has(current, lexicon.cue("claim")):
            self._add("reported", f"claim '{current.text}'", "lexical")
        elif self.reporter is None and verbal and _has(current, lexicon.cue("reporting")):
            self.reporter = current
        if verbal and infinitive_chain:
            modal = _modal(current, lexicon)
            if modal is not None:
                self.found.append(modal)
            if _future(current, lexicon):
                self._add("planned", f"future '{current.text}'", "grammar")
        if not verbal:
            cue = _speculation(current, lexicon)
            if cue:
                self._add("hypothetical", f"speculation '{cue}'", "lexical")

    def _source(self) -> tuple[Party | None, bool, bool]:
        """Who says so (« selon », a quote, a reporting verb); "reported" unless it is the
        actor itself, announcing its own action."""
        head = self.q.head
        source: Party | None = None
        why = ""
        clause = {t.i for t in (head, *self.q.chain, *self.path)}
        attribution = _attribution(head, clause, self.lexicon)
        if attribution is not None:
            token = _attribution_source(attribution)
            source = self.resolver.resolve_head(token) if token is not None else None
            why = f"attribution '{attribution.text}'"
        in_quote = self.ctx.in_quote(head.idx)
        if source is None and in_quote:
            source = self.ctx.speaker_at(head.idx)
            why = "inside a quote"
        if source is None and self.reporter is not None:
            subject = _subject(self.reporter)
            if subject is not None:
                parties = self.resolver.resolve(subject)
                source = parties[0].party if parties else None
            why = f"reporting verb '{self.reporter.text}'"
        said = attribution is not None or in_quote or self.reporter is not None
        if said and not self.q.verbal and not _same_side(source, list(self.q.actors)):
            self._add("reported", why + (f" ({source.name})" if source else ""), "lexical")
        return source, attribution is not None, in_quote

    def _moods(self, attributed: bool, in_quote: bool) -> list[_Found]:
        """The conditional mood, read now that reporting and conditions are known: with a
        condition it is conditional, under « selon » hearsay (reported: « selon X,
        l'armée aurait bombardé »), after a reporting verb the future of the past
        (planned), otherwise a hypothesis."""
        resolved = list(self.found)
        conditioned = any(
            f.status in ("conditional", "hypothetical") and "condition" in f.why for f in self.found
        )
        for why in self.moods:
            if conditioned:
                resolved.append(_Found("conditional", why + " with a condition", "grammar"))
            elif attributed:
                resolved.append(_Found("reported", why + " (hearsay)", "grammar"))
            elif self.reporter is not None or in_quote:
                resolved.append(_Found("planned", why + " (future in the past)", "grammar"))
            else:
                resolved.append(_Found("hypothetical", why, "grammar"))
        q = self.q
        by_date = _date_status(q.date, q.date_precision, q.date_mod, self.ctx.doc.published)
        if by_date is not None and not any(f.status in ("planned", "historical") for f in resolved):
            resolved.append(by_date)
        return resolved

    def _result(self, resolved: list[_Found], source: Party | None) -> StatusResult:
        if not resolved:
            own = self.own
            announcing = (
                own is not None
                and own is not self.q.head
                and _has(own, self.lexicon.cue("reporting"))
            )
            if own is not None and _past(own) and not announcing:
                # Said to have happened: a tense cue, stronger than none when mentions merge.
                return StatusResult(
                    "asserted", ["asserted: past tense"], CERTAINTY["grammar"], source,
                    explicit=True,
                )  # fmt: skip
            return StatusResult("asserted", ["no status cue"], CERTAINTY["default"], source)
        best = min(resolved, key=lambda f: PRECEDENCE.index(f.status))
        cues = [f"{f.status}: {f.why}" for f in resolved]
        announced = best.status == "planned" and not any(
            f.status == "planned" and (f.kind == "date" or f.why.startswith("permission"))
            for f in resolved
        )
        return StatusResult(best.status, cues, CERTAINTY[best.kind], source, announced)


def event_status(query: StatusQuery, ctx: DocContext, resolver: PartyResolver) -> StatusResult:
    """The status of one mention, with the cues that decided it (see the module docstring)."""
    return _Reader(query, ctx, resolver).read()


def _infinitive_step(child: Token) -> bool:
    return child.dep_ == "xcomp" or (
        child.dep_ in ("obj", "ccomp", "advcl", "dobj") and "Inf" in child.morph.get("VerbForm", [])
    )


def _quantified_subject(verb: Token, lexicon: Lexicon) -> str | None:
    """« toute incursion entraînerait… », "any forces crossing would be met with…": a
    universally quantified subject of a conditional or modal predicate states a condition
    (whenever that happens), without « si » or "if"."""
    if verb.pos_ not in ("VERB", "AUX") or _conditional_mood(verb, lexicon) is None:
        return None
    quantifiers = lexicon.cue("condition_quantifiers")
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "nsubj:pass"):
            det = next(
                (t for t in child.children if t.dep_ == "det" and _has(t, quantifiers)), None
            )
            if det is not None:
                return det.text
    return None


def _child_condition(child: Token, lexicon: Lexicon) -> str | None:
    if child.dep_ not in _CLAUSE_CHILDREN:
        return None
    marker = _condition_marker(child, lexicon)
    if marker is None and child.dep_ == "prep":
        for pobj in child.children:
            marker = marker or _condition_marker(pobj, lexicon)
    return marker


# How many words around the trigger the surface fallbacks read. Three covers « ne … pas »
# around a verb and "dément préparer" before an infinitive; set on the example articles,
# where the parser tags « dément » as an adverb and « menace » as a noun.
SURFACE_WINDOW = 3


def _surface_cues(anchor: Token, chain: list[Token], lexicon: Lexicon) -> list[_Found]:
    """Cues read from the words next to the trigger, for when the parse is wrong: « ne »
    before it and « pas / personne / jamais » after it; a denial verb right before the
    verb that carries it."""
    found: list[_Found] = []
    doc = anchor.doc
    sent = anchor.sent
    before = [doc[i] for i in range(max(sent.start, anchor.i - SURFACE_WINDOW), anchor.i)]
    after = [doc[i] for i in range(anchor.i + 1, min(sent.end, anchor.i + SURFACE_WINDOW + 1))]
    ne = lexicon.cue("ne")
    if ne and any(_has(t, ne) for t in before):
        completing = lexicon.cue("negation") | lexicon.cue("negation_with_ne")
        hit = next((t for t in after if _has(t, completing)), None)
        if hit is not None:
            found.append(_Found("negated", f"negation 'ne … {hit.text}'", "lexical"))
    elif not ne:
        hit = next(
            (t for t in before[-2:] if _has(t, lexicon.cue("negation")) and t.dep_ != "prep"),
            None,
        )
        if hit is not None:
            found.append(_Found("negated", f"negation '{hit.text}'", "lexical"))
    top = chain[-1] if chain else anchor
    start = min(top.i, anchor.i)
    for i in range(max(sent.start, start - 2), start):
        token = doc[i]
        if _has(token, lexicon.cue("denial")):
            found.append(_Found("denied", f"denial '{token.text}' just before", "lexical"))
    return found


def _lexical_governor(current: Token, lexicon: Lexicon, *, infinitive: bool) -> list[_Found]:
    """The status cues a governing word gives the events below it."""
    found: list[_Found] = []
    if _has(current, lexicon.cue("denial")) and not _negated(current, lexicon):
        found.append(_Found("denied", f"denial '{current.text}'", "lexical"))
    denying = lexicon.cue("denial") | lexicon.cue("reject_verbs")
    gov = governor(current)
    if _has(current, lexicon.cue("denial_objects")) and gov is not None and _has(gov, denying):
        found.append(_Found("denied", f"denial '{gov.text} {current.text}'", "lexical"))
    if _has(current, lexicon.cue("fear")) or _has(current, lexicon.cue("speculation")):
        found.append(_Found("hypothetical", f"fear or speculation '{current.text}'", "lexical"))
    # "refused to withdraw": the withdrawal did not happen ("refused the demand" does not
    # negate the demand, so only infinitive complements count).
    if _has(current, lexicon.cue("refusal")) and infinitive:
        found.append(_Found("negated", f"refusal or failure '{current.text}'", "lexical"))
    intending = _has(current, lexicon.cue("desire")) or _has(current, lexicon.cue("planning"))
    refused = _negated_intent(current, gov, lexicon) if intending else None
    if refused:
        # « n'a pas l'intention d'envahir », "has no plans to invade", "does not want to":
        # an intention said not to exist is no plan of the event but its negation.
        found.append(_Found("negated", f"no intention: '{refused}'", "lexical"))
    elif _has(current, lexicon.cue("desire")):
        found.append(_Found("hypothetical", f"wanted or requested '{current.text}'", "lexical"))
    if not refused and _has(current, lexicon.cue("planning")):
        found.append(_Found("planned", f"planning '{current.text}'", "lexical"))
    elif _has(current, lexicon.cue("permission")):
        found.append(_Found("planned", f"permission '{current.text}'", "lexical"))
    return found


def _negated_intent(word: Token, gov: Token | None, lexicon: Lexicon) -> str | None:
    """The negation of an intention word: on the verb itself ("does not plan"), on the verb
    whose object the noun is (« n'a pas l'intention »), or a negative determiner ("no plans",
    « aucune intention »)."""
    if word.pos_ in ("VERB", "AUX"):
        negation = _negated(word, lexicon)
        return f"{negation} {word.text}" if negation else None
    for child in word.children:
        if child.dep_ == "det" and _has(child, lexicon.cue("negative_determiners")):
            return f"{child.text} {word.text}"
    if gov is not None and gov.pos_ in ("VERB", "AUX"):
        negation = _negated(gov, lexicon)
        if negation:
            return f"{negation} {gov.text} {word.text}"
    return None


def _background(verb: Token, lexicon: Lexicon) -> str | None:
    background = lexicon.cue("background")
    for child in verb.children:
        if child.dep_ in ("advmod", "obl", "obl:mod", "npadvmod") and _has(child, background):
            return child.text
        if child.dep_ in ("advcl", "prep", "obl", "obl:mod"):
            for grandchild in child.children:
                if grandchild.dep_ in ("mark", "case", "fixed") and _has(
                    grandchild, lexicon.cue("background_clause")
                ):
                    return grandchild.text
            if _has(child, lexicon.cue("background_clause")):
                return child.text
    return None
