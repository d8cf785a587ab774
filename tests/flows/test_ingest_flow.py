"""The ingestion flow on a real Prefect server: bad documents, artifacts, resume after a failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hippograph.flows.ingest_flow import ingest_corpus
from hippograph.flows.registry import close_all
from hippograph.graph.embedded import EmbeddedStore



def _corpus(tmp_path: Path) -> Path:
    src = tmp_path / "corpus"
    src.mkdir()
    (src / "curie.txt").write_text("Marie Curie was born in Warsaw. She won the Nobel Prize in Physics in 1903.")
    (src / "warsaw.md").write_text("# Warsaw\nWarsaw is the capital of Poland. It lies on the Vistula river.")
    (src / "empty.txt").write_text("")
    (src / "latin1.txt").write_bytes("Café crème in Paris".encode("latin-1"))
    (src / "more.jsonl").write_text(
        '{"title": "Vistula", "text": "The Vistula is the longest river in Poland."}\n{broken\n'
    )
    return src


def _artifact_markdown(flow_run_id: object) -> str:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        arts = client.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
    return "\n".join(str(a.data) for a in arts if a.key == "hippograph-ingest-report")


def test_bad_documents_fail_alone_and_are_reported(tmp_path: Path, prefect_api: str) -> None:
    src = _corpus(tmp_path)
    overrides = {"store": {"path": str(tmp_path / "store")}}
    state = ingest_corpus(str(src), overrides=overrides, return_state=True)
    assert state.is_failed()
    assert state.message == "3 of 6 documents failed"
    store = EmbeddedStore(tmp_path / "store")
    store.open()
    assert store.stats().documents == 3  # curie, warsaw, Vistula landed
    md = _artifact_markdown(state.state_details.flow_run_id)
    assert "3 failed" in md and "empty document" in md and "not UTF-8" in md and "more.jsonl:2: malformed JSON" in md
    close_all()


def test_rerun_after_a_failure_resumes_and_equals_a_clean_run(tmp_path: Path, prefect_api: str) -> None:
    docs = [{"title": f"Doc {i}", "text": f"City{i} is the capital of Country{i}. Person{i} was born in City{i}."}
            for i in range(6)]
    corpus = tmp_path / "corpus.json"
    corpus.write_text(json.dumps(docs))
    openie = {"docs": [{"title": d["title"], "text": d["text"], "extracted_entities": [],
                        "extracted_triples": [[f"City{i}", "capital of", f"Country{i}"], [f"Person{i}", "born in", f"City{i}"]]}
                       for i, d in enumerate(docs)]}
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps({"docs": openie["docs"][:4]}))  # documents 4 and 5 fail: no OpenIE for them
    full = tmp_path / "full.json"
    full.write_text(json.dumps(openie))

    def run(store: Path, openie_path: Path):  # type: ignore[no-untyped-def]
        overrides = {"store": {"path": str(store)}, "ingest": {"extractor": "hipporag-json", "openie_path": str(openie_path)}}
        return ingest_corpus(str(corpus), overrides=overrides, return_state=True)

    first = run(tmp_path / "resumed", partial)
    assert first.is_failed() and first.message == "2 of 6 documents failed"
    second = run(tmp_path / "resumed", full)
    assert second.is_completed()
    summary = second.result()
    assert summary["failed"] == 0
    clean = run(tmp_path / "clean", full)
    assert clean.is_completed()
    a, b = EmbeddedStore(tmp_path / "resumed"), EmbeddedStore(tmp_path / "clean")
    a.open()
    b.open()
    sa, sb = a.stats(), b.stats()
    assert sa.model_dump(exclude={"episodes"}) == sb.model_dump(exclude={"episodes"})
    ra, rb = a.projection_rows(), b.projection_rows()
    assert (ra.entity_ids, ra.passage_ids, ra.relation_edges, ra.mention_edges) == (
        rb.entity_ids, rb.passage_ids, rb.relation_edges, rb.mention_edges)
    close_all()
