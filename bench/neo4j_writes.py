"""Batched UNWIND writes vs one query per row, on the real Neo4j server, in one run.

    HIPPOGRAPH_NEO4J__PASSWORD=... python -m bench.neo4j_writes [--rows 5000]

Writes the same synthetic triples (entities MERGEd, RELATION edges MERGEd) both ways into
an emptied database and prints triples/s and the ratio (goal: batched ≥ 10× faster).
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from hippograph.core.settings import load_settings
from hippograph.graph import cypher
from hippograph.graph.neo4j_store import Neo4jStore


def rows(n: int, offset: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    ents = [{"id": f"ent-b{offset + i}", "name": f"entity {offset + i}", "label": None, "forms": [f"Entity {offset + i}"],
             "embedding": None} for i in range(n + 1)]
    rels = [{"id": f"tri-b{offset + i}", "subject_id": f"ent-b{offset + i}", "object_id": f"ent-b{offset + i + 1}",
             "passage_id": "psg-bench", "predicate": "precedes"} for i in range(n)]
    return ents, rels


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--batch", type=int, default=1000)
    args = ap.parse_args()
    settings = load_settings(neo4j={"batch_size": args.batch})
    store = Neo4jStore(settings.neo4j)
    store.open()
    store.clear()
    driver = store.driver

    ents, rels = rows(args.rows, 0)
    t = time.perf_counter()
    with driver.session() as s:
        def work(tx: Any) -> None:
            for i in range(0, len(ents), args.batch):
                tx.run(cypher.MERGE_ENTITIES, rows=ents[i : i + args.batch]).consume()
            for i in range(0, len(rels), args.batch):
                tx.run(cypher.MERGE_RELATIONS, rows=rels[i : i + args.batch], episode_id="epi-bench", now="2026-01-01").consume()
        s.execute_write(work)
    batched = time.perf_counter() - t

    ents, rels = rows(args.rows, 10 * args.rows)
    t = time.perf_counter()
    with driver.session() as s:
        for e in ents:
            s.run(cypher.MERGE_ENTITIES, rows=[e]).consume()
        for r in rels:
            s.run(cypher.MERGE_RELATIONS, rows=[r], episode_id="epi-bench", now="2026-01-01").consume()
    per_row = time.perf_counter() - t
    store.clear()
    store.close()
    print(f"Neo4j writes of {args.rows} triples (+{args.rows + 1} entities), batch size {args.batch}")
    print(f"  batched UNWIND, one transaction : {batched:7.2f} s  {args.rows / batched:9.0f} triples/s")
    print(f"  one query per row (auto-commit)  : {per_row:7.2f} s  {args.rows / per_row:9.0f} triples/s")
    print(f"  speed-up batched / per-row       : {per_row / batched:7.1f}x  (goal >= 10x)")


if __name__ == "__main__":
    main()
