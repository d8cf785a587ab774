"""Ingest throughput on the 2Wiki corpus (6,119 passages) with the spaCy extractor, per stage,
into the embedded store and into Neo4j, plus the projection read and PPR latency on the result.

    HIPPOGRAPH_NEO4J__PASSWORD=... python -m bench.ingest_throughput [--limit N] [--no-neo4j]

Documents are chunked, parsed and embedded once (timed per stage); the same bundles are then
written to each store (write time per store). Peak RSS of this process is printed at the end.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from typing import Any
from pathlib import Path

from hippograph.bench.common import SHARED, peak_rss_mib, summary
from hippograph.core.settings import load_settings
from hippograph.ingest.loaders import iter_documents
from hippograph.ingest.pipeline import IngestReport
from hippograph.runtime.app import Hippograph


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-neo4j", action="store_true")
    args = ap.parse_args()
    docs = [d for d in iter_documents(SHARED / "2wiki-corpus" / "corpus.json")][: args.limit]
    n_docs = len(docs)
    path = Path(tempfile.mkdtemp(prefix="hippograph-2wiki-")) / "store"
    emb = Hippograph(load_settings(store={"path": path})).open()
    ingestor = emb.ingestor()
    bundles: list[Any] = []
    write = ingestor.write

    def capture(bundle: Any, report: Any) -> None:
        bundles.append(bundle)  # kept to write the very same bundles to Neo4j afterwards
        write(bundle, report)

    ingestor.write = capture  # type: ignore[method-assign]
    t0 = time.perf_counter()
    report = ingestor.ingest(docs)
    total_emb = time.perf_counter() - t0
    passages = sum(len(b.passages) for b in bundles)
    print(f"2Wiki ingest, spaCy extractor: {n_docs} documents, {passages} passages, "
          f"{sum(len(b.triples) for b in bundles)} triples, {report.synonym_edges} synonym edges, "
          f"{len(report.failures)} failures")
    for stage in ("chunk", "extract", "embed", "write", "synonyms"):
        print(f"  {stage:9s} {report.seconds[stage]:8.1f} s")
    print(f"  end to end (embedded): {total_emb:8.1f} s = {passages / total_emb:6.1f} passages/s (goal >= 50)")
    stats = emb.store.stats()
    print(f"  graph: {json.dumps(stats.model_dump())}")

    def query_bench(app: Hippograph, name: str) -> None:
        t = time.perf_counter()
        rows = app.store.projection_rows()
        read_ms = (time.perf_counter() - t) * 1000
        print(f"  {name:8s} projection read {read_ms:8.0f} ms ({len(rows.entity_ids)} entities, {len(rows.mention_edges)} mentions)")
        questions = [f"Who directed {b.document.title}?" for b in bundles[:: max(1, len(bundles) // 40)]][:40]
        for method in ("bm25", "dense", "ppr"):
            app.engine.retrieve(questions[0], method=method, k=5)
            lat = []
            for q in questions:
                t = time.perf_counter()
                app.engine.retrieve(q, method=method, k=5)
                lat.append((time.perf_counter() - t) * 1000)
            print(f"  {name:8s} {method:5s} query {summary(lat)}")

    query_bench(emb, "embedded")
    if not args.no_neo4j:
        from hippograph.graph.neo4j_store import Neo4jStore

        neo_settings = load_settings(store={"backend": "neo4j"})
        raw = Neo4jStore(neo_settings.neo4j)
        raw.open()
        raw.clear()
        raw.close()
        neo = Hippograph(neo_settings, embedder=emb.embedder).open()
        nrep = IngestReport()
        ning = neo.ingestor()
        t = time.perf_counter()
        for b in bundles:
            ning.write(b, nrep)
        write_neo = time.perf_counter() - t
        t = time.perf_counter()
        ning.finalize(nrep)
        print(f"  write     {write_neo:8.1f} s (neo4j, {passages / write_neo:.1f} passages/s), synonyms {time.perf_counter() - t:.1f} s")
        query_bench(neo, "neo4j")
    print(f"  peak RSS of this process: {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
