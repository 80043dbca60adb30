"""POST /api/ingest: URLs or texts into the store, one job at a time, behind a token.

Why one worker thread in the server process: DuckDB allows one writing process per file,
or any number of read-only ones, never both. A server that ingests therefore opens the
store for writing itself and is its single writer: jobs run one after the other in one
thread (the writer is single), while requests read through cursors of the same database
(DuckDB's MVCC gives them the last committed state). A ``dossier ingest`` run from the
shell on the same file meanwhile is refused by the file lock — stop the server or ingest
through the API. A server without a token opens the store read-only and refuses ingest
requests; then the CLI cannot write while it runs either (the lock is the same).

The API never reads paths: a URL must be http(s) (private and loopback addresses refused,
as ``dossier ingest`` does, unless the server was started with ``--allow-private``), and
a text arrives in the body.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import duckdb
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..doc import RawArticle
from ..errors import DossierError, InputError
from ..ingest.readers import looks_like_html
from ..pipeline import Pipeline
from ..store.writer import Analysed, Skip, StoreWriter
from .errors import ForbiddenError, NotFoundError, UnauthorizedError
from .settings import TOKEN_ENV, Settings

MAX_ITEMS = 100
"""URLs and texts per request: a job is a batch, not a crawl (use ``dossier ingest``)."""
MAX_TEXT = 1_000_000
KEPT_JOBS = 1000
"""Finished jobs remembered for GET /api/ingest/{id}; older ones are forgotten so a busy
server's memory does not grow with every request."""


class IngestText(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT, description="Plain text or HTML")
    url: str | None = Field(default=None, max_length=2000, pattern=r"^https?://\S+$")
    published: str | None = Field(default=None, max_length=40)
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$")
    title: str | None = Field(default=None, max_length=500)

    @field_validator("published")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        from .api import checked_date

        return checked_date(value)


class IngestRequest(BaseModel):
    """URLs to fetch (http or https only; no file paths) and texts to analyse."""

    model_config = ConfigDict(extra="forbid")

    urls: list[Any] = Field(default_factory=list, max_length=MAX_ITEMS)
    texts: list[IngestText] = Field(default_factory=list, max_length=MAX_ITEMS)

    @field_validator("urls")
    @classmethod
    def _urls(cls, urls: list[Any]) -> list[str]:
        for url in urls:
            if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                raise ValueError(
                    f"{url!r} is not an http(s) URL — the API fetches web pages only, "
                    "never paths on the server"
                )
            if len(url) > 2000 or any(c.isspace() for c in url):
                raise ValueError(f"{url[:80]!r}… is not a URL (too long, or spaces)")
        return list(urls)

    @model_validator(mode="after")
    def _something(self) -> IngestRequest:
        if not self.urls and not self.texts:
            raise ValueError("give at least one URL in 'urls' or one text in 'texts'")
        return self


def check_token(settings: Settings, authorization: str | None) -> None:
    """Refuse unless the server has a token and the request carries it (constant-time)."""
    if not settings.token:
        raise ForbiddenError(
            f"ingest is disabled on this server — start it with {TOKEN_ENV} set to enable "
            "POST /api/ingest"
        )
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not given or not hmac.compare_digest(given.encode(), settings.token.encode()):
        raise UnauthorizedError(
            "missing or wrong token — send 'Authorization: Bearer <DOSSIER_TOKEN>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


@dataclass
class Job:
    id: str
    urls: int
    texts: int
    status: Literal["queued", "running", "done", "failed"] = "queued"
    counts: dict[str, int] = field(default_factory=dict)
    articles: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "job_id": self.id,
            "status": self.status,
            "urls": self.urls,
            "texts": self.texts,
            "counts": dict(sorted(self.counts.items())),
            "articles": list(self.articles),
            "errors": list(self.errors),
            "links": {"self": f"/api/ingest/{self.id}"},
        }


class Jobs:
    """Ingest jobs of this server, run one at a time in one thread."""

    def __init__(
        self,
        settings: Settings,
        store: duckdb.DuckDBPyConnection,
        pipeline: Callable[[], Pipeline],
        lock: threading.Lock,
    ) -> None:
        self.settings = settings
        self.store = store
        self.pipeline = pipeline
        self.lock = lock
        self._jobs: dict[str, Job] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dossier-ingest")

    def submit(self, request: IngestRequest) -> Job:
        job = Job(uuid.uuid4().hex, urls=len(request.urls), texts=len(request.texts))
        finished = [k for k, j in self._jobs.items() if j.status in {"done", "failed"}]
        for old in finished[: max(0, len(self._jobs) - KEPT_JOBS + 1)]:
            del self._jobs[old]
        self._jobs[job.id] = job
        self._pool.submit(self._run, job, request)
        return job

    def get(self, job_id: str) -> Job:
        job = self._jobs.get(job_id)
        if job is None:
            raise NotFoundError(f"no ingest job {job_id!r} on this server (jobs are not kept "
                                "across restarts)")  # fmt: skip
        return job

    def wait(self) -> None:
        """Block until the queued jobs are done (tests, shutdown)."""
        self._pool.submit(lambda: None).result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, job: Job, request: IngestRequest) -> None:
        job.status = "running"
        try:
            if request.texts:
                self._texts(job, request.texts)
            if request.urls:
                self._urls(job, request.urls)
            job.status = "done"
        except DossierError as exc:
            job.errors.append(str(exc))
            job.status = "failed"
        except Exception as exc:  # noqa: BLE001 - a job's failure is its result, not a crash
            job.errors.append(f"{type(exc).__name__}: {exc}")
            job.status = "failed"

    def _texts(self, job: Job, texts: list[IngestText]) -> None:
        from ..ingest.run import fingerprint_of, locator_of, pipeline_signature

        pipeline = self.pipeline()
        analysed: list[Analysed] = []
        skips: list[Skip] = []
        for item in texts:
            data = item.text.encode("utf-8")
            digest = hashlib.sha256(data).hexdigest()
            raw = RawArticle(
                data=data,
                source=f"api:text:{digest[:16]}",
                content_type="html" if looks_like_html(data) else "text",
                published=item.published,
                language=item.language,
                url=item.url,
                title=item.title,
            )
            with self.lock:
                doc = pipeline(raw)
            if doc.error is not None:
                error: InputError = doc.error
                skips.append(
                    Skip(locator_of(raw), raw.source, "clean", type(error).__name__, str(error))
                )
                job.errors.append(str(error))
                continue
            article = doc.to_article()
            analysed.append(Analysed(locator_of(raw), raw.source, fingerprint_of(raw), article))
            job.articles.append(article.id)
        cursor = self.store.cursor()
        try:
            outcome = StoreWriter(cursor, pipeline_signature(pipeline)).write(analysed, skips)
        finally:
            cursor.close()
        for kind, n in outcome.counts.items():
            job.counts[kind] = job.counts.get(kind, 0) + n
        if skips:
            job.counts["skipped"] = job.counts.get("skipped", 0) + len(skips)

    def _urls(self, job: Job, urls: list[str]) -> None:
        from ..ingest.run import IngestOptions, ingest

        with self.lock:
            summary = ingest(
                urls,
                IngestOptions(
                    db=Path(self.settings.db_path), allow_private=self.settings.allow_private
                ),
                pipeline=self.pipeline(),
            )
        for kind, n in summary.counts.items():
            job.counts[kind] = job.counts.get(kind, 0) + n
        if summary.skipped:
            job.counts["skipped"] = job.counts.get("skipped", 0) + sum(summary.skipped.values())
            job.errors.extend(summary.skip_examples)
