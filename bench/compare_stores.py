"""Same questions, same corpus, both stores: do Neo4j and the embedded store rank the same passages?

    HIPPOGRAPH_NEO4J__PASSWORD=... python -m bench.compare_stores [--extractor hipporag-json]

Ingests musique-100 into the embedded store and into Neo4j (emptied first), times the
projection read from each, and compares the top-5 PPR passages for all 100 questions.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from hippograph.bench.common import SHARED, summary
from hippograph.core.settings import load_settings
from hippograph.evaluation.dataset import load_questions
from hippograph.graph.neo4j_store import Neo4jStore
from hippograph.ingest.loaders import iter_documents
from hippograph.runtime.app import Hippograph


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--embedded-store", type=Path, default=None, help="Reuse an embedded store already holding musique-100.")
    ap.add_argument("--k", type=int, default=5)
    args = ap.parse_args()
    data = SHARED / "musique-100"
    ingest = {"extractor": "hipporag-json", "openie_path": data / "openie-gpt-3.5-turbo-1106.json"}
    path = args.embedded_store or Path(tempfile.mkdtemp(prefix="hippograph-cmp-")) / "store"
    emb = Hippograph(load_settings(store={"path": path}, ingest=ingest, clues={"enabled": False})).open()
    neo_settings = load_settings(store={"backend": "neo4j"}, ingest=ingest, clues={"enabled": False})
    raw = Neo4jStore(neo_settings.neo4j)
    raw.open()
    raw.clear()
    raw.close()
    neo = Hippograph(neo_settings, embedder=emb.embedder).open()
    docs = list(iter_documents(data / "corpus.json"))
    for name, app in (("embedded", emb), ("neo4j", neo)):
        t = time.perf_counter()
        report = app.ingestor().ingest(docs)
        print(f"{name:8s} ingest: {time.perf_counter() - t:7.1f} s ({report.created} new, {report.unchanged} unchanged, "
              f"{len(report.failures)} failed); write {report.seconds.get('write', 0):.1f} s")
    for name, app in (("embedded", emb), ("neo4j", neo)):
        t = time.perf_counter()
        rows = app.store.projection_rows()
        print(f"{name:8s} projection read: {(time.perf_counter() - t) * 1000:7.0f} ms "
              f"({len(rows.entity_ids)} entities, {len(rows.passage_ids)} passages, {len(rows.mention_edges)} mentions)")
    items = load_questions(data / "questions.json")
    same = overlap = 0
    lat: dict[str, list[float]] = {"embedded": [], "neo4j": []}
    for item in items:
        tops = {}
        for name, app in (("embedded", emb), ("neo4j", neo)):
            t = time.perf_counter()
            tops[name] = [p.passage_id for p in app.engine.retrieve(item.question, method="ppr", k=args.k).passages]
            lat[name].append((time.perf_counter() - t) * 1000)
        same += tops["embedded"] == tops["neo4j"]
        overlap += len(set(tops["embedded"]) & set(tops["neo4j"]))
    n = len(items)
    print(f"top-{args.k} PPR passages identical (same order) for {same}/{n} questions; "
          f"set overlap {100 * overlap / (n * args.k):.1f}%")
    for name in lat:
        print(f"{name:8s} PPR query latency  {summary(lat[name])}")


if __name__ == "__main__":
    main()
