"""Answer quality (EM / token F1, aliases counted) and per-stage latency of the full ask pipeline."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Sequence

from evaluation.dataset import QAItem
from evaluation.metrics import exact_match, token_f1

if TYPE_CHECKING:
    from runtime.app import Hippograph


@dataclass
class AnswerScores:
    kind: str
    em: float
    f1: float
    by_hops: dict[int, dict[str, float]] = field(default_factory=dict)
    stage_ms: dict[str, dict[str, float]] = field(default_factory=dict)  # stage -> {p50, p95}
    per_question: list[dict[str, object]] = field(default_factory=list)


def _pct(values: Sequence[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))] if s else 0.0


def evaluate_answers(app: "Hippograph", items: Sequence[QAItem], progress: Callable[[int], None] | None = None) -> AnswerScores:
    ems: list[float] = []
    f1s: list[float] = []
    stages: dict[str, list[float]] = {}
    hops: dict[int, list[tuple[float, float]]] = {}
    per: list[dict[str, object]] = []
    kind = "extractive"
    for item in items:
        t = time.perf_counter()
        answer = app.ask(item.question)
        stages.setdefault("total", []).append((time.perf_counter() - t) * 1000)
        for stage, ms in answer.retrieval.timings_ms.items():
            stages.setdefault(stage, []).append(ms)
        if answer.selection is not None:
            stages.setdefault("selection", []).append(answer.selection.stats.get("ms", 0.0))
        kind = answer.kind
        em, f1 = exact_match(answer.answer, item.answers), token_f1(answer.answer, item.answers)
        ems.append(em)
        f1s.append(f1)
        hops.setdefault(item.hops, []).append((em, f1))
        per.append({"id": item.id, "answer": answer.answer, "gold": item.answers[0], "em": em, "f1": f1})
        if progress:
            progress(1)
    n = max(1, len(items))
    return AnswerScores(
        kind=kind,
        em=100 * sum(ems) / n,
        f1=100 * sum(f1s) / n,
        by_hops={h: {"em": 100 * statistics.mean(x[0] for x in v), "f1": 100 * statistics.mean(x[1] for x in v)}
                 for h, v in sorted(hops.items())},
        stage_ms={s: {"p50": statistics.median(v), "p95": _pct(v, 0.95)} for s, v in stages.items()},
        per_question=per,
    )
