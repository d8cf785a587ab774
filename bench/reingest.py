"""Re-ingesting an unchanged corpus: the second run must write nothing and be much faster.

Ingests the 2Wiki corpus (6,119 passages, spaCy extractor) into a fresh embedded store, then
ingests it again, and prints both times, their ratio, and the node and edge counts before and
after the second run (and whether the graph version moved, i.e. whether anything was written).

    python -m bench.reingest [--limit N] [--neo4j]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from hippograph.bench.common import SHARED, peak_rss_mib
from hippograph.core.settings import load_settings
from hippograph.ingest.loaders import iter_documents
from hippograph.runtime.app import Hippograph


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--neo4j", action="store_true", help="Use the Neo4j of HIPPOGRAPH_NEO4J__* (cleared first).")
    args = ap.parse_args()
    docs = list(iter_documents(SHARED / "2wiki-corpus" / "corpus.json"))[: args.limit]
    if args.neo4j:
        settings = load_settings(store={"backend": "neo4j"})
    else:
        settings = load_settings(store={"path": Path(tempfile.mkdtemp(prefix="hippograph-reingest-")) / "store"})
    app = Hippograph(settings).open()
    if args.neo4j:
        app.store.clear()  # type: ignore[attr-defined]
    ingestor = app.ingestor()
    t = time.perf_counter()
    first = ingestor.ingest(docs)
    first_s = time.perf_counter() - t
    stats1, version1 = app.store.stats(), app.store.version()
    t = time.perf_counter()
    second = ingestor.ingest(docs)
    second_s = time.perf_counter() - t
    stats2, version2 = app.store.stats(), app.store.version()
    print(f"re-ingest of {len(docs)} 2Wiki documents ({settings.store.backend} store, spaCy extractor)")
    print(f"  first run   {first_s:8.1f} s   created {first.created}, failed {len(first.failures)}")
    print(f"  second run  {second_s:8.1f} s   created {second.created}, updated {second.updated}, "
          f"unchanged {second.unchanged}, failed {len(second.failures)}")
    print(f"  second/first: {second_s / first_s:.4f} ({first_s / max(second_s, 1e-9):.0f}x faster)")
    delta = {k: v - stats1.model_dump()[k] for k, v in stats2.model_dump().items()}
    print(f"  graph after first:  {json.dumps(stats1.model_dump())}")
    print(f"  change by second:   {json.dumps(delta)}; graph version {'unchanged' if version1 == version2 else 'CHANGED'}")
    print(f"  peak RSS {peak_rss_mib():.0f} MiB")
    app.close()


if __name__ == "__main__":
    main()
