"""HippographRetriever in llama-index: nodes from either store, RetrieverQueryEngine with MockLLM
and with the real local SmolLM2 through the project's LLM port."""

from __future__ import annotations

from pathlib import Path

from llama_index.core.llms import MockLLM
from llama_index.core.query_engine import RetrieverQueryEngine

from hippograph.core.settings import load_settings
from hippograph.graph.store import GraphStore
from hippograph.retrieval.llamaindex import HippographRetriever, as_llama_index_llm
from tests.conftest import doc, ingestor
from tests.llm.recording import RecordingLLM

QUESTION = "What country was the author of Brand a citizen of?"


def test_nodes_are_the_pipelines_passages_with_their_metadata(demo_app) -> None:  # type: ignore[no-untyped-def]
    nodes = HippographRetriever(demo_app, k=5).retrieve(QUESTION)
    expected = demo_app.retrieve_with_clues(QUESTION, k=5)
    assert [n.node.node_id for n in nodes] == [p.passage_id for p in expected.passages]
    assert [n.score for n in nodes] == sorted((n.score for n in nodes), reverse=True)
    meta = nodes[0].node.metadata
    assert meta["title"] == expected.passages[0].title and meta["passage_id"] == expected.passages[0].passage_id
    assert meta["ppr_score"] is not None and meta["dense_score"] is not None
    assert meta["clues"] == [c.text for c in expected.clues] and meta["clues"]
    answer = demo_app.reader("graph").answer(expected, None, expected.clues)
    assert meta["answer"] == answer.answer
    assert meta["answer_path"] == (answer.path.text if answer.path else "")
    assert nodes[0].node.get_content() == expected.passages[0].text


def test_query_engine_with_mock_llm_sees_passages_not_bookkeeping(demo_app) -> None:  # type: ignore[no-untyped-def]
    engine = RetrieverQueryEngine.from_args(HippographRetriever(demo_app, k=3), llm=MockLLM())
    response = engine.query(QUESTION)
    ids = [n.node.node_id for n in response.source_nodes]
    assert ids == [p.passage_id for p in demo_app.retrieve_with_clues(QUESTION, k=3).passages]
    prompt = str(response)  # MockLLM echoes the prompt it was given
    top = response.source_nodes[0].node
    assert top.get_content() in prompt and f"title: {top.metadata['title']}" in prompt
    assert top.node_id not in prompt and "ppr_score" not in prompt and QUESTION in prompt


def test_retriever_over_either_store(store: GraphStore, embedder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from hippograph.runtime.app import Hippograph

    script = {"Ibsen": [("Henrik Ibsen", "wrote", "Brand")], "Norwegian": [("Henrik Ibsen", "citizen of", "Norway")],
              "Strindberg": [("August Strindberg", "wrote", "Miss Julie")]}
    docs = [doc("a", "Henrik Ibsen wrote Brand in 1865."), doc("b", "Henrik Ibsen was a Norwegian playwright."),
            doc("c", "August Strindberg wrote Miss Julie.")]
    assert ingestor(store, embedder, script).ingest(docs).failures == []
    app = Hippograph(load_settings(store={"path": tmp_path / "unused"}), embedder=embedder, store=store)
    nodes = HippographRetriever(app, k=3, clues=False).retrieve("Which country was the writer of Brand from?")
    # the graph's hop (b, reached from Ibsen) is retrieved with the passage naming Brand (a); with
    # interleaving, dense's #2 (c, "wrote") may sit between them
    assert len(nodes) == 3 and {"a", "b"} <= {n.node.metadata["title"] for n in nodes}
    assert all(n.node.metadata["retrieval_method"] == "ppr" for n in nodes)


def test_query_engine_with_the_local_smollm2_through_the_port(demo_app) -> None:  # type: ignore[no-untyped-def]
    from hippograph.llm.port import make_llm

    port = make_llm(load_settings(llm={"provider": "local", "max_tokens": 24}).llm)
    assert port is not None
    recorded = RecordingLLM(port)
    engine = RetrieverQueryEngine.from_args(HippographRetriever(demo_app, k=2), llm=as_llama_index_llm(recorded))
    response = engine.query(QUESTION)
    assert len(recorded.replies) == 1 and response.response == recorded.replies[0].strip()
    assert response.response
    assert response.source_nodes[0].node.get_content() in recorded.prompts[0]
