"""Local PPR (forward push) against exact power iteration and dense, on a real store, one run.

    python -m bench.ppr_local --store-path .hippograph/musique --questions ../shared/data/musique-100/questions.json

Every question is retrieved three ways with the same clues (computed once per question):
dense, PPR by power iteration (the reference) and PPR by local push. Prints R@1/2/5 of each,
the PPR stage's p50/p95 (from the engine's own stage timings) and the push/power ratio.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from hippograph.bench.common import pct
from hippograph.core.settings import load_settings
from hippograph.evaluation.dataset import load_questions
from hippograph.evaluation.metrics import recall_at_k
from hippograph.runtime.app import Hippograph


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store-path", type=Path, required=True)
    ap.add_argument("--questions", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--tolerance", type=float, default=None, help="retrieval.ppr_push_tolerance")
    ap.add_argument("--passage-seeds", type=int, default=None, help="retrieval.ppr_passage_seeds")
    args = ap.parse_args()
    settings = load_settings(store={"path": args.store_path})
    items = load_questions(args.questions, args.limit)
    push_over: dict[str, object] = {"ppr_solver": "push"}
    if args.tolerance is not None:
        push_over["ppr_push_tolerance"] = args.tolerance
    if args.passage_seeds is not None:
        push_over["ppr_passage_seeds"] = args.passage_seeds
    with Hippograph(settings) as app:
        engine = app.engine  # one engine, one projection: only the solver differs
        push_settings = settings.retrieval.model_copy(update=push_over)
        power_settings = settings.retrieval.model_copy(update={"ppr_solver": "power"})
        recall: dict[str, dict[int, list[float]]] = {m: {1: [], 2: [], 5: []} for m in ("dense", "power", "push")}
        ppr_ms: dict[str, list[float]] = {"power": [], "push": []}
        for n, item in enumerate(items):
            clues = app.clue_generator().generate(item.question)
            results = {
                "dense": engine.retrieve(item.question, method="dense", k=5),
                "power": engine.retrieve(item.question, method="ppr", k=5, clues=clues, settings=power_settings),
                "push": engine.retrieve(item.question, method="ppr", k=5, clues=clues, settings=push_settings),
            }
            for method, result in results.items():
                ranked = [p.passage_id for p in result.passages]
                for k in (1, 2, 5):
                    recall[method][k].append(recall_at_k(ranked, item.gold_passage_ids, k))
                if method in ppr_ms and n > 0 and "ppr" in result.timings_ms:  # the first builds caches
                    ppr_ms[method].append(result.timings_ms["ppr"])
    print(f"{len(items)} questions, store {args.store_path}")
    for method in ("dense", "power", "push"):
        r = recall[method]
        print(f"  {method:6s} R@1 {100 * statistics.mean(r[1]):5.1f}  R@2 {100 * statistics.mean(r[2]):5.1f}  "
              f"R@5 {100 * statistics.mean(r[5]):5.1f}")
    for method, ms in ppr_ms.items():
        print(f"  PPR stage, {method:5s}: p50 {statistics.median(ms):7.2f} ms   p95 {pct(ms, 0.95):7.2f} ms")
    print(f"  push / power p50: {statistics.median(ppr_ms['push']) / statistics.median(ppr_ms['power']):.2f}x")


if __name__ == "__main__":
    main()
