"""The event stage: triggers, arguments, status, merging and confidence → ``doc.events``.

Rules over spaCy's parse and the other stages' output, driven by the per-language lexicons
``data/events_<language>.yaml`` (see :mod:`dossier.events.lexicon`):

1. :mod:`.triggers` finds lexicon entries on the lemmas of every sentence;
2. :mod:`.arguments` fills each trigger's frame — actors and recipients resolved through
   the linker's entities, the location, the date (``doc.times``), the figures
   (``doc.quantities``);
3. :mod:`.status` reads negation, mood, tense, modality, reporting, denial, conditions,
   speculation and dates into one of the eight statuses;
4. a mention becomes an event when it has a party (and the parties its entry ``needs``)
   and is not caused by a non-agent ("a fire killed…");
5. :mod:`.merge` joins the mentions of one event; :mod:`.confidence` scores them;
6. quotes whose words are a speech-act event (a threat, a demand…) point to it
   (``Quote.event``).

Besides ``doc.events`` the stage leaves its trace in ``doc.extras["events"]``
(:class:`~dossier.events.explain.EventTrace`; text via :func:`~dossier.events.explain.explain`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from ..doc import Doc
from ..kb import load_kb
from ..model import Event, Evidence, Quote
from ..pipeline import Stage
from .arguments import Arguments, DocContext, PartyResolver, extract_arguments
from .confidence import combine, evidence_score, probability
from .explain import EXTRAS_KEY, EventTrace, SentenceTrace, TriggerTrace
from .lexicon import BLOCK, Entry, Lexicon, lexicon_languages, load_lexicon
from .merge import Group, Mention, merge_mentions, to_event
from .ontology import load_ontology
from .status import StatusQuery, event_status
from .triggers import (
    OBJECT_DEPS,
    TriggerMatch,
    find_triggers,
    object_heads,
    subject_heads,
    token_keys,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Span, Token

__all__ = ["PROMISES", "EventStage"]

SENTENCE_MODES = frozenset({"PROTEST"})
"""Types whose mode cues are read in the whole sentence rather than the trigger's clause."""

PROMISES = {"RETREAT": "CONCEDE", "AID": "AGREE"}
"""Material cooperation announced for the future is verbal in PLOVER (design/ONTOLOGY.md):
an announced, not yet implemented withdrawal, release or ceasefire is CONCEDE; a promise
of aid is AGREE. Only when the future comes from the actor's words (tense, modal, planning
verb), not from a permission or a later date."""


@dataclass
class Prediction:
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    trace: EventTrace | None = None
    warnings: list[str] = field(default_factory=list)


