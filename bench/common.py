"""Helpers shared by the benchmarks: timing percentiles and peak memory."""

from __future__ import annotations

import resource
import statistics
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def pct(values: Sequence[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))] if s else 0.0


def summary(values: Sequence[float]) -> str:
    return f"p50 {statistics.median(values):8.1f} ms   p95 {pct(values, 0.95):8.1f} ms   (n={len(values)})"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
