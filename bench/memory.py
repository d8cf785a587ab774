"""Peak memory of a serving process and of an ingestion run, each measured in its own process.

    python -m bench.memory [--store PATH] [--corpus PATH] [--limit N]

- serving: a fresh process opens the store, answers 20 questions (clues, PPR, MCTS,
  extractive answer) and reports its peak RSS (goal for the 2Wiki graph: < 2 GiB);
- ingest: a fresh process runs `hippograph ingest` of the corpus into a new store; its
  peak RSS is read from the child's rusage (goal for 2Wiki: < 4 GiB).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hippograph.bench.common import SHARED

SERVE = """
import json, resource, sys, time
from hippograph.core.settings import load_settings
from hippograph.runtime.app import Hippograph
app = Hippograph(load_settings(store={"path": sys.argv[1]})).open()
titles = [p.title for p in list(app.store.iter_passages())[::300]][:20]
t = time.perf_counter()
for title in titles:
    app.ask(f"Who directed {title}?")
print(json.dumps({"questions": len(titles), "seconds": time.perf_counter() - t,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, default=None, help="An existing store to serve (default: the one ingested here).")
    ap.add_argument("--corpus", type=Path, default=SHARED / "2wiki-corpus" / "corpus.json")
    ap.add_argument("--skip-ingest", action="store_true")
    args = ap.parse_args()
    store = args.store
    if not args.skip_ingest:
        store = store or Path(tempfile.mkdtemp(prefix="hippograph-mem-")) / "store"
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "hippograph.cli.main", "--store-path", str(store), "ingest", str(args.corpus)],
                              capture_output=True, text=True)
        ingest_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"ingest of {args.corpus.name}: exit {proc.returncode}, {time.perf_counter() - t:.0f} s, "
              f"peak RSS {ingest_rss:.0f} MiB (goal < 4096)")
    if store is None:
        raise SystemExit("--store is needed with --skip-ingest")
    out = subprocess.run([sys.executable, "-c", SERVE, str(store)], capture_output=True, text=True, check=True)
    served = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"serving {store}: {served['questions']} questions in {served['seconds']:.1f} s, "
          f"peak RSS {served['peak_rss_mib']:.0f} MiB (goal < 2048)")


if __name__ == "__main__":
    main()