class EventStage(Stage):
    """PLOVER events of French and English articles (see the module docstring).

    ``lexicons`` names a folder of ``events_<language>.yaml`` files to use instead of the
    built-in ones (same format), so a lexicon can be tried without touching Python.
    """

    name: ClassVar[str] = "events"
    factory: ClassVar[str] = "dossier.events.rules.v1"
    requires: ClassVar[tuple[str, ...]] = (
        "doc.text",
        "doc.language",
        "doc.spacy",
        "doc.entities",
        "doc.times",
        "doc.quantities",
        "doc.quotes",  # it links quotes to the events they evidence
    )
    assigns: ClassVar[tuple[str, ...]] = ("doc.events",)

    def __init__(self, lexicons: str | None = None) -> None:
        self.folder = Path(lexicons) if lexicons else None
        self.kb = load_kb()
        self.ontology = load_ontology()
        self._lexicons: dict[str, Lexicon | None] = {}
        for language in lexicon_languages():
            self._lexicon(language)

    def _lexicon(self, language: str | None) -> Lexicon | None:
        key = language or ""
        if key not in self._lexicons:
            path = None
            if self.folder is not None and (self.folder / f"events_{key}.yaml").is_file():
                path = self.folder / f"events_{key}.yaml"
            self._lexicons[key] = load_lexicon(key, path) if key else None
        return self._lexicons[key]

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.predict(doc))
        return doc

    # --- predict: pure -----------------------------------------------------------------------

    def predict(self, doc: Doc) -> Prediction:
        self._grams: dict[tuple[int, int], set[str]] = {}
        lexicon = self._lexicon(doc.language)
        trace = EventTrace(doc.language, lexicon.name if lexicon else None)
        prediction = Prediction(quotes=list(doc.quotes), trace=trace)
        if lexicon is None:
            available = ", ".join(lexicon_languages())
            prediction.warnings.append(
                f"events: no event lexicon for language {doc.language!r} (available: "
                f"{available}; add dossier/data/events_<language>.yaml); no events extracted"
            )
            return prediction
        sdoc = doc.spacy
        if sdoc is None or len(sdoc.text) != len(doc.text) or not sdoc.has_annotation("DEP"):
            prediction.warnings.append(
                "events: the text has no dependency parse that indexes it (no parser for "
                f"{doc.language!r}?); no events extracted"
            )
            return prediction
        ctx = DocContext(doc, sdoc, lexicon, self.kb)
        resolver = PartyResolver(ctx)
        matches = find_triggers(sdoc, lexicon, lambda e, h: self._conditions_ok(e, h, ctx))
        ctx.trigger_heads = {m.head for m in matches}
        sentences = list(sdoc.sents)
        for number, sent in enumerate(sentences):
            trace.sentences.append(SentenceTrace(number, sent.start_char, sent.end_char, sent.text))
        mentions: list[Mention] = []
        traces: dict[int, TriggerTrace] = {}
        for match in matches:
            if match.entry.type == BLOCK:
                trace.sentences[match.sentence].triggers.append(_blocked(match, ctx))
                continue
            mention, trigger_trace = self._mention(match, sentences[match.sentence], ctx, resolver)
            trace.sentences[match.sentence].triggers.append(trigger_trace)
            if mention is not None:
                mentions.append(mention)
                traces[id(mention)] = trigger_trace
        article_id = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        groups = merge_mentions(mentions)
        grouped: set[int] = set()
        for group in groups:
            confidence = combine([m.confidence for m in group.mentions])
            event = to_event(group, article_id, confidence)
            prediction.events.append(event)
            for mention in group.mentions:
                grouped.add(id(mention))
                trigger_trace = traces[id(mention)]
                trigger_trace.emitted = True
                trigger_trace.event_id = event.id
                if not mention.has_party:
                    trigger_trace.reason = "no party of its own: joined the nearby event"
                elif len(group.mentions) > 1:
                    trigger_trace.reason = f"merged with {len(group.mentions) - 1} other mention(s)"
        for mention in mentions:
            if id(mention) not in grouped:
                traces[
                    id(mention)
                ].reason = "no party, and no event of its type in the sentences just before"
        prediction.quotes = _link_quotes(doc, groups, prediction.events, ctx)
        return prediction

    def _conditions_ok(self, entry: Entry, head: Token, ctx: DocContext) -> bool:
        """An entry's subject and object conditions (see the lexicon file's header)."""
        verbal = head.pos_ in ("VERB", "AUX", "ADJ")
        if (
            entry.subjects
            and verbal
            and not any(_keys_in(t, entry.subjects) for t in subject_heads(head))
        ):
            return False
        if not entry.objects:
            return True
        objects = object_heads(head)
        checks = (
            ("@object", _has_object),
            ("@money", _money_object),
            ("@party", _party_object),
            ("@person", _party_object),
        )
        for special, check in checks:
            if special in entry.objects and check(entry, head, objects, ctx):
                return True
        return any(_keys_in(t, entry.objects) for t in objects)

    def _mention(
        self, match: TriggerMatch, sent: Span, ctx: DocContext, resolver: PartyResolver
    ) -> tuple[Mention | None, TriggerTrace]:
        sdoc: SpacyDoc = ctx.sdoc
        entry = match.entry
        head = sdoc[match.head]
        args = extract_arguments(match, ctx, resolver)
        etype = entry.joint if entry.joint and args.joint else entry.type
        # A protest's violence is told anywhere in its sentence ("thousands marched and
        # some smashed windows"); other modes by the trigger's own clause, so that a
        # weapon named in another clause does not arm this event.
        scope = sent if etype in SENTENCE_MODES else sdoc[args.clause[0] : args.clause[1]]
        mode = entry.mode or _mode(etype, scope, ctx.lexicon, self._grams)
        if mode is not None and mode not in self.ontology.types[etype].modes:
            mode = None
        verbal = self.ontology.types[etype].quad.startswith("verbal")
        refusal = _refusal(entry, args, verbal)
        if refusal is not None:
            # Not an event: no need to read its status.
            trace = TriggerTrace(
                entry=entry.text, entry_number=entry.number, type=etype, mode=mode,
                text=ctx.doc.text[match.start : match.end], start=match.start, end=match.end,
                arguments=list(args.found), reason=refusal,
            )  # fmt: skip
            return None, trace
        query = StatusQuery(
            head=head,
            chain=tuple(sdoc[i] for i in args.governors),
            actors=tuple(args.actors),
            verbal=verbal,
            speech_frame="speaker" in entry.roles,
            date=args.date,
            date_precision=args.date_precision,
            date_mod=args.date_mod,
        )
        status = event_status(query, ctx, resolver)
        promised = PROMISES.get(etype)
        if promised is not None and status.status == "planned" and status.announced:
            etype, mode = promised, None
            verbal = True
            status.cues.append(f"type: an announced {entry.type} is {promised} (PLOVER)")
        trigger_text = ctx.doc.text[match.start : match.end]
        trace = TriggerTrace(
            entry=entry.text,
            entry_number=entry.number,
            type=etype,
            mode=mode,
            text=trigger_text,
            start=match.start,
            end=match.end,
            arguments=list(args.found),
            location=args.location.name if args.location else None,
            date=args.date,
            date_how=args.date_how,
            figures=[f"{q.text} ({q.value} {q.unit})" for q in args.quantities],
            status=status.status,
            status_cues=status.cues,
        )
        prominent = _prominent(head, args.governors, sdoc)
        score = evidence_score(entry, args, status.status, status.certainty, prominent)
        trace.score = score
        text = sent.text
        lead = len(text) - len(text.lstrip())
        evidence = Evidence(
            sentence=text.strip(),
            start=sent.start_char + lead,
            end=sent.start_char + lead + len(text.strip()),
            trigger=trigger_text,
            trigger_start=match.start,
            trigger_end=match.end,
        )
        trace.reason = "parties found" if (args.actors or args.recipients) else ""
        mention = Mention(match, etype, mode, args, status, evidence, probability(score), verbal)
        return mention, trace

    # --- set_annotations: the only code that changes the doc ---------------------------------

    @staticmethod
    def set_annotations(doc: Doc, prediction: Prediction) -> None:
        doc.events = prediction.events
        doc.quotes = prediction.quotes
        doc.extras[EXTRAS_KEY] = prediction.trace
        for message in prediction.warnings:
            doc.warn(message)


