"""A fresh process waiting for a background task run that finishes at once (what a QA flow run
does with its answer task, and the fast path's client).

Prefect signals a finished task run by an event on a websocket the waiting process opens in the
background; a task that finishes before that websocket is live is never signalled. Measured here
before the fix: 4 of 72 fresh processes (24 at a time) waited out their whole timeout with the task
long Completed, and without a timeout they would wait forever. ``background_result`` waits 2 s at
a time, each wait starting with a read of the task run, so every process gets its value."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT

N = 32
WAIT_S = 300  # the processes' own deadline too: a slow machine is not a failure, a wait without end is


def test_32_fresh_processes_each_get_a_quick_background_result(prefect_api: str, tmp_path: Path) -> None:
    env = {**os.environ, "PREFECT_API_URL": prefect_api}
    helper = [sys.executable, "-m", "tests.reliability.background_race"]
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        worker = subprocess.Popen([*helper, "worker"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 120
        while "Subscribing to runs" not in log.read_text():
            assert worker.poll() is None and time.time() < deadline, f"the task worker did not start: {log.read_text()[-2000:]}"
            time.sleep(0.5)
        # a lost event costs one 2 s poll; a wait that depended on the event alone never ends
        procs = [subprocess.Popen([*helper, "ask", str(i), str(WAIT_S)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for i in range(N)]
        results = []
        for i, p in enumerate(procs):
            try:
                stdout, stderr = p.communicate(timeout=WAIT_S)
            except subprocess.TimeoutExpired:
                for q in procs:
                    q.kill()
                raise AssertionError(f"process {i} still waits for its background task after {WAIT_S} s") from None
            assert p.returncode == 0, f"process {i} failed: {stderr[-2000:]}"
            value, waited = stdout.split()
            results.append((int(value), float(waited)))
        assert [v for v, _ in results] == list(range(N))
    finally:
        worker.terminate()
        worker.wait(30)
