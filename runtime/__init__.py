"""The composition root: builds the store, models, ingestor and QA engine from one Settings tree."""
