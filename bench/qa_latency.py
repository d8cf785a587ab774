"""QA latency through the served Prefect deployment vs in-process, measured in one run:
20 questions one after another, then 32 at once (throughput, p95, failures, and whether
every concurrent answer equals the sequential one).

Needs a Prefect server (infra/prefect/prefect.sh start; PREFECT_API_URL set). The script
ingests the demo corpus, starts `hippograph serve` itself, then asks 20 questions both ways.

    PREFECT_API_URL=http://127.0.0.1:4200/api python -m hippograph.bench.qa_latency [--rounds 10]

Both served paths are measured: ``run_deployment`` (a flow run, its own process) and the fast
path (the ``answer-question`` background task sent straight to the serving process's task
worker: ``ask_via_prefect(fast=True)``, ``hippograph ask --via-prefect --fast``). ``--rounds N``
repeats the 32-at-once burst through the deployment N times and prints failures per round.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from hippograph.bench.common import ROOT, summary


def essence(answer: Any) -> tuple[Any, ...]:
    return (answer.answer, tuple(c.passage_id for c in answer.citations),
            tuple(p.passage_id for p in answer.retrieval.passages))


def concurrent(ask: Callable[[str], Any], questions: list[str], expected: dict[str, tuple[Any, ...]]) -> str:
    """All questions at once; throughput, latency, failures and mismatches against ``expected``."""
    latencies: list[float] = []
    failures = mismatches = 0
    reasons: set[str] = set()

    def one(q: str) -> None:
        nonlocal failures, mismatches
        t = time.perf_counter()
        try:
            answer = ask(q)
        except Exception as exc:  # noqa: BLE001 - the bench counts every failure
            failures += 1
            reasons.add(f"{type(exc).__name__}: {exc}"[:300])
            return
        latencies.append((time.perf_counter() - t) * 1000)
        mismatches += essence(answer) != expected[q]

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(questions)) as pool:
        list(pool.map(one, questions))
    wall = time.perf_counter() - t0
    return (f"{len(questions)} at once: {len(questions) / wall:5.2f} questions/s, wall {wall:6.1f} s, "
            f"{summary(latencies)}, failures {failures}, answers differing from sequential {mismatches}"
            + "".join(f"\n      failure: {r}" for r in sorted(reasons)))


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=1, help="32-at-once bursts through the deployment")
    args = ap.parse_args()
    demo = ROOT / "data" / "demo"
    questions = [q["question"] for q in json.loads((demo / "questions.json").read_text())]
    questions = (questions * 2)[:20]
    burst = (questions * 2)[:32]
    store = Path(tempfile.mkdtemp(prefix="hippograph-bench-")) / "store"
    env = {**os.environ, "PREFECT_RUNNER_POLL_FREQUENCY": os.environ.get("PREFECT_RUNNER_POLL_FREQUENCY", "1")}
    cli = [sys.executable, "-m", "hippograph.cli.main", "--store-path", str(store)]
    subprocess.run([*cli, "ingest", str(demo / "corpus.json")], check=True, env=env, capture_output=True)

    retried: list[str] = []

    class _Count(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            retried.append(record.getMessage())

    logging.getLogger("hippograph.flows.client").addHandler(_Count(level=logging.WARNING))
    from hippograph.core.settings import load_settings
    from hippograph.runtime.app import Hippograph

    app = Hippograph(load_settings(store={"path": store})).open()
    app.ask(questions[0])  # warm
    direct = []
    expected: dict[str, tuple[Any, ...]] = {}
    for q in questions:
        t = time.perf_counter()
        expected[q] = essence(app.ask(q))
        direct.append((time.perf_counter() - t) * 1000)
    direct_burst = concurrent(app.ask, burst, expected)

    proc = subprocess.Popen([*cli, "serve", "--source", str(demo / "corpus.json")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        from hippograph.flows.client import ask_via_prefect

        for _ in range(120):
            try:
                ask_via_prefect(questions[0], timeout_s=60)  # also warms the served process
                break
            except Exception:  # noqa: BLE001 - the server may still be starting
                time.sleep(1)
        served, fast = [], []
        for q in questions:
            t = time.perf_counter()
            ask_via_prefect(q, timeout_s=120)
            served.append((time.perf_counter() - t) * 1000)
        for q in questions:
            t = time.perf_counter()
            ask_via_prefect(q, timeout_s=120, fast=True)
            fast.append((time.perf_counter() - t) * 1000)
        fast_burst = concurrent(lambda q: ask_via_prefect(q, timeout_s=600, fast=True), burst, expected)
        rounds = []
        for r in range(args.rounds):
            rounds.append(concurrent(lambda q: ask_via_prefect(q, timeout_s=600), burst, expected))
            print(f"round {r + 1}/{args.rounds} via run_deployment: {rounds[-1]}", flush=True)
    finally:
        proc.terminate()
        proc.wait(30)
    print("QA latency over 20 questions (demo corpus, embedded store, offline answer)")
    print(f"  in-process          {summary(direct)}")
    print(f"  via run_deployment  {summary(served)}")
    print(f"  fast path (task)    {summary(fast)}")
    p50 = sorted(direct)[10]
    print(f"  p50 minus in-process: deployment {sorted(served)[10] - p50:+.0f} ms, fast path {sorted(fast)[10] - p50:+.0f} ms")
    print(f"  in-process          {direct_burst}")
    print(f"  fast path (task)    {fast_burst}")
    for r, line in enumerate(rounds, start=1):
        print(f"  via run_deployment, round {r}: {line}")
    print(f"  runs asked again after an orchestration failure: {len(retried)}"
          + "".join(f"\n      {m[:300]}" for m in retried))


if __name__ == "__main__":
    main()
