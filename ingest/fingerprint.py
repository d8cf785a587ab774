"""What a document's stored contribution was built with: the extraction fingerprint.

A store keeps, beside each document's content hash, the fingerprint of the extraction that
built its passages, triples and vectors. Ingest skips a document only when both match, so an
upgraded extractor (its ``revision``), another extractor, OpenIE file, spaCy or embedding model,
chunking, functional-predicate list or id scheme (:data:`~hippograph.core.ids.ID_SCHEME`) re-extracts the documents built the old way on the next
run, instead of keeping their old triples for ever.
"""

from __future__ import annotations

import hashlib
import json

from hippograph.core.ids import ID_SCHEME
from hippograph.core.settings import Settings


def extraction_fingerprint(settings: Settings, revision: str) -> str:
    """16 hex digits of sha256 over the settings that shape a contribution and the extractor's revision."""
    relevant = {
        "extractor": settings.ingest.extractor,
        "revision": revision,
        "ids": ID_SCHEME,
        "openie": str(settings.ingest.openie_path),
        "chunk": settings.ingest.chunk.model_dump(),
        "spacy": settings.models.spacy_model,
        "embedder": str(settings.models.embedder_path),
        "llm": settings.llm.model if settings.ingest.extractor == "llm" else None,
        "functional": settings.ingest.functional_predicates,
    }
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:16]
