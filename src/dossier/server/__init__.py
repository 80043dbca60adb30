"""The HTTP API and the dashboard (``dossier serve``): one process, one DuckDB store.

``create_app(db_path)`` builds the FastAPI application; every dashboard page is a client
of the JSON API under ``/api`` and links to its JSON twin. See docs/api.md.

Imported on first use, so that ``dossier --help`` does not load FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app
    from .settings import Settings

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    if name == "Settings":
        from .settings import Settings

        return Settings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