def _has_object(_entry: Entry, head: Token, _objects: list[Token], _ctx: DocContext) -> bool:
    return any(c.dep_ in OBJECT_DEPS and c.dep_ != "attr" for c in head.children)


def _money_object(_entry: Entry, head: Token, objects: list[Token], ctx: DocContext) -> bool:
    low = min([head.idx, *(t.left_edge.idx for t in objects)])
    high = max([head.idx + len(head), *(t.right_edge.idx + 1 for t in objects)])
    return any(q.kind == "money" and low <= q.start < high for q in ctx.doc.quantities)


def _party_object(entry: Entry, head: Token, objects: list[Token], ctx: DocContext) -> bool:
    """The object itself is a party ("reçu des États-Unis" receives material); for
    "@person", a person: a linked one, or one described by a noun ("the ambassador")."""
    resolver = PartyResolver(ctx)
    direct = [
        t for t in objects if (t.head.i == head.i and t.dep_ in OBJECT_DEPS) or t.i == head.head.i
    ]
    for token in direct[:3]:
        for found in resolver.resolve(token):
            if found.party is None:
                continue
            if "@party" in entry.objects:
                return True
            entity = ctx.entities.get(found.party.entity or "")
            described = bool(ctx.kb.lookup_descriptor(token.text, ctx.lexicon.language)) or any(
                k in ctx.lexicon.actors for k in token_keys(token)
            )
            if entity is None or entity.kind == "person" or described:
                return True
    return False


