"""Reading articles from files, directories, JSON Lines and standard input."""

from .readers import DEFAULT_MAX_BYTES, read_inputs, read_path

__all__ = ["DEFAULT_MAX_BYTES", "read_inputs", "read_path"]
