"""LLM OpenIE, HippoRAG's two steps: named entities, then triples conditioned on them.

Results are cached by (model, passage hash) in a small SQLite file beside the store, so a
re-run costs nothing. Invalid JSON follows the LLM policy (retry once with the error, then
fall back to the spaCy extractor for that passage, or raise ``ExtractionError``).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Sequence

from pydantic import BaseModel, Field

from hippograph.core.errors import ExtractionError, LLMError
from hippograph.core.ids import sha256_id
from hippograph.core.models import Extraction, Passage
from hippograph.core.settings import Settings
from hippograph.ingest.extractors.base import ExtractionBuilder
from hippograph.ingest.extractors.spacy_ie import SpacyExtractor
from hippograph.llm.port import LLM, make_llm
from hippograph.llm.prompts import NER, TRIPLES
from hippograph.llm.structured import generate

logger = logging.getLogger(__name__)


class _Entities(BaseModel):
    entities: list[str] = Field(default_factory=list)


class _Triples(BaseModel):
    triples: list[list[str]] = Field(default_factory=list)


class ExtractionCache:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self._path, check_same_thread=False)
            self._conn.execute("CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        return self._conn

    def get(self, key: str) -> dict[str, list] | None:
        with self._lock:
            row = self._db().execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, value: dict[str, list]) -> None:
        with self._lock:
            db = self._db()
            db.execute("INSERT OR REPLACE INTO cache(key, value) VALUES (?, ?)", (key, json.dumps(value)))
            db.commit()


_PROMPTS = sha256_id(NER.template, TRIPLES.template)[-12:]


class LLMExtractor:
    def __init__(self, llm: LLM, cache: ExtractionCache, fallback: SpacyExtractor | None) -> None:
        self._llm = llm
        self._cache = cache
        self._fallback = fallback
        self.calls = 0

    @property
    def whole_documents(self) -> bool:
        return False

    @property
    def name(self) -> str:
        return "llm"

    @property
    def revision(self) -> str:
        # the prompts' text, and the fallback's revision (passages the LLM failed on are read by spaCy)
        return f"{_PROMPTS}+{self._fallback.revision if self._fallback else '-'}"

    def _one(self, p: Passage) -> Extraction:
        key = sha256_id(self._llm.name, _PROMPTS, p.id)  # another prompt is another extraction, not a cache hit
        cached = self._cache.get(key)
        if cached is None:
            try:
                self.calls += 1
                ents, _ = generate(self._llm, NER.render(passage=f"{p.title}\n{p.text}"), _Entities)
                trips, _ = generate(
                    self._llm, TRIPLES.render(passage=f"{p.title}\n{p.text}", entities=json.dumps(ents.entities)), _Triples
                )
            except LLMError as exc:
                if self._fallback is None:
                    raise ExtractionError(f"passage {p.id[:16]} ({p.title!r}): {exc}") from exc
                logger.warning("LLM extraction failed for %s (%s); using spaCy", p.id[:16], exc)
                return self._fallback.extract([p])[0]
            cached = {"entities": ents.entities, "triples": [t for t in trips.triples if len(t) == 3]}
            self._cache.put(key, cached)
        b = ExtractionBuilder(p.id)
        if p.title.strip():
            b.entity(p.title.strip(), "TITLE")
        for e in cached["entities"]:
            b.entity(str(e))
        for s, r, o in cached["triples"]:
            b.triple(str(s), str(r), str(o))
        return b.build()

    def extract(self, passages: Sequence[Passage]) -> list[Extraction]:
        return [self._one(p) for p in passages]


def make_llm_extractor(settings: Settings) -> LLMExtractor:
    llm = make_llm(settings.llm)
    if llm is None:
        from hippograph.core.errors import ConfigError

        raise ConfigError("extractor 'llm' needs an LLM: set llm.provider (openai-like, ollama or local)")
    fallback = SpacyExtractor(settings.models.spacy_model) if settings.llm.on_invalid == "fallback" else None
    cache = ExtractionCache(settings.store.path.parent / "llm-extraction-cache.sqlite3")
    return LLMExtractor(llm, cache, fallback)
