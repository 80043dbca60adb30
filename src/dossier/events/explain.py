"""The event stage's trace, kept in ``doc.extras["events"]``, and its text rendering for a
later ``--explain`` flag: per sentence, the triggers found, their arguments and how each
was resolved, the status cues, and why an event was or was not emitted."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Party
from .arguments import Argument

__all__ = ["EXTRAS_KEY", "EventTrace", "SentenceTrace", "TriggerTrace", "explain"]

EXTRAS_KEY = "events"


@dataclass
class TriggerTrace:
    entry: str  # the lexicon entry as written
    entry_number: int
    type: str
    mode: str | None
    text: str
    start: int
    end: int
    arguments: list[Argument] = field(default_factory=list)
    location: str | None = None
    date: str | None = None
    date_how: str = ""
    figures: list[str] = field(default_factory=list)
    status: str = ""
    status_cues: list[str] = field(default_factory=list)
    score: float = 0.0
    emitted: bool = False
    reason: str = ""
    event_id: str | None = None


@dataclass
class SentenceTrace:
    number: int
    start: int
    end: int
    text: str
    triggers: list[TriggerTrace] = field(default_factory=list)


@dataclass
class EventTrace:
    language: str | None
    lexicon: str | None
    sentences: list[SentenceTrace] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _party(party: Party | None) -> str:
    if party is None:
        return "—"
    coding = "/".join(x for x in (party.code, party.sector) if x) or "uncoded"
    return f"{party.name} [{coding}]"


def explain(trace: EventTrace, *, all_sentences: bool = False) -> str:
    """The trace as text; sentences without triggers only with ``all_sentences``."""
    lines = [f"events: language {trace.language}, lexicon {trace.lexicon}"]
    lines.extend(f"  note: {note}" for note in trace.notes)
    for sentence in trace.sentences:
        if not sentence.triggers and not all_sentences:
            continue
        text = sentence.text if len(sentence.text) <= 160 else sentence.text[:157] + "…"
        lines.append(f"[{sentence.number}] {sentence.start}-{sentence.end}: {text}")
        if not sentence.triggers:
            lines.append("    no trigger")
        for trigger in sentence.triggers:
            mode = f"/{trigger.mode}" if trigger.mode else ""
            lines.append(
                f"  trigger '{trigger.text}' ({trigger.start}-{trigger.end}) → "
                f"{trigger.type}{mode}  [entry {trigger.entry_number}: {trigger.entry!r}]"
            )
            for arg in trigger.arguments:
                shown = f"'{arg.text}'" if arg.text else ""
                lines.append(
                    f"    {arg.role:>9} → {arg.slot:<9} {shown} = {_party(arg.party)}  ({arg.how})"
                )
            if trigger.location:
                lines.append(f"    location: {trigger.location}")
            if trigger.date:
                lines.append(f"    date: {trigger.date} ({trigger.date_how})")
            for figure in trigger.figures:
                lines.append(f"    figure: {figure}")
            cues = "; ".join(trigger.status_cues) or "none"
            lines.append(f"    status: {trigger.status} (cues: {cues})")
            verdict = "EMITTED" if trigger.emitted else "NOT EMITTED"
            ident = f" as {trigger.event_id}" if trigger.event_id else ""
            lines.append(f"    {verdict}{ident}: {trigger.reason} (score {trigger.score:.2f})")
    return "\n".join(lines)
