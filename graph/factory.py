"""Build the configured GraphStore adapter (named in settings: ``store.backend``; see ``core.registry.STORES``)."""

from __future__ import annotations

from hippograph.core.registry import STORES
from hippograph.core.settings import Settings
from hippograph.graph.store import GraphStore


def make_store(settings: Settings) -> GraphStore:
    """The configured store, not yet opened (call ``open()``; constructors do no I/O)."""
    store: GraphStore = STORES.create(settings.store.backend, settings)
    return store
