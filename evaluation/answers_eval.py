"""Answer quality: the full pipeline against a dense-RAG baseline, calibration and abstention.

For every question the pipeline runs as ``ask`` does (clues → PPR → MCTS selection → reader);
the dense-RAG baseline runs the same reader over dense top-k passages (no graph seeds, no
clues, no selection). With the offline graph reader, every candidate answer is kept with its
features, so the figures can be **cross-fitted**: each question is answered by a reader model
fitted on the other folds (:func:`~hippograph.evaluation.calibration.cross_fit`) and, as the
shipped model is, on the reference rows read from the other kind of triples
(:mod:`~hippograph.evaluation.reference`) minus the held-out questions', which is honest even on
the set the shipped model was fitted on. The shipped model's own figures are
reported beside them.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

from hippograph.core.models import Answer
from hippograph.evaluation.calibration import (
    HeldOut, QuestionRows, cross_fit, ece, precision_at_coverage, question_key, reliability, risk_coverage,
)
from hippograph.evaluation.dataset import QAItem
from hippograph.evaluation.metrics import exact_match, token_f1
from hippograph.evaluation.reference import load_rows, reference_rows
from hippograph.retrieval.reader import FEATURES, GraphReader, ReaderOutput, question_shape, triples_family

if TYPE_CHECKING:
    from hippograph.runtime.app import Hippograph


@dataclass
class ReaderFigures:
    """EM/F1 (all questions answered, abstention ignored), by hops, and calibration of one reader run."""

    em: float
    f1: float
    by_hops: dict[int, dict[str, float]]
    ece: float = 0.0
    coverage: float = 1.0  # share answered at answer.min_confidence
    precision_answered: float = 0.0  # EM of the answered share
    precision_at_40: float = 0.0
    reliability: list[tuple[float, float, int]] = field(default_factory=list)
    risk_coverage: list[tuple[float, float]] = field(default_factory=list)
    per_fold: list[dict[str, float]] = field(default_factory=list)


@dataclass
class AnswerScores:
    kind: str
    em: float
    f1: float
    by_hops: dict[int, dict[str, float]] = field(default_factory=dict)
    stage_ms: dict[str, dict[str, float]] = field(default_factory=dict)  # stage -> {p50, p95}
    per_question: list[dict[str, object]] = field(default_factory=list)
    pipeline: ReaderFigures | None = None  # cross-fitted where the reader is the graph reader
    dense: ReaderFigures | None = None
    shipped: ReaderFigures | None = None  # the shipped reader model, not cross-fitted
    dense_k: int = 5
    min_confidence: float = 0.0
    cross_fitted: bool = False
    # whether the shipped reader model was fitted on other questions than these (then it is the
    # held-out figure, and the ranker is not refitted on folds of this set)
    shipped_held_out: bool = False
    # the items' one-hop sub-questions (where the set has them): EM, F1, n
    one_hop: dict[str, float] | None = None


def _pct(values: Sequence[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))] if s else 0.0


def _rows(out: ReaderOutput, item: QAItem, group: int = -1) -> QuestionRows:
    return candidate_rows(out, item.question, item.answers, group=group)


def candidate_rows(out: ReaderOutput, question: str, answers: Sequence[str], one_hop: bool = False,
                   group: int = -1, group_question: str | None = None) -> QuestionRows:
    """The reader's candidates for one question as rows to fit or score the ranker on;
    ``group_question``: the multi-hop question a sub-question belongs to (default: itself)."""
    f1 = np.array([token_f1(c.text, answers) for c in out.candidates])
    em = np.array([exact_match(c.text, answers) for c in out.candidates])
    x = np.vstack([c.vector() for c in out.candidates]) if out.candidates else np.zeros((0, len(FEATURES)))
    return QuestionRows(x, (f1 >= 0.5).astype(float), f1, em, one_hop, group, question_shape(question),
                        key=question_key(question), group_key=question_key(group_question or question))


def _by_hops(items: Sequence[QAItem], em: Sequence[float], f1: Sequence[float]) -> dict[int, dict[str, float]]:
    hops: dict[int, list[tuple[float, float]]] = {}
    for it, e, f in zip(items, em, f1):
        hops.setdefault(it.hops, []).append((e, f))
    return {h: {"em": 100 * statistics.mean(x[0] for x in v), "f1": 100 * statistics.mean(x[1] for x in v), "n": len(v)}
            for h, v in sorted(hops.items())}


def figures(items: Sequence[QAItem], em: Sequence[float], f1: Sequence[float], conf: Sequence[float],
            min_confidence: float, folds: Sequence[int] | None = None) -> ReaderFigures:
    answered = [c >= min_confidence for c in conf]
    n_ans = sum(answered)
    per_fold = []
    if folds is not None:
        for f in sorted(set(folds)):
            idx = [i for i, g in enumerate(folds) if g == f]
            per_fold.append({"fold": f, "n": len(idx), "em": 100 * float(np.mean([em[i] for i in idx])),
                             "f1": 100 * float(np.mean([f1[i] for i in idx])),
                             "ece": ece([conf[i] for i in idx], [em[i] for i in idx])})
    return ReaderFigures(
        em=100 * float(np.mean(em)) if len(em) else 0.0, f1=100 * float(np.mean(f1)) if len(f1) else 0.0,
        by_hops=_by_hops(items, em, f1), ece=ece(conf, em), coverage=n_ans / max(1, len(conf)),
        precision_answered=float(np.mean([e for e, a in zip(em, answered) if a])) if n_ans else 0.0,
        precision_at_40=precision_at_coverage(conf, em, 0.4), reliability=reliability(conf, em),
        risk_coverage=risk_coverage(conf, em), per_fold=per_fold,
    )


def _held_out(rows: Sequence[QuestionRows], items: Sequence[QAItem], min_conf: float, k: int,
              forms: dict[int, tuple[float, float, float]] | None = None,
              held_all: Sequence[HeldOut] | None = None, reference: Sequence[QuestionRows] = ()) -> ReaderFigures:
    """Cross-fitted figures of ``items`` (the first ``len(items)`` rows; rows after them only train);
    ``forms``: question index → (EM, F1, confidence) of the questions a question form answered (a
    comparison, a yes/no question), which no fitted model reads; ``reference``: rows of other
    triples every fold fits on too (:func:`~hippograph.evaluation.calibration.cross_fit`)."""
    held = list(held_all if held_all is not None else cross_fit(rows, k=k, reference=reference))[: len(items)]
    em = [float(rows[i].em[h.choice]) if h.choice >= 0 else 0.0 for i, h in enumerate(held)]
    f1 = [float(rows[i].f1[h.choice]) if h.choice >= 0 else 0.0 for i, h in enumerate(held)]
    conf = [h.confidence for h in held]
    for i, (e, f, c) in (forms or {}).items():
        em[i], f1[i], conf[i] = e, f, c
    return figures(items, em, f1, conf, min_conf, [h.fold for h in held])


def evaluate_answers(
    app: "Hippograph", items: Sequence[QAItem], progress: Callable[[int], None] | None = None,
    dense_k: int = 5, folds: int = 5, fitted_on_these: bool = True,
) -> AnswerScores:
    """Answer every question with the pipeline and with dense-RAG. ``fitted_on_these``: the
    shipped reader model was fitted on these questions (musique-100), so the graph reader's
    headline figures are cross-fitted over folds of the set; otherwise the shipped model's own
    figures are the held-out ones. The items' one-hop sub-questions, where the set has them, are
    answered too: they train the folds' one-hop rankers and routers, and get figures of their own."""
    reader = app.reader()
    graph = isinstance(reader, GraphReader)
    min_conf = app.settings.answer.min_confidence
    stages: dict[str, list[float]] = {}
    per: list[dict[str, object]] = []
    rows: list[QuestionRows] = []
    dense_rows: list[QuestionRows] = []
    em, f1, conf, d_em, d_f1, d_conf = [], [], [], [], [], []
    forms: dict[int, tuple[float, float, float]] = {}
    d_forms: dict[int, tuple[float, float, float]] = {}
    d_form: Answer | None = None
    sub_rows: list[QuestionRows] = []
    sub_em: list[float] = []
    sub_f1: list[float] = []
    kind = "graph-path"
    for item in items:
        t = time.perf_counter()
        answer = app.ask(item.question)
        stages.setdefault("total", []).append((time.perf_counter() - t) * 1000)
        for stage, ms in answer.retrieval.timings_ms.items():
            stages.setdefault(stage, []).append(ms)
        if answer.selection is not None:
            stages.setdefault("selection", []).append(answer.selection.stats.get("ms", 0.0))
        kind = answer.kind if answer.kind != "abstain" else kind
        given = answer.given
        e, f = exact_match(given, item.answers), token_f1(given, item.answers)
        em.append(e)
        f1.append(f)
        conf.append(answer.confidence)
        per.append({"id": item.id, "question": item.question, "answer": answer.answer, "best_guess": answer.best_guess,
                    "kind": answer.kind, "confidence": answer.confidence, "path": answer.path.text if answer.path else None,
                    "gold": item.answers[0], "hops": item.hops, "em": e, "f1": f})
        dense = app.engine.retrieve(item.question, method="dense", k=dense_k)
        if graph:
            assert isinstance(reader, GraphReader)
            if reader.other_form(answer.retrieval, answer.selection) is not None:
                forms[len(rows)] = (e, f, answer.confidence)
            out = reader.read(answer.retrieval, answer.selection, answer.retrieval.clues)
            rows.append(_rows(out, item, group=len(rows)))
            for sub_q, sub_a in item.sub_questions:
                sub = app.ask(sub_q)
                given_sub = sub.given
                sub_em.append(exact_match(given_sub, sub_a))
                sub_f1.append(token_f1(given_sub, sub_a))
                sub_rows.append(candidate_rows(reader.read(sub.retrieval, sub.selection, sub.retrieval.clues), sub_q, sub_a,
                                               one_hop=True, group=len(rows) - 1, group_question=item.question))
            d_out = reader.read(dense, None, (), own_pages=False)
            dense_rows.append(_rows(d_out, item))
            # the same question forms as the pipeline, over the dense passages alone
            d_form = reader.other_form(dense, None, own_pages=False)
            d_ans = d_form or reader.decide(dense, None, d_out)
        else:
            d_ans = reader.answer(dense, None, ())
        d_given = d_ans.given
        d_em.append(exact_match(d_given, item.answers))
        d_f1.append(token_f1(d_given, item.answers))
        d_conf.append(d_ans.confidence)
        if graph and d_form is not None:
            d_forms[len(dense_rows) - 1] = (d_em[-1], d_f1[-1], d_conf[-1])
        if progress:
            progress(1)
    shipped = figures(items, em, f1, conf, min_conf)
    one_hop = {"em": 100 * statistics.mean(sub_em), "f1": 100 * statistics.mean(sub_f1), "n": len(sub_em)} if sub_em else None
    if graph and fitted_on_these and len(items) >= 2 * folds:
        # each fold is fitted as the shipped model is: on this run's rows of its training questions
        # and on the reference rows read from the other kind of triples, minus the held-out questions';
        # the sub-questions' rows train each fold's one-hop ranker and router (dense-RAG's too)
        family, sets = triples_family(app.settings.ingest.extractor), load_rows()
        held_all = cross_fit([*rows, *sub_rows], k=folds, reference=reference_rows(family, "pipeline", sets))
        pipeline = _held_out([*rows, *sub_rows], items, min_conf, folds, forms, held_all)
        dense_fig = _held_out([*dense_rows, *sub_rows], items, min_conf, folds, d_forms,
                              reference=reference_rows(family, "dense", sets))
        if sub_rows:
            held = held_all[len(rows):]
            one_hop = {"em": 100 * float(np.mean([r.em[h.choice] if h.choice >= 0 else 0.0 for r, h in zip(sub_rows, held)])),
                       "f1": 100 * float(np.mean([r.f1[h.choice] if h.choice >= 0 else 0.0 for r, h in zip(sub_rows, held)])),
                       "n": len(sub_rows)}
        cross = True
    else:
        pipeline, dense_fig, cross = shipped, figures(items, d_em, d_f1, d_conf, min_conf), False
    return AnswerScores(
        kind=kind, em=pipeline.em, f1=pipeline.f1, by_hops=pipeline.by_hops,
        stage_ms={s: {"p50": statistics.median(v), "p95": _pct(v, 0.95)} for s, v in stages.items()},
        per_question=per, pipeline=pipeline, dense=dense_fig, shipped=shipped, dense_k=dense_k,
        min_confidence=min_conf, cross_fitted=cross, shipped_held_out=graph and not fitted_on_these, one_hop=one_hop,
    )
