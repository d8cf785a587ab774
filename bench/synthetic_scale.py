"""Query latency at scale on a synthetic graph (default 100k passages), through the same code paths.

    python -m bench.synthetic_scale [--passages 100000]      # --passages 1000000: ≈ 3M entities

Generates a random corpus with a power-law entity distribution (each passage mentions 6
entities, states 5 triples among them), random unit vectors for passages and triples, then
times: dense search (exact inner product), BM25 (bm25s), building the PPR projection, and
PPR queries (5 seed entities + the top 200 dense passages × 0.05) by exact power iteration
(the baseline, on fewer queries when the graph is large) and by local push (the default
``ppr_solver``), with the push/power ratio and the top-5 agreement of the two. Figures are for the
retrieval core without the question-embedding step (which costs the same at any scale).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from hippograph.bench.common import peak_rss_mib, summary
from hippograph.core.settings import RetrievalSettings
from hippograph.graph.projection import build_projection
from hippograph.graph.store import ProjectionRows
from hippograph.retrieval.ppr import run_ppr


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--passages", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=30)
    ap.add_argument("--power-queries", type=int, default=None, help="exact-PPR queries (default: all, 3 above 300k passages)")
    ap.add_argument("--no-bm25", action="store_true")
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    n_p = args.passages
    n_e = n_p * 3
    t = time.perf_counter()
    weights = 1.0 / np.arange(1, n_e + 1) ** 0.9
    weights /= weights.sum()
    mentions = rng.choice(n_e, size=(n_p, 6), p=weights)
    ent_ids = [f"e{i}" for i in range(n_e)]
    pas_ids = [f"p{i}" for i in range(n_p)]
    rel: dict[tuple[int, int], float] = {}
    for row in mentions:
        for a, b in zip(row[:-1], row[1:]):
            if a != b:
                key = (int(a), int(b))
                rel[key] = rel.get(key, 0.0) + 1.0
    rows = ProjectionRows(
        entity_ids=ent_ids, entity_names=ent_ids, passage_ids=pas_ids,
        relation_edges=[(ent_ids[a], ent_ids[b], w) for (a, b), w in rel.items()],
        mention_edges=[(pas_ids[i], ent_ids[int(e)]) for i, row in enumerate(mentions) for e in set(row.tolist())],
    )
    vocab = np.array([f"w{i}" for i in range(50_000)])
    texts = [" ".join(vocab[rng.zipf(1.3, 60) % len(vocab)]) for _ in range(n_p)]
    pvecs = rng.normal(size=(n_p, 384)).astype(np.float32)
    pvecs /= np.linalg.norm(pvecs, axis=1, keepdims=True)
    print(f"synthetic graph: {n_p} passages, {n_e} entities, {len(rows.relation_edges)} relation edges, "
          f"{len(rows.mention_edges)} mentions (generated in {time.perf_counter() - t:.1f} s)")

    t = time.perf_counter()
    proj = build_projection(rows, "v1")
    print(f"  projection build: {(time.perf_counter() - t) * 1000:.0f} ms ({proj.graph.vcount()} nodes, {proj.graph.ecount()} edges)")
    settings = RetrievalSettings(ppr_solver="push")
    exact_settings = RetrievalSettings(ppr_solver="power")
    n_power = args.power_queries if args.power_queries is not None else (3 if n_p > 300_000 else args.queries)
    power_ms: list[float] = []
    agree: list[float] = []
    queries = rng.normal(size=(args.queries, 384)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)

    dense, ppr, bm = [], [], []
    for q in queries:
        t = time.perf_counter()
        sims = pvecs @ q
        top = np.argpartition(-sims, 200)[:200]
        dense.append((time.perf_counter() - t) * 1000)
        seeds = {int(v): 1.0 / max(1.0, float(proj.passage_counts[v])) for v in rng.choice(n_e // 10, 5)}
        dense_map = {pas_ids[i]: float(sims[i]) for i in top}
        t = time.perf_counter()
        local = run_ppr(proj, seeds, dense_map, settings)
        ppr.append((time.perf_counter() - t) * 1000)
        if len(power_ms) < n_power:
            t = time.perf_counter()
            exact = run_ppr(proj, seeds, dense_map, exact_settings)
            power_ms.append((time.perf_counter() - t) * 1000)
            agree.append(len(set(np.argsort(-exact)[:5]) & set(np.argsort(-local)[:5])) / 5)
    print(f"  dense (exact, 384-d)  {summary(dense)}")
    print(f"  PPR exact (power)     {summary(power_ms)}")
    print(f"  PPR local (push)      {summary(ppr)}")
    print(f"  push / power p50: {statistics.median(ppr) / statistics.median(power_ms):.3f}x; "
          f"top-5 passages shared with exact: {100 * statistics.mean(agree):.0f}%")
    print(f"  peak RSS: {peak_rss_mib():.0f} MiB")
    if args.no_bm25:
        return
    import bm25s

    t = time.perf_counter()
    index = bm25s.BM25()
    index.index(bm25s.tokenize(texts, show_progress=False), show_progress=False)
    print(f"  BM25 index build: {time.perf_counter() - t:.1f} s")
    for i in range(args.queries):
        q = " ".join(texts[i].split()[:6])
        t = time.perf_counter()
        index.retrieve(bm25s.tokenize([q], show_progress=False), k=10, show_progress=False)
        bm.append((time.perf_counter() - t) * 1000)
    print(f"  BM25 (bm25s)          {summary(bm)}")
    print(f"  peak RSS: {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
