"""Latency of the offline answer stage alone (the graph reader), cold and warm, with the
retrieval baseline measured in the same run.

    python -m hippograph.bench.reader_latency --store-path .hippograph/musique \\
        --questions ../shared/data/musique-100/questions.json

Retrieval (clues, PPR) and selection run first for every question; then the reader answers
all of them twice in one process: the first pass meets each relation phrase for the first
time (an encoder call per new relation), the second finds them cached, as a serving process
does after warming up. Prints p50/p95 of each pass and of dense retrieval for scale.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from hippograph.core.settings import load_settings
from hippograph.evaluation.dataset import load_questions
from hippograph.runtime.app import Hippograph


def _p(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store-path", type=Path, required=True, help="An ingested embedded store.")
    ap.add_argument("--questions", type=Path, required=True)
    ap.add_argument("--limit", type=int)
    args = ap.parse_args()
    settings = load_settings(None, store={"path": str(args.store_path)})
    items = load_questions(args.questions, args.limit)
    with Hippograph(settings) as app:
        reader = app.reader("graph")
        prepared, dense_ms = [], []
        for item in items:
            t = time.perf_counter()
            app.engine.retrieve(item.question, method="dense", k=5)
            dense_ms.append((time.perf_counter() - t) * 1000)
            result = app.retrieve_with_clues(item.question, k=settings.selection.candidates)
            prepared.append((result, app.select(result) if result.passages else None))
        print(f"{len(items)} questions; dense retrieval p50 {statistics.median(dense_ms):.1f} ms "
              f"p95 {_p(dense_ms, 0.95):.1f} ms (baseline, same run)")
        for name in ("reader, first pass (relation embeddings cold)", "reader, second pass (warm)"):
            ms = []
            for result, selection in prepared:
                t = time.perf_counter()
                reader.answer(result, selection, result.clues)
                ms.append((time.perf_counter() - t) * 1000)
            p50 = statistics.median(ms)
            print(f"{name}: p50 {p50:.1f} ms p95 {_p(ms, 0.95):.1f} ms "
                  f"({p50 / statistics.median(dense_ms):.1f}x dense p50; goal p50 <= 100 ms)")


if __name__ == "__main__":
    main()
