"""Choose an extractor by the name given in settings (``ingest.extractor``; see ``core.registry.EXTRACTORS``)."""

from __future__ import annotations

from hippograph.core.registry import EXTRACTORS
from hippograph.core.settings import Settings
from hippograph.ingest.extractors.base import Extractor


def make_extractor(settings: Settings) -> Extractor:
    extractor: Extractor = EXTRACTORS.create(settings.ingest.extractor, settings)
    return extractor
