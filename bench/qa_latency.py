"""QA latency through the served Prefect deployment vs in-process, measured in one run.

Needs a Prefect server (infra/prefect/prefect.sh start; PREFECT_API_URL set). The script
ingests the demo corpus, starts `hippograph serve` itself, then asks 20 questions both ways.

    PREFECT_API_URL=http://127.0.0.1:4200/api python -m bench.qa_latency
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, summary


def main() -> None:
    demo = ROOT / "data" / "demo"
    questions = [q["question"] for q in json.loads((demo / "questions.json").read_text())]
    questions = (questions * 2)[:20]
    store = Path(tempfile.mkdtemp(prefix="hippograph-bench-")) / "store"
    env = {**os.environ, "PREFECT_RUNNER_POLL_FREQUENCY": os.environ.get("PREFECT_RUNNER_POLL_FREQUENCY", "1")}
    cli = [sys.executable, "-m", "cli.main", "--store-path", str(store)]
    subprocess.run([*cli, "ingest", str(demo / "corpus.json")], check=True, env=env, capture_output=True)

    from core.settings import load_settings
    from runtime.app import Hippograph

    app = Hippograph(load_settings(store={"path": store})).open()
    app.ask(questions[0])  # warm
    direct = []
    for q in questions:
        t = time.perf_counter()
        app.ask(q)
        direct.append((time.perf_counter() - t) * 1000)

    proc = subprocess.Popen([*cli, "serve", "--source", str(demo / "corpus.json")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        from flows.client import ask_via_prefect

        for _ in range(120):
            try:
                ask_via_prefect(questions[0], timeout_s=60)  # also warms the served process
                break
            except Exception:
                time.sleep(1)
        served = []
        for q in questions:
            t = time.perf_counter()
            ask_via_prefect(q, timeout_s=120)
            served.append((time.perf_counter() - t) * 1000)
    finally:
        proc.terminate()
        proc.wait(30)
    print("QA latency over 20 questions (demo corpus, embedded store, offline answer)")
    print(f"  in-process          {summary(direct)}")
    print(f"  via run_deployment  {summary(served)}")
    print(f"  ratio p50 deployment/in-process: {sorted(served)[10] / max(1e-9, sorted(direct)[10]):.1f}x")


if __name__ == "__main__":
    main()