def _blocked(match: TriggerMatch, ctx: DocContext) -> TriggerTrace:
    entry = match.entry
    return TriggerTrace(
        entry=entry.text,
        entry_number=entry.number,
        type="(none)",
        mode=None,
        text=ctx.doc.text[match.start : match.end],
        start=match.start,
        end=match.end,
        reason="a phrase the lexicon marks as no event (type: none)",
    )


def _keys_in(token: Token, words: frozenset[str]) -> bool:
    return any(k in words for k in token_keys(token))


def _refusal(entry: Entry, args: Arguments, verbal: bool) -> str | None:
    if args.non_agent is not None and entry.type in ("ASSAULT", "COERCE", "RETREAT"):
        return f"caused by a non-agent ('{args.non_agent}'), not a political actor"
    # A statement needs someone who makes it, or a named other side: "talks with allies"
    # says too little, while "protesters marched" or "gunmen attacked" are events with
    # described actors only.
    if verbal and not args.actors and not any(p.code or p.entity for p in args.recipients):
        return "a statement with neither its maker nor a named other side"
    needs = entry.needs
    if needs == "none" and not (args.actors or args.recipients):
        return None
    if needs in ("actor", "both") and not args.actors:
        return "entry needs an actor; none found"
    if needs in ("recipient", "both") and not args.recipients:
        return "entry needs a recipient; none found"
    return None


def _prominent(head: Token, governors: tuple[int, ...], sdoc: SpacyDoc) -> bool:
    tops = [head, *(sdoc[i] for i in governors)]
    return any(t.dep_ == "ROOT" or t.head.dep_ == "ROOT" for t in tops)


def _mode(
    etype: str, sent: Span, lexicon: Lexicon, cache: dict[tuple[int, int], set[str]]
) -> str | None:
    """The first mode whose cue words occur in the clause, in the file's order (the most
    specific modes are listed first: a suicide car bomb is a suicide attack)."""
    cues = lexicon.mode_cues.get(etype)
    if not cues:
        return None
    key = (sent.start, sent.end)
    if key not in cache:
        cache[key] = _grams(sent)
    grams = cache[key]
    for mode, words in cues:
        if words & grams:
            return mode
    return None


def _grams(sent: Span) -> set[str]:
    """Words, and runs of two and three words, of a span: what mode cues are matched on."""
    grams: set[str] = set()
    tokens = [t for t in sent if not t.is_space]
    for i, token in enumerate(tokens):
        keys = token_keys(token)
        grams.update(keys)
        if i + 1 < len(tokens):
            nxt = tokens[i + 1]
            for a in (token.lower_, token.lemma_.lower()):
                for b in token_keys(nxt):
                    grams.add(f"{a} {b}")
                    if i + 2 < len(tokens):
                        for c in token_keys(tokens[i + 2]):
                            grams.add(f"{a} {b} {c}")
    return grams


def _link_quotes(
    doc: Doc, groups: Sequence[Group], events: list[Event], ctx: DocContext
) -> list[Quote]:
    """A quote whose words are a speech-act event of its speaker (a threat, a demand, a
    rejection…) points to that event."""
    quotes = list(doc.quotes)
    for group, event in zip(groups, events, strict=True):
        # Speech acts only: a meeting may be told in a quote without being its words.
        if not group.first.verbal or event.type == "CONSULT":
            continue
        for mention in group.mentions:
            for number, quote in enumerate(quotes):
                inside = quote.start <= mention.match.start < quote.end
                if quote.event is not None or not inside:
                    continue
                speaker = ctx.quotes[number].speaker if number < len(ctx.quotes) else None
                # The speaker's own statement: "three sources said X authorised Y" is a
                # report of X's act, not X's words.
                if speaker is not None and any(
                    (speaker.code and a.code == speaker.code)
                    or (speaker.entity and a.entity == speaker.entity)
                    for a in event.actors
                ):
                    quotes[number] = quote.model_copy(update={"event": event.id})
    return quotes
