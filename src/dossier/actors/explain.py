"""Plain-text rendering of the linker's decisions (for a future ``dossier analyze --explain``).

    print(explain(doc))

Each mention is one block: its span and text, where it came from (alias matcher, spaCy,
role description…), what it was linked to and how, why, and the candidates it was chosen
from with their scores.
"""

from __future__ import annotations

from typing import Any

from ..doc import Doc
from .stage import LinkerTrace

# Candidates shown per mention: the winner and its closest rivals are what a reader checks.
SHOWN_CANDIDATES = 4


def explain(doc: Doc, *, candidates: int = SHOWN_CANDIDATES) -> str:
    """The linker's trace of ``doc`` as text; says so when the linker has not run."""
    trace: Any = doc.extras.get("linker")
    if not isinstance(trace, LinkerTrace):
        return "the linker (stage 'entities') has not run on this article"
    date = trace.date or "none"
    lines = [f"roles resolved on: {date} ({trace.date_source})", ""]
    for m in trace.mentions:
        chosen = f"{m.chosen} ({m.chosen_name})" if m.chosen else "nothing"
        label = f", spaCy {m.label}" if m.label else ""
        lines.append(f"[{m.start}:{m.end}] {m.text!r}  ← {m.source}{label}")
        lines.append(f"    → {chosen} by {m.how}")
        if m.reason:
            lines.append(f"      because {m.reason}")
        for c in m.candidates[:candidates]:
            lines.append(f"      · {c.id} {c.name!r} {c.score:g} {c.note}")
    if trace.unlinked_roles:
        lines.append("")
        lines.append("descriptions linked to no one: " + "; ".join(trace.unlinked_roles))
    return "\n".join(lines)
