"""One exception tree for dossier. Every message says what was received and how to fix it.

DossierError
├── InputError                  a user's article cannot be read (the batch goes on)
│   ├── MissingInputError       (also a FileNotFoundError)
│   ├── EmptyInputError
│   ├── BinaryInputError
│   ├── InputTooLargeError
│   ├── UndecodableInputError
│   ├── NoArticleError          HTML with no main text
│   ├── InvalidRecordError      a JSON Lines line that is not a valid article
│   ├── FetchError              a URL that could not be fetched (ingest/http.py)
│   ├── FeedError               a feed that could not be read (ingest/feeds.py)
│   └── WarcError               a WARC file or record that could not be read (ingest/warc.py)
├── PipelineError               a pipeline built wrongly (a programming or config error)
│   ├── UnknownStageError
│   └── MissingRequirementError
├── ResourceError               a model or data file is missing or malformed
│   ├── ModelNotInstalledError
│   └── DataFileError
├── StageError                  a stage failed on one article (kept as a warning)
├── StoreError                  the DuckDB store (store/errors.py): locked, too new, not a
│   │                           store, a bad query filter, an export target
│   └── ParquetImportError      a Spark output folder that cannot be imported
├── ApiError                    an HTTP request the API refuses, with its status (server/)
└── SparkRunError               a Spark job that cannot start or run (runners/spark.py)
"""

from __future__ import annotations


class DossierError(Exception):
    """Base of every error dossier raises on purpose."""


class InputError(DossierError):
    """An input cannot be analysed. ``source`` names it so a batch can report and go on."""

    def __init__(self, source: str, problem: str, fix: str) -> None:
        self.source = source
        self.problem = problem
        self.fix = fix
        super().__init__(f"{source}: {problem} — {fix}")


class MissingInputError(InputError, FileNotFoundError):
    pass


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class InputTooLargeError(InputError):
    pass


class UndecodableInputError(InputError):
    pass


class NoArticleError(InputError):
    pass


class InvalidRecordError(InputError):
    pass


class PipelineError(DossierError):
    pass


class UnknownStageError(PipelineError, KeyError):
    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class MissingRequirementError(PipelineError):
    pass


class ResourceError(DossierError):
    pass


class ModelNotInstalledError(ResourceError):
    pass


class DataFileError(ResourceError):
    pass


class StageError(DossierError):
    def __init__(self, stage: str, source: str, cause: BaseException) -> None:
        self.stage = stage
        self.source = source
        self.cause = cause
        super().__init__(
            f"{source}: stage {stage} failed ({type(cause).__name__}: {cause}) — "
            "the article is kept without this stage's output; rerun with --debug for the traceback "
            "and report it with the input"
        )
