"""kill -9 in the middle of an ingest, then a rerun: every article exactly once, with
exactly its events. This module is also imported by the child process it starts, so it
uses no relative imports."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import ClassVar

import duckdb
import pytest

from dossier.doc import Doc
from dossier.model import Event, Evidence
from dossier.pipeline import Stage

TESTS = Path(__file__).resolve().parent
ARTICLES = 40
BATCH = 4


class FakeEvents(Stage):
    """One ASSAULT per line starting with "Incident", slowly enough to be killed midway."""

    name: ClassVar[str] = "events"
    factory: ClassVar[str] = "test.fake_events.v1"
    requires: ClassVar[tuple[str, ...]] = ("doc.text",)
    assigns: ClassVar[tuple[str, ...]] = ("doc.events",)
    delay_s: ClassVar[float] = 0.05

    def __call__(self, doc: Doc) -> Doc:
        time.sleep(self.delay_s)
        offset = 0
        for line in doc.text.split("\n"):
            if line.startswith("Incident"):
                doc.events.append(
                    Event(
                        id=f"e{len(doc.events)}",
                        type="ASSAULT",
                        status="asserted",
                        evidence=[Evidence(sentence=line, start=offset, end=offset + len(line))],
                        confidence=0.5,
                    )
                )
            offset += len(line) + 1
        return doc


def expected_events(number: int) -> int:
    return number % 3 + 1


def write_articles(folder: Path, count: int = ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        lines = [f"Report number {i} from the border"]
        lines += [
            f"Incident {k} was reported near village {i} on day {k}."
            for k in range(expected_events(i))
        ]
        lines.append(f"Officials said report {i} would be followed by another one.")
        (folder / f"report_{i:02d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def child_main(db: str, folder: str, batch: int) -> None:
    """What the child process runs: an ingest with the fake events stage, commits shown."""
    from dossier.clean.stage import CleanStage
    from dossier.ingest.progress import LineReporter
    from dossier.ingest.run import IngestOptions, ingest
    from dossier.pipeline import Pipeline

    summary = ingest(
        [folder],
        IngestOptions(db=Path(db), batch_size=batch),
        pipeline=Pipeline([CleanStage(), FakeEvents()]),
        reporter=LineReporter(),
    )
    print("\n".join(summary.lines()), flush=True)


def child_command(db: Path, folder: Path) -> list[str]:
    script = (
        f"import sys; sys.path.insert(0, {str(TESTS)!r}); import test_ingest_resume as t; "
        f"t.child_main({str(db)!r}, {str(folder)!r}, {BATCH})"
    )
    return [sys.executable, "-c", script]


def kill_after_commits(command: list[str], commits: int) -> int:
    """Start ``command``, SIGKILL its whole process group once it has reported ``commits``
    committed batches on stderr; returns how many it reported."""
    with subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    ) as proc:
        seen, lines = 0, []
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if line.startswith("committed batch"):
                seen += 1
                if seen >= commits:
                    os.killpg(proc.pid, signal.SIGKILL)
                    break
        proc.wait()
        assert seen >= commits, "the ingest ended before it could be killed:\n" + "".join(lines)
        assert proc.returncode == -signal.SIGKILL
    return seen


def counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        tables = (
            "articles",
            "inputs",
            "events",
            "evidence",
            "removed",
            "quotes",
            "times",
            "quantities",
            "entities",
            "event_parties",
        )
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}  # type: ignore[index]


def per_article_events(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT i.locator, count(e.idx) FROM inputs i LEFT JOIN events e "
            "ON e.article_id = i.article_id GROUP BY i.locator"
        ).fetchall()
    return {Path(locator).name: n for locator, n in rows}


def test_ingest_resume_after_kill_9_stores_every_article_once_with_its_events(
    tmp_path: Path,
) -> None:
    folder = write_articles(tmp_path / "in")
    db = tmp_path / "s.duckdb"
    kill_after_commits(child_command(db, folder), commits=2)

    partial = per_article_events(db)
    assert BATCH * 2 <= len(partial) < ARTICLES  # killed midway, committed batches kept
    for name, events in partial.items():  # each stored article came with all its events
        assert events == expected_events(int(name[7:9])), name

    rerun = subprocess.run(child_command(db, folder), capture_output=True, text=True, check=True)
    assert f"unchanged   {len(partial)}" in rerun.stdout
    assert f"new         {ARTICLES - len(partial)}" in rerun.stdout

    total = sum(expected_events(i) for i in range(ARTICLES))
    assert counts(db) | {"removed": 0, "quotes": 0, "times": 0, "quantities": 0, "entities": 0} == {
        "articles": ARTICLES,
        "inputs": ARTICLES,
        "events": total,
        "evidence": total,
        "removed": 0,
        "quotes": 0,
        "times": 0,
        "quantities": 0,
        "entities": 0,
        "event_parties": 0,
    }
    assert per_article_events(db) == {
        f"report_{i:02d}.txt": expected_events(i) for i in range(ARTICLES)
    }
    with duckdb.connect(str(db), read_only=True) as con:
        dupes = con.execute(
            "SELECT count(*) FROM (SELECT article_id, idx FROM events GROUP BY ALL "
            "HAVING count(*) > 1)"
        ).fetchone()
    assert dupes == (0,)


@pytest.mark.slow
def test_ingest_resume_cli_with_workers_after_kill_9_matches_an_uninterrupted_run(
    tmp_path: Path,
) -> None:
    """The real command and the default pipeline in two worker processes."""
    folder = tmp_path / "in"
    folder.mkdir()
    examples = sorted((TESTS.parent / "examples").glob("*.txt"))
    for i in range(ARTICLES):
        source = examples[i % len(examples)].read_text(encoding="utf-8")
        (folder / f"a{i:02d}.txt").write_text(
            f"{source}\nCorrection number {i}.\n", encoding="utf-8"
        )
    dossier = str(Path(sys.executable).parent / "dossier")
    reference, db = tmp_path / "ref.duckdb", tmp_path / "s.duckdb"
    base = ["ingest", str(folder), "--workers", "2"]
    subprocess.run([dossier, *base, "--db", str(reference)], check=True, capture_output=True)
    kill_after_commits([dossier, *base, "--db", str(db), "--batch-size", str(BATCH)], commits=1)
    assert 0 < counts(db)["articles"] < ARTICLES
    subprocess.run(
        [dossier, *base, "--db", str(db), "--batch-size", str(BATCH)],
        check=True,
        capture_output=True,
    )
    assert counts(db) == counts(reference)
    assert counts(db)["articles"] == ARTICLES
