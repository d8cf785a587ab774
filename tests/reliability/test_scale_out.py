"""Scale-out on existing engines: the ingest flow on prefect-dask's DaskTaskRunner backed by a
distributed.LocalCluster of 2 worker processes, writing to Neo4j, gives the graph a
single-process ingest gives; on the embedded store the second writing process is refused."""

from __future__ import annotations

from pathlib import Path

from hippograph.core.settings import load_settings
from hippograph.flows.ingest_flow import configured_flow, ingest_corpus
from tests.reliability.conftest import OwnNeo4j, clear_graph, graph_of, orphans, small_corpus


def test_dask_ingest_with_two_worker_processes_equals_a_single_process_ingest(
    neo4j_env: OwnNeo4j, tmp_path: Path, prefect_api: str
) -> None:
    n = 40
    corpus, openie = small_corpus(tmp_path, n)
    overrides = {"ingest": {"extractor": "hipporag-json", "openie_path": str(openie)}}
    single = ingest_corpus(str(corpus), overrides=overrides, return_state=True)
    assert single.is_completed(), single.message
    one = graph_of(neo4j_env)

    clear_graph(neo4j_env)
    dask = {**overrides, "flows": {"task_runner": "dask", "dask_workers": 2}}
    flow = configured_flow(load_settings(**dask))
    assert type(flow.task_runner).__name__ == "DaskTaskRunner"
    state = flow(str(corpus), overrides=dask, return_state=True)
    assert state.is_completed(), state.message
    summary = state.result()
    two = graph_of(neo4j_env)

    assert two == one  # ids, edges, counts, synonym edges
    assert two["stats"]["documents"] == n and orphans(two) == []
    writers = summary["processes"]
    assert len(writers) == 2, f"documents were written by {writers}, not by 2 worker processes"
