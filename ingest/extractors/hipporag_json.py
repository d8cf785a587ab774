"""Precomputed OpenIE in HippoRAG's format (``{"docs": [{passage, extracted_entities, extracted_triples}]}``).

Lets the retrieval stages use LLM-quality triples without calling an LLM. Passages are
matched by their normalised ``title\\ntext`` (HippoRAG's ``passage`` field) or their text.
A passage missing from the file raises :class:`ExtractionError` naming it.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from hippograph.core.errors import ConfigError, ExtractionError
from hippograph.core.ids import normalize_text
from hippograph.core.models import Extraction, Passage
from hippograph.ingest.extractors.base import ExtractionBuilder

if TYPE_CHECKING:
    from hippograph.core.settings import Settings

logger = logging.getLogger(__name__)


class HippoRAGJsonExtractor:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._index: dict[str, dict[str, Any]] | None = None
        self._lock = threading.Lock()

    @property
    def whole_documents(self) -> bool:
        return True

    @property
    def name(self) -> str:
        return "hipporag-json"

    @property
    def revision(self) -> str:
        return "1"  # the file's path is part of the fingerprint; its triples are read as they are

    def _load(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            if self._index is None:
                if not self._path.is_file():
                    raise ConfigError(f"{self._path}: OpenIE file not found (ingest.openie_path)")
                try:
                    data = json.loads(self._path.read_text(encoding="utf-8"))
                except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                    raise ConfigError(f"{self._path}: not a HippoRAG OpenIE JSON file ({exc})") from exc
                docs = data.get("docs") if isinstance(data, dict) else data
                if not isinstance(docs, list):
                    raise ConfigError(f"{self._path}: expected a 'docs' list")
                index: dict[str, dict[str, Any]] = {}
                for d in docs:
                    if "passage" in d:
                        index.setdefault(normalize_text(d["passage"]), d)
                    if "title" in d and "text" in d:
                        index.setdefault(normalize_text(f"{d['title']}\n{d['text']}"), d)
                    if "text" in d:
                        index.setdefault(normalize_text(d["text"]), d)
                logger.info("loaded OpenIE for %d passages from %s", len(docs), self._path)
                self._index = index
            return self._index

    def extract(self, passages: Sequence[Passage]) -> list[Extraction]:
        index = self._load()
        out: list[Extraction] = []
        for p in passages:
            record = index.get(normalize_text(f"{p.title}\n{p.text}")) or index.get(normalize_text(p.text))
            if record is None:
                raise ExtractionError(
                    f"passage {p.id[:16]} ({p.title!r}) has no entry in {self._path}; "
                    "use an extractor that runs on new text (spacy, llm)"
                )
            b = ExtractionBuilder(p.id)
            if p.title.strip():
                b.entity(p.title.strip(), "TITLE")
            for ent in record.get("extracted_entities", []):
                if isinstance(ent, str):
                    b.entity(ent)
            for t in record.get("extracted_triples", []):
                if isinstance(t, list) and len(t) == 3 and all(isinstance(x, str) for x in t):
                    b.triple(t[0], t[1], t[2])
            out.append(b.build())
        return out


def from_settings(settings: "Settings") -> HippoRAGJsonExtractor:
    """Registry factory (``ingest.extractor = hipporag-json``)."""
    if settings.ingest.openie_path is None:
        raise ConfigError("extractor 'hipporag-json' needs ingest.openie_path (HIPPOGRAPH_INGEST__OPENIE_PATH)")
    return HippoRAGJsonExtractor(settings.ingest.openie_path)
