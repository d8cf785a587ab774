"""Ingest scale-out on Dask: the ingest flow into Neo4j with the thread runner (one process),
then on a local Dask cluster of 1 and of 2 worker processes, in one run; passages/s, the
ratio of 2 workers to 1, and whether every run built the same graph.

    HIPPOGRAPH_NEO4J__URI=bolt://... HIPPOGRAPH_NEO4J__PASSWORD=... PREFECT_API_URL=... \\
        python -m hippograph.bench.scale_out [--limit 600] [--extractor spacy]

The corpus is the first ``--limit`` documents of the 2Wiki corpus. The Neo4j graph is cleared
before each run (use a server of its own, not one holding data you want). Times include the
Dask workers' start (each loads the models once).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from hippograph.bench.common import SHARED


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=600)
    ap.add_argument("--extractor", default="spacy")
    args = ap.parse_args()

    from hippograph.core.settings import load_settings
    from hippograph.flows.ingest_flow import configured_flow
    from hippograph.flows.registry import close_all
    from hippograph.graph.neo4j_store import Neo4jStore

    docs = json.loads((SHARED / "2wiki-corpus" / "corpus.json").read_text())[: args.limit]
    corpus = Path(tempfile.mkdtemp(prefix="hippograph-scale-")) / "corpus.json"
    corpus.write_text(json.dumps(docs))
    base: dict[str, Any] = {"store": {"backend": "neo4j"}, "ingest": {"extractor": args.extractor}}
    runs = {
        "threads (1 process, 2 threads)": {"flows": {"task_runner": "threads", "max_workers": 2}},
        "dask, 1 worker process": {"flows": {"task_runner": "dask", "dask_workers": 1}},
        "dask, 2 worker processes": {"flows": {"task_runner": "dask", "dask_workers": 2}},
    }
    results: dict[str, tuple[float, int, Any]] = {}
    for name, extra in runs.items():
        overrides = {**base, **extra}
        settings = load_settings(**overrides)
        store = Neo4jStore(settings.neo4j)
        store.open()
        store.clear()
        store.close()
        close_all()
        flow = configured_flow(settings)
        t = time.perf_counter()
        state = flow(str(corpus), overrides=overrides, return_state=True)
        seconds = time.perf_counter() - t
        summary = state.result() if state.is_completed() else {}
        store = Neo4jStore(settings.neo4j)
        store.open()
        stats = store.stats()
        rows = store.projection_rows()
        store.close()
        fingerprint = (stats.model_dump(), sorted(rows.passage_ids), sorted(rows.relation_edges), sorted(rows.mention_edges))
        results[name] = (seconds, stats.passages, fingerprint)
        print(f"{name:32s} {state.name:9s} {seconds:7.1f} s  {stats.passages / seconds:6.1f} passages/s  "
              f"writers {len(summary.get('processes', []))}", flush=True)
    names = list(results)
    one, two = results[names[1]][0], results[names[2]][0]
    print(f"2Wiki, {len(docs)} documents, {args.extractor} extractor, Neo4j")
    print(f"  dask 2 workers / 1 worker throughput: {one / two:.2f}x; threads / dask 1 worker: {one / results[names[0]][0]:.2f}x")
    same = all(r[2] == results[names[0]][2] for r in results.values())
    print(f"  every run built the same graph (stats, passages, relation and mention edges): {same}")


if __name__ == "__main__":
    main()
