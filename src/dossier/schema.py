"""The JSON Schema of the output contract, generated from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import Article

SCHEMA_FILE = "article.schema.json"


def article_schema() -> dict[str, Any]:
    schema = Article.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/dossier-news/dossier/schema/article.schema.json"
    return schema


def render_schema() -> str:
    return json.dumps(article_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schema(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SCHEMA_FILE
    path.write_text(render_schema(), encoding="utf-8")
    return path
