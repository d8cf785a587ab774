"""Build the configured GraphStore adapter (named in settings: ``store.backend``)."""

from __future__ import annotations

from core.settings import Settings
from graph.store import GraphStore


def make_store(settings: Settings) -> GraphStore:
    """The configured store, not yet opened (call ``open()``; constructors do no I/O)."""
    if settings.store.backend == "neo4j":
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(settings.neo4j)
    from graph.embedded import EmbeddedStore

    return EmbeddedStore(settings.store.path)
