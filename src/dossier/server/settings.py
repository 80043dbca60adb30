"""What a server is allowed to do, read once at start: from arguments and the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final

TOKEN_ENV: Final = "DOSSIER_TOKEN"
MAX_BODY_BYTES: Final = 2_000_000
"""Request bodies larger than this are refused with 413 before they are read whole. It is
twice the readers' default article limit (1 MB of text): a JSON-escaped article of the
largest size the CLI accepts still fits."""
MAX_PAGE: Final = 500
"""Rows one API page may hold: enough for a dashboard table, small enough that a page of
events with their evidence stays under a megabyte of JSON."""
DEFAULT_PAGE: Final = 50


@dataclass(frozen=True)
class Settings:
    db_path: Path
    token: str | None = None
    """Bearer token that POST /api/ingest requires; None refuses every ingest request."""
    cors_origins: tuple[str, ...] = ()
    """Origins allowed to call the API from a browser; none by default (CORS off)."""
    max_body_bytes: int = MAX_BODY_BYTES
    allow_private: bool = False
    """Let POST /api/ingest fetch URLs on private networks (refused by default: the server
    must not become a way into the network it runs in)."""

    @classmethod
    def from_env(cls, db_path: Path, **overrides: object) -> Settings:
        token = os.environ.get(TOKEN_ENV) or None
        return cls(db_path=db_path, token=token, **overrides)  # type: ignore[arg-type]

    @property
    def ingest_enabled(self) -> bool:
        return bool(self.token)
