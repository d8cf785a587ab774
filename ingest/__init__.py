"""Ingestion: load documents, chunk them, extract entities and triples, build document bundles."""
