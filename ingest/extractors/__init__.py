"""Extractors behind the :class:`~ingest.extractors.base.Extractor` port, selected by name in settings."""
