"""How an ingest shows it is alive: a rich progress bar on a terminal (articles/s, ETA),
one line per committed batch otherwise (logs, cron, tests reading stderr)."""

from __future__ import annotations

import sys
import time
from typing import IO, Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class Reporter(Protocol):
    def start(self, total: int | None) -> None: ...

    def advance(self, done: int, status: str) -> None:
        """``done`` inputs dealt with so far (stored, unchanged or skipped)."""

    def committed(self, batch: int, stored: int, skipped: int, done: int) -> None: ...

    def stop(self) -> None: ...


class _Rate(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("…/s" if speed is None else f"{speed:.1f} articles/s", style="cyan")


class BarReporter:
    """A live bar on stderr; the total is known for local files only (else no ETA)."""

    def __init__(self, console: Console | None = None) -> None:
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _Rate(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
            transient=False,
        )
        self.task = self.progress.add_task("ingest", total=None, start=False)

    def start(self, total: int | None) -> None:
        self.progress.update(self.task, total=total)
        self.progress.start_task(self.task)
        self.progress.start()

    def advance(self, done: int, status: str) -> None:
        self.progress.update(self.task, completed=done, description=status)

    def committed(self, batch: int, stored: int, skipped: int, done: int) -> None:
        self.progress.update(self.task, completed=done)

    def stop(self) -> None:
        self.progress.stop()


class LineReporter:
    """A line per committed batch: what a log or a supervising process can follow."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()

    def start(self, total: int | None) -> None:
        self.started = time.perf_counter()
        about = f" of about {total}" if total else ""
        print(f"ingest: reading{about} inputs", file=self.stream, flush=True)

    def advance(self, done: int, status: str) -> None:
        return

    def committed(self, batch: int, stored: int, skipped: int, done: int) -> None:
        seconds = time.perf_counter() - self.started
        rate = done / seconds if seconds > 0 else 0.0
        print(
            f"committed batch {batch}: {stored} stored, {skipped} skipped "
            f"({done} inputs done, {rate:.1f}/s)",
            file=self.stream,
            flush=True,
        )

    def stop(self) -> None:
        return


class SilentReporter:
    def start(self, total: int | None) -> None:
        return

    def advance(self, done: int, status: str) -> None:
        return

    def committed(self, batch: int, stored: int, skipped: int, done: int) -> None:
        return

    def stop(self) -> None:
        return


def default_reporter() -> Reporter:
    console = Console(stderr=True)
    return BarReporter(console) if console.is_terminal else LineReporter()
