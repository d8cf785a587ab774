"""Choose an extractor by the name given in settings (``ingest.extractor``)."""

from __future__ import annotations

from core.errors import ConfigError
from core.settings import Settings
from ingest.extractors.base import Extractor
from ingest.extractors.hipporag_json import HippoRAGJsonExtractor
from ingest.extractors.spacy_ie import SpacyExtractor


def make_extractor(settings: Settings) -> Extractor:
    name = settings.ingest.extractor
    if name == "spacy":
        return SpacyExtractor(settings.models.spacy_model)
    if name == "hipporag-json":
        if settings.ingest.openie_path is None:
            raise ConfigError("extractor 'hipporag-json' needs ingest.openie_path (HIPPOGRAPH_INGEST__OPENIE_PATH)")
        return HippoRAGJsonExtractor(settings.ingest.openie_path)
    if name == "llm":
        from ingest.extractors.llm_ie import make_llm_extractor

        return make_llm_extractor(settings)
    raise ConfigError(f"unknown extractor {name!r}")
