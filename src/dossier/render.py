"""Human-readable rendering of records for `dossier analyze --format text`."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .model import Article


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_article(article: Article, console: Console) -> None:
    head = article.title or _short(article.text, 80)
    console.rule(f"[bold]{head}")
    facts = [
        ("input", article.input),
        ("language", article.language),
        ("published", article.published),
        ("source", article.source),
        ("url", article.url),
        ("author", article.author),
        ("words", str(len(article.text.split()))),
    ]
    for key, value in facts:
        if value:
            console.print(f"[dim]{key:>10}[/] {value}")
    if article.entities:
        table = Table("entity", "kind", "country", "sector", "mentions", title="Actors and places")
        for e in article.entities:
            table.add_row(e.name, e.kind, e.country or "", e.sector or "", str(len(e.mentions)))
        console.print(table)
    if article.events:
        table = Table("type", "status", "actors", "recipients", "date", "evidence", title="Events")
        for ev in article.events:
            table.add_row(
                ev.type,
                ev.status,
                ", ".join(p.name for p in ev.actors),
                ", ".join(p.name for p in ev.recipients),
                ev.date or "",
                _short(ev.evidence[0].sentence, 70) if ev.evidence else "",
            )
        console.print(table)
    for q in article.quotes:
        who = q.speaker.name if q.speaker else "?"
        console.print(f"  [cyan]{who}[/]: “{_short(q.text, 90)}”")
    if article.times:
        console.print(
            "[dim]     times[/] " + "; ".join(f"{t.text} → {t.value or '?'}" for t in article.times)
        )
    if article.quantities:
        console.print(
            "[dim]   figures[/] "
            + "; ".join(
                f"{q.text} → {q.value:g} {q.unit or ''}".rstrip() if q.value is not None else q.text
                for q in article.quantities
            )
        )
    for r in article.removed:
        console.print(f"[dim]   removed[/] [yellow]{r.reason}[/]: {_short(r.text, 90)}")
    for w in article.warnings:
        console.print(f"[dim]   warning[/] {w}")
    console.print(f"[dim]      text[/] {_short(article.text, 200)}")
