"""One exception root for hippograph, with one subclass per stage.

Every failure raises; nothing is turned into an empty result. Messages name the
input (file, line, document id, URI) and the problem.
"""

from __future__ import annotations


class HippographError(Exception):
    """Root of every error hippograph raises on purpose."""


class ConfigError(HippographError):
    """Settings are invalid or a configured resource (model, file) is missing."""


class InputError(HippographError):
    """A document, file or question cannot be used as given."""

    def __init__(self, source: str, problem: str, line: int | None = None) -> None:
        self.source = source
        self.problem = problem
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {problem}")


class IngestError(HippographError):
    """Loading, chunking or extraction of a document failed."""


class ExtractionError(IngestError):
    """The extractor could not produce triples for a passage."""


class StoreError(HippographError):
    """The graph store failed to read or write."""


class StoreUnavailableError(StoreError):
    """The graph store cannot be reached (transient: worth retrying)."""


class StoreBusyError(StoreUnavailableError):
    """Another process is writing to the embedded store (it takes one writer at a time): transient,
    so a flow retries with backoff and a run stops instead of failing every document."""


class StoreAuthError(StoreError):
    """The graph store refused the credentials (not worth retrying)."""


class RetrievalError(HippographError):
    """Linking, PageRank or a baseline retriever failed."""


class SelectionError(HippographError):
    """Passage selection (MCTS or greedy) failed."""


class AnswerError(HippographError):
    """The answer stage failed."""


class OrchestrationError(HippographError):
    """Prefect itself failed (its API answered 5xx/429 or could not be reached), not the work."""


class LLMError(HippographError):
    """An LLM call failed or its output could not be validated."""


class LLMOutputError(LLMError):
    """The LLM answered, but not with JSON matching the expected model."""
