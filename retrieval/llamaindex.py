"""llama-index interop: hippograph's retrieval as a llama-index retriever, and the project's LLM
port as a llama-index LLM.

:class:`HippographRetriever` is a llama-index ``BaseRetriever`` over either store: it runs the
same clues → Personalized PageRank retrieval as ``hippograph ask`` and returns ``NodeWithScore``
objects (the passage text; its id, title, document, file location, PPR and dense scores, the
clues and the offline reader's answer path in metadata). It plugs into ``RetrieverQueryEngine``
with any llama-index LLM::

    from llama_index.core.query_engine import RetrieverQueryEngine
    engine = RetrieverQueryEngine.from_args(HippographRetriever(app), llm=my_llm)
    response = engine.query("What country was the author of Brand a citizen of?")

:func:`as_llama_index_llm` turns any ``hippograph.llm.port.LLM`` (the local SmolLM2, an
OpenAI-compatible server, a scripted test model) into a llama-index ``LLM`` for such engines.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from hippograph.core.models import RetrievalResult

if TYPE_CHECKING:
    from hippograph.llm.port import LLM
    from hippograph.runtime.app import Hippograph

logger = logging.getLogger(__name__)

# metadata a person or a program reads, but that the answering LLM's prompt does not need
_HIDDEN_FROM_LLM = ["passage_id", "doc_id", "rank", "score", "ppr_score", "dense_score", "clues", "answer_path",
                    "answer", "answer_confidence", "retrieval_method"]


class HippographRetriever(BaseRetriever):
    """hippograph retrieval (clues + PPR over the graph) as a llama-index retriever.

    ``k`` passages are returned (default: the ``retrieval.top_k`` setting); ``clues`` overrides
    ``clues.enabled``; ``with_answer_path`` runs the offline reader over the retrieved passages
    and puts its reasoning path (``Brand —written by→ Henrik Ibsen —citizen of→ Norway``) and
    answer in every node's metadata (about 0.1 s more per query).
    """

    def __init__(self, app: Hippograph, k: int | None = None, clues: bool | None = None,
                 with_answer_path: bool = True, method: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._app = app
        self._k = k
        self._clues = clues
        self._with_path = with_answer_path
        self._method = method

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        self._app.open()
        result = self._app.retrieve_with_clues(query_bundle.query_str, method=self._method,
                                               k=self._k or self._app.settings.retrieval.top_k, clues=self._clues)
        extra: dict[str, Any] = {"clues": [c.text for c in result.clues], "retrieval_method": result.method}
        if self._with_path and result.passages:
            answer = self._app.reader("graph").answer(result, None, result.clues)
            extra.update(answer_path=answer.path.text if answer.path is not None else "",
                         answer=answer.answer, answer_confidence=round(answer.confidence, 3))
        return nodes_of(result, extra)


def nodes_of(result: RetrievalResult, extra: dict[str, Any] | None = None) -> list[NodeWithScore]:
    """The retrieved passages as llama-index nodes, best first."""
    nodes = []
    for p in result.passages:
        metadata: dict[str, Any] = {
            "title": p.title, "passage_id": p.passage_id, "doc_id": p.doc_id, "rank": p.rank, "score": p.score,
            "ppr_score": p.ppr_score, "dense_score": p.dense_score, **(extra or {}),
        }
        if p.locator:
            metadata["source"] = p.locator
        node = TextNode(id_=p.passage_id, text=p.text, metadata=metadata,
                        excluded_llm_metadata_keys=list(_HIDDEN_FROM_LLM),
                        excluded_embed_metadata_keys=list(_HIDDEN_FROM_LLM))
        nodes.append(NodeWithScore(node=node, score=p.score))
    return nodes


def as_llama_index_llm(llm: LLM) -> Any:
    """A llama-index ``CustomLLM`` that answers through the project's LLM port (so its
    adapters, error handling and secret scrubbing apply)."""
    from llama_index.core.llms import CompletionResponse, CustomLLM, LLMMetadata

    class PortLLM(CustomLLM):
        @property
        def metadata(self) -> LLMMetadata:
            return LLMMetadata(model_name=llm.name, context_window=8192, num_output=256)

        def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
            return CompletionResponse(text=llm.complete(prompt))

        def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> Any:
            text = llm.complete(prompt)

            def gen() -> Any:
                yield CompletionResponse(text=text, delta=text)

            return gen()

    return PortLLM()
