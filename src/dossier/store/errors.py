"""Errors of the store, under ``dossier.errors.DossierError``.

DossierError
└── StoreError                  the database cannot be opened, migrated, queried or exported
    ├── StoreLockedError        another process holds the database for writing
    ├── StoreVersionError       the database was written by a newer dossier (schema ahead)
    ├── NotAStoreError          the file is not a DuckDB database (also a ValueError)
    ├── QueryError              a filter value is malformed (also a ValueError)
    └── ExportError             an export cannot be written (also an OSError where the OS
                                refused it)

Every message names what was received and what to do, as the rest of the tree does.
"""

from __future__ import annotations

from ..errors import DossierError


class StoreError(DossierError):
    """Base of the store's errors."""


class StoreLockedError(StoreError):
    pass


class StoreVersionError(StoreError):
    pass


class NotAStoreError(StoreError, ValueError):
    pass


class QueryError(StoreError, ValueError):
    pass


class ExportError(StoreError):
    pass
